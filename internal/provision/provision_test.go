package provision_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/skillgen/skillgen/generator/cognitosetup"
	"github.com/skillgen/skillgen/generator/validate"
	"github.com/skillgen/skillgen/internal/provision"
	"github.com/skillgen/skillgen/internal/testpeers"
)

// domainDouble sits in front of cognito-local. cognito-local answers
// CreateUserPoolDomain and DescribeUserPoolDomain with HTTP 500
// CognitoLocal#Unsupported, so this small test double implements those two
// operations itself, speaking the AWS JSON 1.1 protocol, and forwards every
// other request unchanged to the real cognito-local. cognito-local also
// drops UserPoolTier (the feature plan) from CreateUserPool and
// UpdateUserPool, so the double remembers it per pool and adds it to
// DescribeUserPool answers, as Cognito does. It also records the
// operations it sees, so tests can assert that nothing was changed.
type domainDouble struct {
	srv      *httptest.Server
	upstream string
	mu       sync.Mutex
	owner    map[string]string // domain → user pool ID
	tier     map[string]string // user pool ID → UserPoolTier
	ops      []string
}

func newDomainDouble(t *testing.T, upstream string) *domainDouble {
	u, err := url.Parse(upstream)
	if err != nil {
		t.Fatal(err)
	}
	d := &domainDouble{owner: map[string]string{}, tier: map[string]string{}, upstream: upstream}
	proxy := httputil.NewSingleHostReverseProxy(u)
	// Fresh connections on both sides: a kept-alive connection that either
	// peer closes while the other reuses it made runs on a loaded machine
	// fail with "use of closed network connection".
	proxy.Transport = &http.Transport{DisableKeepAlives: true}
	d.srv = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		op := strings.TrimPrefix(r.Header.Get("X-Amz-Target"), "AWSCognitoIdentityProviderService.")
		d.mu.Lock()
		d.ops = append(d.ops, op)
		d.mu.Unlock()
		switch op {
		case "CreateUserPoolDomain", "DescribeUserPoolDomain":
			d.domainOp(w, r, op)
		case "CreateUserPool", "UpdateUserPool", "DescribeUserPool":
			d.tierOp(t, w, r, op)
		default:
			proxy.ServeHTTP(w, r)
		}
	}))
	d.srv.Config.SetKeepAlivesEnabled(false)
	d.srv.Start()
	t.Cleanup(d.srv.Close)
	return d
}

func (d *domainDouble) domainOp(w http.ResponseWriter, r *http.Request, op string) {
	var in struct{ Domain, UserPoolId string }
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	if err := json.Unmarshal(body, &in); err != nil || in.Domain == "" {
		w.WriteHeader(http.StatusBadRequest)
		io.WriteString(w, `{"__type":"InvalidParameterException","message":"Domain is required"}`)
		return
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if op == "DescribeUserPoolDomain" {
		if pool, ok := d.owner[in.Domain]; ok {
			json.NewEncoder(w).Encode(map[string]any{"DomainDescription": map[string]any{"Domain": in.Domain, "UserPoolId": pool, "Status": "ACTIVE"}})
			return
		}
		io.WriteString(w, `{"DomainDescription":{}}`)
		return
	}
	if _, taken := d.owner[in.Domain]; taken {
		w.WriteHeader(http.StatusBadRequest)
		io.WriteString(w, `{"__type":"InvalidParameterException","message":"Domain already associated with another user pool."}`)
		return
	}
	d.owner[in.Domain] = in.UserPoolId
	io.WriteString(w, `{}`)
}

// tierOp forwards a pool operation to cognito-local and keeps the pool's
// UserPoolTier, which cognito-local does not store: from the request of
// CreateUserPool and UpdateUserPool (an update without it keeps it), into
// the answer of DescribeUserPool.
func (d *domainDouble) tierOp(t *testing.T, w http.ResponseWriter, r *http.Request, op string) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	var in struct{ UserPoolId, UserPoolTier string }
	_ = json.Unmarshal(body, &in)
	req, err := http.NewRequestWithContext(r.Context(), http.MethodPost, d.upstream+r.URL.Path, bytes.NewReader(body))
	if err != nil {
		t.Error(err)
		w.WriteHeader(http.StatusInternalServerError)
		return
	}
	req.Header = r.Header.Clone()
	resp, err := (&http.Client{Transport: &http.Transport{DisableKeepAlives: true}}).Do(req)
	if err != nil {
		w.WriteHeader(http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(io.LimitReader(resp.Body, 8<<20))
	if resp.StatusCode == http.StatusOK {
		var doc map[string]any
		if json.Unmarshal(out, &doc) == nil {
			pool, _ := doc["UserPool"].(map[string]any)
			d.mu.Lock()
			switch op {
			case "CreateUserPool":
				if id, _ := pool["Id"].(string); id != "" && in.UserPoolTier != "" {
					d.tier[id] = in.UserPoolTier
				}
			case "UpdateUserPool":
				if in.UserPoolTier != "" {
					d.tier[in.UserPoolId] = in.UserPoolTier
				}
			case "DescribeUserPool":
				if pool != nil {
					tier := d.tier[in.UserPoolId]
					if tier == "" {
						tier = "LITE" // what a pool without a chosen plan reports
					}
					pool["UserPoolTier"] = tier
					out, _ = json.Marshal(doc)
				}
			}
			d.mu.Unlock()
		}
	}
	for k, v := range resp.Header {
		if k != "Content-Length" {
			w.Header()[k] = v
		}
	}
	w.WriteHeader(resp.StatusCode)
	w.Write(out)
}

// mutations returns the changing operations seen since the last call.
func (d *domainDouble) mutations() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	var out []string
	for _, op := range d.ops {
		if strings.HasPrefix(op, "Create") || strings.HasPrefix(op, "Update") || strings.HasPrefix(op, "Add") || strings.HasPrefix(op, "Delete") {
			out = append(out, op)
		}
	}
	d.ops = nil
	return out
}

type env struct {
	cognito *testpeers.Cognito
	double  *domainDouble
	dir     string
}

// setup starts cognito-local behind the domain double and points
// provision's default AWS configuration at it through
// AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, as a user would.
func setup(t *testing.T) *env {
	c := testpeers.StartCognito(t)
	d := newDomainDouble(t, c.Endpoint)
	c.SetEnv(t)
	t.Setenv("AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER", d.srv.URL)
	t.Setenv("AWS_MAX_ATTEMPTS", "1") // no retries: a failure shows at once
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(t.TempDir(), "none"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(t.TempDir(), "none"))
	t.Setenv("SKILLGEN_VENDOR_ID", "")
	t.Setenv("SKILLGEN_SKILL_ID", "")
	return &env{cognito: c, double: d, dir: t.TempDir()}
}

// writeSpec writes a variant of the bundled skill.yaml into the test's
// directory; body is appended after the extends line.
func (e *env) writeSpec(t *testing.T, name, body string) string {
	t.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	rel, err := filepath.Rel(e.dir, filepath.Join(root, "skill.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(e.dir, name)
	if err := os.WriteFile(p, []byte("extends: "+filepath.ToSlash(rel)+"\n"+body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// fnARN is the bundled skill's pre token generation trigger (its profile
// travels in the access token by default).
const fnARN = "arn:aws:lambda:us-east-1:123456789012:function:ask-linked-profile-pretoken"

func run(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = provision.Command(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

// withBirthdate requires one more standard attribute than the bundled
// skill, so that the bundled skill itself "removes a required attribute".
const withBirthdate = `attributes:
  - name: birthdate
    required: true
`

func TestProvisionAgainstCognitoLocal(t *testing.T) {
	e := setup(t)
	specA := e.writeSpec(t, "a.yaml", withBirthdate)
	out := filepath.Join(e.dir, "deploy", cognitosetup.AccountLinkingLocalFile)

	// First run: creates pool, client and domain.
	code, stdout, stderr := run(t, "-f", specA, "--out", out, "--pre-token-function", fnARN)
	if code != 0 {
		t.Fatalf("first run: exit %d\n%s\n%s\ncognito-local log:\n%s", code, stdout, stderr, e.cognito.LogTail())
	}
	if got := e.double.mutations(); !reflect.DeepEqual(got, []string{"CreateUserPool", "CreateUserPoolClient", "CreateUserPoolDomain"}) {
		t.Errorf("first run calls %v", got)
	}
	ctx := context.Background()
	api := e.cognito.Client
	pools, err := api.ListUserPools(ctx, &cip.ListUserPoolsInput{MaxResults: aws.Int32(60)})
	if err != nil {
		t.Fatal(err)
	}
	if len(pools.UserPools) != 1 || aws.ToString(pools.UserPools[0].Name) != "Alexa Skill Users" {
		t.Fatalf("pools after the first run: %+v", pools.UserPools)
	}
	poolID := aws.ToString(pools.UserPools[0].Id)
	dp, err := api.DescribeUserPool(ctx, &cip.DescribeUserPoolInput{UserPoolId: aws.String(poolID)})
	if err != nil {
		t.Fatal(err)
	}
	pool := dp.UserPool
	eq(t, "UsernameAttributes", pool.UsernameAttributes, []types.UsernameAttributeType{"email"})
	eq(t, "AutoVerifiedAttributes", pool.AutoVerifiedAttributes, []types.VerifiedAttributeType{"email"})
	eq(t, "MfaConfiguration", pool.MfaConfiguration, types.UserPoolMfaType("OFF"))
	if pool.AdminCreateUserConfig == nil || pool.AdminCreateUserConfig.AllowAdminCreateUserOnly {
		t.Errorf("AdminCreateUserConfig = %+v, want self sign-up", pool.AdminCreateUserConfig)
	}
	if r := pool.AccountRecoverySetting; r == nil || len(r.RecoveryMechanisms) != 1 || r.RecoveryMechanisms[0].Name != "verified_email" || aws.ToInt32(r.RecoveryMechanisms[0].Priority) != 1 {
		t.Errorf("AccountRecoverySetting = %+v", r)
	}
	schema := map[string]types.SchemaAttributeType{}
	for _, a := range pool.SchemaAttributes {
		schema[aws.ToString(a.Name)] = a
	}
	for _, name := range []string{"given_name", "family_name", "email", "phone_number", "address", "birthdate"} {
		a, ok := schema[name]
		if !ok {
			t.Errorf("schema lacks %s", name)
			continue
		}
		if !aws.ToBool(a.Required) || !aws.ToBool(a.Mutable) || a.AttributeDataType != "String" {
			t.Errorf("%s: required=%v mutable=%v type=%s, want true true String", name, aws.ToBool(a.Required), aws.ToBool(a.Mutable), a.AttributeDataType)
		}
	}
	var required []string
	for name, a := range schema {
		if aws.ToBool(a.Required) && name != "sub" { // sub: every pool's user ID
			required = append(required, name)
		}
	}
	sort.Strings(required)
	eq(t, "required attributes", required, []string{"address", "birthdate", "email", "family_name", "given_name", "phone_number"})

	clients, err := api.ListUserPoolClients(ctx, &cip.ListUserPoolClientsInput{UserPoolId: aws.String(poolID), MaxResults: aws.Int32(60)})
	if err != nil {
		t.Fatal(err)
	}
	if len(clients.UserPoolClients) != 1 {
		t.Fatalf("clients: %+v", clients.UserPoolClients)
	}
	clientID := aws.ToString(clients.UserPoolClients[0].ClientId)
	dc, err := api.DescribeUserPoolClient(ctx, &cip.DescribeUserPoolClientInput{UserPoolId: aws.String(poolID), ClientId: aws.String(clientID)})
	if err != nil {
		t.Fatal(err)
	}
	c := dc.UserPoolClient
	eq(t, "ClientName", aws.ToString(c.ClientName), "AlexaDemoSkill")
	secret := aws.ToString(c.ClientSecret)
	if secret == "" {
		t.Error("the client has no secret")
	}
	eq(t, "AllowedOAuthFlows", c.AllowedOAuthFlows, []types.OAuthFlowType{"code"})
	eq(t, "AllowedOAuthFlowsUserPoolClient", aws.ToBool(c.AllowedOAuthFlowsUserPoolClient), true)
	eq(t, "AllowedOAuthScopes", c.AllowedOAuthScopes, []string{"openid", "profile", "aws.cognito.signin.user.admin"})
	eq(t, "SupportedIdentityProviders", c.SupportedIdentityProviders, []string{"COGNITO"})
	eq(t, "CallbackURLs", c.CallbackURLs, []string{
		"https://pitangui.amazon.com/api/skill/link/M12AB34CD56EF7",
		"https://layla.amazon.com/api/skill/link/M12AB34CD56EF7",
		"https://alexa.amazon.co.jp/api/skill/link/M12AB34CD56EF7",
	})
	eq(t, "ExplicitAuthFlows", c.ExplicitAuthFlows, []types.ExplicitAuthFlowsType{"ALLOW_REFRESH_TOKEN_AUTH"})
	eq(t, "ReadAttributes", c.ReadAttributes, []string{"address", "email", "family_name", "given_name", "phone_number"})
	eq(t, "RefreshTokenValidity", c.RefreshTokenValidity, int32(3650))
	eq(t, "AccessTokenValidity", aws.ToInt32(c.AccessTokenValidity), int32(60))
	eq(t, "TokenValidityUnits.AccessToken", c.TokenValidityUnits.AccessToken, types.TimeUnitsType("minutes"))
	if lc := pool.LambdaConfig; lc == nil || lc.PreTokenGenerationConfig == nil ||
		aws.ToString(lc.PreTokenGenerationConfig.LambdaArn) != fnARN || lc.PreTokenGenerationConfig.LambdaVersion != "V2_0" {
		t.Errorf("LambdaConfig = %+v, want the trigger %s with V2_0", lc, fnARN)
	}
	e.double.mu.Lock()
	eq(t, "UserPoolTier", e.double.tier[poolID], "ESSENTIALS")
	e.double.mu.Unlock()
	if want := "aws lambda add-permission --function-name " + fnARN + " --statement-id cognito-pretoken --action lambda:InvokeFunction --principal cognito-idp.amazonaws.com --source-arn arn:aws:cognito-idp:us-east-1:123456789012:userpool/" + poolID; !strings.Contains(stdout, want) {
		t.Errorf("first run output lacks %q:\n%s", want, stdout)
	}
	eq(t, "TokenValidityUnits.RefreshToken", c.TokenValidityUnits.RefreshToken, types.TimeUnitsType("days"))
	eq(t, "PreventUserExistenceErrors", c.PreventUserExistenceErrors, types.PreventUserExistenceErrorTypes("ENABLED"))
	eq(t, "EnableTokenRevocation", aws.ToBool(c.EnableTokenRevocation), true)
	e.double.mu.Lock()
	eq(t, "domain owner", e.double.owner[bundledDomain], poolID)
	e.double.mu.Unlock()

	// The account-linking file holds the client and its secret, owner-only.
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var al cognitosetup.AccountLinking
	if err := json.Unmarshal(data, &al); err != nil {
		t.Fatal(err)
	}
	r := al.AccountLinkingRequest
	eq(t, "clientId", r.ClientID, clientID)
	eq(t, "clientSecret", r.ClientSecret, secret)
	eq(t, "authorizationUrl", r.AuthorizationURL, "https://"+bundledDomain+".auth.us-east-1.amazoncognito.com/oauth2/authorize")
	eq(t, "accessTokenUrl", r.AccessTokenURL, "https://"+bundledDomain+".auth.us-east-1.amazoncognito.com/oauth2/token")
	eq(t, "domains", r.Domains, []string{bundledDomain + ".auth.us-east-1.amazoncognito.com"})
	eq(t, "type/scheme", r.Type+" "+r.AccessTokenScheme, "AUTH_CODE HTTP_BASIC")
	if st, err := os.Stat(out); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("%s mode: %v %v, want 0600", out, st.Mode().Perm(), err)
	}
	if strings.Contains(stdout+stderr, secret) {
		t.Error("the client secret was printed")
	}
	if !strings.Contains(stdout, provision.Mask(secret)) || !strings.Contains(stdout, "ask smapi update-account-linking-info -s <skill-id> -g development --account-linking-request file:"+filepath.ToSlash(out)) {
		t.Errorf("first run output lacks the masked secret or the next command:\n%s", stdout)
	}

	// Second run: nothing changes.
	code, stdout, stderr = run(t, "-f", specA, "--out", out, "--pre-token-function", fnARN)
	if code != 0 {
		t.Fatalf("second run: exit %d\n%s\n%s", code, stdout, stderr)
	}
	if got := e.double.mutations(); len(got) != 0 {
		t.Errorf("second run changed things: %v", got)
	}
	if !strings.Contains(stdout, "Nothing changed") {
		t.Errorf("second run output:\n%s", stdout)
	}
	data2, _ := os.ReadFile(out)
	if !bytes.Equal(data, data2) {
		t.Error("the account-linking file changed on the second run")
	}

	// Third run: the bundled skill drops the required birthdate: refused,
	// the pool unchanged.
	specB := e.writeSpec(t, "b.yaml", "")
	code, stdout, stderr = run(t, "-f", specB, "--out", out, "--pre-token-function", fnARN)
	if code != 1 {
		t.Fatalf("removing a required attribute: exit %d, want 1\n%s\n%s", code, stdout, stderr)
	}
	if !strings.Contains(stderr, "birthdate: the pool requires it and the spec removes it") || !strings.Contains(stderr, "nothing was changed") {
		t.Errorf("refusal message:\n%s", stderr)
	}
	if got := e.double.mutations(); len(got) != 0 {
		t.Errorf("a refused run changed things: %v", got)
	}
	dp2, err := api.DescribeUserPool(ctx, &cip.DescribeUserPoolInput{UserPoolId: aws.String(poolID)})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(dp2.UserPool.SchemaAttributes, pool.SchemaAttributes) || !dp2.UserPool.LastModifiedDate.Equal(*pool.LastModifiedDate) {
		t.Error("the refused run changed the pool")
	}
}

func TestProvisionUpdatesInPlace(t *testing.T) {
	e := setup(t)
	out := filepath.Join(e.dir, "al.json")
	spec := e.writeSpec(t, "a.yaml", "")
	if code, stdout, stderr := run(t, "-f", spec, "--out", out, "--pre-token-function", fnARN); code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	e.double.mutations()

	// A custom attribute, a new vendor ID and a shorter refresh token: all
	// can change in place.
	spec2 := e.writeSpec(t, "b.yaml", `attributes:
  - name: custom:tier
    maxLength: 16
cognito:
  refreshTokenDays: 30
`)
	code, stdout, stderr := run(t, "-f", spec2, "--out", out, "--vendor-id", "M2OTHER", "--pre-token-function", fnARN)
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	if got := e.double.mutations(); !reflect.DeepEqual(got, []string{"AddCustomAttributes", "UpdateUserPoolClient"}) {
		t.Errorf("calls %v, want AddCustomAttributes and UpdateUserPoolClient", got)
	}
	ctx := context.Background()
	pools, _ := e.cognito.Client.ListUserPools(ctx, &cip.ListUserPoolsInput{MaxResults: aws.Int32(60)})
	if len(pools.UserPools) != 1 {
		t.Fatalf("%d pools, want the same one", len(pools.UserPools))
	}
	poolID := pools.UserPools[0].Id
	dp, err := e.cognito.Client.DescribeUserPool(ctx, &cip.DescribeUserPoolInput{UserPoolId: poolID})
	if err != nil {
		t.Fatal(err)
	}
	var tier *types.SchemaAttributeType
	for i, a := range dp.UserPool.SchemaAttributes {
		if aws.ToString(a.Name) == "custom:tier" {
			tier = &dp.UserPool.SchemaAttributes[i]
		}
	}
	if tier == nil || tier.AttributeDataType != "String" || tier.StringAttributeConstraints == nil || aws.ToString(tier.StringAttributeConstraints.MaxLength) != "16" {
		t.Errorf("custom:tier = %+v", tier)
	}
	clients, _ := e.cognito.Client.ListUserPoolClients(ctx, &cip.ListUserPoolClientsInput{UserPoolId: poolID, MaxResults: aws.Int32(60)})
	dc, err := e.cognito.Client.DescribeUserPoolClient(ctx, &cip.DescribeUserPoolClientInput{UserPoolId: poolID, ClientId: clients.UserPoolClients[0].ClientId})
	if err != nil {
		t.Fatal(err)
	}
	eq(t, "RefreshTokenValidity", dc.UserPoolClient.RefreshTokenValidity, int32(30))
	eq(t, "CallbackURLs[0]", dc.UserPoolClient.CallbackURLs[0], "https://pitangui.amazon.com/api/skill/link/M2OTHER")
	if code, stdout, _ := run(t, "-f", spec2, "--out", out, "--vendor-id", "M2OTHER", "--pre-token-function", fnARN); code != 0 || !strings.Contains(stdout, "Nothing changed") {
		t.Errorf("rerun: exit %d\n%s", code, stdout)
	}
}

func TestDryRunChangesNothing(t *testing.T) {
	e := setup(t)
	out := filepath.Join(e.dir, "al.json")
	code, stdout, stderr := run(t, "-f", e.writeSpec(t, "a.yaml", ""), "--out", out, "--dry-run", "--pre-token-function", fnARN)
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	for _, want := range []string{`create user pool "Alexa Skill Users" in us-east-1`, `create app client "AlexaDemoSkill"`, "create domain " + bundledDomain + ".auth.us-east-1.amazoncognito.com", "Dry run: nothing was changed."} {
		if !strings.Contains(stdout, want) {
			t.Errorf("plan lacks %q:\n%s", want, stdout)
		}
	}
	if got := e.double.mutations(); len(got) != 0 {
		t.Errorf("dry run changed things: %v", got)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("dry run wrote %s", out)
	}
}

// The domain prefix belongs to another pool: refused before anything is
// created. Tested against the domain double (cognito-local has no domain API).
// bundledDomain is the bundled skill's Cognito domain prefix, derived from
// its package and vendor ID.
var bundledDomain = validate.DefaultDomainPrefix("linkedprofile", "M12AB34CD56EF7")

func TestDomainTakenIsRefused(t *testing.T) {
	e := setup(t)
	e.double.owner[bundledDomain] = "us-east-1_someoneelse"
	code, stdout, stderr := run(t, "-f", e.writeSpec(t, "a.yaml", ""), "--out", filepath.Join(e.dir, "al.json"), "--pre-token-function", fnARN)
	if code != 1 || !strings.Contains(stderr, `domain "`+bundledDomain+`" belongs to another user pool (us-east-1_someoneelse)`) {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	if got := e.double.mutations(); len(got) != 0 {
		t.Errorf("refused run changed things: %v", got)
	}
}

func TestVendorIDRequired(t *testing.T) {
	e := setup(t)
	// A spec without vendorId: the bundled one sets it, so blank it (and
	// name a domain prefix, which would otherwise derive from it).
	spec := e.writeSpec(t, "a.yaml", "skill:\n  vendorId: \"\"\ncognito:\n  domainPrefix: linkedprofile-test\n")
	code, _, stderr := run(t, "-f", spec, "--dry-run", "--pre-token-function", fnARN)
	if code != 1 || !strings.Contains(stderr, "--vendor-id") {
		t.Errorf("exit %d: %s", code, stderr)
	}
}

func TestBadFlags(t *testing.T) {
	// One line and where the help is, as every skillgen command reports a
	// bad flag; the usage only for --help.
	if code, _, stderr := run(t, "--nope"); code != 2 || stderr != "skillgen provision: unknown flag: --nope\nRun 'skillgen provision --help' for usage.\n" {
		t.Errorf("exit %d: %s", code, stderr)
	}
	if code, _, stderr := run(t, "-f", filepath.Join(t.TempDir(), "missing.yaml")); code != 1 || !strings.Contains(stderr, "does not exist") {
		t.Errorf("missing spec: exit %d: %s", code, stderr)
	}
}

func TestMask(t *testing.T) {
	for in, want := range map[string]string{"": "****", "abcd": "****", "abcdefgh1234": "****1234"} {
		if got := provision.Mask(in); got != want {
			t.Errorf("Mask(%q) = %q, want %q", in, got, want)
		}
	}
}

func eq[T any](t *testing.T, what string, got, want T) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}

// TestProvisionTokenModeInPlace: a pool provisioned for GetUser (no plan
// chosen, no trigger) takes token mode in place: the Essentials plan and
// the trigger through one UpdateUserPool, the access-token validity through
// UpdateUserPoolClient; the next run changes nothing. The feature plan goes
// through the double (cognito-local does not keep it); the trigger and the
// client through the real cognito-local.
func TestProvisionTokenModeInPlace(t *testing.T) {
	e := setup(t)
	out := filepath.Join(e.dir, "al.json")
	getuser := e.writeSpec(t, "g.yaml", "cognito:\n  profileSource: getuser\n")
	if code, stdout, stderr := run(t, "-f", getuser, "--out", out); code != 0 {
		t.Fatalf("getuser run: exit %d\n%s\n%s", code, stdout, stderr)
	}
	e.double.mutations()
	if code, _, stderr := run(t, "-f", getuser, "--out", out, "--pre-token-function", fnARN); code != 1 || !strings.Contains(stderr, "reads profiles with GetUser") {
		t.Errorf("--pre-token-function with getuser: exit %d\n%s", code, stderr)
	}

	token := e.writeSpec(t, "t.yaml", "cognito:\n  accessTokenMinutes: 15\n")
	if code, _, stderr := run(t, "-f", token, "--out", out); code != 1 || !strings.Contains(stderr, "pass --pre-token-function") {
		t.Errorf("token mode without the trigger: exit %d\n%s", code, stderr)
	}
	if code, _, stderr := run(t, "-f", token, "--out", out, "--pre-token-function", "arn:aws:lambda:eu-west-1:123456789012:function:x"); code != 1 || !strings.Contains(stderr, "in eu-west-1, the user pool in us-east-1") {
		t.Errorf("trigger in another region: exit %d\n%s", code, stderr)
	}
	if got := e.double.mutations(); len(got) != 0 {
		t.Errorf("refused runs changed things: %v", got)
	}
	code, stdout, stderr := run(t, "-f", token, "--out", out, "--pre-token-function", fnARN)
	if code != 0 {
		t.Fatalf("token run: exit %d\n%s\n%s", code, stdout, stderr)
	}
	if got := e.double.mutations(); !reflect.DeepEqual(got, []string{"UpdateUserPool", "UpdateUserPoolClient"}) {
		t.Errorf("token run calls %v", got)
	}
	for _, want := range []string{"feature plan LITE → ESSENTIALS", "pre token generation trigger " + fnARN + " (event V2_0)", "access token 60 → 15 minutes"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("plan lacks %q:\n%s", want, stdout)
		}
	}
	ctx := context.Background()
	pools, err := e.cognito.Client.ListUserPools(ctx, &cip.ListUserPoolsInput{MaxResults: aws.Int32(60)})
	if err != nil || len(pools.UserPools) != 1 {
		t.Fatalf("pools: %v %v", pools, err)
	}
	poolID := aws.ToString(pools.UserPools[0].Id)
	dp, err := e.cognito.Client.DescribeUserPool(ctx, &cip.DescribeUserPoolInput{UserPoolId: aws.String(poolID)})
	if err != nil {
		t.Fatal(err)
	}
	if lc := dp.UserPool.LambdaConfig; lc == nil || lc.PreTokenGenerationConfig == nil || aws.ToString(lc.PreTokenGenerationConfig.LambdaArn) != fnARN {
		t.Errorf("LambdaConfig = %+v", lc)
	}
	e.double.mu.Lock()
	eq(t, "UserPoolTier", e.double.tier[poolID], "ESSENTIALS")
	e.double.mu.Unlock()
	cl, err := e.cognito.Client.ListUserPoolClients(ctx, &cip.ListUserPoolClientsInput{UserPoolId: aws.String(poolID), MaxResults: aws.Int32(60)})
	if err != nil || len(cl.UserPoolClients) != 1 {
		t.Fatalf("clients: %v %v", cl, err)
	}
	dc, err := e.cognito.Client.DescribeUserPoolClient(ctx, &cip.DescribeUserPoolClientInput{UserPoolId: aws.String(poolID), ClientId: cl.UserPoolClients[0].ClientId})
	if err != nil {
		t.Fatal(err)
	}
	eq(t, "AccessTokenValidity", aws.ToInt32(dc.UserPoolClient.AccessTokenValidity), int32(15))
	eq(t, "TokenValidityUnits.AccessToken", dc.UserPoolClient.TokenValidityUnits.AccessToken, types.TimeUnitsType("minutes"))

	if code, stdout, _ := run(t, "-f", token, "--out", out, "--pre-token-function", fnARN); code != 0 || !strings.Contains(stdout, "Nothing changed") {
		t.Errorf("second token run: exit %d\n%s", code, stdout)
	}
	// Without the flag, the pool's trigger (the stack's) is kept.
	if code, stdout, _ := run(t, "-f", token, "--out", out); code != 0 || !strings.Contains(stdout, "Nothing changed") || !strings.Contains(stdout, fnARN) {
		t.Errorf("token run without the flag on a pool with the trigger: exit %d\n%s", code, stdout)
	}
	if got := e.double.mutations(); len(got) != 0 {
		t.Errorf("second token run changed things: %v", got)
	}
	// Another function's trigger is never replaced.
	other := "arn:aws:lambda:us-east-1:123456789012:function:someone-elses"
	code, stdout, stderr = run(t, "-f", token, "--out", out, "--pre-token-function", other)
	if code != 1 || !strings.Contains(stderr, "provision does not replace another trigger") {
		t.Errorf("replacing another trigger: exit %d\n%s\n%s", code, stdout, stderr)
	}
	if got := e.double.mutations(); len(got) != 0 {
		t.Errorf("a refused run changed things: %v", got)
	}
}
