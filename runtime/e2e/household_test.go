package e2e

import (
	"context"
	"testing"

	"github.com/skillgen/skillgen/generated/linkedprofile"
	"github.com/skillgen/skillgen/internal/testpeers"
	"github.com/skillgen/skillgen/runtime"
	"github.com/skillgen/skillgen/runtime/cache"
	"github.com/skillgen/skillgen/runtime/cognito"
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
// generated skills in process with the runtime's Cognito source behind the
// profile cache (so a cached answer for one person would show up for
// another).
func TestHouseholdCognitoLocal(t *testing.T) {
	u, hh := startHousehold(t)
	u.peer.SetEnv(t)
	cs, err := cognito.New(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	src := cache.New(cs, cache.Config{})
	lp, err := linkedprofile.New(src)
	if err != nil {
		t.Fatal(err)
	}
	mc, err := membercard.New(src)
	if err != nil {
		t.Fatal(err)
	}
	in := func(h *runtime.Handler) func(t *testing.T, body []byte) testpeers.HouseholdAnswer {
		return func(t *testing.T, body []byte) testpeers.HouseholdAnswer {
			out, err := h.Invoke(context.Background(), body)
			if err != nil {
				t.Fatal(err)
			}
			return householdAnswer(t, out)
		}
	}
	t.Run("linkedprofile (unlinked person asked to link)", func(t *testing.T) { testpeers.RunHousehold(t, hh, householdPhone, in(lp)) })
	t.Run("membercard (unlinked person gets the account profile)", func(t *testing.T) { testpeers.RunHousehold(t, hh, householdPoints, in(mc)) })
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
