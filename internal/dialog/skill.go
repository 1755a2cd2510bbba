package dialog

import (
	"fmt"
	"strings"

	"github.com/skillgen/skillgen/generator/emit/handlers"
	"github.com/skillgen/skillgen/generator/ir"
	"github.com/skillgen/skillgen/runtime"
)

// NewHandler returns the runtime handler of a validated skill, built
// directly from its IR: the same runtime.Skill the generated package
// declares (profile decoding, answers, per-locale templates, slot-id
// cases), run by the same runtime that runs the deployed Lambda. dialog and
// serve use it so they work on any spec without compiling it first; a test
// checks that it answers byte for byte like the generated code.
func NewHandler(s *ir.Skill, src runtime.ProfileSource, opts ...runtime.Option) (*runtime.Handler, error) {
	sk, err := compileSkill(s)
	if err != nil {
		return nil, err
	}
	return runtime.NewHandler(sk, src, opts...)
}

// profile holds one value per declared attribute, by index.
type profile struct{ v []string }

type compiler struct {
	s      *ir.Skill
	index  map[*ir.Attribute]int
	fields map[*ir.Attribute]*runtime.Field[profile]
}

func compileSkill(s *ir.Skill) (*runtime.Skill[profile], error) {
	if s == nil {
		return nil, fmt.Errorf("dialog: nil skill")
	}
	if len(s.Locales) == 0 {
		return nil, fmt.Errorf("dialog: skill %s has no locales", s.Package)
	}
	c := &compiler{s: s, index: map[*ir.Attribute]int{}, fields: map[*ir.Attribute]*runtime.Field[profile]{}}
	for i, a := range s.Attributes {
		c.index[a] = i
		c.fields[a] = &runtime.Field[profile]{Name: a.Name, Label: c.label(a), Get: func(p *profile) string { return p.at(i) }}
	}
	attrs := s.Attributes
	sk := &runtime.Skill[profile]{
		Name:    s.Name,
		ID:      s.SkillID,
		Locales: s.LocaleCodes(),
		Decode: func(p *profile, m map[string]string) {
			p.v = make([]string, len(attrs))
			for i, a := range attrs {
				v := m[a.Name]
				if a.Name == "address" {
					v = runtime.AddressText(v)
				}
				p.v[i] = v
			}
		},
		Intents: map[string]runtime.IntentHandler[profile]{},
	}
	if pz := s.Personalization; pz.Enabled {
		sk.Personalization = runtime.Personalization{Enabled: true, AccountProfile: pz.AccountProfile, UnrecognizedName: pz.UnrecognizedName}
	}
	var err error
	m := s.Messages
	for _, x := range []struct {
		name string
		r    *ir.Response
		dst  **runtime.Answer[profile]
	}{{"launch", m.Launch, &sk.Launch}, {"help", m.Help, &sk.Help}, {"stop", m.Stop, &sk.Stop},
		{"fallback", m.Fallback, &sk.Fallback}, {"linkAccount", m.LinkAccount, &sk.LinkAccount},
		{"missingAttribute", m.MissingAttribute, &sk.MissingAttribute}, {"error", m.Error, &sk.Error}} {
		if *x.dst, err = c.answer("messages."+x.name, x.r); err != nil {
			return nil, err
		}
	}
	for _, in := range s.Intents {
		def, err := c.answer("intent "+in.Name, in.Response)
		if err != nil {
			return nil, err
		}
		if in.Answers == nil {
			sk.Intents[in.Name] = func(*runtime.Intent) *runtime.Answer[profile] { return def }
			continue
		}
		if in.Answers.Slot == nil {
			return nil, fmt.Errorf("dialog: intent %s: answers without a slot", in.Name)
		}
		cases := map[string]*runtime.Answer[profile]{}
		for _, cs := range in.Answers.Cases {
			if cases[cs.ID], err = c.answer(fmt.Sprintf("intent %s case %s", in.Name, cs.ID), cs.Response); err != nil {
				return nil, err
			}
		}
		slot := in.Answers.Slot.Name
		sk.Intents[in.Name] = func(ri *runtime.Intent) *runtime.Answer[profile] {
			if a, ok := cases[ri.SlotID(slot)]; ok {
				return a
			}
			return def
		}
	}
	return sk, nil
}

func (p *profile) at(i int) string {
	if i < len(p.v) {
		return p.v[i]
	}
	return ""
}

// label is the attribute's spoken name in every locale, with the same
// default the validator-less emitter uses: the name without "custom:" and
// with spaces for underscores.
func (c *compiler) label(a *ir.Attribute) runtime.Label {
	l := runtime.Label{Default: strings.ReplaceAll(strings.TrimPrefix(a.Name, "custom:"), "_", " "), Locales: map[string]string{}}
	for _, loc := range c.s.Locales {
		if v, ok := a.Label[loc.Code]; ok && v != "" {
			l.Locales[loc.Code] = v
		}
	}
	return l
}

func (c *compiler) answer(where string, r *ir.Response) (*runtime.Answer[profile], error) {
	if r == nil {
		return nil, fmt.Errorf("dialog: %s: no response", where)
	}
	a := &runtime.Answer[profile]{EndSession: r.EndSession}
	for _, at := range r.Needs {
		f := c.fields[at]
		if f == nil {
			return nil, fmt.Errorf("dialog: %s needs undeclared attribute %s", where, at.Name)
		}
		a.Needs = append(a.Needs, f)
	}
	var err error
	if a.Speech, err = c.template(where+" speech", r.Speech, false); err != nil {
		return nil, err
	}
	if r.Reprompt != nil {
		if a.Reprompt, err = c.template(where+" reprompt", r.Reprompt, false); err != nil {
			return nil, err
		}
	}
	if r.CardTitle != nil {
		if a.CardTitle, err = c.template(where+" card title", r.CardTitle, true); err != nil {
			return nil, err
		}
	}
	if r.CardText != nil {
		if a.CardText, err = c.template(where+" card text", r.CardText, true); err != nil {
			return nil, err
		}
	}
	return a, nil
}

// step is one template segment: literal text, a profile value, the
// labels of missing attributes, or the recognized speaker's name.
type step struct {
	text    string
	attr    int // -1 for text and missing
	sayAs   string
	missing bool
	speaker bool
}

func (c *compiler) template(where string, ts map[string]*ir.Template, plain bool) (runtime.Template[profile], error) {
	byLocale := map[string][]step{}
	for _, l := range c.s.Locales {
		t := ts[l.Code]
		if t == nil {
			return nil, fmt.Errorf("dialog: %s: no template for locale %s", where, l.Code)
		}
		var steps []step
		for _, seg := range t.Segments {
			switch {
			case seg.Attr != nil:
				i, ok := c.index[seg.Attr]
				if !ok {
					return nil, fmt.Errorf("dialog: %s names undeclared attribute %s", where, seg.Attr.Name)
				}
				steps = append(steps, step{attr: i, sayAs: seg.Attr.SayAs})
			case seg.Missing:
				steps = append(steps, step{attr: -1, missing: true})
			case seg.Speaker:
				steps = append(steps, step{attr: -1, speaker: true})
			default:
				text := seg.Text
				if plain {
					text = handlers.PlainText(text)
				}
				if text != "" {
					steps = append(steps, step{attr: -1, text: text})
				}
			}
		}
		byLocale[l.Code] = steps
	}
	first := byLocale[c.s.Locales[0].Code]
	return func(w *runtime.Writer, p *profile) {
		steps, ok := byLocale[w.Locale()]
		if !ok {
			steps = first
		}
		for _, st := range steps {
			switch {
			case st.missing:
				w.Missing()
			case st.speaker:
				w.Speaker()
			case st.attr >= 0 && st.sayAs != "":
				w.SayAs(p.at(st.attr), st.sayAs)
			case st.attr >= 0:
				w.Value(p.at(st.attr))
			default:
				w.Text(st.text)
			}
		}
	}, nil
}
