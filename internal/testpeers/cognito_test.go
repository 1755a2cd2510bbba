package testpeers_test

import (
	"context"
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"math/big"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/aws/smithy-go"

	"github.com/skillgen/skillgen/internal/testpeers"
)

const password = "Passw0rd!long"

var aliceAttrs = map[string]string{
	"given_name":            "Alice",
	"family_name":           "Liddell",
	"email":                 "alice@example.com",
	"phone_number":          "+15555550100",
	"address":               "1 Rabbit Hole, Wonderland",
	"custom:favorite_color": "blue",
}

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return c
}

func attrs(out *cip.GetUserOutput) map[string]string {
	m := map[string]string{}
	for _, a := range out.UserAttributes {
		m[aws.ToString(a.Name)] = aws.ToString(a.Value)
	}
	return m
}

func apiCode(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	return ""
}

// verifyRS256 checks token's signature against the JWKS at url.
func verifyRS256(t *testing.T, url, token string) error {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: HTTP %d", url, resp.StatusCode)
	}
	var set struct {
		Keys []struct{ Kty, Kid, Alg, Use, N, E string }
	}
	if err := json.NewDecoder(resp.Body).Decode(&set); err != nil {
		t.Fatalf("JWKS: %v", err)
	}
	if len(set.Keys) != 1 || set.Keys[0].Kid != testpeers.SigningKeyID || set.Keys[0].Alg != "RS256" || set.Keys[0].Kty != "RSA" {
		t.Fatalf("JWKS keys = %+v, want one RSA RS256 key with kid %s", set.Keys, testpeers.SigningKeyID)
	}
	n, err1 := base64.RawURLEncoding.DecodeString(set.Keys[0].N)
	e, err2 := base64.RawURLEncoding.DecodeString(set.Keys[0].E)
	if err1 != nil || err2 != nil {
		t.Fatalf("JWKS key encoding: %v %v", err1, err2)
	}
	pub := &rsa.PublicKey{N: new(big.Int).SetBytes(n), E: int(new(big.Int).SetBytes(e).Int64())}
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return errors.New("not a JWT")
	}
	var hdr struct{ Alg, Kid string }
	hb, _ := base64.RawURLEncoding.DecodeString(parts[0])
	if err := json.Unmarshal(hb, &hdr); err != nil || hdr.Alg != "RS256" || hdr.Kid != testpeers.SigningKeyID {
		return errors.New("unexpected JWT header " + string(hb))
	}
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil {
		return err
	}
	sum := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
	return rsa.VerifyPKCS1v15(pub, crypto.SHA256, sum[:], sig)
}

// TestCognito checks every behaviour of cognito-local that the package doc
// promises, against one server.
func TestCognito(t *testing.T) {
	c := testpeers.StartCognito(t)
	t.Logf("cognito-local healthy %v after process start, at %s", c.StartupTime.Round(time.Millisecond), c.Endpoint)
	pool, client := c.CreatePool(t, "link-demo", testpeers.CustomString("favorite_color"), testpeers.CustomNumber("shoe_size"))
	tok := c.CreateUser(t, pool, client, "alice", password, aliceAttrs)
	getUser := func(t *testing.T, token string) (*cip.GetUserOutput, error) {
		return c.Client.GetUser(ctx(t), &cip.GetUserInput{AccessToken: aws.String(token)})
	}

	t.Run("pool schema", func(t *testing.T) {
		out, err := c.Client.DescribeUserPool(ctx(t), &cip.DescribeUserPoolInput{UserPoolId: aws.String(pool)})
		if err != nil {
			t.Fatal(err)
		}
		required := map[string]bool{}
		for _, a := range out.UserPool.SchemaAttributes {
			required[aws.ToString(a.Name)] = aws.ToBool(a.Required)
		}
		for _, a := range testpeers.StandardAttributes {
			if !required[a] {
				t.Errorf("standard attribute %s not required in %v", a, required)
			}
		}
		for _, a := range []string{"custom:favorite_color", "custom:shoe_size"} {
			if _, ok := required[a]; !ok {
				t.Errorf("schema lacks %s: %v", a, required)
			}
		}
		if len(out.UserPool.UsernameAttributes) != 0 {
			t.Errorf("UsernameAttributes = %v, want none (sign-in by username)", out.UserPool.UsernameAttributes)
		}
		cl, err := c.Client.DescribeUserPoolClient(ctx(t), &cip.DescribeUserPoolClientInput{UserPoolId: aws.String(pool), ClientId: aws.String(client)})
		if err != nil {
			t.Fatal(err)
		}
		flows := cl.UserPoolClient.ExplicitAuthFlows
		if len(flows) == 0 || flows[0] != types.ExplicitAuthFlowsTypeAllowUserPasswordAuth {
			t.Errorf("ExplicitAuthFlows = %v", flows)
		}
	})

	t.Run("GetUser valid token", func(t *testing.T) {
		out, err := getUser(t, tok)
		if err != nil {
			t.Fatal(err)
		}
		got := attrs(out)
		for k, v := range aliceAttrs {
			if got[k] != v {
				t.Errorf("attribute %s = %q, want %q", k, got[k], v)
			}
		}
		if got["sub"] == "" || aws.ToString(out.Username) != "alice" {
			t.Errorf("sub = %q, Username = %q", got["sub"], aws.ToString(out.Username))
		}
	})

	t.Run("issued token", func(t *testing.T) {
		cl := testpeers.Claims(t, tok)
		want := map[string]any{"iss": c.Issuer(pool), "client_id": client, "token_use": "access", "scope": "aws.cognito.signin.user.admin", "username": "alice"}
		for k, v := range want {
			if cl[k] != v {
				t.Errorf("claim %s = %v, want %v", k, cl[k], v)
			}
		}
		if exp, _ := cl["exp"].(float64); time.Until(time.Unix(int64(exp), 0)) < 23*time.Hour {
			t.Errorf("exp %v: want the 24 h default", cl["exp"])
		}
		if err := verifyRS256(t, c.JWKSURL(pool), tok); err != nil {
			t.Errorf("issued token does not verify against the JWKS: %v", err)
		}
		if err := verifyRS256(t, c.JWKSURL("us-east-1_NoSuchPool"), tok); err != nil {
			t.Errorf("JWKS of an unknown pool id: %v (cognito-local serves one key for every path)", err)
		}
	})

	t.Run("SignToken", func(t *testing.T) {
		cl := testpeers.Claims(t, tok)
		cl["exp"] = float64(time.Now().Add(-time.Hour).Unix())
		forged := c.SignToken(t, cl)
		if err := verifyRS256(t, c.JWKSURL(pool), forged); err != nil {
			t.Fatalf("SignToken output does not verify: %v", err)
		}
		if got := testpeers.Claims(t, forged)["exp"]; got != cl["exp"] {
			t.Errorf("exp = %v, want %v", got, cl["exp"])
		}
		tampered := tok[:strings.LastIndex(tok, ".")] + "." + strings.Split(forged, ".")[2]
		if err := verifyRS256(t, c.JWKSURL(pool), tampered); err == nil {
			t.Fatal("a token with another token's signature verified")
		}
	})

	t.Run("garbage token", func(t *testing.T) {
		_, err := getUser(t, "not-a-jwt")
		if code := apiCode(err); code != "InvalidParameterException" {
			t.Errorf("GetUser(garbage): %v (code %q), want InvalidParameterException", err, code)
		}
	})

	t.Run("tokens cognito-local does not validate", func(t *testing.T) {
		expired := testpeers.Claims(t, tok)
		expired["exp"] = float64(time.Now().Add(-time.Hour).Unix())
		badSig := tok[:len(tok)-8] + strings.Repeat("A", 8)
		for name, token := range map[string]string{
			"expired":       c.SignToken(t, expired),
			"bad signature": badSig,
		} {
			if _, err := getUser(t, token); err != nil {
				t.Errorf("GetUser(%s token) = %v; cognito-local used to accept it (doc says so)", name, err)
			}
		}
	})

	t.Run("unknown client or user", func(t *testing.T) {
		cl := testpeers.Claims(t, tok)
		cl["client_id"] = "nosuchclient"
		if _, err := getUser(t, c.SignToken(t, cl)); apiCode(err) != "ResourceNotFoundException" {
			t.Errorf("unknown client_id: %v, want ResourceNotFoundException", err)
		}
		cl = testpeers.Claims(t, tok)
		cl["sub"] = "00000000-0000-0000-0000-000000000000"
		if _, err := getUser(t, c.SignToken(t, cl)); apiCode(err) != "UserNotFoundException" {
			t.Errorf("unknown sub: %v, want UserNotFoundException", err)
		}
	})

	t.Run("ReadAttributes not enforced", func(t *testing.T) {
		rc, err := c.Client.CreateUserPoolClient(ctx(t), &cip.CreateUserPoolClientInput{
			UserPoolId:        aws.String(pool),
			ClientName:        aws.String("given-name-only"),
			ReadAttributes:    []string{"given_name"},
			ExplicitAuthFlows: []types.ExplicitAuthFlowsType{types.ExplicitAuthFlowsTypeAllowUserPasswordAuth},
		})
		if err != nil {
			t.Fatal(err)
		}
		ia, err := c.Client.InitiateAuth(ctx(t), &cip.InitiateAuthInput{
			ClientId:       rc.UserPoolClient.ClientId,
			AuthFlow:       types.AuthFlowTypeUserPasswordAuth,
			AuthParameters: map[string]string{"USERNAME": "alice", "PASSWORD": password},
		})
		if err != nil {
			t.Fatal(err)
		}
		out, err := getUser(t, aws.ToString(ia.AuthenticationResult.AccessToken))
		if err != nil {
			t.Fatal(err)
		}
		if got := attrs(out); got["custom:favorite_color"] != "blue" || got["email"] == "" {
			t.Errorf("client with ReadAttributes [given_name] got %d attributes; cognito-local used to return all (doc says so)", len(got))
		}
	})

	t.Run("revoked and disabled still answer", func(t *testing.T) {
		pool2, client2 := c.CreatePool(t, "revoke")
		tok2 := c.CreateUser(t, pool2, client2, "bob", password, map[string]string{"given_name": "Bob"})
		if _, err := c.Client.AdminDisableUser(ctx(t), &cip.AdminDisableUserInput{UserPoolId: aws.String(pool2), Username: aws.String("bob")}); err != nil {
			t.Fatal(err)
		}
		if out, err := getUser(t, tok2); err != nil || attrs(out)["given_name"] != "Bob" {
			t.Errorf("GetUser for a disabled user: %v; cognito-local used to answer 200 (doc says so)", err)
		}
	})

	t.Run("unsupported API fails on the first attempt", func(t *testing.T) {
		var calls atomic.Int32
		counting := func(o *cip.Options) {
			next := o.HTTPClient
			o.HTTPClient = doerFunc(func(r *http.Request) (*http.Response, error) {
				calls.Add(1)
				return next.Do(r)
			})
		}
		_, err := c.Client.DescribeUserPoolDomain(ctx(t), &cip.DescribeUserPoolDomainInput{Domain: aws.String("link-demo")}, counting)
		var re interface{ HTTPStatusCode() int }
		if apiCode(err) != "Unsupported" || !errors.As(err, &re) || re.HTTPStatusCode() != http.StatusInternalServerError {
			t.Errorf("DescribeUserPoolDomain: %v, want HTTP 500 Unsupported", err)
		}
		if n := calls.Load(); n != 1 {
			t.Errorf("%d HTTP attempts, want 1 (no retries)", n)
		}
	})

	t.Run("SetEnv points LoadDefaultConfig at the server", func(t *testing.T) {
		c.SetEnv(t)
		cfg, err := config.LoadDefaultConfig(ctx(t), config.WithSharedConfigFiles([]string{}), config.WithSharedCredentialsFiles([]string{}))
		if err != nil {
			t.Fatal(err)
		}
		out, err := cip.NewFromConfig(cfg).GetUser(ctx(t), &cip.GetUserInput{AccessToken: aws.String(tok)})
		if err != nil {
			t.Fatalf("GetUser through the environment: %v", err)
		}
		if attrs(out)["given_name"] != "Alice" {
			t.Errorf("GetUser through the environment: %v", attrs(out))
		}
	})

	t.Run("openid-configuration", func(t *testing.T) {
		resp, err := http.Get(c.Endpoint + "/" + pool + "/.well-known/openid-configuration")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var doc struct {
			Issuer  string `json:"issuer"`
			JWKSURI string `json:"jwks_uri"`
		}
		if err := json.NewDecoder(resp.Body).Decode(&doc); err != nil {
			t.Fatal(err)
		}
		// Documented quirk: the discovery document is hard-wired to the
		// default port, so verifiers must be given JWKSURL/Issuer directly.
		if doc.Issuer != "http://localhost:9229/"+pool {
			t.Errorf("issuer = %q; the doc says cognito-local hard-wires localhost:9229", doc.Issuer)
		}
	})
}

type doerFunc func(*http.Request) (*http.Response, error)

func (f doerFunc) Do(r *http.Request) (*http.Response, error) { return f(r) }

// TestCognitoIsolationAndStop checks that two servers in one test do not
// share data, and that Stop stops one early.
func TestCognitoIsolationAndStop(t *testing.T) {
	a := testpeers.StartCognito(t)
	b := testpeers.StartCognito(t)
	if a.Endpoint == b.Endpoint || a.Dir == b.Dir {
		t.Fatalf("two servers share %s / %s", a.Endpoint, a.Dir)
	}
	a.CreatePool(t, "only-in-a")
	out, err := b.Client.ListUserPools(ctx(t), &cip.ListUserPoolsInput{MaxResults: aws.Int32(10)})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.UserPools) != 0 {
		t.Errorf("second server lists %d pools, want 0", len(out.UserPools))
	}
	a.Stop(t)
	if resp, err := http.Get(a.Endpoint + "/health"); err == nil {
		resp.Body.Close()
		t.Fatal("server still answers after Stop")
	}
	a.Stop(t) // idempotent
	if _, err := b.Client.ListUserPools(ctx(t), &cip.ListUserPoolsInput{MaxResults: aws.Int32(1)}); err != nil {
		t.Errorf("stopping one server affected the other: %v", err)
	}
}
