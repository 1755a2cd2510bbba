// Package interp runs an answer plan (generator/plan) on the runtime: it
// turns the plan into the runtime.Skill the generated package would
// declare, without compiling Go. `skillgen dialog` and `skillgen serve`
// use it so they answer from any spec at once; the generated package
// prints the same plan, and a test proves both answer byte for byte alike.
package interp

import (
	"errors"
	"fmt"

	"github.com/skillgen/skillgen/generator/plan"
	"github.com/skillgen/skillgen/runtime"
)

// Profile is the linked user's profile: one value per attribute of the
// plan, by plan.Attribute.Index.
type Profile struct{ values []string }

func (p *Profile) at(i int) string {
	if i < len(p.values) {
		return p.values[i]
	}
	return "" // a profile not fetched (link-account and error answers)
}

// NewHandler returns the request handler of the skill p plans, reading
// profiles from src.
func NewHandler(p *plan.Skill, src runtime.ProfileSource, opts ...runtime.Option) (*runtime.Handler, error) {
	sk, err := Skill(p)
	if err != nil {
		return nil, err
	}
	return runtime.NewHandler(sk, src, opts...)
}

// Skill returns the runtime skill that answers as p plans.
func Skill(p *plan.Skill) (*runtime.Skill[Profile], error) {
	if p == nil {
		return nil, errors.New("interp: nil plan")
	}
	if len(p.Locales) == 0 {
		return nil, fmt.Errorf("interp: skill %s has no locales", p.Package)
	}
	r := &runner{fields: map[*plan.Attribute]*runtime.Field[Profile]{}, texts: map[*plan.Text]runtime.Template[Profile]{}}
	for _, a := range p.Attributes {
		i := a.Index
		r.fields[a] = &runtime.Field[Profile]{Name: a.Name, Label: runtime.Label{Default: a.Label.Default, Locales: a.Label.Locales},
			Get: func(p *Profile) string { return p.at(i) }}
	}
	attrs := p.Attributes
	sk := &runtime.Skill[Profile]{
		Name:    p.Name,
		ID:      p.ID,
		Locales: p.Locales,
		// The same claim list the generated package compiles.
		ProfileClaims: p.ProfileClaims,
		Decode: func(prof *Profile, m map[string]string) {
			prof.values = make([]string, len(attrs))
			for i, a := range attrs {
				v := m[a.Name]
				if a.Address {
					v = runtime.AddressText(v)
				}
				prof.values[i] = v
			}
		},
		Intents:          make(map[string]runtime.IntentHandler[Profile], len(p.Intents)),
		Launch:           r.answer(p.Launch),
		Help:             r.answer(p.Help),
		Stop:             r.answer(p.Stop),
		Fallback:         r.answer(p.Fallback),
		LinkAccount:      r.answer(p.LinkAccount),
		MissingAttribute: r.answer(p.MissingAttribute),
		Error:            r.answer(p.Error),
	}
	if pz := p.Personalization; pz.Enabled {
		sk.Personalization = runtime.Personalization{Enabled: true, AccountProfile: pz.AccountProfile, UnrecognizedName: pz.UnrecognizedName}
	}
	for _, in := range p.Intents {
		def := r.answer(in.Answer)
		if in.Slot == "" {
			sk.Intents[in.Name] = func(*runtime.Intent) *runtime.Answer[Profile] { return def }
			continue
		}
		cases := make(map[string]*runtime.Answer[Profile], len(in.Cases))
		for _, c := range in.Cases {
			cases[c.ID] = r.answer(c.Answer)
		}
		slot := in.Slot
		sk.Intents[in.Name] = func(ri *runtime.Intent) *runtime.Answer[Profile] {
			if a, ok := cases[ri.SlotID(slot)]; ok {
				return a
			}
			return def
		}
	}
	if r.err != nil {
		return nil, r.err
	}
	return sk, nil
}

type runner struct {
	fields map[*plan.Attribute]*runtime.Field[Profile]
	texts  map[*plan.Text]runtime.Template[Profile] // shared texts, run by one template
	err    error
}

func (r *runner) answer(a *plan.Answer) *runtime.Answer[Profile] {
	if a == nil {
		r.err = errors.New("interp: the plan lacks an answer")
		return nil
	}
	out := &runtime.Answer[Profile]{EndSession: a.EndSession}
	if len(a.Needs) > 0 {
		out.Needs = make([]*runtime.Field[Profile], len(a.Needs))
		for i, at := range a.Needs {
			out.Needs[i] = r.fields[at]
		}
	}
	out.Speech = r.template(a.Speech)
	out.Reprompt = r.template(a.Reprompt)
	out.CardTitle = r.template(a.CardTitle)
	out.CardText = r.template(a.CardText)
	return out
}

// template returns the runtime template writing t; nil for no text.
func (r *runner) template(t *plan.Text) runtime.Template[Profile] {
	if t == nil {
		return nil
	}
	if f, ok := r.texts[t]; ok {
		return f
	}
	var f runtime.Template[Profile]
	if len(t.Variants) == 1 {
		pieces := t.Variants[0].Pieces
		f = func(w *runtime.Writer, p *Profile) { write(w, p, pieces) }
	} else {
		byLocale := map[string][]plan.Piece{}
		for _, v := range t.Variants {
			for _, l := range v.Locales {
				byLocale[l] = v.Pieces
			}
		}
		def := t.Variants[t.Default].Pieces
		f = func(w *runtime.Writer, p *Profile) {
			pieces, ok := byLocale[w.Locale()]
			if !ok {
				pieces = def
			}
			write(w, p, pieces)
		}
	}
	r.texts[t] = f
	return f
}

func write(w *runtime.Writer, p *Profile, pieces []plan.Piece) {
	for i := range pieces {
		pc := &pieces[i]
		switch pc.Kind {
		case plan.Literal:
			w.Text(pc.Text)
		case plan.Value:
			if pc.SayAs != "" {
				w.SayAs(p.at(pc.Attr.Index), pc.SayAs)
			} else {
				w.Value(p.at(pc.Attr.Index))
			}
		case plan.Missing:
			w.Missing()
		case plan.Speaker:
			w.Speaker()
		}
	}
}
