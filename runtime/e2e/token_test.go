package e2e

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/skillgen/skillgen/generated/linkedprofile"
	"github.com/skillgen/skillgen/internal/testpeers"
	"github.com/skillgen/skillgen/runtime"
	cd "github.com/skillgen/skillgen/runtime/internal/cognitodouble"
)

// The pool and app client the test key signs for.
const (
	testPool   = "us-east-1_TokenTest"
	testClient = "tokentestclient"
)

// tokenEnv points the function at the test issuer's pool and key set and
// at a GetUser endpoint.
func tokenEnv(ti *testpeers.TokenIssuer, getUserURL string) []string {
	return []string{
		"USER_POOL_ID=" + testPool,
		"USER_POOL_CLIENT_ID=" + testClient,
		"COGNITO_REGION=us-east-1",
		"COGNITO_ISSUER=" + ti.Issuer,
		"COGNITO_JWKS_URL=" + ti.JWKSURL,
		"AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER=" + getUserURL,
		"AWS_ACCESS_KEY_ID=test", "AWS_SECRET_ACCESS_KEY=test",
		"SKILL_ID=" + appID,
	}
}

// tokenWith mints ada's access token as Cognito does, plus claims (what
// the pre token generation trigger adds).
func tokenWith(t testing.TB, ti *testpeers.TokenIssuer, claims map[string]any) string {
	return ti.Token(t, "ada", func(c map[string]any) {
		for k, v := range claims {
			c[k] = v
		}
	})
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
	ti := testpeers.NewTokenIssuer(t, testPool, testClient)
	failing := cd.New(ada)
	t.Cleanup(failing.Close)
	failing.SetPlan(cd.Always(cd.ServerError))
	skill := testpeers.StartRIE(t, boot, tokenEnv(ti, failing.URL))
	withClaims := tokenWith(t, ti, claims)
	for _, loc := range []string{"en-US", "en-GB"} {
		run(t, linkedProfileCases(loc, withClaims), viaRIE(skill))
	}
	if n := failing.Calls(); n != 0 {
		t.Errorf("a token carrying the claims cost %d GetUser calls, want 0", n)
	}

	// 3. A token without the claims: one GetUser, then the cache.
	ok := cd.New(ada)
	t.Cleanup(ok.Close)
	fallback := testpeers.StartRIE(t, boot, tokenEnv(ti, ok.URL))
	plain := tokenWith(t, ti, nil)
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
