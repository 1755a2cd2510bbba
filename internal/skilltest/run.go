package skilltest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/skillgen/skillgen/generator/diag"
	"github.com/skillgen/skillgen/generator/ir"
	"github.com/skillgen/skillgen/generator/plan"
	"github.com/skillgen/skillgen/internal/dialog"
	"github.com/skillgen/skillgen/internal/interp"
	"github.com/skillgen/skillgen/runtime"
)

// Options configure a run.
type Options struct {
	// SkillID is the ID the requests carry (default: the spec's, else a
	// placeholder).
	SkillID string
	// Locale is used for files that name none (default: en-US if the skill
	// has it, else its first locale).
	Locale string
	// Update collects today's answers for Apply instead of stopping a
	// conversation at its first failure.
	Update bool
	// Log receives the runtime's warnings (default: discarded).
	Log *slog.Logger
}

// Report is the outcome of a run.
type Report struct {
	Results  []*Result
	Duration time.Duration
	edits    map[*File]*fileEdits
}

// Result is the outcome of one conversation in one locale.
type Result struct {
	File     string
	Name     string
	Line     int
	Locale   string
	Profile  string
	Status   string // pass, fail, skip
	Duration time.Duration
	Failures []*Failure
	// Transcript is the conversation up to the turn that failed (all of
	// it when the conversation passed).
	Transcript []*Exchange
}

// Failure is one expectation that did not hold, or a turn that could not
// run (Path empty).
type Failure struct {
	File     string
	Line     int // of the turn
	Col      int
	Input    string
	Path     string
	Op       string
	Expected string
	Actual   string
	Defined  bool
	Message  string
}

// Exchange is one turn as it ran.
type Exchange struct {
	Line    int
	Input   string
	Request string // LaunchRequest, the intent name with slots, SessionEndedRequest
	Prompt  string // the answer's speech as text
	Ended   bool
	Raw     json.RawMessage
}

// Status values.
const (
	Pass = "pass"
	Fail = "fail"
	Skip = "skip"
)

// Failed reports whether any conversation failed.
func (r *Report) Failed() bool {
	return slices.ContainsFunc(r.Results, func(x *Result) bool { return x.Status == Fail })
}

// Counts returns how many conversations passed, failed and were skipped.
func (r *Report) Counts() (pass, fail, skip int) {
	for _, x := range r.Results {
		switch x.Status {
		case Pass:
			pass++
		case Fail:
			fail++
		default:
			skip++
		}
	}
	return
}

// tokenSource answers each conversation's access token with its profile.
type tokenSource struct {
	mu       sync.Mutex
	profiles map[string]map[string]string
	n        int
}

func (t *tokenSource) add(attrs map[string]string) string {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.n++
	tok := fmt.Sprintf("skillgen-test-profile-%d", t.n)
	t.profiles[tok] = attrs
	return tok
}

func (t *tokenSource) Profile(_ context.Context, token string) (map[string]string, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	p, ok := t.profiles[token]
	if !ok {
		return nil, runtime.ErrNotLinked
	}
	return p, nil
}

// Run runs the conversations of files against skill s.
func Run(ctx context.Context, s *ir.Skill, files []*File, o Options) (*Report, error) {
	start := time.Now()
	id := o.SkillID
	if id == "" {
		id = s.SkillID
	}
	if id == "" {
		id = dialog.DefaultSkillID
	}
	log := o.Log
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	src := &tokenSource{profiles: map[string]map[string]string{}}
	// The skill's answer plan, interpreted: what dialog and serve run.
	answers, err := plan.Build(s)
	if err != nil {
		return nil, err
	}
	h, err := interp.NewHandler(answers, src, runtime.WithSkillID(id), runtime.WithLogger(log))
	if err != nil {
		return nil, err
	}
	resolvers := map[string]*dialog.Resolver{}
	resolver := func(loc string) (*dialog.Resolver, error) {
		if r, ok := resolvers[loc]; ok {
			return r, nil
		}
		r, err := dialog.NewResolver(s, loc, id)
		if err != nil {
			return nil, err
		}
		resolvers[loc] = r
		return r, nil
	}
	defLocale := o.Locale
	if defLocale == "" {
		defLocale = dialog.DefaultLocale(s)
	}
	rep := &Report{edits: map[*File]*fileEdits{}}
	for _, f := range files {
		if err := checkProfiles(s, f); err != nil {
			return nil, err
		}
		locales := f.Locales
		if len(locales) == 0 {
			locales = []string{defLocale}
		}
		only := slices.ContainsFunc(f.Conversations, func(c *Conversation) bool { return c.Only })
		for _, loc := range locales {
			res, err := resolver(loc)
			if err != nil {
				return nil, &Error{File: f.Path, Msg: err.Error()}
			}
			for _, c := range f.Conversations {
				prof := effective(f.Profile, c.Profile)
				r := &Result{File: f.Path, Name: c.Name, Line: c.Line, Locale: loc, Profile: "unlinked"}
				if prof != nil {
					r.Profile = prof.Desc
				}
				rep.Results = append(rep.Results, r)
				if c.Skip || (only && !c.Only) {
					r.Status = Skip
					continue
				}
				if err := ctx.Err(); err != nil {
					return nil, err
				}
				token := ""
				if prof != nil && prof.Linked {
					token = src.add(prof.Attrs)
				}
				var speaker *dialog.Speaker
				if c.Person != "" {
					if !s.Personalization.Enabled {
						return nil, &Error{File: f.Path, Line: c.PersonLine, Col: c.PersonCol,
							Msg: "person: the skill has no personalization (Alexa would not tell it who speaks); add personalization: {enabled: true} to the spec"}
					}
					speaker = &dialog.Speaker{Name: c.Person, PersonID: dialog.PersonID(c.Person)}
					if pp := f.Persons[c.Person]; pp.Linked {
						speaker.AccessToken = src.add(pp.Attrs)
					}
					r.Profile += ", spoken by " + c.Person
				}
				sess := dialog.NewSession(h, res, dialog.SessionOptions{SkillID: id, Locale: loc, AccessToken: token, Speaker: speaker})
				t0 := time.Now()
				runConversation(ctx, f, c, sess, res, r, rep, o.Update)
				r.Duration = time.Since(t0)
			}
		}
	}
	rep.Duration = time.Since(start)
	return rep, nil
}

// checkProfiles refuses profile attributes the skill does not declare.
func checkProfiles(s *ir.Skill, f *File) error {
	var names []string
	for _, a := range s.Attributes {
		names = append(names, a.Name)
	}
	check := func(p *Profile) error {
		if p == nil {
			return nil
		}
		keys := make([]string, 0, len(p.Attrs))
		for k := range p.Attrs {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			if slices.Contains(names, k) || k == "sub" || k == "email_verified" || k == "phone_number_verified" {
				continue
			}
			msg := fmt.Sprintf("profile (%s): the skill declares no attribute %q", p.Desc, k)
			best, bd := "", 4
			for _, n := range names {
				if d := diag.Distance(k, n); d < bd {
					best, bd = n, d
				}
			}
			if best != "" {
				msg += fmt.Sprintf("; did you mean %q?", best)
			} else {
				msg += "; declared: " + strings.Join(names, ", ")
			}
			return &Error{File: f.Path, Line: p.Line, Col: p.Col, Msg: msg}
		}
		return nil
	}
	if err := check(f.Profile); err != nil {
		return err
	}
	for _, c := range f.Conversations {
		if err := check(c.Profile); err != nil {
			return err
		}
	}
	for _, pp := range f.Persons {
		if err := check(pp); err != nil {
			return err
		}
	}
	return nil
}

func runConversation(ctx context.Context, f *File, c *Conversation, sess *dialog.Session, res *dialog.Resolver, r *Result, rep *Report, update bool) {
	r.Status = Pass
	fail := func(t *Turn, msg string) {
		r.Status = Fail
		r.Failures = append(r.Failures, &Failure{File: f.Path, Line: t.Line, Input: t.Input, Message: msg})
	}
	for _, t := range c.Turns {
		turn, err := send(ctx, sess, res, t)
		if err != nil {
			fail(t, err.Error())
			return
		}
		ex := &Exchange{Line: t.Line, Input: t.Input}
		r.Transcript = append(r.Transcript, ex)
		if turn == nil {
			ex.Request = SessionEndedRequest + " (no session was open)"
			if len(t.Expects) > 0 {
				fail(t, "no session was open, so there is no response to check")
				return
			}
			continue
		}
		ex.Request = describeRequest(turn)
		ex.Raw = turn.Raw
		ex.Ended = !turn.SessionOpen
		var resp map[string]any
		if err := json.Unmarshal(turn.Raw, &resp); err != nil {
			fail(t, "the response is not JSON: "+err.Error())
			return
		}
		prompt, _ := value(resp, "prompt")
		ex.Prompt = dialog.SpeechText("<speak>" + prompt + "</speak>")
		if update {
			rep.record(f, t, resp)
		}
		failed := false
		for _, e := range t.Expects {
			actual, defined, ok := e.Eval(resp)
			if ok {
				continue
			}
			failed = true
			r.Status = Fail
			r.Failures = append(r.Failures, &Failure{File: f.Path, Line: t.Line, Col: e.Col, Input: t.Input,
				Path: e.Path, Op: e.Op, Expected: e.Describe(), Actual: actual, Defined: defined})
		}
		if failed && !update {
			return
		}
	}
}

// send runs one turn.
func send(ctx context.Context, sess *dialog.Session, res *dialog.Resolver, t *Turn) (*dialog.Turn, error) {
	switch {
	case t.Input == LaunchRequest:
		return sess.Send(ctx, dialog.Resolution{Kind: dialog.KindLaunch})
	case t.Input == SessionEndedRequest:
		return sess.End(ctx, "USER_INITIATED")
	case t.Intent != "":
		r, err := res.Intent(t.Intent, t.Slots)
		if err != nil {
			return nil, err
		}
		return sess.Send(ctx, r)
	case res.HasIntent(t.Input):
		r, err := res.Intent(t.Input, t.Slots)
		if err != nil {
			return nil, err
		}
		return sess.Send(ctx, r)
	case len(t.Slots) > 0:
		return nil, errors.New("slots are given for an utterance; name the intent too (- intent: RequestInfoIntent)")
	}
	return sess.Say(ctx, t.Input)
}

func describeRequest(t *dialog.Turn) string {
	r := t.Resolution
	if r.Kind != dialog.KindIntent {
		return r.Kind
	}
	var b strings.Builder
	b.WriteString(r.Intent)
	for _, s := range r.Slots {
		switch {
		case s.Value == "":
		case s.ID != "":
			fmt.Fprintf(&b, " %s=%q→%s", s.Name, s.Value, s.ID)
		default:
			fmt.Fprintf(&b, " %s=%q", s.Name, s.Value)
		}
	}
	return b.String()
}

// effective is a conversation's profile: its own, or the file's with the
// attributes it takes out removed.
func effective(file, conv *Profile) *Profile {
	switch {
	case conv == nil:
		return file
	case conv.own || !conv.Linked:
		return conv
	case file == nil || !file.Linked:
		return conv // only "without": an empty profile minus nothing
	}
	p := &Profile{Linked: true, Attrs: map[string]string{}, Line: conv.Line, Col: conv.Col, Without: conv.Without}
	for k, v := range file.Attrs {
		p.Attrs[k] = v
	}
	for _, k := range conv.Without {
		delete(p.Attrs, k)
	}
	p.Desc = file.Desc + ", without " + strings.Join(conv.Without, ", ")
	return p
}
