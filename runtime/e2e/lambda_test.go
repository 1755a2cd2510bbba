package e2e

import (
	"context"
	"path/filepath"
	goruntime "runtime"
	"strings"
	"testing"

	"github.com/skillgen/skillgen/internal/build"
	"github.com/skillgen/skillgen/internal/testpeers"
	cd "github.com/skillgen/skillgen/runtime/internal/cognitodouble"
)

// buildBootstrap compiles a generated Lambda entry as bootstrap for
// linux/<this machine's arch>, the way skillgen build does for deployment.
func buildBootstrap(t testing.TB, pkg string) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "bootstrap")
	if err := build.Compile(context.Background(), filepath.Join(testpeers.RepoRoot(t), pkg), goruntime.GOARCH, bin); err != nil {
		t.Fatal(err)
	}
	return bin
}

func viaRIE(url string) func(t *testing.T, body []byte) []byte {
	return func(t *testing.T, body []byte) []byte { return testpeers.Invoke(t, url, body) }
}

// TestLambdaCognitoLocal sends the same requests as TestCognitoLocal to the
// real bootstrap binary under the Lambda Runtime Interface Emulator, one
// invocation at a time, with the function pointed at cognito-local.
func TestLambdaCognitoLocal(t *testing.T) {
	u := startCognito(t)
	boot := buildBootstrap(t, "generated/linkedprofile/lambda")
	url := testpeers.StartRIE(t, boot, append(u.lambdaEnv(), "SKILL_ID="+appID))
	for _, loc := range []string{"en-US", "en-GB"} {
		t.Run(loc, func(t *testing.T) {
			run(t, linkedProfileCases(loc, u.adaToken), viaRIE(url))
			run(t, missingPhoneCases(loc, u.noPhon), viaRIE(url))
			run(t, linkAccountCases(loc, ""), viaRIE(url))
		})
	}
	t.Run("wrong skill ID is rejected", func(t *testing.T) {
		body := alexa{typ: "LaunchRequest", locale: "en-US", token: u.adaToken}.body(t)
		body = []byte(strings.ReplaceAll(string(body), appID, "amzn1.ask.skill.00000000-dead-beef-0000-000000000000"))
		out := string(testpeers.Invoke(t, url, body))
		if !strings.Contains(out, "errorMessage") || !strings.Contains(out, "another skill") || strings.Contains(out, "outputSpeech") {
			t.Errorf("response to another skill's request: %s", out)
		}
	})

	mc := buildBootstrap(t, "variants/membercard/generated/membercard/lambda")
	mcURL := testpeers.StartRIE(t, mc, u.lambdaEnv())
	for _, loc := range []string{"en-US", "en-GB"} {
		t.Run("membercard/"+loc, func(t *testing.T) {
			run(t, memberCardCases(loc, u.adaToken), viaRIE(mcURL))
		})
	}
}

// TestLambdaRejectedToken: cognito-local never rejects a token, so GetUser
// goes to a test double speaking Cognito's JSON protocol, which answers
// NotAuthorizedException (as Cognito does for a revoked token) and then
// HTTP 500. The token itself is a real cognito-local token, so it passes
// the function's local verification and reaches GetUser. The bootstrap
// must answer with the LinkAccount card, then with the error message.
func TestLambdaRejectedToken(t *testing.T) {
	u := startCognito(t)
	d := cd.New(ada)
	t.Cleanup(d.Close)
	d.SetPlan(cd.Always(cd.NotAuthorized))
	boot := buildBootstrap(t, "generated/linkedprofile/lambda")
	env := append(u.lambdaEnv(), "AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER="+d.URL, "PROFILE_CACHE_TTL=1ms")
	url := testpeers.StartRIE(t, boot, env)
	run(t, linkAccountCases("en-GB", u.adaToken), viaRIE(url))
	if d.Calls() == 0 {
		t.Fatal("GetUser never reached the double")
	}
	d.SetPlan(cd.Always(cd.ServerError))
	run(t, cognitoErrorCases("en-US", u.noPhon), viaRIE(url))
}

// TestLambdaForgedToken: a token that is not a valid Cognito JWT is
// rejected by the function's local verification before any Cognito call,
// with the LinkAccount card.
func TestLambdaForgedToken(t *testing.T) {
	u := startCognito(t)
	d := cd.New(ada)
	t.Cleanup(d.Close)
	boot := buildBootstrap(t, "generated/linkedprofile/lambda")
	url := testpeers.StartRIE(t, boot, append(u.lambdaEnv(), "AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER="+d.URL))
	run(t, linkAccountCases("en-US", "garbage.not.ajwt"), viaRIE(url))
	if d.Calls() != 0 {
		t.Errorf("forged token reached GetUser %d times", d.Calls())
	}
}
