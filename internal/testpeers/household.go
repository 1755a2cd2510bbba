package testpeers

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// Household is one Alexa account shared by a household, with its users in
// a cognito-local pool: the account-level link belongs to the owner, two
// members Alexa recognizes by voice linked the skill to their own
// accounts, and a third recognized member has not linked.
type Household struct {
	// Owner is the account-level link (context.System.user.accessToken).
	Owner Member
	// Linked are the recognized members with their own links
	// (context.System.person.accessToken).
	Linked []Member
	// Unlinked is a recognized member without their own link.
	Unlinked Member
}

// Member is one person of the household: their Cognito profile and, for
// recognized speakers, their personId; Token is their access token (empty
// for the unlinked member). Tests must not log tokens.
type Member struct {
	Name     string
	PersonID string
	Token    string
	Profile  map[string]string
}

// HouseholdProfiles are the household's Cognito profiles by user name;
// each value is distinct, so an answer shows whose profile it came from.
var HouseholdProfiles = map[string]map[string]string{
	"owner": {"given_name": "Olive", "family_name": "Owner", "email": "olive@example.com", "phone_number": "+15555550101",
		"address": "1 Shared Road, Springfield", "custom:member_id": "OWN1", "custom:points": "100"},
	"erin": {"given_name": "Erin", "family_name": "Member & Co", "email": "erin@example.com", "phone_number": "+15555550202",
		"address": "1 Shared Road, Springfield", "custom:member_id": "ERIN2", "custom:points": "200"},
	"finn": {"given_name": "Finn", "family_name": "O'Member", "email": "finn@example.com", "phone_number": "+15555550303",
		"address": "1 Shared Road, Springfield", "custom:member_id": "FINN3", "custom:points": "300"},
}

// CreateHousehold creates the household's users in the pool and signs the
// owner and the two linked members in.
func (c *Cognito) CreateHousehold(t testing.TB, poolID, clientID string) *Household {
	t.Helper()
	user := func(name, personID, password string) Member {
		return Member{Name: name, PersonID: personID, Profile: HouseholdProfiles[name],
			Token: c.CreateUser(t, poolID, clientID, name, password, HouseholdProfiles[name])}
	}
	return &Household{
		Owner:    user("owner", "", "Correct-Horse-10"),
		Linked:   []Member{user("erin", "amzn1.ask.person.ERINEXAMPLE", "Correct-Horse-11"), user("finn", "amzn1.ask.person.FINNEXAMPLE", "Correct-Horse-12")},
		Unlinked: Member{Name: "gus", PersonID: "amzn1.ask.person.GUSEXAMPLE"},
	}
}

// Speaker is who speaks in a household request: nil for a speaker Alexa
// does not recognize.
type Speaker = *Member

// HouseholdRequest is an IntentRequest in the documented shape of a skill
// with personalization: the account-level token in context.System.user
// (and session.user), and, for a recognized speaker, context.System.person
// with their personId and, once they linked, their own accessToken.
// slot and id, when set, resolve one slot to a value id.
type HouseholdRequest struct {
	SkillID, Locale, Intent string
	Slot, ID                string
	AccountToken            string
	Speaker                 Speaker
}

// Body renders the request as Alexa sends it, timestamped now.
func (r HouseholdRequest) Body(t testing.TB) []byte {
	t.Helper()
	user := map[string]any{"userId": "amzn1.ask.account.AHOUSEHOLDEXAMPLE"}
	if r.AccountToken != "" {
		user["accessToken"] = r.AccountToken
	}
	app := map[string]any{"applicationId": r.SkillID}
	sys := map[string]any{"application": app, "user": user, "apiEndpoint": "https://api.amazonalexa.com",
		"device": map[string]any{"deviceId": "amzn1.ask.device.AHOUSEHOLDECHO", "supportedInterfaces": map[string]any{}}}
	if r.Speaker != nil {
		p := map[string]any{"personId": r.Speaker.PersonID, "authenticationConfidenceLevel": map[string]any{"level": 400}}
		if r.Speaker.Token != "" {
			p["accessToken"] = r.Speaker.Token
		}
		sys["person"] = p
	}
	in := map[string]any{"name": r.Intent, "confirmationStatus": "NONE"}
	if r.Slot != "" {
		in["slots"] = map[string]any{r.Slot: map[string]any{"name": r.Slot, "value": r.ID, "confirmationStatus": "NONE",
			"resolutions": map[string]any{"resolutionsPerAuthority": []any{map[string]any{
				"authority": "amzn1.er-authority.echo-sdk." + r.SkillID + ".type",
				"status":    map[string]any{"code": "ER_SUCCESS_MATCH"},
				"values":    []any{map[string]any{"value": map[string]any{"name": r.ID, "id": r.ID}}},
			}}}}}
	}
	b, err := json.Marshal(map[string]any{
		"version": "1.0",
		"session": map[string]any{"new": false, "sessionId": "amzn1.echo-api.session.HOUSEHOLD", "application": app,
			"attributes": map[string]any{}, "user": user},
		"context": map[string]any{"System": sys},
		"request": map[string]any{"type": "IntentRequest", "requestId": "amzn1.echo-api.request.HOUSEHOLD",
			"timestamp": time.Now().UTC().Format(time.RFC3339), "locale": r.Locale, "intent": in, "dialogState": "COMPLETED"},
	})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// HouseholdSkill says how a skill answers the household's question.
type HouseholdSkill struct {
	SkillID, Locale string
	Intent          string
	Slot, ID        string // optional slot resolution
	// Say is what the answer must contain for a profile.
	Say func(profile map[string]string) string
	// AccountProfile: the skill answers a recognized member without their
	// own link from the account-level link (personalization.unlinkedPerson:
	// accountProfile); otherwise it asks them to link.
	AccountProfile bool
}

// HouseholdAnswer is the part of a response RunHousehold reads.
type HouseholdAnswer struct {
	Speech   string // the SSML
	CardType string // "" for no card
}

// RunHousehold asks the household's question through invoke in an
// interleaved order (linked members, the unlinked member and an
// unrecognized speaker in turn, three rounds, each round rotated) and
// checks that every speaker hears only what they may: a linked member
// their own profile, an unrecognized speaker the account-level profile,
// the unlinked member the link-account card or, with AccountProfile, the
// account-level profile; and never another member's values.
func RunHousehold(t *testing.T, h *Household, sk HouseholdSkill, invoke func(t *testing.T, body []byte) HouseholdAnswer) {
	t.Helper()
	unlinked := h.Unlinked
	speakers := []struct {
		name string
		who  Speaker
	}{{"erin", &h.Linked[0]}, {"finn", &h.Linked[1]}, {"unrecognized", nil}, {"gus (recognized, not linked)", &unlinked}}
	everyone := []Member{h.Owner, h.Linked[0], h.Linked[1]}
	for round := range 3 {
		for i := range speakers {
			sp := speakers[(i+round)%len(speakers)]
			req := HouseholdRequest{SkillID: sk.SkillID, Locale: sk.Locale, Intent: sk.Intent, Slot: sk.Slot, ID: sk.ID,
				AccountToken: h.Owner.Token, Speaker: sp.who}
			ans := invoke(t, req.Body(t))
			var want *Member // whose profile must be heard; nil: the link card
			switch {
			case sp.who == nil:
				want = &h.Owner
			case sp.who.Token != "":
				want = sp.who
			case sk.AccountProfile:
				want = &h.Owner
			}
			if want == nil {
				if ans.CardType != "LinkAccount" {
					t.Errorf("round %d, %s: card %q, want the LinkAccount card; speech %s", round, sp.name, ans.CardType, ans.Speech)
				}
			} else if s := sk.Say(want.Profile); !strings.Contains(ans.Speech, s) {
				t.Errorf("round %d, %s: speech %s\nwant %s's %q", round, sp.name, ans.Speech, want.Name, s)
			}
			for _, other := range everyone {
				if want != nil && other.Name == want.Name {
					continue
				}
				if s := sk.Say(other.Profile); strings.Contains(ans.Speech, s) {
					t.Errorf("round %d, %s heard %s's profile: %s", round, sp.name, other.Name, ans.Speech)
				}
			}
		}
	}
}
