package runtime

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/skillgen/skillgen/internal/facts"
)

// prof is the profile of the test skill.
type prof struct{ Name, Phone, Bio string }

var (
	fName  = &Field[prof]{Name: "given_name", Label: Label{Default: "first name", Locales: map[string]string{"de-DE": "Vorname"}}, Get: func(p *prof) string { return p.Name }}
	fPhone = &Field[prof]{Name: "phone_number", Label: Label{Default: "phone number", Locales: map[string]string{"de-DE": "Telefonnummer"}}, Get: func(p *prof) string { return p.Phone }}
	fBio   = &Field[prof]{Name: "custom:bio", Label: Label{Default: "bio"}, Get: func(p *prof) string { return p.Bio }}
)

func text(s string) Template[prof] { return func(w *Writer, _ *prof) { w.Text(s) } }

func testSkill() *Skill[prof] {
	hello := &Answer[prof]{Needs: []*Field[prof]{fName}, Speech: func(w *Writer, p *prof) {
		if w.Locale() == "de-DE" {
			w.Text("Hallo ")
		} else {
			w.Text("Hello ")
		}
		w.Value(p.Name)
	}, Reprompt: text("Request?"), CardTitle: text("Hi"), CardText: func(w *Writer, p *prof) { w.Text("Name: "); w.Value(p.Name) }}
	phone := &Answer[prof]{Needs: []*Field[prof]{fName, fPhone}, Speech: func(w *Writer, p *prof) {
		w.Value(p.Name)
		w.Text(", your phone is ")
		w.SayAs(p.Phone, "telephone")
	}, EndSession: true}
	bio := &Answer[prof]{Needs: []*Field[prof]{fBio}, Speech: func(w *Writer, p *prof) { w.Value(p.Bio) }, CardTitle: text("Bio"), CardText: func(w *Writer, p *prof) { w.Value(p.Bio) }, Reprompt: func(w *Writer, p *prof) { w.Value(p.Bio) }}
	return &Skill[prof]{
		Name:    "Test",
		ID:      "amzn1.ask.skill.00000000-0000-0000-0000-000000000000",
		Locales: []string{"de-DE", "en-AU", "en-GB", "en-US"},
		Decode: func(p *prof, a map[string]string) {
			p.Name, p.Phone, p.Bio = a["given_name"], a["phone_number"], a["custom:bio"]
		},
		Intents: map[string]IntentHandler[prof]{
			"HelloIntent": func(*Intent) *Answer[prof] { return hello },
			"InfoIntent": func(in *Intent) *Answer[prof] {
				switch in.SlotID("what") {
				case "phone":
					return phone
				case "bio":
					return bio
				case "panic":
					panic("template bug")
				}
				return hello
			},
		},
		Launch:           hello,
		Help:             &Answer[prof]{Speech: text("Say hello."), Reprompt: text("Say hello.")},
		Stop:             &Answer[prof]{Needs: []*Field[prof]{fName}, Speech: func(w *Writer, p *prof) { w.Text("Bye "); w.Value(p.Name) }, EndSession: true},
		Fallback:         &Answer[prof]{Speech: text("Sorry?"), Reprompt: text("Request?")},
		LinkAccount:      &Answer[prof]{Speech: text("Please link."), Reprompt: text("ignored"), EndSession: false},
		MissingAttribute: &Answer[prof]{Speech: func(w *Writer, _ *prof) { w.Text("No "); w.Missing(); w.Text(" yet.") }, Reprompt: text("Request?")},
		Error:            &Answer[prof]{Speech: text("Try later."), EndSession: true},
	}
}

type fakeSource struct {
	attrs map[string]string
	err   error
	calls int
	token string
}

func (f *fakeSource) Profile(_ context.Context, token string) (map[string]string, error) {
	f.calls++
	f.token = token
	return f.attrs, f.err
}

// req builds an Alexa request body.
func req(typ, locale, token, intent, slotID string) []byte {
	r := map[string]any{"type": typ, "requestId": "rid-1", "timestamp": "2026-11-25T21:00:00Z", "locale": locale}
	if intent != "" {
		in := map[string]any{"name": intent, "confirmationStatus": "NONE"}
		if slotID != "" {
			in["slots"] = map[string]any{"what": map[string]any{"name": "what", "value": slotID + " spoken",
				"resolutions": map[string]any{"resolutionsPerAuthority": []any{map[string]any{
					"authority": "a", "status": map[string]any{"code": "ER_SUCCESS_MATCH"},
					"values": []any{map[string]any{"value": map[string]any{"name": slotID, "id": slotID}}}}}}}}
		}
		r["intent"] = in
	}
	user := map[string]any{"userId": "u"}
	if token != "" {
		user["accessToken"] = token
	}
	app := map[string]any{"applicationId": "amzn1.ask.skill.00000000-0000-0000-0000-000000000000"}
	b, _ := json.Marshal(map[string]any{
		"version": "1.0",
		"session": map[string]any{"new": true, "sessionId": "s", "application": app, "user": user},
		"context": map[string]any{"System": map[string]any{"application": app, "user": user}},
		"request": r,
	})
	return b
}

func newTestHandler(t testing.TB, src ProfileSource, opts ...Option) *Handler {
	t.Helper()
	opts = append([]Option{WithLogger(slog.New(slog.NewTextHandler(&bytes.Buffer{}, nil)))}, opts...)
	h, err := NewHandler(testSkill(), src, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// invoke runs body through Invoke and checks the response: valid JSON, the
// same as Handle's, within Alexa's limits.
func invoke(t *testing.T, h *Handler, body []byte) *ResponseEnvelope {
	t.Helper()
	out, err := h.Invoke(context.Background(), body)
	if err != nil {
		t.Fatalf("Invoke: %v", err)
	}
	var got ResponseEnvelope
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("response is not JSON: %v\n%s", err, out)
	}
	if len(out) > facts.MaxResponseBytes {
		t.Errorf("response has %d bytes", len(out))
	}
	if s := got.Response.OutputSpeech; s != nil {
		if !strings.HasPrefix(s.SSML, "<speak>") || !strings.HasSuffix(s.SSML, "</speak>") || s.Type != "SSML" {
			t.Errorf("speech not wrapped: %q", s.SSML)
		}
		if utf8.RuneCountInString(s.SSML) >= 8000 {
			t.Errorf("speech has %d characters", utf8.RuneCountInString(s.SSML))
		}
		wellFormed(t, strings.TrimSuffix(strings.TrimPrefix(s.SSML, "<speak>"), "</speak>"))
	}
	var e RequestEnvelope
	if err := json.Unmarshal(body, &e); err != nil {
		t.Fatal(err)
	}
	typed, err := h.Handle(context.Background(), &e)
	if err != nil {
		t.Fatalf("Handle: %v", err)
	}
	if !reflect.DeepEqual(typed, &got) {
		t.Errorf("Handle and Invoke differ:\n%+v\n%+v", typed, got)
	}
	// encoding/json must produce the same bytes
	var std bytes.Buffer
	enc := json.NewEncoder(&std)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(&got)
	if strings.TrimSuffix(std.String(), "\n") != string(out) {
		t.Errorf("encoding differs from encoding/json:\n got %s\nwant %s", out, std.String())
	}
	return &got
}

func speech(r *ResponseEnvelope) string {
	if r.Response.OutputSpeech == nil {
		return ""
	}
	return r.Response.OutputSpeech.SSML
}

var full = map[string]string{"given_name": "Zoë <&>", "phone_number": "+15550100", "custom:bio": "Likes tea"}

func TestHandlerAnswers(t *testing.T) {
	src := &fakeSource{attrs: full}
	h := newTestHandler(t, src)
	for _, c := range []struct {
		name, typ, locale, intent, slot string
		speech, reprompt, card          string
		end                             *bool
	}{
		{"launch", TypeLaunch, "en-US", "", "", "<speak>Hello Zoë &lt;&amp;&gt;</speak>", "<speak>Request?</speak>", "Simple|Hi|Name: Zoë <&>", ptr(false)},
		{"launch de", TypeLaunch, "de-DE", "", "", "<speak>Hallo Zoë &lt;&amp;&gt;</speak>", "<speak>Request?</speak>", "Simple|Hi|Name: Zoë <&>", ptr(false)},
		{"intent", TypeIntent, "en-GB", "HelloIntent", "", "<speak>Hello Zoë &lt;&amp;&gt;</speak>", "<speak>Request?</speak>", "Simple|Hi|Name: Zoë <&>", ptr(false)},
		{"slot", TypeIntent, "en-GB", "InfoIntent", "phone", `<speak>Zoë &lt;&amp;&gt;, your phone is <say-as interpret-as="telephone">+15550100</say-as></speak>`, "", "", ptr(true)},
		{"unresolved slot", TypeIntent, "en-GB", "InfoIntent", "nothing", "<speak>Hello Zoë &lt;&amp;&gt;</speak>", "<speak>Request?</speak>", "Simple|Hi|Name: Zoë <&>", ptr(false)},
		{"help", TypeIntent, "en-US", IntentHelp, "", "<speak>Say hello.</speak>", "<speak>Say hello.</speak>", "", ptr(false)},
		{"stop", TypeIntent, "en-US", IntentStop, "", "<speak>Bye Zoë &lt;&amp;&gt;</speak>", "", "", ptr(true)},
		{"cancel", TypeIntent, "en-US", IntentCancel, "", "<speak>Bye Zoë &lt;&amp;&gt;</speak>", "", "", ptr(true)},
		{"fallback", TypeIntent, "en-US", IntentFallback, "", "<speak>Sorry?</speak>", "<speak>Request?</speak>", "", ptr(false)},
		{"unknown intent", TypeIntent, "en-US", "NoSuchIntent", "", "<speak>Sorry?</speak>", "<speak>Request?</speak>", "", ptr(false)},
		{"navigate home", TypeIntent, "en-US", IntentNavigateHome, "", "<speak>Hello Zoë &lt;&amp;&gt;</speak>", "<speak>Request?</speak>", "Simple|Hi|Name: Zoë <&>", ptr(false)},
		{"session ended", TypeSessionEnded, "en-US", "", "", "", "", "", nil},
		{"exception", TypeException, "en-US", "", "", "", "", "", nil},
		{"skill event", TypeAccountLinked, "", "", "", "", "", "", nil},
		{"skill enabled", TypeSkillEnabled, "", "", "", "", "", "", nil},
		{"unknown type", "Display.ElementSelected", "en-US", "", "", "", "", "", nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := invoke(t, h, req(c.typ, c.locale, "tok", c.intent, c.slot))
			if got := speech(r); got != c.speech {
				t.Errorf("speech %q, want %q", got, c.speech)
			}
			rp := ""
			if r.Response.Reprompt != nil {
				rp = r.Response.Reprompt.OutputSpeech.SSML
			}
			if rp != c.reprompt {
				t.Errorf("reprompt %q, want %q", rp, c.reprompt)
			}
			card := ""
			if cd := r.Response.Card; cd != nil {
				card = cd.Type + "|" + cd.Title + "|" + cd.Content
			}
			if card != c.card {
				t.Errorf("card %q, want %q", card, c.card)
			}
			if !reflect.DeepEqual(r.Response.ShouldEndSession, c.end) {
				t.Errorf("shouldEndSession %v, want %v", r.Response.ShouldEndSession, c.end)
			}
		})
	}
	if src.token != "tok" {
		t.Errorf("source got token %q", src.token)
	}
}

func ptr[T any](v T) *T { return &v }

func TestHandlerNeedsNoProfileForStaticAnswers(t *testing.T) {
	src := &fakeSource{err: errors.New("must not be called")}
	h := newTestHandler(t, src)
	for _, intent := range []string{IntentHelp, IntentFallback, "NoSuchIntent"} {
		r := invoke(t, h, req(TypeIntent, "en-US", "", intent, ""))
		if r.Response.Card != nil {
			t.Errorf("%s without a token got a card: %+v", intent, r.Response.Card)
		}
	}
	if src.calls != 0 {
		t.Errorf("profile fetched %d times for answers without needs", src.calls)
	}
}

func TestHandlerLinkAccount(t *testing.T) {
	check := func(t *testing.T, r *ResponseEnvelope) {
		t.Helper()
		if got := speech(r); got != "<speak>Please link.</speak>" {
			t.Errorf("speech %q", got)
		}
		if r.Response.Card == nil || r.Response.Card.Type != CardLinkAccount || r.Response.Card.Title != "" {
			t.Errorf("card %+v, want a LinkAccount card", r.Response.Card)
		}
		if r.Response.Reprompt != nil {
			t.Errorf("reprompt %+v, want none", r.Response.Reprompt)
		}
		if r.Response.ShouldEndSession == nil || !*r.Response.ShouldEndSession {
			t.Error("session not ended")
		}
	}
	t.Run("no token", func(t *testing.T) {
		src := &fakeSource{attrs: full}
		h := newTestHandler(t, src)
		check(t, invoke(t, h, req(TypeLaunch, "en-US", "", "", "")))
		check(t, invoke(t, h, req(TypeIntent, "en-US", "", "InfoIntent", "phone")))
		if src.calls != 0 {
			t.Errorf("source called %d times without a token", src.calls)
		}
	})
	t.Run("token rejected", func(t *testing.T) {
		src := &fakeSource{err: fmt.Errorf("%w: NotAuthorizedException", ErrNotLinked)}
		h := newTestHandler(t, src)
		check(t, invoke(t, h, req(TypeIntent, "en-GB", "expired", "InfoIntent", "phone")))
	})
}

func TestHandlerProfileErrorAnswersErrorMessage(t *testing.T) {
	var logs bytes.Buffer
	src := &fakeSource{err: errors.New("operation error Cognito Identity Provider: GetUser, StatusCode: 500")}
	h, err := NewHandler(testSkill(), src, WithLogger(slog.New(slog.NewJSONHandler(&logs, nil))))
	if err != nil {
		t.Fatal(err)
	}
	r := invoke(t, h, req(TypeLaunch, "en-US", "secret-token-value", "", ""))
	if got := speech(r); got != "<speak>Try later.</speak>" {
		t.Errorf("speech %q", got)
	}
	if !strings.Contains(logs.String(), "profile fetch failed") {
		t.Errorf("failure not logged: %s", logs.String())
	}
	if strings.Contains(logs.String(), "secret-token-value") {
		t.Errorf("token logged: %s", logs.String())
	}
}

func TestHandlerMissingAttribute(t *testing.T) {
	src := &fakeSource{attrs: map[string]string{"given_name": "Ann", "phone_number": "  "}}
	h := newTestHandler(t, src)
	r := invoke(t, h, req(TypeIntent, "en-US", "tok", "InfoIntent", "phone"))
	if got := speech(r); got != "<speak>No phone number yet.</speak>" {
		t.Errorf("speech %q", got)
	}
	src.attrs = map[string]string{}
	r = invoke(t, h, req(TypeIntent, "de-DE", "tok", "InfoIntent", "phone"))
	if got := speech(r); got != "<speak>No Vorname und Telefonnummer yet.</speak>" {
		t.Errorf("speech %q", got)
	}
	if r.Response.Reprompt == nil {
		t.Error("missing-attribute reprompt dropped")
	}
}

func TestHandlerLocaleFallback(t *testing.T) {
	s := testSkill()
	for in, want := range map[string]string{
		"en-US": "en-US", "en-us": "en-US", "en-NZ": "en-AU", "en-IE": "en-GB", "en-IN": "en-AU",
		"de-AT": "de-DE", "fr-FR": "de-DE", "": "de-DE",
	} {
		if got := s.locale(in); got != want {
			t.Errorf("locale(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestHandlerSkillID(t *testing.T) {
	src := &fakeSource{attrs: full}
	body := req(TypeLaunch, "en-US", "tok", "", "")
	other := bytes.ReplaceAll(body, []byte("amzn1.ask.skill.00000000-0000-0000-0000-000000000000"), []byte("amzn1.ask.skill.11111111-0000-0000-0000-000000000000"))
	h := newTestHandler(t, src)
	if _, err := h.Invoke(context.Background(), other); !errors.Is(err, ErrWrongSkill) {
		t.Errorf("other skill: err = %v, want ErrWrongSkill", err)
	}
	if src.calls != 0 {
		t.Error("profile fetched for a rejected request")
	}
	if _, err := h.Invoke(context.Background(), body); err != nil {
		t.Errorf("own skill: %v", err)
	}
	h = newTestHandler(t, src, WithSkillID("amzn1.ask.skill.11111111-0000-0000-0000-000000000000"))
	if _, err := h.Invoke(context.Background(), other); err != nil {
		t.Errorf("overridden skill ID: %v", err)
	}
	if _, err := h.Invoke(context.Background(), body); !errors.Is(err, ErrWrongSkill) {
		t.Errorf("overridden skill ID accepted the compiled one: %v", err)
	}
	h = newTestHandler(t, src, WithSkillID(""))
	if _, err := h.Invoke(context.Background(), other); err != nil {
		t.Errorf("check disabled: %v", err)
	}
}

func TestHandlerBadRequest(t *testing.T) {
	h := newTestHandler(t, &fakeSource{attrs: full})
	if _, err := h.Invoke(context.Background(), []byte("garbage")); !errors.Is(err, ErrBadRequest) {
		t.Errorf("err = %v", err)
	}
	if _, err := h.Handle(context.Background(), &RequestEnvelope{}); !errors.Is(err, ErrBadRequest) {
		t.Errorf("Handle: err = %v", err)
	}
}

func TestHandlerPanicAnswersErrorMessage(t *testing.T) {
	h := newTestHandler(t, &fakeSource{attrs: full})
	r := invoke(t, h, req(TypeIntent, "en-US", "tok", "InfoIntent", "panic"))
	if got := speech(r); got != "<speak>Try later.</speak>" {
		t.Errorf("speech %q", got)
	}
}

func TestHandlerLimitsLongAnswers(t *testing.T) {
	bio := strings.Repeat("Tea & <cake> 😀 time. ", 2000) // ~44 KB escaped
	h := newTestHandler(t, &fakeSource{attrs: map[string]string{"custom:bio": bio}})
	r := invoke(t, h, req(TypeIntent, "en-US", "tok", "InfoIntent", "bio"))
	if n := utf8.RuneCountInString(speech(r)); n < 1000 {
		t.Errorf("speech cut to %d characters", n)
	}
	if r.Response.Card == nil || !strings.HasSuffix(r.Response.Card.Content, "…") {
		t.Errorf("card text not shortened")
	}
}

func TestNewHandlerRejectsIncompleteSkill(t *testing.T) {
	s := testSkill()
	s.Error = nil
	s.Locales = nil
	if _, err := NewHandler(s, &fakeSource{}); err == nil || !strings.Contains(err.Error(), "error") || !strings.Contains(err.Error(), "locales") {
		t.Errorf("err = %v", err)
	}
	if _, err := NewHandler(testSkill(), nil); err == nil {
		t.Error("nil source accepted")
	}
}
