package e2e

import (
	"context"
	"testing"

	"github.com/skillgen/skillgen/generated/linkedprofile"
	"github.com/skillgen/skillgen/internal/testpeers"
	"github.com/skillgen/skillgen/runtime"
	"github.com/skillgen/skillgen/runtime/cognito"
	cd "github.com/skillgen/skillgen/runtime/internal/cognitodouble"
	"github.com/skillgen/skillgen/variants/membercard/generated/membercard"
)

// cognitoUsers is a cognito-local pool with the five standard attributes
// plus custom ones, and two users signed in with USER_PASSWORD_AUTH.
type cognitoUsers struct {
	peer             *testpeers.Cognito
	pool, client     string
	adaToken, noPhon string
}

// lambdaEnv is the function environment the deploy template sets, pointed
// at cognito-local: pool and client (for local token verification), issuer
// and key set, and the GetUser endpoint.
func (u *cognitoUsers) lambdaEnv() []string {
	return append(u.peer.Env(),
		"USER_POOL_ID="+u.pool,
		"USER_POOL_CLIENT_ID="+u.client,
		"COGNITO_ISSUER="+u.peer.Issuer(u.pool),
		"COGNITO_JWKS_URL="+u.peer.JWKSURL(u.pool),
		"COGNITO_REGION=us-east-1",
	)
}

func startCognito(t testing.TB) *cognitoUsers {
	t.Helper()
	if testing.Short() {
		t.Skip("starts cognito-local")
	}
	c := testpeers.StartCognito(t)
	pool, client := c.CreatePool(t, "Alexa Skill Users", testpeers.CustomString("member_id"), testpeers.CustomNumber("points"))
	return &cognitoUsers{
		peer:     c,
		pool:     pool,
		client:   client,
		adaToken: c.CreateUser(t, pool, client, "ada", "Correct-Horse-1", ada),
		noPhon:   c.CreateUser(t, pool, client, "bob", "Correct-Horse-2", noPhone()),
	}
}

// TestCognitoLocal answers every request of the bundled skill from a real
// cognito-local through the runtime's Cognito source (GetUser with the
// access token, endpoint from AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER).
func TestCognitoLocal(t *testing.T) {
	u := startCognito(t)
	u.peer.SetEnv(t)
	src, err := cognito.New(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	h, err := linkedprofile.New(src)
	if err != nil {
		t.Fatal(err)
	}
	mc, err := membercard.New(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, loc := range []string{"en-US", "en-GB"} {
		t.Run(loc, func(t *testing.T) {
			run(t, linkedProfileCases(loc, u.adaToken), inProcess(h))
			run(t, missingPhoneCases(loc, u.noPhon), inProcess(h))
			run(t, linkAccountCases(loc, ""), inProcess(h))
			run(t, memberCardCases(loc, u.adaToken), inProcess(mc))
		})
	}
}

// TestRejectedToken: cognito-local never rejects a token (expired, forged
// and revoked tokens all get the user back), so Cognito's
// NotAuthorizedException comes from a test double speaking the same JSON
// protocol. The skill must answer with the LinkAccount card, not an error;
// other Cognito failures get the spec's error message.
func TestRejectedToken(t *testing.T) {
	d := cd.New(ada)
	t.Cleanup(d.Close)
	t.Setenv("AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER", d.URL)
	src, err := cognito.New(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	h, err := linkedprofile.New(src)
	if err != nil {
		t.Fatal(err)
	}
	d.SetPlan(cd.Always(cd.NotAuthorized))
	run(t, linkAccountCases("en-US", "expired-token"), inProcess(h))
	d.SetPlan(cd.Always(cd.ServerError))
	run(t, cognitoErrorCases("en-GB", "some-token"), inProcess(h))
}

func cognitoErrorCases(locale, tok string) []tc {
	return []tc{{
		name:   "cognito down",
		req:    alexa{typ: "LaunchRequest", locale: locale, token: tok, newSess: true},
		speech: []string{"<speak>Sorry, I can't reach your profile right now. Please try again in a moment.</speak>"},
		end:    yes(),
	}}
}

var _ runtime.ProfileSource = (*cognito.Source)(nil)
