package e2e

import (
	"strings"
	"testing"
)

// ada has every attribute the skills speak, with characters SSML must
// escape.
var ada = map[string]string{
	"given_name":       "Ada",
	"family_name":      "O'Brien & Lovelace",
	"email":            "ada@example.com",
	"phone_number":     "+15555550100",
	"address":          "12 <Main> St, Springfield",
	"custom:member_id": "AB12",
	"custom:points":    "1200",
}

// noPhone is ada without a phone number.
func noPhone() map[string]string {
	m := map[string]string{}
	for k, v := range ada {
		if k != "phone_number" {
			m[k] = v
		}
	}
	return m
}

// Ada's values as they must appear in speech.
const (
	adaFullName = "Ada O&apos;Brien &amp; Lovelace"
	adaPhone    = `<say-as interpret-as="telephone">+15555550100</say-as>`
	adaEmail    = `<say-as interpret-as="spell-out">ada@example.com</say-as>`
	adaAddress  = "12 &lt;Main&gt; St, Springfield"
	reprompt    = "<speak>What's your request?</speak>"
)

// tc is one request and what its answer must hold.
type tc struct {
	name     string
	req      alexa
	speech   []string // substrings of the SSML, in order
	reprompt string   // exact reprompt SSML; "" for none
	end      *bool
	card     string // card type; "" for none
}

func yes() *bool { b := true; return &b }
func no() *bool  { b := false; return &b }

// infoSlots are the infoType values of the bundled skill: spoken value, id,
// and what the answer must say.
var infoSlots = []struct {
	value, id string
	speech    []string
}{
	{"who am i", "fullName", []string{"Your full name is " + adaFullName + "."}},
	{"mobile number", "phoneNumber", []string{"Your phone number is " + adaPhone + "."}},
	{"email", "emailAddress", []string{"Your email address is " + adaEmail + "."}},
	{"home address", "streetAddress", []string{"Your street address is " + adaAddress + "."}},
	{"all my info", "fullProfile", []string{adaFullName, adaPhone, adaEmail, adaAddress}},
}

// linkedProfileCases covers launch, every intent and every slot value of
// the bundled skill in one locale, for a user whose token is tok.
func linkedProfileCases(locale, tok string) []tc {
	req := func(typ, intent string) alexa {
		return alexa{typ: typ, locale: locale, token: tok, intent: intent, newSess: typ == "LaunchRequest"}
	}
	hello := []string{"<speak>Hello Ada. It's great that we're on a first name basis. What's your request?</speak>"}
	cases := []tc{
		{name: "launch", req: req("LaunchRequest", ""), speech: hello, reprompt: reprompt, end: no()},
		{name: "SayHelloIntent", req: req("IntentRequest", "SayHelloIntent"), speech: hello, reprompt: reprompt, end: no()},
	}
	for _, s := range infoSlots {
		r := req("IntentRequest", "RequestInfoIntent")
		r.slot, r.value, r.id = "infoTypeRequested", s.value, s.id
		cases = append(cases, tc{name: "RequestInfoIntent/" + s.id, req: r, speech: append(s.speech, "What's your request?"), reprompt: reprompt, end: no()})
	}
	unmatched := req("IntentRequest", "RequestInfoIntent")
	unmatched.slot, unmatched.value = "infoTypeRequested", "shoe size"
	everything := []string{"I didn't catch what you were interested in, so here's everything I know about you.", adaFullName, adaPhone, adaEmail, adaAddress}
	noSlot := req("IntentRequest", "RequestInfoIntent")
	cases = append(cases,
		tc{name: "RequestInfoIntent/unmatched", req: unmatched, speech: everything, reprompt: reprompt, end: no()},
		tc{name: "RequestInfoIntent/no slot", req: noSlot, speech: everything, reprompt: reprompt, end: no()},
		tc{name: "help", req: req("IntentRequest", "AMAZON.HelpIntent"), speech: []string{"You can say"}, reprompt: "<speak>You can say: 'alexa, hello', 'alexa, tell me my info' or 'alexa, who am I'.</speak>", end: no()},
		tc{name: "stop", req: req("IntentRequest", "AMAZON.StopIntent"), speech: []string{"<speak>Good bye Ada. It was nice talking to you.</speak>"}, end: yes()},
		tc{name: "cancel", req: req("IntentRequest", "AMAZON.CancelIntent"), speech: []string{"<speak>Good bye Ada."}, end: yes()},
		tc{name: "fallback", req: req("IntentRequest", "AMAZON.FallbackIntent"), speech: []string{"Sorry, I can't help with that."}, reprompt: reprompt, end: no()},
		tc{name: "navigate home", req: req("IntentRequest", "AMAZON.NavigateHomeIntent"), speech: hello, reprompt: reprompt, end: no()},
		tc{name: "session ended", req: req("SessionEndedRequest", "")},
	)
	return cases
}

// missingPhoneCases: a user without a phone number.
func missingPhoneCases(locale, tok string) []tc {
	var out []tc
	for _, id := range []string{"phoneNumber", "fullProfile"} {
		r := alexa{typ: "IntentRequest", locale: locale, token: tok, intent: "RequestInfoIntent", slot: "infoTypeRequested", value: id, id: id}
		out = append(out, tc{name: "missing phone/" + id, req: r,
			speech:   []string{"<speak>Sorry, your profile has no phone number yet. You can add it where you manage your account. What else can I do for you?</speak>"},
			reprompt: reprompt, end: no()})
	}
	r := alexa{typ: "IntentRequest", locale: locale, token: tok, intent: "RequestInfoIntent", slot: "infoTypeRequested", value: "email", id: "emailAddress"}
	out = append(out, tc{name: "missing phone/emailAddress still answered", req: r, speech: []string{adaEmail}, reprompt: reprompt, end: no()})
	return out
}

// linkAccountCases: requests that must get the LinkAccount card.
func linkAccountCases(locale, tok string) []tc {
	link := []string{"<speak>Before we can continue, you will need to link your account to the Account Linking Demo skill using the card that I have sent to the Alexa app.</speak>"}
	var out []tc
	for _, r := range []alexa{
		{typ: "LaunchRequest", locale: locale, token: tok, newSess: true},
		{typ: "IntentRequest", locale: locale, token: tok, intent: "SayHelloIntent"},
		{typ: "IntentRequest", locale: locale, token: tok, intent: "RequestInfoIntent", slot: "infoTypeRequested", value: "email", id: "emailAddress"},
		{typ: "IntentRequest", locale: locale, token: tok, intent: "AMAZON.StopIntent"},
	} {
		out = append(out, tc{name: "link/" + r.typ + "/" + r.intent, req: r, speech: link, end: yes(), card: "LinkAccount"})
	}
	// answers that need no profile work without a link
	out = append(out, tc{name: "link/help works unlinked", req: alexa{typ: "IntentRequest", locale: locale, token: tok, intent: "AMAZON.HelpIntent"},
		speech: []string{"You can say"}, reprompt: "<speak>You can say: 'alexa, hello', 'alexa, tell me my info' or 'alexa, who am I'.</speak>", end: no()})
	return out
}

// run sends every case through invoke and checks the answers.
func run(t *testing.T, cases []tc, invoke func(t *testing.T, body []byte) []byte) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := parse(t, invoke(t, c.req.body(t)))
			check(t, c, r)
		})
	}
}

func check(t *testing.T, c tc, r *response) {
	t.Helper()
	sp := r.speech()
	if len(c.speech) == 0 && sp != "" {
		t.Errorf("speech %q, want none", sp)
	}
	rest := sp
	for _, want := range c.speech {
		i := strings.Index(rest, want)
		if i < 0 {
			t.Errorf("speech lacks %q (in order):\n%s", want, sp)
			break
		}
		rest = rest[i+len(want):]
	}
	if len(c.speech) > 0 && (!strings.HasPrefix(sp, "<speak>") || !strings.HasSuffix(sp, "</speak>")) {
		t.Errorf("speech not in <speak>: %q", sp)
	}
	got := ""
	if r.Response.Reprompt != nil {
		got = r.Response.Reprompt.OutputSpeech.SSML
	}
	if got != c.reprompt {
		t.Errorf("reprompt %q, want %q", got, c.reprompt)
	}
	card := ""
	if r.Response.Card != nil {
		card = r.Response.Card.Type
	}
	if card != c.card {
		t.Errorf("card %q, want %q", card, c.card)
	}
	switch {
	case c.end == nil && r.Response.ShouldEndSession != nil:
		t.Errorf("shouldEndSession %v, want absent", *r.Response.ShouldEndSession)
	case c.end != nil && (r.Response.ShouldEndSession == nil || *r.Response.ShouldEndSession != *c.end):
		t.Errorf("shouldEndSession %v, want %v", r.Response.ShouldEndSession, *c.end)
	}
	for _, v := range []string{"NOTFOUND", "SKILL_NAME", "{", "}"} {
		if strings.Contains(sp, v) {
			t.Errorf("speech contains %q: %s", v, sp)
		}
	}
}
