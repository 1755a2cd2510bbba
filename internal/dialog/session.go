package dialog

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"

	"github.com/skillgen/skillgen/generator/plan"
	"github.com/skillgen/skillgen/runtime"
)

// Invoker answers one raw Alexa request; *runtime.Handler is one.
type Invoker interface {
	Invoke(ctx context.Context, payload []byte) ([]byte, error)
}

// Session is a conversation with a skill, as an Alexa device holds it:
// an utterance that names the skill or arrives while no session is open
// starts a session; one the skill ends closes it.
type Session struct {
	inv      Invoker
	res      *Resolver
	skillID  string
	locale   string
	token    string
	speaker  *Speaker
	userID   string
	now      func() time.Time
	open     bool
	session  string
	sessions int
	requests int
}

// SessionOptions configure a Session.
type SessionOptions struct {
	SkillID     string
	Locale      string
	AccessToken string // "" means the account is not linked
	// Speaker is who speaks at first: nil for a speaker Alexa does not
	// recognize (SetSpeaker changes it).
	Speaker *Speaker
	// Now is the clock for request timestamps; nil means time.Now.
	Now func() time.Time
}

// NewSession starts a conversation with the skill behind inv.
func NewSession(inv Invoker, res *Resolver, o SessionOptions) *Session {
	s := &Session{inv: inv, res: res, skillID: o.SkillID, locale: o.Locale, token: o.AccessToken,
		speaker: o.Speaker, userID: "amzn1.ask.account.skillgen-dialog", now: o.Now}
	if s.now == nil {
		s.now = time.Now
	}
	return s
}

// Speaker is a household member Alexa recognizes by voice (skill
// personalization): requests carry context.System.person with PersonID
// and, once they linked the skill to their own account, AccessToken.
type Speaker struct {
	// Name stands for the first name Alexa says in place of
	// <alexa:name type="first" personId="…"/>.
	Name        string
	PersonID    string
	AccessToken string // "" : recognized, but not linked
}

// PersonID is the personId dialog sends for a household member's name.
func PersonID(name string) string { return "amzn1.ask.person.skillgen-dialog-" + name }

// SetSpeaker makes later requests come from sp (nil: a speaker Alexa does
// not recognize).
func (s *Session) SetSpeaker(sp *Speaker) { s.speaker = sp }

// Turn is one exchange.
type Turn struct {
	// Speaker is the recognized speaker; nil when unrecognized.
	Speaker    *Speaker
	Utterance  string
	Resolution Resolution
	NewSession bool
	Request    []byte // the Alexa request JSON sent
	Raw        []byte // the response JSON received
	Response   runtime.ResponseEnvelope
	// SessionOpen tells whether the session stays open after the turn.
	SessionOpen bool
}

// Open reports whether a session is open.
func (s *Session) Open() bool { return s.open }

// Say sends one utterance.
func (s *Session) Say(ctx context.Context, utterance string) (*Turn, error) {
	t, err := s.Send(ctx, s.res.Resolve(utterance))
	if err != nil {
		return nil, err
	}
	t.Utterance = utterance
	return t, nil
}

// Send sends the request a resolution describes (a LaunchRequest, or an
// IntentRequest named directly, as a test script may): a launch, or any
// request while no session is open, starts a session.
func (s *Session) Send(ctx context.Context, r Resolution) (*Turn, error) {
	if r.Kind == KindLaunch {
		r.Invoked = true
	}
	newSession := !s.open || r.Invoked
	if newSession && s.open {
		// Naming the skill again restarts it, as Alexa does.
		if _, err := s.End(ctx, "USER_INITIATED"); err != nil {
			return nil, err
		}
	}
	if newSession {
		s.sessions++
		s.session = fmt.Sprintf("amzn1.echo-api.session.skillgen-dialog-%d", s.sessions)
	}
	req := s.envelope(newSession)
	req.Request.Type = r.Kind
	if r.Kind == KindIntent {
		in := &runtime.Intent{Name: r.Intent, ConfirmationStatus: "NONE"}
		for _, sv := range r.Slots {
			if in.Slots == nil {
				in.Slots = map[string]*runtime.Slot{}
			}
			slot := &runtime.Slot{Name: sv.Name, Value: sv.Value, ConfirmationStatus: "NONE"}
			if sv.Status != "" && sv.Value != "" {
				res := runtime.Resolution{Authority: sv.Authority, Status: runtime.ResolutionStatus{Code: sv.Status}}
				if sv.Status == ERMatch {
					res.Values = []runtime.ResolutionValue{{Value: runtime.ResolvedValue{Name: sv.Canonical, ID: sv.ID}}}
				}
				slot.Resolutions = &runtime.Resolutions{ResolutionsPerAuthority: []runtime.Resolution{res}}
			}
			in.Slots[sv.Name] = slot
		}
		req.Request.Intent = in
	}
	t, err := s.send(ctx, req)
	if err != nil {
		return nil, err
	}
	t.Resolution, t.NewSession = r, newSession
	t.Speaker = s.speaker
	return t, nil
}

// End closes an open session with a SessionEndedRequest (reason
// USER_INITIATED, or EXCEEDED_MAX_REPROMPTS, ERROR) and returns the turn,
// or nil when no session is open.
func (s *Session) End(ctx context.Context, reason string) (*Turn, error) {
	if !s.open {
		return nil, nil
	}
	req := s.envelope(false)
	req.Request.Type = KindSessionEnded
	req.Request.Reason = reason
	t, err := s.send(ctx, req)
	if err != nil {
		return nil, err
	}
	s.open = false
	t.SessionOpen = false
	t.Resolution = Resolution{Kind: KindSessionEnded}
	t.Speaker = s.speaker
	return t, nil
}

func (s *Session) envelope(newSession bool) *runtime.RequestEnvelope {
	s.requests++
	user := runtime.User{UserID: s.userID, AccessToken: s.token}
	app := runtime.Application{ApplicationID: s.skillID}
	var person runtime.Person
	if s.speaker != nil {
		person = runtime.Person{PersonID: s.speaker.PersonID, AccessToken: s.speaker.AccessToken}
	}
	return &runtime.RequestEnvelope{
		Version: "1.0",
		Session: &runtime.Session{New: newSession, SessionID: s.session, Application: app, User: user},
		Context: runtime.Context{System: runtime.System{Application: app, User: user, Person: person, APIEndpoint: "https://api.amazonalexa.com"}},
		Request: runtime.Request{
			RequestID: fmt.Sprintf("amzn1.echo-api.request.skillgen-dialog-%d", s.requests),
			Timestamp: s.now().UTC().Format(time.RFC3339),
			Locale:    s.locale,
		},
	}
}

func (s *Session) send(ctx context.Context, req *runtime.RequestEnvelope) (*Turn, error) {
	body, err := json.Marshal(req)
	if err != nil {
		return nil, fmt.Errorf("dialog: encoding the request: %w", err)
	}
	raw, err := s.inv.Invoke(ctx, body)
	if err != nil {
		return nil, fmt.Errorf("dialog: the skill failed: %w", err)
	}
	t := &Turn{Request: body, Raw: raw}
	if err := json.Unmarshal(raw, &t.Response); err != nil {
		return nil, fmt.Errorf("dialog: the skill's response is not JSON: %w", err)
	}
	end := t.Response.Response.ShouldEndSession
	// Alexa keeps the session open when shouldEndSession is false; absent
	// or true ends it (for a voice-only device).
	s.open = end != nil && !*end && req.Request.Type != KindSessionEnded
	t.SessionOpen = s.open
	return t, nil
}

// SpeechText returns SSML as plain text: tags dropped, entities decoded.
func SpeechText(ssml string) string {
	return strings.TrimSpace(plan.PlainText(ssml))
}

// alexaName matches Alexa's speaker-name tag.
var alexaName = regexp.MustCompile(`<alexa:name\b[^>]*/>`)

// speechText is SpeechText with the speaker's name where Alexa says it.
func speechText(ssml string, sp *Speaker) string {
	if sp != nil {
		ssml = alexaName.ReplaceAllLiteralString(ssml, sp.Name)
	}
	return SpeechText(ssml)
}

// Print writes a turn for a person to read.
func Print(w io.Writer, t *Turn) {
	if sp := t.Speaker; sp != nil {
		link := "own account linked"
		if sp.AccessToken == "" {
			link = "not linked"
		}
		fmt.Fprintf(w, "speaker:  %s (recognized, %s)\n", sp.Name, link)
	}
	r := t.Resolution
	switch r.Kind {
	case KindLaunch:
		fmt.Fprintln(w, "request:  LaunchRequest")
	case KindIntent:
		fmt.Fprintf(w, "intent:   %s", r.Intent)
		for _, s := range r.Slots {
			switch {
			case s.Value == "":
				fmt.Fprintf(w, " %s=(empty)", s.Name)
			case s.Status == ERMatch:
				fmt.Fprintf(w, " %s=%q → %s (%s)", s.Name, s.Value, s.ID, s.Status)
			case s.Status != "":
				fmt.Fprintf(w, " %s=%q (%s)", s.Name, s.Value, s.Status)
			default:
				fmt.Fprintf(w, " %s=%q", s.Name, s.Value)
			}
		}
		fmt.Fprintln(w)
	default:
		fmt.Fprintf(w, "request:  %s\n", r.Kind)
	}
	resp := t.Response.Response
	if resp.OutputSpeech != nil {
		fmt.Fprintf(w, "speech:   %s\n", speechText(resp.OutputSpeech.SSML, t.Speaker))
		fmt.Fprintf(w, "ssml:     %s\n", resp.OutputSpeech.SSML)
	} else {
		fmt.Fprintln(w, "speech:   (none)")
	}
	if resp.Reprompt != nil {
		fmt.Fprintf(w, "reprompt: %s\n", speechText(resp.Reprompt.OutputSpeech.SSML, t.Speaker))
	}
	if c := resp.Card; c != nil {
		switch {
		case c.Type == runtime.CardLinkAccount:
			fmt.Fprintln(w, "card:     LinkAccount (the Alexa app asks the user to link the account)")
		default:
			fmt.Fprintf(w, "card:     %s %q: %s\n", c.Type, c.Title, c.Content)
		}
	}
	if t.SessionOpen {
		fmt.Fprintln(w, "session:  open")
	} else {
		fmt.Fprintln(w, "session:  ended")
	}
}
