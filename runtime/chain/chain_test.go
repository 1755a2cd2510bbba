package chain

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"errors"
	"log/slog"
	"math/big"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/golang-jwt/jwt/v5"

	"github.com/skillgen/skillgen/generated/linkedprofile"
	"github.com/skillgen/skillgen/runtime"
	"github.com/skillgen/skillgen/runtime/auth"
	"github.com/skillgen/skillgen/runtime/cognito"
	cd "github.com/skillgen/skillgen/runtime/internal/cognitodouble"
	"github.com/skillgen/skillgen/runtime/logging/logtest"
	"github.com/skillgen/skillgen/runtime/resilience"
)

const (
	pool     = "us-east-1_HardenTest"
	clientID = "hardenclient"
	appID    = "amzn1.ask.skill.11111111-2222-3333-4444-555555555555"
)

var (
	keyOnce sync.Once
	key     *rsa.PrivateKey
)

func signingKey(t testing.TB) *rsa.PrivateKey {
	keyOnce.Do(func() {
		var err error
		if key, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
			panic(err)
		}
	})
	return key
}

// jwks serves the test key's JWKS on 127.0.0.1.
func jwks(t testing.TB) (issuer string) {
	k := signingKey(t)
	body, _ := json.Marshal(map[string]any{"keys": []any{map[string]string{
		"kty": "RSA", "kid": "k1", "use": "sig", "alg": "RS256",
		"n": base64.RawURLEncoding.EncodeToString(k.N.Bytes()),
		"e": base64.RawURLEncoding.EncodeToString(big.NewInt(int64(k.E)).Bytes()),
	}}})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(body)
	}))
	t.Cleanup(srv.Close)
	return srv.URL + "/" + pool
}

func accessToken(t testing.TB, issuer, sub string, edit func(jwt.MapClaims)) string {
	now := time.Now()
	c := jwt.MapClaims{"sub": sub, "iss": issuer, "client_id": clientID, "token_use": "access",
		"scope": "aws.cognito.signin.user.admin", "iat": now.Unix(), "auth_time": now.Unix(),
		"exp": now.Add(time.Hour).Unix(), "username": sub}
	if edit != nil {
		edit(c)
	}
	tok := jwt.NewWithClaims(jwt.SigningMethodRS256, c)
	tok.Header["kid"] = "k1"
	s, err := tok.SignedString(signingKey(t))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// The test users' profile: every value must stay out of the logs.
var profile = map[string]string{
	"given_name":   "Zebulon",
	"family_name":  "Quartermaine",
	"email":        "zebulon.q@example.org",
	"phone_number": "+15555550199",
	"address":      "42 Wallaby Way, Sydney",
}

// Alexa request bodies for the linked-profile skill.
func request(typ, token, intent, infoID string) []byte {
	r := map[string]any{"type": typ, "requestId": "amzn1.echo-api.request.test-" + typ,
		"timestamp": time.Now().UTC().Format(time.RFC3339), "locale": "en-US"}
	if intent != "" {
		in := map[string]any{"name": intent, "confirmationStatus": "NONE"}
		if infoID != "" {
			in["slots"] = map[string]any{"infoTypeRequested": map[string]any{"name": "infoTypeRequested", "value": infoID,
				"resolutions": map[string]any{"resolutionsPerAuthority": []any{map[string]any{
					"authority": "amzn1.er-authority.echo-sdk." + appID + ".infoType", "status": map[string]any{"code": "ER_SUCCESS_MATCH"},
					"values": []any{map[string]any{"value": map[string]any{"name": infoID, "id": infoID}}}}}}}}
		}
		r["intent"] = in
	}
	user := map[string]any{"userId": "amzn1.ask.account.test"}
	if token != "" {
		user["accessToken"] = token
	}
	app := map[string]any{"applicationId": appID}
	b, _ := json.Marshal(map[string]any{"version": "1.0",
		"session": map[string]any{"new": true, "sessionId": "amzn1.echo-api.session.t", "application": app, "user": user},
		"context": map[string]any{"System": map[string]any{"application": app, "user": user}},
		"request": r})
	return b
}

func launch(token string) []byte { return request("LaunchRequest", token, "", "") }

// sdkGetUser is the runtime's Cognito source with the SDK retryer off,
// pointed at url.
func sdkGetUser(t testing.TB, url string) runtime.ProfileSource {
	cfg, err := config.LoadDefaultConfig(context.Background(), config.WithRegion("us-east-1"),
		config.WithCredentialsProvider(aws.AnonymousCredentials{}))
	if err != nil {
		t.Fatal(err)
	}
	return cognito.NewFromConfig(cfg, resilience.NoSDKRetries, func(o *cip.Options) { o.BaseEndpoint = aws.String(url) })
}

func authConfig(issuer string) auth.Config {
	return auth.Config{UserPoolID: pool, ClientID: clientID, Issuer: issuer}
}

type rig struct {
	double *cd.Double
	chain  *Chain
	invoke Invoker
	logs   *logtest.Sink
	issuer string
}

func newRig(t *testing.T, pol resilience.Policy) *rig {
	t.Helper()
	r := &rig{double: cd.New(profile), logs: &logtest.Sink{}, issuer: jwks(t)}
	t.Cleanup(r.double.Close)
	chain, err := New(sdkGetUser(t, r.double.URL), Config{
		Policy: pol,
		Auth:   authConfig(r.issuer),
	})
	if err != nil {
		t.Fatal(err)
	}
	log := r.logs.Logger()
	h, err := linkedprofile.New(chain.Source(), runtime.WithLogger(log))
	if err != nil {
		t.Fatal(err)
	}
	r.chain, r.invoke = chain, chain.Wrap(h, log)
	return r
}

func decode(t *testing.T, out []byte) *runtime.ResponseEnvelope {
	t.Helper()
	var env runtime.ResponseEnvelope
	if err := json.Unmarshal(out, &env); err != nil {
		t.Fatalf("response is not JSON: %v", err)
	}
	if env.Version != "1.0" || env.Response.OutputSpeech == nil || !strings.HasPrefix(env.Response.OutputSpeech.SSML, "<speak>") {
		t.Fatalf("not an Alexa speech response: %s", out)
	}
	return &env
}

// errorSpeech is the skill's error message, rendered by the skill itself.
func errorSpeech(t *testing.T) string {
	h, err := linkedprofile.New(runtime.ProfileSourceFunc(func(context.Context, string) (map[string]string, error) {
		return nil, errors.New("down")
	}), runtime.WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		t.Fatal(err)
	}
	out, err := h.Invoke(context.Background(), launch("x"))
	if err != nil {
		t.Fatal(err)
	}
	return decode(t, out).Response.OutputSpeech.SSML
}

const slack = 100 * time.Millisecond // the bound: budget + 100 ms

// The budget bounds the whole answer even when what is slow is not
// Cognito: a key set that does not answer. (Cognito's faults and bad tokens
// are the tables in runtime/e2e, run against every host of the chain.)
func TestBudgetCoversAHangingKeySet(t *testing.T) {
	hang := make(chan struct{})
	jwksSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-hang:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(func() { close(hang); jwksSrv.Close() })
	issuer := jwksSrv.URL + "/" + pool
	d := cd.New(profile)
	t.Cleanup(d.Close)
	pol := resilience.Policy{Budget: 500 * time.Millisecond}
	c, err := New(sdkGetUser(t, d.URL), Config{Policy: pol, Auth: auth.Config{UserPoolID: pool, ClientID: clientID, Issuer: issuer, FetchTimeout: 5 * time.Second}})
	if err != nil {
		t.Fatal(err)
	}
	logs := &logtest.Sink{}
	h, err := linkedprofile.New(c.Source(), runtime.WithLogger(logs.Logger()))
	if err != nil {
		t.Fatal(err)
	}
	inv := c.Wrap(h, logs.Logger())
	// A cold start's prefetch holds the key-set fetch; the request waits
	// for it only within its own budget.
	go c.Prefetch(context.Background(), 5*time.Second, logs.Logger())
	time.Sleep(20 * time.Millisecond)
	body := launch(accessToken(t, issuer, "u", nil))
	start := time.Now()
	out, err := inv(context.Background(), body)
	elapsed := time.Since(start)
	if err != nil {
		t.Fatal(err)
	}
	if got := decode(t, out).Response.OutputSpeech.SSML; got != errorSpeech(t) {
		t.Errorf("speech %q, want the error message", got)
	}
	if elapsed > pol.Budget+slack {
		t.Errorf("answered after %v, budget %v + %v", elapsed, pol.Budget, slack)
	}
	if d.Calls() != 0 {
		t.Errorf("GetUser calls = %d without a verified token", d.Calls())
	}
	if !strings.Contains(logs.String(), `"reason":"jwks_unavailable"`) {
		t.Errorf("log lacks the reason:\n%s", logs.String())
	}
}

func TestCacheThroughTheHandler(t *testing.T) {
	r := newRig(t, resilience.Policy{})
	tok := accessToken(t, r.issuer, "u1", nil)
	for range 100 {
		out, err := r.invoke(context.Background(), request("IntentRequest", tok, "SayHelloIntent", ""))
		if err != nil || !strings.Contains(decode(t, out).Response.OutputSpeech.SSML, "Zebulon") {
			t.Fatalf("%s, %v", out, err)
		}
	}
	if n := r.double.Calls(); n != 1 {
		t.Errorf("100 requests, one token: GetUser calls = %d, want 1", n)
	}

	// 32 concurrent first requests with a new token share one call; the
	// double answers after 200 ms so that they overlap.
	r.double.Delay = 200 * time.Millisecond
	r.double.SetPlan(cd.Always(cd.Slow))
	tok2 := accessToken(t, r.issuer, "u2", nil)
	var wg sync.WaitGroup
	for range 32 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out, err := r.invoke(context.Background(), launch(tok2))
			if err != nil || !strings.Contains(string(out), "Zebulon") {
				t.Errorf("%s, %v", out, err)
			}
		}()
	}
	wg.Wait()
	if n := r.double.Calls(); n != 2 {
		t.Errorf("32 concurrent first requests: GetUser calls = %d, want 2 in all", n)
	}
}

// The request log line carries the fields the issue names.
func TestRequestLogLine(t *testing.T) {
	r := newRig(t, resilience.Policy{})
	tok := accessToken(t, r.issuer, "u1", nil)
	if _, err := r.invoke(context.Background(), request("IntentRequest", tok, "RequestInfoIntent", "phoneNumber")); err != nil {
		t.Fatal(err)
	}
	if _, err := r.invoke(context.Background(), []byte(`{"not":"alexa"`)); err == nil {
		t.Error("bad request not an error")
	}
	lines := r.logs.Lines()
	if len(lines) != 2 {
		t.Fatalf("log lines = %d, want 2:\n%s", len(lines), r.logs.String())
	}
	var first map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &first); err != nil {
		t.Fatal(err)
	}
	for k, v := range map[string]any{"msg": "request", "requestId": "amzn1.echo-api.request.test-IntentRequest",
		"type": "IntentRequest", "intent": "RequestInfoIntent", "locale": "en-US", "outcome": "answered",
		"cognitoCalls": 1.0, "linked": true} {
		if first[k] != v {
			t.Errorf("%s = %v, want %v", k, first[k], v)
		}
	}
	for _, k := range []string{"cognitoMs", "totalMs", "time", "level"} {
		if _, ok := first[k]; !ok {
			t.Errorf("field %s missing", k)
		}
	}
	if !strings.Contains(lines[1], `"outcome":"bad_request"`) {
		t.Errorf("second line: %s", lines[1])
	}
	r.logs.AssertClean(t, append(profileValues(), tok)...)
}

func TestConfigFromEnv(t *testing.T) {
	env := map[string]string{"USER_POOL_ID": "us-east-1_X", "USER_POOL_CLIENT_ID": "c",
		EnvCacheTTL: "90s", EnvCacheSize: "50", resilience.EnvBudget: "2s"}
	c, err := ConfigFromEnv(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	if c.Cache.TTL != 90*time.Second || c.Cache.MaxEntries != 50 || c.Policy.Budget != 2*time.Second || c.Auth.UserPoolID != "us-east-1_X" {
		t.Errorf("config %+v", c)
	}
	bad := map[string]string{EnvCacheTTL: "soon", EnvCacheSize: "-3", resilience.EnvBudget: "20s"}
	_, err = ConfigFromEnv(func(k string) string { return bad[k] })
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{"USER_POOL_ID", EnvCacheTTL, EnvCacheSize, resilience.EnvBudget} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not name %s", err, want)
		}
	}
}

func profileValues() []string {
	var v []string
	for _, s := range profile {
		v = append(v, s)
	}
	return v
}
