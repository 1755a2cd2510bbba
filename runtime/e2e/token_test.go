package e2e

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"math/big"
	"net/http"
	"net/http/httptest"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/skillgen/skillgen/generated/linkedprofile"
	"github.com/skillgen/skillgen/internal/testpeers"
	"github.com/skillgen/skillgen/runtime"
	cd "github.com/skillgen/skillgen/runtime/internal/cognitodouble"
)

// testPool is the user pool the test key signs for.
const (
	testPool   = "us-east-1_TokenTest"
	testClient = "tokentestclient"
	testKid    = "test-key-1"
)

// tokenIssuer signs Cognito-shaped access tokens with a test key and serves
// its key set on 127.0.0.1, where COGNITO_ISSUER and COGNITO_JWKS_URL point
// the function.
type tokenIssuer struct {
	key *rsa.PrivateKey
	srv *httptest.Server
}

var (
	issuerKeyOnce sync.Once
	issuerKey     *rsa.PrivateKey
)

func newTokenIssuer(t testing.TB) *tokenIssuer {
	t.Helper()
	issuerKeyOnce.Do(func() {
		var err error
		if issuerKey, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
			panic(err)
		}
	})
	ti := &tokenIssuer{key: issuerKey}
	jwks, err := json.Marshal(map[string]any{"keys": []map[string]string{{
		"kty": "RSA", "kid": testKid, "use": "sig", "alg": "RS256",
		"n": base64.RawURLEncoding.EncodeToString(issuerKey.PublicKey.N.Bytes()),
		"e": base64.RawURLEncoding.EncodeToString(big.NewInt(int64(issuerKey.PublicKey.E)).Bytes()),
	}}})
	if err != nil {
		t.Fatal(err)
	}
	ti.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/"+testPool+"/.well-known/jwks.json" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(jwks)
	}))
	t.Cleanup(ti.srv.Close)
	return ti
}

func (ti *tokenIssuer) issuer() string { return ti.srv.URL + "/" + testPool }

// env points the function at this issuer and at a GetUser endpoint.
func (ti *tokenIssuer) env(getUserURL string) []string {
	return []string{
		"USER_POOL_ID=" + testPool,
		"USER_POOL_CLIENT_ID=" + testClient,
		"COGNITO_REGION=us-east-1",
		"COGNITO_ISSUER=" + ti.issuer(),
		"COGNITO_JWKS_URL=" + ti.issuer() + "/.well-known/jwks.json",
		"AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER=" + getUserURL,
		"AWS_ACCESS_KEY_ID=test", "AWS_SECRET_ACCESS_KEY=test",
		"SKILL_ID=" + appID,
	}
}

// token mints an access token as Cognito does, plus claims (what the pre
// token generation trigger adds).
func (ti *tokenIssuer) token(t testing.TB, claims map[string]any) string {
	t.Helper()
	now := time.Now()
	c := jwt.MapClaims{
		"sub": "0d9a7c5e-1111-4222-8333-944445555666", "iss": ti.issuer(), "client_id": testClient,
		"token_use": "access", "scope": "openid profile aws.cognito.signin.user.admin",
		"auth_time": now.Unix(), "iat": now.Unix(), "exp": now.Add(time.Hour).Unix(),
		"jti": rand.Text(), "username": "ada",
	}
	for k, v := range claims {
		c[k] = v
	}
	tok := jwt.NewWithClaims(jwt.SigningMethodRS256, c)
	tok.Header["kid"] = testKid
	s, err := tok.SignedString(ti.key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// preTokenEvent is a version 2 pre token generation event in the shape
// AWS documents, for ada plus attributes the skill does not speak.
func preTokenEvent(t testing.TB, source string) []byte {
	t.Helper()
	attrs := map[string]string{
		"sub": "0d9a7c5e-1111-4222-8333-944445555666", "cognito:user_status": "CONFIRMED",
		"email_verified": "true", "birthdate": "1815-12-10",
	}
	for k, v := range ada {
		attrs[k] = v
	}
	b, err := json.Marshal(map[string]any{
		"version": "2", "triggerSource": source, "region": "us-east-1",
		"userPoolId": testPool, "userName": "ada",
		"callerContext": map[string]string{"awsSdkVersion": "aws-sdk-unknown-unknown", "clientId": testClient},
		"request": map[string]any{
			"userAttributes":     attrs,
			"groupConfiguration": map[string]any{"groupsToOverride": []string{}, "iamRolesToOverride": []string{}, "preferredRole": nil},
			"scopes":             []string{"openid", "profile", "aws.cognito.signin.user.admin"},
		},
		"response": map[string]any{"claimsAndScopeOverrideDetails": nil},
	})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestTokenModeEndToEnd runs the bundled skill's one bootstrap twice under
// the Lambda Runtime Interface Emulator: as the pool's pre token generation
// trigger (handler "pretoken"), then as the skill. The claims the trigger
// returns go into an access token signed by the test key, and with it the
// skill answers every intent of the bundled skill while a Cognito double
// that fails every call counts zero GetUser calls. A token without the
// claims (issued before the trigger existed) falls back to exactly one
// GetUser for all those answers (the profile cache holds it per token).
func TestTokenModeEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the bootstrap and runs the emulator")
	}
	if len(linkedprofile.Skill.ProfileClaims) == 0 {
		t.Fatal("the bundled skill is not in token mode")
	}
	boot := buildBootstrap(t, "generated/linkedprofile/lambda")

	// 1. The trigger.
	trigger := testpeers.StartRIE(t, boot, []string{"_HANDLER=pretoken"})
	var claims map[string]any
	for _, source := range []string{"TokenGeneration_HostedAuth", "TokenGeneration_RefreshTokens"} {
		out := testpeers.Invoke(t, trigger, preTokenEvent(t, source))
		var ev struct {
			UserName string `json:"userName"`
			Response struct {
				Details struct {
					Access struct {
						Add      map[string]any `json:"claimsToAddOrOverride"`
						Suppress []string       `json:"claimsToSuppress"`
						Scopes   []string       `json:"scopesToAdd"`
					} `json:"accessTokenGeneration"`
					ID struct {
						Add map[string]any `json:"claimsToAddOrOverride"`
					} `json:"idTokenGeneration"`
				} `json:"claimsAndScopeOverrideDetails"`
			} `json:"response"`
		}
		if err := json.Unmarshal(out, &ev); err != nil {
			t.Fatalf("trigger answered %s: %v", out, err)
		}
		d := ev.Response.Details
		want := map[string]any{
			"given_name": ada["given_name"], "family_name": ada["family_name"], "email": ada["email"],
			"phone_number": ada["phone_number"], "address": map[string]any{"formatted": ada["address"]},
		}
		if !reflect.DeepEqual(d.Access.Add, want) {
			t.Errorf("%s: access-token claims\n got %v\nwant %v", source, d.Access.Add, want)
		}
		if d.Access.Suppress != nil || d.Access.Scopes != nil || d.ID.Add != nil || ev.UserName != "ada" {
			t.Errorf("%s: the trigger changes more than access-token claims: %s", source, out)
		}
		claims = d.Access.Add
	}

	// 2. The skill, with the claims in the token and a Cognito that fails
	// every call.
	ti := newTokenIssuer(t)
	failing := cd.New(ada)
	t.Cleanup(failing.Close)
	failing.SetPlan(cd.Always(cd.ServerError))
	skill := testpeers.StartRIE(t, boot, ti.env(failing.URL))
	withClaims := ti.token(t, claims)
	for _, loc := range []string{"en-US", "en-GB"} {
		run(t, linkedProfileCases(loc, withClaims), viaRIE(skill))
	}
	if n := failing.Calls(); n != 0 {
		t.Errorf("a token carrying the claims cost %d GetUser calls, want 0", n)
	}

	// 3. A token without the claims: one GetUser, then the cache.
	ok := cd.New(ada)
	t.Cleanup(ok.Close)
	fallback := testpeers.StartRIE(t, boot, ti.env(ok.URL))
	plain := ti.token(t, nil)
	for _, loc := range []string{"en-US", "en-GB"} {
		run(t, linkedProfileCases(loc, plain), viaRIE(fallback))
	}
	if n := ok.Calls(); n != 1 {
		t.Errorf("a token without the claims cost %d GetUser calls, want exactly 1", n)
	}
}

// TestHandlerPassesNeeds: the handler tells its profile source what the
// answer needs, which is how the token's claims can answer without GetUser
// even when a claim another answer needs is absent.
func TestHandlerPassesNeeds(t *testing.T) {
	var got []string
	src := runtime.ProfileSourceFunc(func(ctx context.Context, _ string) (map[string]string, error) {
		n, ok := runtime.NeedsFrom(ctx)
		if !ok {
			t.Error("no needs in the context")
		}
		got = append([]string(nil), n...)
		return ada, nil
	})
	h, err := linkedprofile.New(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		req  alexa
		want []string
	}{
		{alexa{typ: "LaunchRequest", locale: "en-US", token: "t", newSess: true}, []string{"given_name"}},
		{alexa{typ: "IntentRequest", locale: "en-US", token: "t", intent: "RequestInfoIntent", slot: "infoTypeRequested", value: "mobile number", id: "phoneNumber"}, []string{"phone_number"}},
		{alexa{typ: "IntentRequest", locale: "en-US", token: "t", intent: "RequestInfoIntent", slot: "infoTypeRequested", value: "all my info", id: "fullProfile"}, []string{"given_name", "family_name", "email", "phone_number", "address"}},
	} {
		got = nil
		if _, err := h.Invoke(context.Background(), c.req.body(t)); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s %s: needs %v, want %v", c.req.typ, c.req.id, got, c.want)
		}
	}
	if _, ok := runtime.NeedsFrom(context.Background()); ok {
		t.Error("NeedsFrom finds needs in a bare context")
	}
}
