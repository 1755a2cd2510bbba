// Package lang holds, per language, how Alexa hears a custom skill: the
// phrases that launch it, the phrases its built-in intents already
// understand, the rules for its invocation name and the characters its
// samples may use. The validator, `skillgen dialog` and the conflict checks
// all read these tables, so a language behaves the same everywhere.
//
// The tables are taken from Amazon's documentation; each table cites its
// page. Amazon publishes only a subset of the phrases the built-in intents
// understand ("a subset of the utterances users can say"); the lists here
// are that subset plus phrases marked (reported) that users and reviewers
// report. Correct them here, in one place.
package lang

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode"

	"github.com/skillgen/skillgen/generator/expand"
)

// Built-in intents whose phrases the tables list.
const (
	Help         = "AMAZON.HelpIntent"
	Stop         = "AMAZON.StopIntent"
	Cancel       = "AMAZON.CancelIntent"
	NavigateHome = "AMAZON.NavigateHomeIntent"
	Fallback     = "AMAZON.FallbackIntent"
)

// Facts are one language's facts.
type Facts struct {
	Code    string   // ISO 639-1 language code: en
	Name    string   // English name: English
	Locales []string // the Alexa locales of this language

	// Scripts are the Unicode scripts the language's samples and
	// invocation names are written in.
	Scripts []*unicode.RangeTable
	// ScriptNames names Scripts in messages.
	ScriptNames string
	// Unspaced languages (Japanese) write words without spaces: the
	// resolver compares them character by character and samples hold no
	// spaces.
	Unspaced bool
	// Elision: an apostrophe joins an elided article or pronoun to the
	// next word (French l'adresse, Italian dov'è): it must sit between
	// two letters.
	Elision bool
	// NameAlone: the invocation name by itself opens the skill ("Alexa,
	// Daily Horoscopes"). Dialog takes it as a launch; an example phrase
	// still needs a launch phrase.
	NameAlone bool
	// CompoundNames: a one-word invocation name may be a compound of two
	// or more words (German "kaffeeroboter").
	CompoundNames bool

	// Launch lists the phrases that open the skill without a request, as
	// sample patterns around {invocation}.
	Launch []string
	// Requests lists the phrases that open the skill with a request, as
	// patterns with {invocation} and {request}.
	Requests []string

	// WakeWords are the words that wake Alexa: an invocation name may not
	// contain one, and an example phrase starts with one.
	WakeWords []string
	// LaunchWords may not appear in an invocation name.
	LaunchWords []string
	// Connectors join an invocation name and a request; an invocation
	// name may not begin or end with one.
	Connectors []string
	// Articles and prepositions a two-word invocation name may not hold.
	Articles []string

	// Builtins maps the built-in intents to phrases they understand.
	Builtins map[string][]string
	// FallbackExamples are utterances that match nothing a skill is
	// likely to say; tests use them to reach AMAZON.FallbackIntent.
	FallbackExamples []string

	// Sources are the pages the tables come from.
	Sources []string

	once      sync.Once
	launch    [][]Token
	requests  [][]Token
	builtins  map[string]string
	longest   int // bytes of the longest built-in phrase
	forbidden map[string]string
}

// Token is one element of a compiled phrase: a literal word, the
// invocation name, or a capture (the request, or a slot) that takes one or
// more words.
type Token struct {
	Word       string
	Invocation bool
	Capture    bool
}

// ForLocale returns the facts of a locale's language, or nil when skillgen
// does not know them.
func ForLocale(locale string) *Facts {
	code, _, _ := strings.Cut(locale, "-")
	f := byCode[code]
	if f == nil || !slices.Contains(f.Locales, locale) {
		return nil
	}
	f.compile()
	return f
}

// Locales returns every locale whose facts are known, sorted.
func Locales() []string {
	var out []string
	for _, f := range all {
		out = append(out, f.Locales...)
	}
	slices.Sort(out)
	return out
}

var byCode = func() map[string]*Facts {
	m := map[string]*Facts{}
	for _, f := range all {
		m[f.Code] = f
	}
	return m
}()

func (f *Facts) compile() {
	f.once.Do(func() {
		f.launch = compilePatterns(f, f.Launch)
		f.requests = compilePatterns(f, f.Requests)
		f.builtins = map[string]string{}
		for _, intent := range []string{Help, Stop, Cancel, NavigateHome} {
			for _, p := range f.Builtins[intent] {
				key := strings.Join(f.Words(p), " ")
				f.builtins[key] = intent
				f.longest = max(f.longest, len(key), len(p))
			}
		}
		f.forbidden = map[string]string{}
		for _, w := range f.LaunchWords {
			f.forbidden[w] = "launch word"
		}
		for _, w := range f.WakeWords {
			f.forbidden[w] = "wake word"
		}
	})
}

func compilePatterns(f *Facts, patterns []string) [][]Token {
	var out [][]Token
	for _, p := range patterns {
		exp, err := expand.Expand(nil, p, 10000)
		if err != nil {
			panic(fmt.Sprintf("lang %s: pattern %q: %v", f.Code, p, err))
		}
		for _, s := range exp {
			out = append(out, f.Compile(s, func(name string) Token {
				switch name {
				case "invocation":
					return Token{Invocation: true}
				case "request":
					return Token{Capture: true}
				}
				panic(fmt.Sprintf("lang %s: pattern %q names {%s}", f.Code, p, name))
			}))
		}
	}
	return out
}

// Compile turns an expanded sample (or phrase) into tokens; slot(name)
// gives the token for each {name}.
func (f *Facts) Compile(s string, slot func(name string) Token) []Token {
	var out []Token
	for {
		i := strings.IndexByte(s, '{')
		j := strings.IndexByte(s[max(i, 0):], '}')
		if i < 0 || j < 0 {
			break
		}
		for _, w := range f.Words(s[:i]) {
			out = append(out, Token{Word: w})
		}
		out = append(out, slot(s[i+1:i+j]))
		s = s[i+j+1:]
	}
	for _, w := range f.Words(s) {
		out = append(out, Token{Word: w})
	}
	return out
}

// Words normalises text the way Alexa's phrases are compared: lower case,
// typographic apostrophes made plain, punctuation other than apostrophes,
// hyphens and periods inside words removed. Unspaced languages give one
// token per character.
func (f *Facts) Words(s string) []string {
	s = apostrophes.Replace(strings.ToLower(s))
	var out []string
	for _, w := range strings.FieldsFunc(s, func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsDigit(r) || r == '\'' || r == '-' || r == '.')
	}) {
		w = strings.Trim(w, "'-.")
		if w == "" {
			continue
		}
		if f.Unspaced {
			for _, r := range w {
				if unicode.IsMark(r) && len(out) > 0 {
					out[len(out)-1] += string(r)
					continue
				}
				out = append(out, string(r))
			}
			continue
		}
		out = append(out, w)
	}
	return out
}

var apostrophes = strings.NewReplacer("’", "'", "‘", "'")

// Builtin returns the built-in intent that understands a phrase (given as
// words), if any.
func (f *Facts) Builtin(ws []string) (string, bool) {
	f.compile()
	in, ok := f.builtins[strings.Join(ws, " ")]
	return in, ok
}

// BuiltinPhrase returns the built-in intent that understands a phrase
// given as text (a sample), if any.
func (f *Facts) BuiltinPhrase(s string) (string, bool) {
	f.compile()
	if len(s) > 2*f.longest {
		return "", false // longer than any built-in phrase, with room for punctuation
	}
	if !f.Unspaced && plain(s) {
		// Already in the form Words gives: look it up without splitting.
		in, ok := f.builtins[strings.ToLower(s)]
		return in, ok
	}
	return f.Builtin(f.Words(s))
}

// plain reports whether s is letters and marks in words separated by
// single spaces: what Words would give back joined by spaces, lower-cased.
func plain(s string) bool {
	prevSpace := true
	for _, r := range s {
		switch {
		case r == ' ':
			if prevSpace {
				return false
			}
			prevSpace = true
		case unicode.IsLetter(r) || unicode.IsMark(r):
			prevSpace = false
		default:
			return false
		}
	}
	return !prevSpace
}

// StripWakeWord removes a leading wake word ("alexa, …").
func (f *Facts) StripWakeWord(ws []string) ([]string, bool) {
	for _, w := range f.WakeWords {
		ww := f.Words(w)
		if hasPrefix(ws, ww) {
			return ws[len(ww):], true
		}
	}
	return ws, false
}

// Invocation is one way an utterance names the skill.
type Invocation struct {
	// Request holds the words of the request, nil for a plain launch.
	Request []string
}

// Invocations returns every way ws opens the skill whose invocation name
// is inv (both as words): plain launches first, then launches with a
// request.
func (f *Facts) Invocations(ws, inv []string) []Invocation {
	f.compile()
	if len(inv) == 0 {
		return nil
	}
	var out []Invocation
	for _, p := range f.launch {
		if !mayMatch(p, ws) {
			continue
		}
		if _, ok := Match(expandInvocation(p, inv), ws); ok {
			return []Invocation{{}}
		}
	}
	for _, p := range f.requests {
		if !mayMatch(p, ws) {
			continue
		}
		ts := expandInvocation(p, inv)
		caps, ok := Match(ts, ws)
		if !ok {
			continue
		}
		for i, t := range ts {
			if t.Capture {
				out = append(out, Invocation{Request: caps[i]})
			}
		}
	}
	return out
}

// mayMatch is a cheap test before Match: a pattern that starts with a
// word matches only words that start with it.
func mayMatch(p []Token, ws []string) bool {
	if len(p) == 0 || len(ws) == 0 {
		return len(p) == len(ws)
	}
	t := p[0]
	return t.Invocation || t.Capture || t.Word == ws[0]
}

func expandInvocation(p []Token, inv []string) []Token {
	out := make([]Token, 0, len(p)+len(inv))
	for _, t := range p {
		if t.Invocation {
			for _, w := range inv {
				out = append(out, Token{Word: w})
			}
			continue
		}
		out = append(out, t)
	}
	return out
}

// Match matches tokens against words; a capture takes one or more words.
// It returns the words each token took.
func Match(ts []Token, ws []string) ([][]string, bool) {
	caps := make([][]string, len(ts))
	steps := 0
	var rec func(i, j int) bool
	rec = func(i, j int) bool {
		if steps++; steps > 100000 {
			return false // a pathological pattern: no match rather than a hang
		}
		if i == len(ts) {
			return j == len(ws)
		}
		t := ts[i]
		if !t.Capture {
			if j < len(ws) && ws[j] == t.Word && rec(i+1, j+1) {
				caps[i] = ws[j : j+1]
				return true
			}
			return false
		}
		// A capture takes at least one word and leaves one word for each
		// token still to come.
		for end := j + 1; end <= len(ws)-(len(ts)-i-1); end++ {
			caps[i] = ws[j:end]
			if rec(i+1, end) {
				return true
			}
		}
		caps[i] = nil
		return false
	}
	if !rec(0, 0) {
		return nil, false
	}
	return caps, true
}

func hasPrefix(ws, prefix []string) bool {
	return len(prefix) > 0 && len(ws) >= len(prefix) && slices.Equal(ws[:len(prefix)], prefix)
}

// InScript reports whether a letter belongs to the language's scripts.
func (f *Facts) InScript(r rune) bool {
	return unicode.In(r, f.Scripts...) || unicode.Is(unicode.Common, r) && unicode.IsLetter(r)
}

// ForbiddenIn returns the first wake word or launch word an invocation
// name holds, and its kind: as a word of the name, or, in an unspaced
// language, anywhere in it ("ポイントを開いて" holds 開いて).
func (f *Facts) ForbiddenIn(name string) (word, kind string) {
	f.compile()
	if f.Unspaced {
		for _, list := range []struct {
			kind  string
			words []string
		}{{"wake word", f.WakeWords}, {"launch word", f.LaunchWords}} {
			for _, w := range list.words {
				if w != "" && strings.Contains(strings.ToLower(name), w) {
					return w, list.kind
				}
			}
		}
		return "", ""
	}
	for _, w := range strings.Fields(name) {
		for _, part := range f.Words(w) {
			if k := f.forbidden[part]; k != "" {
				return part, k
			}
		}
	}
	return "", ""
}

// LaunchPhrase is the language's first launch phrase for an invocation
// name: "open link demo", "öffne apotheken bonus", "ポイント確認を開いて".
func (f *Facts) LaunchPhrase(inv string) string {
	exp, err := expand.Expand(nil, f.Launch[0], 10000)
	if err != nil || len(exp) == 0 {
		return inv
	}
	return strings.Replace(exp[0], "{invocation}", inv, 1)
}
