package e2e

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"

	"github.com/skillgen/skillgen/generated/linkedprofile"
	"github.com/skillgen/skillgen/internal/testpeers"
	"github.com/skillgen/skillgen/runtime"
	"github.com/skillgen/skillgen/runtime/lambdamain"
	"github.com/skillgen/skillgen/variants/membercard/generated/membercard"
)

// The household's question to each skill. The bundled skill asks a
// recognized member without their own link to link (the default); the
// member-card variant opts in to the account-level profile for them
// (personalization.unlinkedPerson: accountProfile).
var (
	householdPhone = testpeers.HouseholdSkill{SkillID: appID, Locale: "en-US",
		Intent: "RequestInfoIntent", Slot: "infoTypeRequested", ID: "phoneNumber",
		Say: func(p map[string]string) string {
			return `Your phone number is <say-as interpret-as="telephone">` + p["phone_number"] + `</say-as>.`
		}}
	householdPoints = testpeers.HouseholdSkill{SkillID: appID, Locale: "en-GB", Intent: "PointsIntent",
		Say: func(p map[string]string) string {
			return "You have " + p["custom:points"] + " points, " + p["given_name"] + "."
		},
		AccountProfile: true}
)

func householdAnswer(t *testing.T, out []byte) testpeers.HouseholdAnswer {
	r := parse(t, out)
	a := testpeers.HouseholdAnswer{Speech: r.speech()}
	if r.Response.Card != nil {
		a.CardType = r.Response.Card.Type
	}
	return a
}

func startHousehold(t *testing.T) (*cognitoUsers, *testpeers.Household) {
	u := startCognito(t)
	return u, u.peer.CreateHousehold(t, u.pool, u.client)
}

// TestHouseholdCognitoLocal: two members linked as two persons of one
// Alexa account, the account owner's account-level link, an unlinked
// recognized member and an unrecognized speaker, interleaved, through the
// Lambda handler built in process exactly as the bootstrap builds it (the
// runtime chain: each person's own token verified locally, the
// verified-token and profile caches, GetUser at cognito-local). The log
// says which link answered each request and holds no personId or token.
func TestHouseholdCognitoLocal(t *testing.T) {
	u, hh := startHousehold(t)
	for _, kv := range u.lambdaEnv() {
		k, v, _ := strings.Cut(kv, "=")
		t.Setenv(k, v)
	}
	var logs bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&logs, nil))
	lp, mc := lambdaInProcess(t, linkedprofile.Skill, log), lambdaInProcess(t, membercard.Skill, log)
	t.Run("linkedprofile (unlinked person asked to link)", func(t *testing.T) { testpeers.RunHousehold(t, hh, householdPhone, lp) })
	t.Run("membercard (unlinked person gets the account profile)", func(t *testing.T) { testpeers.RunHousehold(t, hh, householdPoints, mc) })
	text := logs.String()
	for _, level := range []string{`"linkLevel":"person"`, `"linkLevel":"account"`} {
		if !strings.Contains(text, level) {
			t.Errorf("no request line with %s:\n%s", level, text)
		}
	}
	for _, m := range append(hh.Linked, hh.Owner, hh.Unlinked) {
		for _, secret := range []string{m.Token, m.PersonID, m.Profile["phone_number"], m.Profile["given_name"]} {
			if secret != "" && strings.Contains(text, secret) {
				t.Errorf("the log holds %s's personId, token or profile", m.Name)
			}
		}
	}
}

// lambdaInProcess builds sk's Lambda handler as the bootstrap does, from
// the environment.
func lambdaInProcess[P any](t *testing.T, sk *runtime.Skill[P], log *slog.Logger) func(t *testing.T, body []byte) testpeers.HouseholdAnswer {
	inv, err := lambdamain.Handler(context.Background(), sk, log)
	if err != nil {
		t.Fatal(err)
	}
	return func(t *testing.T, body []byte) testpeers.HouseholdAnswer {
		out, err := inv.Invoke(context.Background(), body)
		if err != nil {
			t.Fatal(err)
		}
		return householdAnswer(t, out)
	}
}

// TestHouseholdLambda: the same household through the real bootstrap
// binaries under the Lambda Runtime Interface Emulator, with the
// function's own chain (local token verification, profile cache, GetUser
// against cognito-local).
func TestHouseholdLambda(t *testing.T) {
	u, hh := startHousehold(t)
	via := func(url string) func(t *testing.T, body []byte) testpeers.HouseholdAnswer {
		return func(t *testing.T, body []byte) testpeers.HouseholdAnswer {
			return householdAnswer(t, testpeers.Invoke(t, url, body))
		}
	}
	lp := testpeers.StartRIE(t, buildBootstrap(t, "generated/linkedprofile/lambda"), u.lambdaEnv())
	t.Run("linkedprofile (unlinked person asked to link)", func(t *testing.T) { testpeers.RunHousehold(t, hh, householdPhone, via(lp)) })
	mc := testpeers.StartRIE(t, buildBootstrap(t, "variants/membercard/generated/membercard/lambda"), u.lambdaEnv())
	t.Run("membercard (unlinked person gets the account profile)", func(t *testing.T) { testpeers.RunHousehold(t, hh, householdPoints, via(mc)) })
}
