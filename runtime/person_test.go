package runtime

import (
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"
)

// household maps access tokens to profiles: the account-level link is
// Alice's (the account owner), Bob and Carol linked their own accounts.
var household = map[string]map[string]string{
	"tok-account": {"given_name": "Alice", "phone_number": "+1 555 0100"},
	"tok-bob":     {"given_name": "Bob", "phone_number": "+1 555 0200"},
	"tok-carol":   {"given_name": "Carol <&>", "phone_number": "+1 555 0300"},
}

type tokenSource struct{ tokens []string }

func (s *tokenSource) Profile(_ context.Context, token string) (map[string]string, error) {
	s.tokens = append(s.tokens, token)
	if p, ok := household[token]; ok {
		return p, nil
	}
	return nil, ErrNotLinked
}

func personSkill(accountProfile bool, anon map[string]string) *Skill[prof] {
	s := testSkill()
	s.Personalization = Personalization{Enabled: true, AccountProfile: accountProfile, UnrecognizedName: anon}
	s.Intents["GreetIntent"] = func(*Intent) *Answer[prof] {
		return &Answer[prof]{Speech: func(w *Writer, _ *prof) { w.Text("Hello "); w.Speaker(); w.Text(".") }}
	}
	s.Intents["LeadIntent"] = func(*Intent) *Answer[prof] {
		return &Answer[prof]{Needs: []*Field[prof]{fPhone}, Speech: func(w *Writer, p *prof) {
			w.Speaker()
			w.Text(", your phone is ")
			w.SayAs(p.Phone, "telephone")
		}}
	}
	return s
}

// personReq builds a request in the documented shape: the account-level
// token in context.System.user (and session.user), the recognized
// speaker in context.System.person with their own token once linked.
func personReq(intent, accountToken, personID, personToken string) []byte {
	var r map[string]any
	if err := json.Unmarshal(req(TypeIntent, "en-US", accountToken, intent, "phone"), &r); err != nil {
		panic(err)
	}
	if personID != "" || personToken != "" {
		p := map[string]any{"personId": personID, "authenticationConfidenceLevel": map[string]any{"level": 400}}
		if personToken != "" {
			p["accessToken"] = personToken
		}
		r["context"].(map[string]any)["System"].(map[string]any)["person"] = p
	}
	b, _ := json.Marshal(r)
	return b
}

func TestPersonalizationChoosesTheSpeakersToken(t *testing.T) {
	const bob, carol = "amzn1.ask.person.BOB", `amzn1.ask.person.C"<&>`
	cases := []struct {
		name           string
		accountProfile bool
		account        string
		person, ptoken string
		wantToken      string // the token the profile source saw; "" none
		wantSpeech     string
		wantLinkCard   bool
		wantLevel      string
	}{
		{name: "unrecognized speaker: account profile", account: "tok-account",
			wantToken: "tok-account", wantSpeech: "Alice, your phone is", wantLevel: LevelAccount},
		{name: "recognized and linked: own profile", account: "tok-account", person: bob, ptoken: "tok-bob",
			wantToken: "tok-bob", wantSpeech: "Bob, your phone is", wantLevel: LevelPerson},
		{name: "recognized and linked, account not linked", person: carol, ptoken: "tok-carol",
			wantToken: "tok-carol", wantSpeech: "Carol &lt;&amp;&gt;, your phone is", wantLevel: LevelPerson},
		{name: "recognized, not linked: asked to link (default)", account: "tok-account", person: bob,
			wantSpeech: "Please link.", wantLinkCard: true, wantLevel: LevelPerson},
		{name: "recognized, not linked: account profile when opted in", accountProfile: true, account: "tok-account", person: bob,
			wantToken: "tok-account", wantSpeech: "Alice, your phone is", wantLevel: LevelAccount},
		{name: "recognized, own token rejected: asked to link", account: "tok-account", person: bob, ptoken: "tok-revoked",
			wantToken: "tok-revoked", wantSpeech: "Please link.", wantLinkCard: true, wantLevel: LevelPerson},
		{name: "unrecognized, nothing linked", wantSpeech: "Please link.", wantLinkCard: true, wantLevel: LevelAccount},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := &tokenSource{}
			h, err := NewHandler(personSkill(c.accountProfile, nil), src, WithLogger(discard()))
			if err != nil {
				t.Fatal(err)
			}
			ctx, sum := WithSummary(context.Background())
			out, err := h.Invoke(ctx, personReq("InfoIntent", c.account, c.person, c.ptoken))
			if err != nil {
				t.Fatal(err)
			}
			var res ResponseEnvelope
			if err := json.Unmarshal(out, &res); err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(src.tokens, ","); got != c.wantToken {
				t.Errorf("profile source got tokens %q, want %q", got, c.wantToken)
			}
			if !strings.Contains(res.Response.OutputSpeech.SSML, c.wantSpeech) {
				t.Errorf("speech %q, want it to contain %q", res.Response.OutputSpeech.SSML, c.wantSpeech)
			}
			for _, other := range []string{"Alice", "Bob", "Carol"} {
				if strings.Contains(res.Response.OutputSpeech.SSML, other) && !strings.Contains(c.wantSpeech, other) {
					t.Errorf("speech %q speaks %s's profile", res.Response.OutputSpeech.SSML, other)
				}
			}
			if gotCard := res.Response.Card != nil && res.Response.Card.Type == CardLinkAccount; gotCard != c.wantLinkCard {
				t.Errorf("LinkAccount card %v, want %v", gotCard, c.wantLinkCard)
			}
			if sum.Level != c.wantLevel {
				t.Errorf("summary level %q, want %q", sum.Level, c.wantLevel)
			}
			if sum.Linked != (c.wantToken != "") {
				t.Errorf("summary linked %v, want %v", sum.Linked, c.wantToken != "")
			}
		})
	}
}

func TestPersonalizationOffIgnoresThePerson(t *testing.T) {
	src := &tokenSource{}
	h, err := NewHandler(testSkill(), src, WithLogger(discard()))
	if err != nil {
		t.Fatal(err)
	}
	ctx, sum := WithSummary(context.Background())
	out, err := h.Invoke(ctx, personReq("InfoIntent", "tok-account", "amzn1.ask.person.BOB", "tok-bob"))
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(src.tokens, ","); got != "tok-account" {
		t.Errorf("a skill without personalization used %q, want the account-level token", got)
	}
	if !strings.Contains(string(out), "Alice") || sum.Level != LevelAccount {
		t.Errorf("got %s (level %q), want Alice's profile at account level", out, sum.Level)
	}
}

func TestSpeakerName(t *testing.T) {
	cases := []struct {
		name, intent, person string
		anon                 map[string]string
		want                 string
	}{
		{"recognized", "GreetIntent", "amzn1.ask.person.BOB", nil,
			`<speak>Hello <alexa:name type="first" personId="amzn1.ask.person.BOB"/>.</speak>`},
		{"personId escaped", "GreetIntent", `amzn1.ask.person."/><audio src="x`, nil,
			`<speak>Hello <alexa:name type="first" personId="amzn1.ask.person.&quot;/&gt;&lt;audio src=&quot;x"/>.</speak>`},
		{"unrecognized: space dropped", "GreetIntent", "", nil, `<speak>Hello.</speak>`},
		{"unrecognized: the skill's word", "GreetIntent", "", map[string]string{"en-US": "there"}, `<speak>Hello there.</speak>`},
		{"unrecognized at the start: punctuation dropped, sentence capitalized", "LeadIntent", "", nil,
			`<speak>Your phone is <say-as interpret-as="telephone">+1 555 0100</say-as></speak>`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h, err := NewHandler(personSkill(true, c.anon), &tokenSource{}, WithLogger(discard()))
			if err != nil {
				t.Fatal(err)
			}
			out, err := h.Invoke(context.Background(), personReq(c.intent, "tok-account", c.person, ""))
			if err != nil {
				t.Fatal(err)
			}
			var res ResponseEnvelope
			if err := json.Unmarshal(out, &res); err != nil {
				t.Fatal(err)
			}
			if got := res.Response.OutputSpeech.SSML; got != c.want {
				t.Errorf("speech\n got %s\nwant %s", got, c.want)
			}
		})
	}
}

func TestDecodePerson(t *testing.T) {
	var e RequestEnvelope
	if err := DecodeRequest(personReq("InfoIntent", "tok-account", "amzn1.ask.person.BOB", "tok-bob"), &e); err != nil {
		t.Fatal(err)
	}
	if p := e.Context.System.Person; p.PersonID != "amzn1.ask.person.BOB" || p.AccessToken != "tok-bob" {
		t.Errorf("person = %+v", p)
	}
	if e.AccessToken() != "tok-account" {
		t.Errorf("account token = %q", e.AccessToken())
	}
	body := `{"version":"1.0","context":{"System":{"person":null,"user":{"userId":"u"}}},"request":{"type":"LaunchRequest"}}`
	if err := DecodeRequest([]byte(body), &e); err != nil || e.Context.System.Person != (Person{}) {
		t.Errorf("person null: %v, %+v", err, e.Context.System.Person)
	}
	// the encoding leaves out an absent person
	b, _ := json.Marshal(&RequestEnvelope{Request: Request{Type: TypeLaunch}})
	if strings.Contains(string(b), "person") {
		t.Errorf("an absent person is encoded: %s", b)
	}
}

func discard() *slog.Logger { return slog.New(slog.DiscardHandler) }

// An unrecognized speaker's name dropped at the start takes the
// punctuation after it, and what then starts the sentence is capitalized,
// in any cased script; SSML, digits and uncased scripts are left as they are.
func TestSpeakerDroppedAtStartCapitalizes(t *testing.T) {
	for text, want := range map[string]string{
		", your number is 5.": "Your number is 5.",
		": état du compte.":   "État du compte.",
		", ǆungla.":           "ǅungla.",
		", <break/>hi.":       "<break/>hi.",
		", 5 points.":         "5 points.",
		"、ポイントは5です。":          "ポイントは5です。",
		",\u00a0bonjour.":     "Bonjour.",
		"":                    "",
	} {
		w := &Writer{}
		w.Speaker()
		w.Text(text)
		w.Text(", then more")
		if got := string(w.buf); got != want+", then more" {
			t.Errorf("%q: got %q, want %q", text, got, want+", then more")
		}
	}
}
