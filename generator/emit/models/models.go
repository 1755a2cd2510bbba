// Package models emits Alexa interaction models (the ASK JSON format), one
// per locale, byte-deterministic: fixed order, two-space indentation and a
// trailing newline.
package models

import (
	"fmt"
	"path"
	"sync"
	"unicode/utf8"

	"github.com/skillgen/skillgen/generator/alexa"
	"github.com/skillgen/skillgen/generator/ir"
)

// Path returns the model file of a locale.
func Path(s *ir.Skill, locale string) string { return path.Join(s.Output.Models, locale+".json") }

// Emit returns the interaction model of every locale, keyed by file path.
// Locales render concurrently.
func Emit(s *ir.Skill) (map[string][]byte, error) {
	models := make([][]byte, len(s.Locales))
	var wg sync.WaitGroup
	for i, l := range s.Locales {
		wg.Go(func() { models[i] = Model(s, l) })
	}
	wg.Wait()
	out := make(map[string][]byte, len(s.Locales))
	for i, l := range s.Locales {
		b := models[i]
		if n := utf8.RuneCount(b); n > alexa.MaxModelChars {
			return nil, &TooLargeError{Locale: l.Code, Chars: n}
		}
		out[Path(s, l.Code)] = b
	}
	return out, nil
}

// TooLargeError reports a model over Alexa's size limit.
type TooLargeError struct {
	Locale string
	Chars  int
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("the %s interaction model has %d characters, more than Alexa's %d", e.Locale, e.Chars, alexa.MaxModelChars)
}

// Model renders one locale's interaction model.
func Model(s *ir.Skill, l *ir.Locale) []byte {
	// Each sample line is its text, quotes, a comma and 12 spaces of indentation.
	size := 1024 + 160*len(s.Intents)
	for _, in := range s.Intents {
		for _, smp := range in.Samples[l.Code] {
			size += len(smp) + 16
		}
	}
	for _, t := range s.SlotTypes {
		for _, v := range t.Values {
			size += 128 + len(v.ID) + len(v.Value[l.Code])
			for _, syn := range v.Synonyms[l.Code] {
				size += len(syn) + 20
			}
		}
	}
	w := &writer{buf: make([]byte, 0, size)}
	w.open('{')
	w.key("interactionModel")
	w.open('{')
	w.key("languageModel")
	w.open('{')
	w.key("invocationName")
	w.str(l.Invocation)
	w.key("intents")
	w.open('[')
	for _, bi := range alexa.BuiltinIntents {
		w.elem()
		w.open('{')
		w.key("name")
		w.str(bi.Name)
		w.key("samples")
		w.empty('[')
		w.close('}')
	}
	for _, in := range s.Intents {
		w.elem()
		w.open('{')
		w.key("name")
		w.str(in.Name)
		if len(in.Slots) > 0 {
			w.key("slots")
			w.open('[')
			for _, sl := range in.Slots {
				w.elem()
				w.open('{')
				w.key("name")
				w.str(sl.Name)
				w.key("type")
				w.str(sl.Type)
				w.close('}')
			}
			w.close(']')
		}
		w.key("samples")
		w.strs(in.Samples[l.Code])
		w.close('}')
	}
	w.close(']')
	if len(s.SlotTypes) > 0 {
		w.key("types")
		w.open('[')
		for _, t := range s.SlotTypes {
			w.elem()
			w.open('{')
			w.key("name")
			w.str(t.Name)
			w.key("values")
			w.open('[')
			for _, v := range t.Values {
				w.elem()
				w.open('{')
				w.key("id")
				w.str(v.ID)
				w.key("name")
				w.open('{')
				w.key("value")
				w.str(v.Value[l.Code])
				w.key("synonyms")
				w.strs(v.Synonyms[l.Code])
				w.close('}')
				w.close('}')
			}
			w.close(']')
			w.close('}')
		}
		w.close(']')
	}
	w.close('}')
	w.close('}')
	w.close('}')
	w.buf = append(w.buf, '\n')
	return w.buf
}

// writer writes indented JSON without reflection: the models are large
// (tens of thousands of samples) and generation must stay fast.
type writer struct {
	buf   []byte
	depth int
	first bool // no element written yet at this depth
}

func (w *writer) nl() {
	w.buf = append(w.buf, '\n')
	for range w.depth {
		w.buf = append(w.buf, ' ', ' ')
	}
}

func (w *writer) open(c byte) {
	w.buf = append(w.buf, c)
	w.depth++
	w.first = true
}

func (w *writer) empty(c byte) {
	if c == '[' {
		w.buf = append(w.buf, '[', ']')
	} else {
		w.buf = append(w.buf, '{', '}')
	}
	w.first = false
}

func (w *writer) close(c byte) {
	w.depth--
	w.nl()
	w.buf = append(w.buf, c)
	w.first = false
}

// elem starts an array element.
func (w *writer) elem() {
	if !w.first {
		w.buf = append(w.buf, ',')
	}
	w.first = false
	w.nl()
}

func (w *writer) key(k string) {
	w.elem()
	w.quote(k)
	w.buf = append(w.buf, ':', ' ')
}

func (w *writer) str(s string) {
	w.quote(s)
	w.first = false
}

func (w *writer) strs(list []string) {
	if len(list) == 0 {
		w.empty('[')
		return
	}
	w.open('[')
	for _, s := range list {
		w.elem()
		w.quote(s)
	}
	w.close(']')
}

const hex = "0123456789abcdef"

// quote appends s as a JSON string, escaping as encoding/json does
// (without its HTML escaping, which the ASK tools do not use).
func (w *writer) quote(s string) {
	w.buf = append(w.buf, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			w.buf = append(w.buf, s[start:i]...)
			switch c {
			case '"', '\\':
				w.buf = append(w.buf, '\\', c)
			case '\n':
				w.buf = append(w.buf, '\\', 'n')
			case '\r':
				w.buf = append(w.buf, '\\', 'r')
			case '\t':
				w.buf = append(w.buf, '\\', 't')
			default:
				w.buf = append(w.buf, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || r == '\u2028' || r == '\u2029' {
			w.buf = append(w.buf, s[start:i]...)
			if r == utf8.RuneError {
				w.buf = append(w.buf, `\ufffd`...)
			} else {
				w.buf = append(w.buf, `\u202`...)
				w.buf = append(w.buf, hex[r&0xf])
			}
			i += size
			start = i
			continue
		}
		i += size
	}
	w.buf = append(w.buf, s[start:]...)
	w.buf = append(w.buf, '"')
}
