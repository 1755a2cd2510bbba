// Package dialog lets a user talk to a skill on their own machine: it
// resolves typed utterances against the skill's interaction model the way
// Alexa does for skillgen's models, builds the Alexa request, runs the
// skill's compiled handlers through the runtime and prints the answer.
package dialog

import (
	"fmt"
	"slices"
	"strings"

	"github.com/skillgen/skillgen/generator/alexa"
	"github.com/skillgen/skillgen/generator/ir"
	"github.com/skillgen/skillgen/generator/lang"
)

// Request types a resolution produces.
const (
	KindLaunch       = "LaunchRequest"
	KindIntent       = "IntentRequest"
	KindSessionEnded = "SessionEndedRequest"
)

// Entity-resolution status codes.
const (
	ERMatch   = "ER_SUCCESS_MATCH"
	ERNoMatch = "ER_SUCCESS_NO_MATCH"
)

// MaxUtteranceWords bounds what the resolver matches; longer utterances go
// to AMAZON.FallbackIntent, as no sample is that long.
const MaxUtteranceWords = 64

// Resolution is what Alexa would send for an utterance.
type Resolution struct {
	Kind   string // KindLaunch or KindIntent
	Intent string // for KindIntent
	Slots  []SlotValue
	// Invoked is true when the utterance named the skill ("open link
	// demo", "ask link demo what is my name"): it starts a new session.
	Invoked bool
	// Sample is the sample utterance that matched, "" for launches,
	// built-in phrases and the fallback.
	Sample string
}

// SlotValue is one filled slot.
type SlotValue struct {
	Name  string
	Type  string
	Value string // the words heard, as Alexa sends them
	// Status is ERMatch or ERNoMatch for custom slot types, "" for built-in
	// types (no entity resolution).
	Status    string
	ID        string // the resolved value's id when Status is ERMatch
	Canonical string // the resolved value's canonical name
	Authority string // amzn1.er-authority.echo-sdk.<skill id>.<type>
}

// Resolver resolves utterances for one locale of a skill.
type Resolver struct {
	skillID    string
	locale     string
	lang       *lang.Facts
	invocation []string
	intents    []*intentModel
}

type intentModel struct {
	intent  *ir.Intent
	samples []sample
}

type sample struct {
	text     string
	tokens   []token
	literals int
}

// token is a literal word or a slot marker.
type token struct {
	word string
	slot *ir.Slot
}

// NewResolver prepares the model of one locale of s. skillID names the
// entity-resolution authority.
func NewResolver(s *ir.Skill, locale, skillID string) (*Resolver, error) {
	var loc *ir.Locale
	for _, l := range s.Locales {
		if l.Code == locale {
			loc = l
		}
	}
	if loc == nil {
		return nil, fmt.Errorf("the skill has no locale %q (it has %s)", locale, strings.Join(s.LocaleCodes(), ", "))
	}
	f := lang.ForLocale(locale)
	if f == nil {
		return nil, fmt.Errorf("skillgen does not know the phrases of locale %q", locale)
	}
	r := &Resolver{
		skillID:    skillID,
		locale:     locale,
		lang:       f,
		invocation: f.Words(loc.Invocation),
	}
	for _, in := range s.Intents {
		m := &intentModel{intent: in}
		for _, text := range in.Samples[locale] {
			sm, err := compileSample(f, in, text)
			if err != nil {
				return nil, fmt.Errorf("intent %s: sample %q: %w", in.Name, text, err)
			}
			m.samples = append(m.samples, sm)
		}
		r.intents = append(r.intents, m)
	}
	return r, nil
}

func compileSample(f *lang.Facts, in *ir.Intent, text string) (sample, error) {
	sm := sample{text: text}
	var missing string
	for _, t := range f.Compile(text, func(name string) lang.Token { return lang.Token{Word: name, Capture: true} }) {
		if !t.Capture {
			sm.tokens = append(sm.tokens, token{word: t.Word})
			sm.literals++
			continue
		}
		i := slices.IndexFunc(in.Slots, func(s *ir.Slot) bool { return s.Name == t.Word })
		if i < 0 {
			missing = t.Word
			continue
		}
		sm.tokens = append(sm.tokens, token{slot: in.Slots[i]})
	}
	if missing != "" {
		return sample{}, fmt.Errorf("slot {%s} is not a slot of the intent", missing)
	}
	return sm, nil
}

// Resolve resolves one utterance.
func (r *Resolver) Resolve(utterance string) Resolution {
	ws, _ := r.lang.StripWakeWord(r.lang.Words(utterance))
	if len(ws) > MaxUtteranceWords {
		return Resolution{Kind: KindIntent, Intent: lang.Fallback}
	}
	if res, ok := r.launch(ws); ok {
		return res
	}
	return r.intent(ws)
}

// launch recognises utterances that name the skill with one of the
// language's launch or request phrases. Of several readings of a request
// ("ask link demo for my name": "for my name" or "my name"), the first
// that reaches a custom intent wins.
func (r *Resolver) launch(ws []string) (Resolution, bool) {
	invs := r.lang.Invocations(ws, r.invocation)
	if len(invs) == 0 {
		// "Alexa, daily horoscopes": the name alone opens the skill in
		// the languages whose facts say so.
		// A sample that is the name itself stays the skill's.
		if r.lang.NameAlone && len(ws) > 0 && slices.Equal(ws, r.invocation) && r.intent(ws).Sample == "" {
			return Resolution{Kind: KindLaunch, Invoked: true}, true
		}
		return Resolution{}, false
	}
	if invs[0].Request == nil {
		return Resolution{Kind: KindLaunch, Invoked: true}, true
	}
	var first Resolution
	for i, iv := range invs {
		res := r.intent(iv.Request)
		res.Invoked = true
		if i == 0 {
			first = res
		}
		if res.Sample != "" {
			return res, true
		}
	}
	return first, true
}

// match is one way a sample matched an utterance.
type match struct {
	intent   *intentModel
	sample   *sample
	slots    []SlotValue
	rank     int // higher is better
	literals int
}

// intent resolves an in-session request: a custom sample without slots
// that matches exactly, then the built-in phrases, then the best sample
// with slots, else AMAZON.FallbackIntent.
func (r *Resolver) intent(ws []string) Resolution {
	var best *match
	for _, m := range r.intents {
		for i := range m.samples {
			sm := &m.samples[i]
			caps, ok := matchTokens(sm.tokens, ws)
			if !ok {
				continue
			}
			c := &match{intent: m, sample: sm, literals: sm.literals}
			unresolved := 0
			for j, t := range sm.tokens {
				if t.slot == nil {
					continue
				}
				sv := r.slotValue(t.slot, r.join(caps[j]))
				if sv.Status == ERNoMatch {
					unresolved++
				}
				c.slots = append(c.slots, sv)
			}
			switch {
			case len(c.slots) == 0:
				c.rank = 3 // exact sample
			case unresolved == 0:
				c.rank = 2 // every slot value known
			case sm.literals > 0:
				c.rank = 1 // words of the sample heard, a slot value unknown
			default:
				continue // a bare slot with an unknown value is no match
			}
			if best == nil || c.rank > best.rank || (c.rank == best.rank && c.literals > best.literals) {
				best = c
			}
		}
	}
	if best != nil && best.rank == 3 {
		return r.resolution(best)
	}
	if name, ok := r.lang.Builtin(ws); ok {
		return Resolution{Kind: KindIntent, Intent: name}
	}
	if best != nil {
		return r.resolution(best)
	}
	return Resolution{Kind: KindIntent, Intent: lang.Fallback}
}

func (r *Resolver) resolution(m *match) Resolution {
	res := Resolution{Kind: KindIntent, Intent: m.intent.intent.Name, Sample: m.sample.text}
	// Alexa sends every slot of the intent; unfilled ones without a value.
	for _, s := range m.intent.intent.Slots {
		i := slices.IndexFunc(m.slots, func(v SlotValue) bool { return v.Name == s.Name })
		if i >= 0 {
			res.Slots = append(res.Slots, m.slots[i])
		} else {
			res.Slots = append(res.Slots, SlotValue{Name: s.Name, Type: s.Type})
		}
	}
	return res
}

// slotValue resolves heard words against a slot's type: a value or synonym
// equal to them, ignoring case and punctuation, gives its id.
func (r *Resolver) slotValue(s *ir.Slot, heard string) SlotValue {
	sv := SlotValue{Name: s.Name, Type: s.Type, Value: heard}
	if s.Enum == nil {
		return sv
	}
	sv.Authority = "amzn1.er-authority.echo-sdk." + r.skillID + "." + s.Enum.Name
	sv.Status = ERNoMatch
	key := strings.Join(r.lang.Words(heard), " ")
	for _, v := range s.Enum.Values {
		cands := append([]string{v.Value[r.locale]}, v.Synonyms[r.locale]...)
		for _, c := range cands {
			if c != "" && strings.Join(r.lang.Words(c), " ") == key {
				sv.Status, sv.ID, sv.Canonical = ERMatch, v.ID, v.Value[r.locale]
				return sv
			}
		}
	}
	return sv
}

// join puts heard words back together: with spaces, or none in a language
// written without them.
func (r *Resolver) join(ws []string) string {
	if r.lang.Unspaced {
		return strings.Join(ws, "")
	}
	return strings.Join(ws, " ")
}

// matchTokens matches sample tokens against words with the language
// tables' matcher; a slot takes one or more words. It returns the words
// each slot token took.
func matchTokens(ts []token, ws []string) ([][]string, bool) {
	lt := make([]lang.Token, len(ts))
	for i, t := range ts {
		lt[i] = lang.Token{Word: t.word, Capture: t.slot != nil}
	}
	return lang.Match(lt, ws)
}

// Intent is the IntentRequest for an intent named directly, with slot
// values as heard: custom slot types resolve to their ids as in Resolve.
// The intent must be one of the skill's or a built-in one its model has.
func (r *Resolver) Intent(name string, slots map[string]string) (Resolution, error) {
	for _, m := range r.intents {
		if m.intent.Name != name {
			continue
		}
		res := Resolution{Kind: KindIntent, Intent: name}
		for _, s := range m.intent.Slots {
			if v, ok := slots[s.Name]; ok && v != "" {
				res.Slots = append(res.Slots, r.slotValue(s, v))
			} else {
				res.Slots = append(res.Slots, SlotValue{Name: s.Name, Type: s.Type})
			}
		}
		for k := range slots {
			if !slices.ContainsFunc(m.intent.Slots, func(s *ir.Slot) bool { return s.Name == k }) {
				return Resolution{}, fmt.Errorf("intent %s has no slot %q", name, k)
			}
		}
		return res, nil
	}
	if slices.Contains(r.BuiltinIntents(), name) {
		if len(slots) > 0 {
			return Resolution{}, fmt.Errorf("intent %s has no slots", name)
		}
		return Resolution{Kind: KindIntent, Intent: name}, nil
	}
	return Resolution{}, fmt.Errorf("the model has no intent %q", name)
}

// BuiltinIntents lists the AMAZON.* intents every skillgen model declares.
func (r *Resolver) BuiltinIntents() []string {
	var names []string
	for _, b := range alexa.BuiltinIntents {
		names = append(names, b.Name)
	}
	return names
}

// HasIntent reports whether the model has an intent of that name.
func (r *Resolver) HasIntent(name string) bool {
	_, err := r.Intent(name, nil)
	return err == nil
}
