package testpeers

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/skillgen/skillgen/internal/facts"
)

const (
	// Region is the region of every client the helpers build or configure:
	// the default region, which the bundled skills use.
	Region = facts.DefaultRegion
	// DummyAccessKeyID and DummySecretAccessKey are the static credentials
	// the helpers use; cognito-local ignores request signatures.
	DummyAccessKeyID     = "local"
	DummySecretAccessKey = "local"

	cognitoStartTimeout = 30 * time.Second
	startAttempts       = 3
	callTimeout         = 10 * time.Second
)

// Cognito is a running cognito-local server owned by one test.
type Cognito struct {
	// Endpoint is the server's base URL, http://127.0.0.1:<port>.
	Endpoint string
	// Client talks to Endpoint with dummy credentials, region us-east-1 and
	// no retries (aws.NopRetryer), so unsupported APIs fail on first answer.
	Client *cip.Client
	// Dir is the server's working directory (it keeps its data in Dir/.cognito).
	Dir string
	// LogPath is the file receiving the server's stdout and stderr.
	LogPath string
	// StartupTime is the time from process start to the first healthy
	// GET /health of the attempt that succeeded.
	StartupTime time.Duration

	proc *proc
}

// StartCognito starts cognito-local 5.3.0 on a free 127.0.0.1 port in a fresh
// t.TempDir(), waits (at most 30 s) until GET /health answers 200, and
// registers a cleanup that stops it by process group and waits for it. The
// npm peers are installed first if missing (see NodeModules). If the process
// exits before it is healthy (for example because another process took the
// port), it is restarted on a new port, at most 3 times.
func StartCognito(t testing.TB) *Cognito {
	t.Helper()
	node := Node(t)
	root := RepoRoot(t)
	NodeModules(t)
	dir := t.TempDir()
	logPath := filepath.Join(dir, "cognito-local.log")
	if err := writeCognitoConfig(dir); err != nil {
		t.Fatalf("testpeers: %v", err)
	}
	httpc := &http.Client{Timeout: time.Second}

	var lastErr error
	for attempt := 1; attempt <= startAttempts; attempt++ {
		port, err := freePort()
		if err != nil {
			t.Fatalf("testpeers: %v", err)
		}
		endpoint := "http://127.0.0.1:" + strconv.Itoa(port)
		if err := appendLog(logPath, fmt.Sprintf("--- testpeers: attempt %d, %s\n", attempt, endpoint)); err != nil {
			t.Fatalf("testpeers: %v", err)
		}
		env := append(os.Environ(), "HOST=127.0.0.1", "PORT="+strconv.Itoa(port), "NODE_NO_WARNINGS=1")
		started := time.Now()
		p, err := startProc("cognito-local", dir, logPath, []string{node, cognitoStartJS(root)}, env)
		if err != nil {
			t.Fatalf("testpeers: %v", err)
		}
		t.Cleanup(func() {
			if err := p.stop(); err != nil {
				t.Errorf("testpeers: %v", err)
			}
		})
		err = p.waitReady(cognitoStartTimeout, func() bool { return healthy(httpc, endpoint+"/health") })
		if err == nil {
			c := &Cognito{
				Endpoint:    endpoint,
				Dir:         dir,
				LogPath:     logPath,
				StartupTime: time.Since(started),
				proc:        p,
			}
			c.Client = c.newClient(t)
			return c
		}
		lastErr = err
		if !errors.Is(err, errExited) {
			break // hung rather than failed to bind: retrying will not help
		}
	}
	t.Fatalf("testpeers: cognito-local did not start: %v\nlog tail (%s):\n%s", lastErr, logPath, fileTail(logPath, 30))
	return nil
}

// cognitoConfig is written to .cognito/config.json before the server starts.
// cognito-local's default UserPoolDefaults make every pool sign in by email
// (UsernameAttributes [email]) unless CreateUserPool says otherwise; real
// Cognito has no such default, so it is cleared here (an empty array
// replaces the default when cognito-local merges its config).
const cognitoConfig = `{"UserPoolDefaults": {"UsernameAttributes": []}}` + "\n"

func writeCognitoConfig(dir string) error {
	if err := os.MkdirAll(filepath.Join(dir, ".cognito"), 0o755); err != nil {
		return fmt.Errorf("create cognito-local data dir: %w", err)
	}
	if err := os.WriteFile(filepath.Join(dir, ".cognito", "config.json"), []byte(cognitoConfig), 0o644); err != nil {
		return fmt.Errorf("write cognito-local config: %w", err)
	}
	return nil
}

func healthy(c *http.Client, url string) bool {
	resp, err := c.Get(url)
	if err != nil {
		return false
	}
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}

func appendLog(path, line string) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	_, err = f.WriteString(line)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

func (c *Cognito) newClient(t testing.TB) *cip.Client {
	t.Helper()
	cfg, err := config.LoadDefaultConfig(context.Background(),
		config.WithRegion(Region),
		config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider(DummyAccessKeyID, DummySecretAccessKey, "")),
		config.WithRetryer(func() aws.Retryer { return aws.NopRetryer{} }),
		// Ignore the developer's ~/.aws files: nothing here may reach AWS.
		config.WithSharedConfigFiles([]string{}),
		config.WithSharedCredentialsFiles([]string{}),
	)
	if err != nil {
		t.Fatalf("testpeers: load AWS config: %v", err)
	}
	return cip.NewFromConfig(cfg, func(o *cip.Options) {
		o.BaseEndpoint = aws.String(c.Endpoint)
	})
}

// Env returns the environment that points code built with
// config.LoadDefaultConfig at this server: AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER,
// AWS_REGION, dummy AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, an empty
// AWS_SESSION_TOKEN and AWS_EC2_METADATA_DISABLED=true. Use it for child
// processes (e.g. StartRIE); use SetEnv for code running in the test process.
func (c *Cognito) Env() []string {
	return []string{
		"AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER=" + c.Endpoint,
		"AWS_REGION=" + Region,
		"AWS_ACCESS_KEY_ID=" + DummyAccessKeyID,
		"AWS_SECRET_ACCESS_KEY=" + DummySecretAccessKey,
		"AWS_SESSION_TOKEN=",
		"AWS_EC2_METADATA_DISABLED=true",
	}
}

// SetEnv sets Env() in the test process with t.Setenv (restored after the
// test). Like t.Setenv, it cannot be used in parallel tests.
func (c *Cognito) SetEnv(t testing.TB) {
	t.Helper()
	for _, kv := range c.Env() {
		for i := 0; i < len(kv); i++ {
			if kv[i] == '=' {
				t.Setenv(kv[:i], kv[i+1:])
				break
			}
		}
	}
}

// JWKSURL returns the URL of the pool's JSON Web Key Set. cognito-local
// serves the same RS256 key (kid "CognitoLocal") for every pool ID.
func (c *Cognito) JWKSURL(poolID string) string {
	return c.Endpoint + "/" + poolID + "/.well-known/jwks.json"
}

// Issuer returns the "iss" claim of tokens cognito-local issues for the pool:
// the endpoint followed by the pool ID.
func (c *Cognito) Issuer(poolID string) string {
	return c.Endpoint + "/" + poolID
}

// Stop stops the server now (the cleanup registered by StartCognito then
// has nothing left to do), e.g. to test how code behaves when Cognito is
// unreachable: afterwards requests to Endpoint are refused.
func (c *Cognito) Stop(t testing.TB) {
	t.Helper()
	if err := c.proc.stop(); err != nil {
		t.Fatalf("testpeers: %v", err)
	}
}

// LogTail returns the last lines of the server's output, for failure messages.
func (c *Cognito) LogTail() string { return fileTail(c.LogPath, 30) }

// StandardAttributes are the standard attributes every CreatePool pool
// declares as required, as the Alexa account-linking pool does.
var StandardAttributes = []string{"address", "email", "family_name", "given_name", "phone_number"}

// CustomString returns a mutable custom String attribute for CreatePool;
// name is given without the "custom:" prefix, as in CreateUserPool.
func CustomString(name string) types.SchemaAttributeType {
	return types.SchemaAttributeType{
		Name:                       aws.String(name),
		AttributeDataType:          types.AttributeDataTypeString,
		Mutable:                    aws.Bool(true),
		StringAttributeConstraints: &types.StringAttributeConstraintsType{MinLength: aws.String("0"), MaxLength: aws.String("2048")},
	}
}

// CustomNumber returns a mutable custom Number attribute for CreatePool;
// name is given without the "custom:" prefix.
func CustomNumber(name string) types.SchemaAttributeType {
	return types.SchemaAttributeType{
		Name:              aws.String(name),
		AttributeDataType: types.AttributeDataTypeNumber,
		Mutable:           aws.Bool(true),
	}
}

// CreatePool creates a user pool named name whose schema has the required
// standard attributes (StandardAttributes) plus customAttrs (names without
// the "custom:" prefix; see CustomString), and an app client without secret
// whose ExplicitAuthFlows allow USER_PASSWORD_AUTH and refresh tokens. Users
// sign in by username (no UsernameAttributes). It returns the pool ID and the
// client ID.
func (c *Cognito) CreatePool(t testing.TB, name string, customAttrs ...types.SchemaAttributeType) (poolID, clientID string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	schema := make([]types.SchemaAttributeType, 0, len(StandardAttributes)+len(customAttrs))
	for _, a := range StandardAttributes {
		schema = append(schema, types.SchemaAttributeType{
			Name:              aws.String(a),
			AttributeDataType: types.AttributeDataTypeString,
			Required:          aws.Bool(true),
			Mutable:           aws.Bool(true),
		})
	}
	schema = append(schema, customAttrs...)
	pool, err := c.Client.CreateUserPool(ctx, &cip.CreateUserPoolInput{
		PoolName:         aws.String(name),
		Schema:           schema,
		MfaConfiguration: types.UserPoolMfaTypeOff,
	})
	if err != nil {
		t.Fatalf("testpeers: CreateUserPool %q: %v\n%s", name, err, c.LogTail())
	}
	poolID = aws.ToString(pool.UserPool.Id)
	client, err := c.Client.CreateUserPoolClient(ctx, &cip.CreateUserPoolClientInput{
		UserPoolId: aws.String(poolID),
		ClientName: aws.String(name + "-client"),
		ExplicitAuthFlows: []types.ExplicitAuthFlowsType{
			types.ExplicitAuthFlowsTypeAllowUserPasswordAuth,
			types.ExplicitAuthFlowsTypeAllowRefreshTokenAuth,
		},
	})
	if err != nil {
		t.Fatalf("testpeers: CreateUserPoolClient for %s: %v\n%s", poolID, err, c.LogTail())
	}
	return poolID, aws.ToString(client.UserPoolClient.ClientId)
}

// CreateUser creates a confirmed user with the given attributes (names as
// GetUser returns them, e.g. "given_name", "custom:favorite_color") through
// AdminCreateUser (MessageAction SUPPRESS) and AdminSetUserPassword
// (Permanent), signs in with InitiateAuth USER_PASSWORD_AUTH, and returns the
// access token. Tests must not log the token.
func (c *Cognito) CreateUser(t testing.TB, poolID, clientID, username, password string, attrs map[string]string) (accessToken string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	names := make([]string, 0, len(attrs))
	for k := range attrs {
		names = append(names, k)
	}
	sort.Strings(names)
	ua := make([]types.AttributeType, 0, len(names))
	for _, k := range names {
		ua = append(ua, types.AttributeType{Name: aws.String(k), Value: aws.String(attrs[k])})
	}
	if _, err := c.Client.AdminCreateUser(ctx, &cip.AdminCreateUserInput{
		UserPoolId:     aws.String(poolID),
		Username:       aws.String(username),
		UserAttributes: ua,
		MessageAction:  types.MessageActionTypeSuppress,
	}); err != nil {
		t.Fatalf("testpeers: AdminCreateUser %q in %s: %v\n%s", username, poolID, err, c.LogTail())
	}
	if _, err := c.Client.AdminSetUserPassword(ctx, &cip.AdminSetUserPasswordInput{
		UserPoolId: aws.String(poolID),
		Username:   aws.String(username),
		Password:   aws.String(password),
		Permanent:  true,
	}); err != nil {
		t.Fatalf("testpeers: AdminSetUserPassword %q in %s: %v\n%s", username, poolID, err, c.LogTail())
	}
	out, err := c.Client.InitiateAuth(ctx, &cip.InitiateAuthInput{
		ClientId:       aws.String(clientID),
		AuthFlow:       types.AuthFlowTypeUserPasswordAuth,
		AuthParameters: map[string]string{"USERNAME": username, "PASSWORD": password},
	})
	if err != nil {
		t.Fatalf("testpeers: InitiateAuth USER_PASSWORD_AUTH for %q: %v\n%s", username, err, c.LogTail())
	}
	if out.AuthenticationResult == nil || aws.ToString(out.AuthenticationResult.AccessToken) == "" {
		t.Fatalf("testpeers: InitiateAuth for %q returned no access token (challenge %q)", username, out.ChallengeName)
	}
	return aws.ToString(out.AuthenticationResult.AccessToken)
}
