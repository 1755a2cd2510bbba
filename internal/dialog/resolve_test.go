package dialog

import (
	"strings"
	"testing"

	"github.com/skillgen/skillgen/generator/ir"
)

// tutorialSkill is the tutorial's model, built by hand so the resolver is
// tested apart from the validator.
func tutorialSkill() *ir.Skill {
	info := &ir.SlotType{Name: "infoType"}
	add := func(id, value string, syn ...string) {
		v := &ir.SlotValue{ID: id, Value: map[string]string{}, Synonyms: map[string][]string{}}
		for _, l := range []string{"en-US", "en-GB"} {
			v.Value[l] = value
			v.Synonyms[l] = syn
		}
		info.Values = append(info.Values, v)
	}
	add("fullName", "name", "full name", "user name", "complete name", "who am i")
	add("streetAddress", "street address", "mailing address", "where I hang my hat", "where I live", "home address", "address")
	add("phoneNumber", "phone number", "mobile number", "contact number", "home number", "telephone number", "text address", "number")
	add("emailAddress", "email address", "email account", "a. o. l. account", "g. mail", "electronic mail address", "email")
	add("fullProfile", "full profile", "everything about me", "all my info", "my data")
	slot := &ir.Slot{Name: "infoTypeRequested", Type: "infoType", Enum: info}
	both := func(s ...string) map[string][]string {
		return map[string][]string{"en-US": s, "en-GB": s}
	}
	return &ir.Skill{
		Package: "linkedprofile",
		Locales: []*ir.Locale{
			{Code: "en-GB", Language: "en", Invocation: "link demo"},
			{Code: "en-US", Language: "en", Invocation: "link demo"},
		},
		SlotTypes: []*ir.SlotType{info},
		Intents: []*ir.Intent{
			{Name: "SayHelloIntent", Samples: both("hello", "hey", "good day", "hi")},
			{Name: "RequestInfoIntent", Slots: []*ir.Slot{slot}, Samples: both(
				"tell me my {infoTypeRequested}", "what is my {infoTypeRequested}",
				"give me my {infoTypeRequested}", "{infoTypeRequested}",
				"what is {infoTypeRequested}", "what's {infoTypeRequested}",
				"what's my {infoTypeRequested}", "tell me {infoTypeRequested}")},
		},
	}
}

func TestResolve(t *testing.T) {
	const id = "amzn1.ask.skill.test"
	for _, loc := range []string{"en-US", "en-GB"} {
		r, err := NewResolver(tutorialSkill(), loc, id)
		if err != nil {
			t.Fatal(err)
		}
		cases := []struct {
			utter   string
			want    string // kind/intent/slot status/id
			invoked bool
		}{
			{"open link demo", "LaunchRequest", true},
			{"Alexa, open Link Demo.", "LaunchRequest", true},
			{"launch link demo", "LaunchRequest", true},
			{"start link demo", "LaunchRequest", true},
			{"talk to link demo", "LaunchRequest", true},
			{"ask link demo", "LaunchRequest", true},
			{"what is my name", "IntentRequest/RequestInfoIntent/ER_SUCCESS_MATCH/fullName", false},
			{"what is my number", "IntentRequest/RequestInfoIntent/ER_SUCCESS_MATCH/phoneNumber", false},
			{"what's my address", "IntentRequest/RequestInfoIntent/ER_SUCCESS_MATCH/streetAddress", false},
			{"What’s my address?", "IntentRequest/RequestInfoIntent/ER_SUCCESS_MATCH/streetAddress", false},
			{"what is my email", "IntentRequest/RequestInfoIntent/ER_SUCCESS_MATCH/emailAddress", false},
			{"who am i", "IntentRequest/RequestInfoIntent/ER_SUCCESS_MATCH/fullName", false},
			{"Who am I?", "IntentRequest/RequestInfoIntent/ER_SUCCESS_MATCH/fullName", false},
			{"where I live", "IntentRequest/RequestInfoIntent/ER_SUCCESS_MATCH/streetAddress", false},
			{"mobile number", "IntentRequest/RequestInfoIntent/ER_SUCCESS_MATCH/phoneNumber", false},
			{"tell me my a. o. l. account", "IntentRequest/RequestInfoIntent/ER_SUCCESS_MATCH/emailAddress", false},
			{"tell me my all my info", "IntentRequest/RequestInfoIntent/ER_SUCCESS_MATCH/fullProfile", false},
			{"what is my shoe size", "IntentRequest/RequestInfoIntent/ER_SUCCESS_NO_MATCH/", false},
			{"ask link demo what is my number", "IntentRequest/RequestInfoIntent/ER_SUCCESS_MATCH/phoneNumber", true},
			{"ask link demo to tell me my email", "IntentRequest/RequestInfoIntent/ER_SUCCESS_MATCH/emailAddress", true},
			{"tell link demo who am i", "IntentRequest/RequestInfoIntent/ER_SUCCESS_MATCH/fullName", true},
			{"what is my phone number using link demo", "IntentRequest/RequestInfoIntent/ER_SUCCESS_MATCH/phoneNumber", true},
			{"hello", "IntentRequest/SayHelloIntent", false},
			{"ask link demo hello", "IntentRequest/SayHelloIntent", true},
			{"help", "IntentRequest/AMAZON.HelpIntent", false},
			{"stop", "IntentRequest/AMAZON.StopIntent", false},
			{"cancel", "IntentRequest/AMAZON.CancelIntent", false},
			{"never mind", "IntentRequest/AMAZON.CancelIntent", false},
			{"go home", "IntentRequest/AMAZON.NavigateHomeIntent", false},
			{"order a pizza", "IntentRequest/AMAZON.FallbackIntent", false},
			{"banana", "IntentRequest/AMAZON.FallbackIntent", false},
			{"", "IntentRequest/AMAZON.FallbackIntent", false},
			{"open the pod bay doors", "IntentRequest/AMAZON.FallbackIntent", false},
		}
		for _, c := range cases {
			res := r.Resolve(c.utter)
			got := res.Kind
			if res.Intent != "" {
				got += "/" + res.Intent
			}
			for _, s := range res.Slots {
				got += "/" + s.Status + "/" + s.ID
			}
			if got != c.want || res.Invoked != c.invoked {
				t.Errorf("%s: Resolve(%q) = %s invoked=%v, want %s invoked=%v", loc, c.utter, got, res.Invoked, c.want, c.invoked)
			}
		}
	}
}

func TestResolveSlotDetails(t *testing.T) {
	r, err := NewResolver(tutorialSkill(), "en-US", "amzn1.ask.skill.test")
	if err != nil {
		t.Fatal(err)
	}
	res := r.Resolve("What is my Mobile Number")
	if len(res.Slots) != 1 {
		t.Fatalf("slots = %+v", res.Slots)
	}
	s := res.Slots[0]
	want := SlotValue{Name: "infoTypeRequested", Type: "infoType", Value: "mobile number", Status: ERMatch,
		ID: "phoneNumber", Canonical: "phone number", Authority: "amzn1.er-authority.echo-sdk.amzn1.ask.skill.test.infoType"}
	if s != want {
		t.Fatalf("slot = %+v\nwant  %+v", s, want)
	}
	if res.Sample != "what is my {infoTypeRequested}" {
		t.Fatalf("sample = %q", res.Sample)
	}
	nm := r.Resolve("what is my shoe size").Slots[0]
	if nm.Value != "shoe size" || nm.Status != ERNoMatch || nm.ID != "" {
		t.Fatalf("unresolved slot = %+v", nm)
	}
}

func TestNewResolverUnknownLocale(t *testing.T) {
	_, err := NewResolver(tutorialSkill(), "de-DE", "x")
	if err == nil || !strings.Contains(err.Error(), "en-GB, en-US") {
		t.Fatalf("err = %v, want the locales listed", err)
	}
}

func TestResolveLongInputBounded(t *testing.T) {
	r, err := NewResolver(tutorialSkill(), "en-US", "x")
	if err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("what is my ", 2000) + "number"
	if res := r.Resolve(long); res.Intent != "AMAZON.FallbackIntent" {
		t.Fatalf("overlong utterance resolved to %s", res.Intent)
	}
}
