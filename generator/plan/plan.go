// Package plan decides what a skill answers: for every request kind,
// intent and slot case, the answer in each locale — the attributes it
// needs, the labels spoken when they are missing, and its texts as pieces
// (literal text, a profile value with its say-as, the missing labels).
//
// The plan is data. The Go emitter (generator/emit/handlers) prints it as
// a package the Lambda runs; `skillgen dialog` and `skillgen serve`
// interpret it (internal/interp). Both read the same decisions, so they
// answer alike byte for byte. The package imports no runtime: it is a step
// of the pure pipeline (spec → validate → IR → plan → emit → write).
package plan

import (
	"cmp"
	"errors"
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/skillgen/skillgen/generator/ir"
	"github.com/skillgen/skillgen/internal/facts"
)

// Skill is what one skill answers.
type Skill struct {
	Package string // Go package name, e.g. linkedprofile
	Name    string // the skill's name in its first locale
	ID      string // skill ID; "" when the spec names none
	Spec    string // the spec file as generated comments name it (ir.Skill.Source)
	Code    string // the output directory of the generated package, relative to the working directory
	// CodeShown is Code as generated comments name it: relative to the
	// module root, like Spec, so comments do not depend on where skillgen
	// ran.
	CodeShown string

	// Locales are the skill's locale codes: the primary locale first, then
	// the others sorted; the runtime falls back to the first.
	Locales []string
	// Attributes are the profile: every declared attribute, in spec order.
	Attributes []*Attribute
	// ProfileClaims are the attributes the access token carries when the
	// profile travels in it (cognito.profileSource token): exactly those the
	// skill speaks, sorted. The pre token generation trigger adds them and
	// the runtime reads them from the verified token. Nil: GetUser.
	ProfileClaims []string

	// The fixed answers. NavigateHomeIntent answers with Launch,
	// CancelIntent with Stop, unknown intents with Fallback; LinkAccount
	// goes with a LinkAccount card.
	Launch, Help, Stop, Fallback, LinkAccount, MissingAttribute, Error *Answer
	// Intents are the custom intents, in spec order.
	Intents []*Intent
	// Personalization: how recognized speakers are answered.
	Personalization Personalization
}

// Personalization is skill personalization for recognized speakers (see
// ir.Personalization).
type Personalization struct {
	// Enabled: a recognized speaker's own link answers for them.
	Enabled bool
	// AccountProfile: a recognized speaker without their own link is
	// answered from the account-level link, not asked to link.
	AccountProfile bool
	// UnrecognizedName is what Speaker pieces say for an unrecognized
	// speaker, per locale (SSML); nil when nothing.
	UnrecognizedName map[string]string
}

// Attribute is one value of the profile.
type Attribute struct {
	Name   string // Cognito attribute name, e.g. phone_number, custom:member_id
	GoName string // exported Go identifier of the profile field
	Index  int    // position in Skill.Attributes
	// Address: Cognito sends the OIDC address claim as JSON; the profile
	// holds its formatted text.
	Address bool
	// SayAs is the say-as interpret-as of the value in speech; "" for none.
	SayAs string
	// Label is the attribute's spoken name, for the missing-attribute
	// message.
	Label Label
	// Needed: some answer needs the attribute.
	Needed bool
}

// Label is a spoken name per locale.
type Label struct {
	Default string            // the label of most locales (the first in locale order on a tie)
	Locales map[string]string // locale → label, only where it differs from Default; nil when none does
}

// For returns the label in locale.
func (l Label) For(locale string) string {
	if s, ok := l.Locales[locale]; ok {
		return s
	}
	return l.Default
}

// Intent is what a custom intent answers.
type Intent struct {
	Name string
	// Slot names the slot whose resolved id picks a case; "" when the
	// intent has one answer.
	Slot  string
	Cases []*Case
	// Answer is the intent's answer; with Slot, the answer when the slot
	// resolves to no case (no value, no match or an id without a case).
	Answer *Answer
}

// Case is the answer when the slot resolves to ID.
type Case struct {
	ID     string
	Answer *Answer
}

// Answer is one response of the skill.
type Answer struct {
	// Needs are the attributes its texts read, in declaration order. An
	// answer without needs is given without an account link or a profile.
	Needs      []*Attribute
	Speech     *Text // never nil
	Reprompt   *Text // nil: no reprompt
	CardTitle  *Text // both nil: no card
	CardText   *Text
	EndSession bool
}

// Text is one text of an answer in every locale. Equal texts are one
// *Text: the plan shares them between answers.
//
// Speech is SSML: literals are valid SSML, values are XML-escaped and
// wrapped in <say-as> when the attribute has a say-as. Card text is plain:
// literals are reduced to plain text (PlainText) and values are written as
// they are.
type Text struct {
	Card bool // card title or text: plain, not SSML
	// Variants group the locales that read the same; in locale order of
	// their first locale. Every skill locale is in exactly one.
	Variants []*Variant
	// Default is the index of the variant with the most locales (the first
	// on a tie): the one a locale outside the skill would read.
	Default int
}

// Variant is a text as the locales in Locales read it.
type Variant struct {
	Locales []string
	Source  string // the template as written in the spec, in Locales[0]
	Pieces  []Piece
}

// For returns the pieces of t in locale, or those of the default variant
// for a locale t does not have.
func (t *Text) For(locale string) []Piece {
	for _, v := range t.Variants {
		if slices.Contains(v.Locales, locale) {
			return v.Pieces
		}
	}
	return t.Variants[t.Default].Pieces
}

// ReadsProfile reports whether any variant writes a profile value.
func (t *Text) ReadsProfile() bool {
	for _, v := range t.Variants {
		for _, p := range v.Pieces {
			if p.Kind == Value {
				return true
			}
		}
	}
	return false
}

// Kind is what a piece writes.
type Kind uint8

// Piece kinds.
const (
	// Literal writes Text: SSML in speech, plain text in cards. Adjacent
	// literals are one piece, and no literal is empty.
	Literal Kind = iota
	// Value writes the profile value of Attr: in speech XML-escaped, in
	// <say-as interpret-as="SayAs"> when SayAs is set; as it is in cards.
	Value
	// Missing writes the labels of the attributes the answer lacks,
	// joined naturally ("phone number and email address"), escaped like
	// values.
	Missing
	// Speaker writes the recognized speaker's first name as Alexa's
	// <alexa:name type="first" personId="…"/> (speech only), or for an
	// unrecognized speaker Personalization.UnrecognizedName.
	Speaker
)

// Piece is one part of a text.
type Piece struct {
	Kind  Kind
	Text  string     // Literal
	Attr  *Attribute // Value
	SayAs string     // Value: Attr.SayAs, or "" in cards
}

// key identifies the piece among texts, for sharing equal texts.
func (p Piece) key() string {
	switch p.Kind {
	case Value:
		return "a:" + p.Attr.Name
	case Missing:
		return "m:"
	case Speaker:
		return "s:"
	}
	return "t:" + p.Text
}

// ProfileClaims are the attributes s's access tokens carry: in token mode
// (cognito.profileSource token) exactly those the skill speaks, sorted;
// else nil. Hosts that interpret the spec give them to runtime/chain.
func ProfileClaims(s *ir.Skill) []string {
	if !s.Cognito.TokenClaims() || len(s.Cognito.ReadAttributes) == 0 {
		return nil
	}
	return slices.Clone(s.Cognito.ReadAttributes)
}

// Build decides what s answers. It reports every IR defect it finds (a
// missing response or locale, a case intent without a slot, an
// undeclared attribute) together.
func Build(s *ir.Skill) (*Skill, error) {
	if s == nil {
		return nil, errors.New("plan: nil skill")
	}
	b := &builder{s: s, attrs: map[*ir.Attribute]*Attribute{}, texts: map[string]*Text{}}
	p := &Skill{Package: s.Package, Name: s.Name, ID: s.SkillID, Spec: cmp.Or(s.Source, s.SpecPath), Code: s.Output.Code, CodeShown: codeShown(s), Locales: primaryFirst(s)}
	p.ProfileClaims = ProfileClaims(s)
	if pz := s.Personalization; pz.Enabled {
		p.Personalization = Personalization{Enabled: true, AccountProfile: pz.AccountProfile}
		if len(pz.UnrecognizedName) > 0 {
			p.Personalization.UnrecognizedName = pz.UnrecognizedName
		}
	}
	if len(p.Locales) == 0 {
		b.errs = append(b.errs, errors.New("no locales"))
	}
	for i, a := range s.Attributes {
		pa := &Attribute{Name: a.Name, GoName: a.GoName, Index: i, Address: a.Name == "address", SayAs: a.SayAs, Label: b.label(a)}
		b.attrs[a] = pa
		p.Attributes = append(p.Attributes, pa)
	}
	m := s.Messages
	for _, x := range []struct {
		name string
		r    *ir.Response
		dst  **Answer
	}{{"launch", m.Launch, &p.Launch}, {"help", m.Help, &p.Help}, {"stop", m.Stop, &p.Stop},
		{"fallback", m.Fallback, &p.Fallback}, {"linkAccount", m.LinkAccount, &p.LinkAccount},
		{"missingAttribute", m.MissingAttribute, &p.MissingAttribute}, {"error", m.Error, &p.Error}} {
		*x.dst = b.answer("messages."+x.name, x.r)
	}
	for _, in := range s.Intents {
		pi := &Intent{Name: in.Name, Answer: b.answer("intent "+in.Name, in.Response)}
		if in.Answers != nil {
			if in.Answers.Slot == nil {
				b.errs = append(b.errs, fmt.Errorf("intent %s: answers without a slot", in.Name))
			} else {
				pi.Slot = in.Answers.Slot.Name
			}
			for _, c := range in.Answers.Cases {
				pi.Cases = append(pi.Cases, &Case{ID: c.ID, Answer: b.answer(fmt.Sprintf("intent %s case %s", in.Name, c.ID), c.Response)})
			}
		}
		p.Intents = append(p.Intents, pi)
	}
	if len(b.errs) > 0 {
		return nil, fmt.Errorf("plan: %s: %w", s.SpecPath, errors.Join(b.errs...))
	}
	return p, nil
}

type builder struct {
	s     *ir.Skill
	attrs map[*ir.Attribute]*Attribute
	texts map[string]*Text // sharing key → text
	errs  []error
}

// label is a's spoken name: the most common label as default, the locales
// that differ listed.
func (b *builder) label(a *ir.Attribute) Label {
	codes := b.s.LocaleCodes()
	lbl := func(code string) string {
		if l, ok := a.Label[code]; ok && l != "" {
			return l
		}
		return facts.DefaultLabel(a.Name)
	}
	count := map[string]int{}
	def := ""
	for _, c := range codes {
		l := lbl(c)
		count[l]++
		if count[l] > count[def] {
			def = l
		}
	}
	out := Label{Default: def}
	for _, c := range codes {
		if l := lbl(c); l != def {
			if out.Locales == nil {
				out.Locales = map[string]string{}
			}
			out.Locales[c] = l
		}
	}
	return out
}

func (b *builder) attr(where string, a *ir.Attribute) *Attribute {
	pa := b.attrs[a]
	if pa == nil {
		b.errs = append(b.errs, fmt.Errorf("%s: attribute %s is not declared", where, a.Name))
	}
	return pa
}

func (b *builder) answer(where string, r *ir.Response) *Answer {
	if r == nil {
		b.errs = append(b.errs, fmt.Errorf("%s: no response", where))
		return nil
	}
	a := &Answer{EndSession: r.EndSession}
	for _, at := range r.Needs {
		if pa := b.attr(where, at); pa != nil {
			pa.Needed = true
			a.Needs = append(a.Needs, pa)
		}
	}
	a.Speech = b.text(where, "speech", r.Speech, false)
	if r.Reprompt != nil {
		a.Reprompt = b.text(where, "reprompt", r.Reprompt, false)
	}
	if r.CardTitle != nil {
		a.CardTitle = b.text(where, "card title", r.CardTitle, true)
	}
	if r.CardText != nil {
		a.CardText = b.text(where, "card text", r.CardText, true)
	}
	return a
}

// text turns the templates of every locale into a Text, shared with an
// equal text built before.
func (b *builder) text(where, what string, ts map[string]*ir.Template, card bool) *Text {
	t := &Text{Card: card}
	var key strings.Builder
	fmt.Fprintf(&key, "%v|", card)
	byKey := map[string]*Variant{}
	var keys []string
	for _, l := range b.s.Locales {
		tpl := ts[l.Code]
		if tpl == nil {
			b.errs = append(b.errs, fmt.Errorf("%s: no %s for locale %s", where, what, l.Code))
			continue
		}
		pieces := b.pieces(where, tpl, card)
		var kb strings.Builder
		for _, p := range pieces {
			kb.WriteString(p.key())
			kb.WriteByte(0)
		}
		k := kb.String()
		v := byKey[k]
		if v == nil {
			v = &Variant{Source: tpl.Source, Pieces: pieces}
			byKey[k] = v
			keys = append(keys, k)
			t.Variants = append(t.Variants, v)
		}
		v.Locales = append(v.Locales, l.Code)
	}
	if len(t.Variants) == 0 {
		return t
	}
	for i, v := range t.Variants {
		fmt.Fprintf(&key, "%q=%q;", v.Locales, keys[i])
		if len(v.Locales) > len(t.Variants[t.Default].Locales) {
			t.Default = i
		}
	}
	if shared, ok := b.texts[key.String()]; ok {
		return shared
	}
	b.texts[key.String()] = t
	return t
}

// pieces turns a template into pieces; card templates get their literal
// SSML reduced to text.
func (b *builder) pieces(where string, t *ir.Template, card bool) []Piece {
	var out []Piece
	for _, seg := range t.Segments {
		switch {
		case seg.Attr != nil:
			if a := b.attr(where, seg.Attr); a != nil {
				p := Piece{Kind: Value, Attr: a}
				if !card {
					p.SayAs = a.SayAs
				}
				out = append(out, p)
			}
		case seg.Missing:
			out = append(out, Piece{Kind: Missing})
		case seg.Speaker:
			out = append(out, Piece{Kind: Speaker})
		default:
			text := seg.Text
			if card {
				text = PlainText(text)
			}
			if text == "" {
				continue
			}
			if n := len(out); n > 0 && out[n-1].Kind == Literal {
				out[n-1].Text += text
				continue
			}
			out = append(out, Piece{Kind: Literal, Text: text})
		}
	}
	return out
}

// PlainText reduces literal SSML to plain text: tags dropped, entities
// decoded, runs of spaces left by dropped tags collapsed. Card literals go
// through it, and so does what `skillgen dialog` prints of speech.
func PlainText(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		switch s[i] {
		case '<':
			if e := strings.IndexByte(s[i:], '>'); e >= 0 {
				i += e + 1
				continue
			}
		case '&':
			if e := strings.IndexByte(s[i:], ';'); e > 0 {
				if r, ok := entity(s[i+1 : i+e]); ok {
					b.WriteString(r)
					i += e + 1
					continue
				}
			}
		}
		b.WriteByte(s[i])
		i++
	}
	out := b.String()
	for strings.Contains(out, "  ") {
		out = strings.ReplaceAll(out, "  ", " ")
	}
	return out
}

func entity(name string) (string, bool) {
	switch name {
	case "amp":
		return "&", true
	case "lt":
		return "<", true
	case "gt":
		return ">", true
	case "quot":
		return `"`, true
	case "apos":
		return "'", true
	}
	var r rune
	var n int
	var err error
	switch {
	case strings.HasPrefix(name, "#x"), strings.HasPrefix(name, "#X"):
		_, err = fmt.Sscanf(name[2:], "%x", &r)
		n = 1
	case strings.HasPrefix(name, "#"):
		_, err = fmt.Sscanf(name[1:], "%d", &r)
		n = 1
	}
	if n == 0 || err != nil || r <= 0 || r > 0x10FFFF {
		return "", false
	}
	return string(r), true
}

// primaryFirst lists the skill's locales with the primary one first.
func primaryFirst(s *ir.Skill) []string {
	out := []string{}
	if p := s.Primary(); p != "" {
		out = append(out, p)
	}
	for _, c := range s.LocaleCodes() {
		if c != s.Primary() {
			out = append(out, c)
		}
	}
	return out
}

// codeShown is the output directory relative to the module root: Code is
// relative to the working directory, through the spec's directory there;
// that part is replaced by the spec's directory in the module.
func codeShown(s *ir.Skill) string {
	if s.Source == "" {
		return s.Output.Code
	}
	rel := s.Output.Code
	if d := path.Dir(s.SpecPath); d != "." {
		r, ok := strings.CutPrefix(rel, d+"/")
		if !ok {
			return s.Output.Code
		}
		rel = r
	}
	return path.Join(path.Dir(s.Source), rel)
}
