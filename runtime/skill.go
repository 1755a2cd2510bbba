package runtime

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// Skill is a compiled skill: generated code fills one per skill package,
// with its profile type P (one string field per declared attribute).
type Skill[P any] struct {
	// Name is the skill's name, for logs.
	Name string
	// ID is the skill ID requests must carry in
	// context.System.application.applicationId; empty disables the check.
	ID string
	// Locales are the skill's locale codes; the first is the fallback for
	// a request in a language the skill does not speak.
	Locales []string
	// Decode fills a profile from Cognito's attributes (name → value).
	Decode Decoder[P]
	// ProfileClaims are the attributes the skill speaks, sorted, when they
	// travel in the access token (spec cognito.profileSource token): the
	// pre token generation trigger (runtime/pretoken) adds them as claims
	// and the profile chain reads them from the verified token. Empty: the
	// profile comes from Cognito GetUser.
	ProfileClaims []string
	// Intents maps custom intent names to their handlers.
	Intents map[string]IntentHandler[P]
	// The fixed answers. NavigateHomeIntent answers with Launch, CancelIntent
	// with Stop, unknown intents with Fallback.
	Launch, Help, Stop, Fallback, LinkAccount, MissingAttribute, Error *Answer[P]
	// Personalization answers recognized speakers from their own links.
	Personalization Personalization
}

// Decoder fills p from the user's Cognito attributes.
type Decoder[P any] func(p *P, attrs map[string]string)

// IntentHandler picks the answer to an intent, e.g. by a slot's resolved id.
type IntentHandler[P any] func(in *Intent) *Answer[P]

// Template is a response template compiled to Go: it writes its text for
// w.Locale() into w, reading values from the profile p. p is never nil.
type Template[P any] func(w *Writer, p *P)

// Answer is one response of the skill.
type Answer[P any] struct {
	// Needs are the attributes the templates read; an answer without needs
	// is given without an account link or a profile fetch.
	Needs      []*Field[P]
	Speech     Template[P] // required
	Reprompt   Template[P] // nil: no reprompt
	CardTitle  Template[P] // nil: no card
	CardText   Template[P]
	EndSession bool
}

// Field is a profile attribute an answer can need.
type Field[P any] struct {
	Name  string // Cognito attribute name, e.g. phone_number
	Label Label  // spoken name, for the missing-attribute message
	Get   func(p *P) string
}

// Label is a spoken attribute name per locale.
type Label struct {
	Default string
	Locales map[string]string // locale code → label, where it differs
}

// For returns the label in locale.
func (l Label) For(locale string) string {
	if s, ok := l.Locales[locale]; ok {
		return s
	}
	return l.Default
}

// Present reports whether a profile value counts as given: Cognito omits
// unset attributes, and a blank value is as good as none when spoken.
func Present(v string) bool { return strings.TrimSpace(v) != "" }

// check reports what is wrong with a compiled skill.
func (s *Skill[P]) check() error {
	var errs []error
	if len(s.Locales) == 0 {
		errs = append(errs, errors.New("no locales"))
	}
	if s.Decode == nil {
		errs = append(errs, errors.New("no profile decoder"))
	}
	for _, m := range []struct {
		name string
		a    *Answer[P]
	}{{"launch", s.Launch}, {"help", s.Help}, {"stop", s.Stop}, {"fallback", s.Fallback},
		{"linkAccount", s.LinkAccount}, {"missingAttribute", s.MissingAttribute}, {"error", s.Error}} {
		if m.a == nil || m.a.Speech == nil {
			errs = append(errs, fmt.Errorf("message %s has no speech", m.name))
		}
	}
	for name, h := range s.Intents {
		if h == nil {
			errs = append(errs, fmt.Errorf("intent %s has no handler", name))
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("runtime: skill %q: %w", s.Name, errors.Join(errs...))
	}
	return nil
}

// locale returns the skill locale to answer a request locale in: the same
// locale, else a locale of the same language (the nearest region first),
// else the skill's first locale.
func (s *Skill[P]) locale(code string) string {
	for _, l := range s.Locales {
		if strings.EqualFold(l, code) {
			return l
		}
	}
	lang, _, _ := strings.Cut(code, "-")
	for _, near := range nearestLocales[code] {
		for _, l := range s.Locales {
			if l == near {
				return l
			}
		}
	}
	for _, l := range s.Locales {
		if ll, _, _ := strings.Cut(l, "-"); strings.EqualFold(ll, lang) {
			return l
		}
	}
	return s.Locales[0]
}

// nearestLocales orders fallbacks for regions a skill often lacks.
var nearestLocales = map[string][]string{
	"en-NZ": {"en-AU", "en-GB"},
	"en-IE": {"en-GB"},
	"en-ZA": {"en-GB"},
	"en-SG": {"en-IN", "en-GB"},
	"es-US": {"es-MX", "es-ES"},
	"es-MX": {"es-US", "es-ES"},
	"fr-BE": {"fr-FR"},
	"fr-CH": {"fr-FR"},
	"de-AT": {"de-DE"},
	"de-CH": {"de-DE"},
	"pt-PT": {"pt-BR"},
}

// pick returns the answer to a request, or nil for requests that get an
// empty response.
func (s *Skill[P]) pick(r *Request) *Answer[P] {
	switch r.Type {
	case TypeLaunch:
		return s.Launch
	case TypeIntent:
		switch r.Intent.Name {
		case IntentHelp:
			return s.Help
		case IntentStop, IntentCancel:
			return s.Stop
		case IntentFallback:
			return s.Fallback
		case IntentNavigateHome:
			return s.Launch
		}
		if h := s.Intents[r.Intent.Name]; h != nil {
			if a := h(r.Intent); a != nil {
				return a
			}
		}
		return s.Fallback
	}
	// SessionEndedRequest, System.ExceptionEncountered, skill events and
	// request types the skill does not handle get an empty response.
	return nil
}

// answer renders the response to st.req into st.res.
func (s *Skill[P]) answer(ctx context.Context, h *Handler, st *state) {
	a := s.pick(&st.req.Request)
	if a == nil {
		st.res.empty = true
		return
	}
	loc := s.locale(st.req.Request.Locale)
	var p P
	token, level := st.req.AccessToken(), LevelAccount
	if s.Personalization.Enabled {
		token, level = s.Personalization.token(&st.req)
		noteLevel(ctx, level, token != "")
	}
	if len(a.Needs) > 0 {
		if token == "" {
			s.render(st, s.LinkAccount, loc, &p, nil)
			st.res.linkAccount()
			return
		}
		st.needs = st.needs[:0]
		for _, f := range a.Needs {
			st.needs = append(st.needs, f.Name)
		}
		attrs, err := h.src.Profile(WithNeeds(ctx, st.needs), token)
		if err != nil {
			if errors.Is(err, ErrNotLinked) {
				s.render(st, s.LinkAccount, loc, &p, nil)
				st.res.linkAccount()
				return
			}
			h.logProfileError(ctx, st, err)
			s.render(st, s.Error, loc, &p, nil)
			return
		}
		s.Decode(&p, attrs)
		if missing := missingLabels(a.Needs, &p, loc, st.missing[:0]); len(missing) > 0 {
			st.missing = missing
			if m := missingLabels(s.MissingAttribute.Needs, &p, loc, nil); len(m) > 0 {
				// the missing-attribute message itself needs what is missing
				s.render(st, s.Error, loc, &p, nil)
				return
			}
			s.render(st, s.MissingAttribute, loc, &p, missing)
			return
		}
	}
	s.render(st, a, loc, &p, nil)
}

func missingLabels[P any](needs []*Field[P], p *P, loc string, out []string) []string {
	for _, f := range needs {
		if !Present(f.Get(p)) {
			out = append(out, f.Label.For(loc))
		}
	}
	return out
}

// render runs the answer's templates into st.res.
func (s *Skill[P]) render(st *state, a *Answer[P], loc string, p *P, missing []string) {
	w := &st.w
	w.locale, w.missing = loc, missing
	w.lang, _, _ = strings.Cut(loc, "-")
	w.person, w.anonName = "", ""
	if s.Personalization.Enabled {
		w.person = st.req.Context.System.Person.PersonID
		w.anonName = s.Personalization.UnrecognizedName[loc]
	}
	run := func(t Template[P], dst []byte, plain bool) []byte {
		w.buf, w.plain, w.trimLead = dst[:0], plain, false
		t(w, p)
		return w.buf
	}
	r := &st.res
	r.speech = run(a.Speech, r.speech, false)
	r.hasReprompt = a.Reprompt != nil
	if r.hasReprompt {
		r.reprompt = run(a.Reprompt, r.reprompt, false)
	}
	r.cardType = ""
	if a.CardTitle != nil || a.CardText != nil {
		r.cardType = CardSimple
		r.cardTitle, r.cardText = r.cardTitle[:0], r.cardText[:0]
		if a.CardTitle != nil {
			r.cardTitle = run(a.CardTitle, r.cardTitle, true)
		}
		if a.CardText != nil {
			r.cardText = run(a.CardText, r.cardText, true)
		}
	}
	r.endSet, r.end = true, a.EndSession
}
