package runtime

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Writer receives the output of a compiled template. Generated code calls
// Text for literal parts and Value or SayAs for profile values. In speech
// (SSML) mode values are XML-escaped; in card mode (plain text) literals are
// already plain and values are written as they are.
type Writer struct {
	buf     []byte
	plain   bool
	locale  string
	missing []string // labels of the missing attributes, for Missing
	lang    string
	person  string // the recognized speaker's personId, for Speaker
	// anonName is what Speaker writes for an unrecognized speaker.
	anonName string
	// trimLead: Speaker wrote nothing at the start of the text, so Text
	// drops the punctuation and spaces that followed the name.
	trimLead bool
}

// Locale returns the locale code the answer is rendered in, one of the
// skill's locales.
func (w *Writer) Locale() string { return w.locale }

// Text writes literal template text: SSML for speech, plain text for cards
// (the generator converts card literals).
func (w *Writer) Text(s string) {
	if w.trimLead {
		w.trimLead = false
		s = strings.TrimLeft(s, ",;: 、，：；\u00a0")
		// the sentence now starts here: "{speaker_name}, your number is …"
		// reads "Your number is …"
		if r, n := utf8.DecodeRuneInString(s); unicode.IsLower(r) {
			w.buf = utf8.AppendRune(w.buf, unicode.ToTitle(r))
			s = s[n:]
		}
	}
	w.buf = append(w.buf, s...)
}

// Value writes a profile value, XML-escaped in speech.
func (w *Writer) Value(v string) {
	if w.plain {
		w.buf = append(w.buf, v...)
		return
	}
	w.buf = appendEscaped(w.buf, v)
}

// SayAs writes a profile value wrapped in <say-as interpret-as="…"> in
// speech, and plainly in cards.
func (w *Writer) SayAs(v, interpretAs string) {
	if w.plain {
		w.buf = append(w.buf, v...)
		return
	}
	w.buf = append(w.buf, `<say-as interpret-as="`...)
	w.buf = appendEscaped(w.buf, interpretAs)
	w.buf = append(w.buf, `">`...)
	w.buf = appendEscaped(w.buf, v)
	w.buf = append(w.buf, `</say-as>`...)
}

// Speaker writes the recognized speaker's first name as Alexa's
// <alexa:name type="first" personId="…"/>, which Alexa fills in without
// telling the skill the name. For an unrecognized speaker it writes the
// skill's text for that (Personalization.UnrecognizedName), or nothing,
// dropping the space before it ("Hello {speaker_name}." reads "Hello.")
// or, at the start, the punctuation after it, capitalizing what then
// starts the sentence ("{speaker_name}, your number is …" reads "Your
// number is …"). Cards get nothing: the tag works in speech only.
func (w *Writer) Speaker() {
	switch {
	case w.plain:
	case w.person != "":
		w.buf = append(w.buf, `<alexa:name type="first" personId="`...)
		w.buf = appendEscaped(w.buf, w.person)
		w.buf = append(w.buf, `"/>`...)
	case w.anonName != "":
		w.buf = append(w.buf, w.anonName...)
	default:
		n := len(w.buf)
		switch {
		case n == 0:
			w.trimLead = true
		case w.buf[n-1] == ' ':
			w.buf = w.buf[:n-1]
		}
	}
}

// Missing writes the spoken labels of the attributes the answer lacked,
// joined naturally ("phone number and email address").
func (w *Writer) Missing() {
	for i, l := range w.missing {
		if i > 0 {
			if i == len(w.missing)-1 {
				w.buf = append(w.buf, ' ')
				w.buf = append(w.buf, conjunction(w.lang)...)
				w.buf = append(w.buf, ' ')
			} else {
				w.buf = append(w.buf, ", "...)
			}
		}
		w.Value(l)
	}
}

// conjunctions join the last two items of a spoken list, by language.
var conjunctions = map[string]string{
	"de": "und", "en": "and", "es": "y", "fr": "et", "hi": "और",
	"it": "e", "ja": "と", "nl": "en", "pt": "e", "ar": "و",
}

func conjunction(lang string) string {
	if c, ok := conjunctions[lang]; ok {
		return c
	}
	return "and"
}

// appendEscaped appends s with the five XML special characters escaped and
// invalid UTF-8 and control characters (other than tab and newline)
// replaced by a space, so any profile value is safe inside SSML.
func appendEscaped(b []byte, s string) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '<':
				b = append(b, "&lt;"...)
			case c == '>':
				b = append(b, "&gt;"...)
			case c == '&':
				b = append(b, "&amp;"...)
			case c == '"':
				b = append(b, "&quot;"...)
			case c == '\'':
				b = append(b, "&apos;"...)
			case c < 0x20 && c != '\t' && c != '\n' || c == 0x7f:
				b = append(b, ' ')
			default:
				b = append(b, c)
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || r == 0xFFFE || r == 0xFFFF {
			b = append(b, ' ')
		} else {
			b = append(b, s[i:i+n]...)
		}
		i += n
	}
	return b
}

const (
	speakOpen  = "<speak>"
	speakClose = "</speak>"
)

// truncateSSML shortens the SSML body s (without <speak>) so that
// <speak>body</speak> has at most maxChars characters and maxBytes bytes.
// It cuts between tokens, never inside a tag or an entity, prefers a word
// boundary, and closes the elements left open. s must be well-formed (the
// generator checks template literals; values are escaped).
func truncateSSML(s string, maxChars, maxBytes int) string {
	budgetChars := maxChars - len(speakOpen) - len(speakClose)
	budgetBytes := maxBytes - len(speakOpen) - len(speakClose)
	if len(s) <= budgetChars && len(s) <= budgetBytes || utf8.RuneCountInString(s) <= budgetChars && len(s) <= budgetBytes {
		return s
	}
	var (
		open     []string
		closeLen int
		chars    int
		cut      int // last token boundary that fits
		wordCut  = -1
		i        int
	)
	for i < len(s) {
		n, runes := tokenLen(s[i:])
		cl := closeLen
		var push, pop string
		if s[i] == '<' {
			push, pop = tagEffect(s[i : i+n])
			if push != "" {
				cl += len("</>") + len(push)
			} else if pop != "" && len(open) > 0 {
				cl -= len("</>") + len(open[len(open)-1])
			}
		}
		if chars+runes+cl > budgetChars || i+n+cl > budgetBytes {
			break
		}
		if push != "" {
			open = append(open, push)
		} else if pop != "" && len(open) > 0 {
			open = open[:len(open)-1]
		}
		closeLen = cl
		if s[i] == ' ' {
			wordCut = i
		}
		i += n
		chars += runes
		cut = i
	}
	if wordCut > 0 && cut-wordCut < 200 {
		cut = wordCut
	}
	// the elements open at cut
	open = open[:0]
	for j := 0; j < cut; {
		n, _ := tokenLen(s[j:])
		if s[j] == '<' {
			push, pop := tagEffect(s[j : j+n])
			if push != "" {
				open = append(open, push)
			} else if pop != "" && len(open) > 0 {
				open = open[:len(open)-1]
			}
		}
		j += n
	}
	var b strings.Builder
	b.Grow(cut + closeLen + 16)
	b.WriteString(strings.TrimRight(s[:cut], " "))
	for k := len(open) - 1; k >= 0; k-- {
		b.WriteString("</")
		b.WriteString(open[k])
		b.WriteString(">")
	}
	return b.String()
}

// tokenLen returns the length in bytes and characters of the SSML token at
// the start of s: a tag, an entity or one character.
func tokenLen(s string) (n, chars int) {
	switch s[0] {
	case '<':
		if e := strings.IndexByte(s, '>'); e >= 0 {
			return e + 1, e + 1 // tags are ASCII in generated SSML
		}
	case '&':
		if e := strings.IndexByte(s, ';'); e > 0 && e < 12 {
			return e + 1, e + 1
		}
	}
	_, n = utf8.DecodeRuneInString(s)
	return n, 1
}

// tagEffect returns the element a tag opens or closes: push for a start
// tag, pop for an end tag, neither for empty elements, comments and
// processing instructions.
func tagEffect(tag string) (push, pop string) {
	switch {
	case strings.HasPrefix(tag, "</"):
		return "", strings.TrimSpace(tag[2 : len(tag)-1])
	case strings.HasSuffix(tag, "/>"), strings.HasPrefix(tag, "<?"), strings.HasPrefix(tag, "<!"):
		return "", ""
	}
	name := tag[1 : len(tag)-1]
	if k := strings.IndexAny(name, " \t\r\n"); k >= 0 {
		name = name[:k]
	}
	return name, ""
}

// truncatePlain shortens plain text to at most maxBytes bytes at a rune
// boundary, preferring a word boundary, and adds an ellipsis when it cuts.
func truncatePlain(s string, maxBytes int) string {
	if len(s) <= maxBytes {
		return s
	}
	const ellipsis = "…"
	if maxBytes <= len(ellipsis) {
		return ""
	}
	cut := maxBytes - len(ellipsis)
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	if sp := strings.LastIndexByte(s[:cut], ' '); sp > 0 && cut-sp < 100 {
		cut = sp
	}
	return strings.TrimRight(s[:cut], " ") + ellipsis
}
