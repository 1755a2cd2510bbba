package validate

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/skillgen/skillgen/generator/alexa"
	"github.com/skillgen/skillgen/generator/diag"
	"github.com/skillgen/skillgen/generator/ir"
	"github.com/skillgen/skillgen/generator/spec"
	"github.com/skillgen/skillgen/internal/facts"
)

// responseRules say what a response's templates may contain.
type responseRules struct {
	noPlaceholders bool   // link-account and error: spoken without a profile
	allowMissing   bool   // {missing} is allowed (missing-attribute message)
	noSpeaker      bool   // {speaker_name} is not allowed (the unrecognized speaker's name)
	placeholderFix string // the fix for a placeholder where noPlaceholders forbids it
	endDefault     *bool
}

func (b *builder) response(p string, r *spec.Response, rules responseRules) *ir.Response {
	out := &ir.Response{}
	needs := map[string]bool{}
	out.Speech = b.templates(p+".speech", r.Speech, "speech", true, rules, needs)
	if r.Reprompt.IsSet() {
		out.Reprompt = b.templates(p+".reprompt", r.Reprompt, "reprompt", true, rules, needs)
	}
	if r.Card != nil {
		if !r.Card.Title.IsSet() {
			b.errf(p+".card", "add title:", "card has no title")
		}
		if !r.Card.Text.IsSet() {
			b.errf(p+".card", "add text:", "card has no text")
		}
		out.CardTitle = b.templates(p+".card.title", r.Card.Title, "card title", false, rules, needs)
		out.CardText = b.templates(p+".card.text", r.Card.Text, "card text", false, rules, needs)
	}
	switch {
	case r.EndSession != nil:
		out.EndSession = *r.EndSession
		if out.EndSession && out.Reprompt != nil {
			b.errf(p+".endSession", "remove the reprompt or set endSession: false", "a reprompt is never spoken when the session ends")
		}
	case rules.endDefault != nil:
		out.EndSession = *rules.endDefault
	default:
		out.EndSession = out.Reprompt == nil
	}
	for _, a := range b.out.Attributes {
		if needs[a.Name] {
			out.Needs = append(out.Needs, a)
		}
	}
	return out
}

// templates parses localized text into templates for every locale.
func (b *builder) templates(p string, t spec.Text, what string, ssml bool, rules responseRules, needs map[string]bool) map[string]*ir.Template {
	if !t.IsSet() {
		return nil
	}
	b.checkTags(p, t.Tags())
	out := make(map[string]*ir.Template, len(b.locales))
	texts, _ := b.text(t, p, what)
	for _, loc := range b.locales {
		src, ok := texts[loc]
		if !ok {
			continue
		}
		tp := textPath(p, t.TagFor(loc))
		tmpl, done := b.parsed[tp]
		if !done {
			tmpl = b.parseTemplate(tp, src, ssml, rules)
			b.parsed[tp] = tmpl
		}
		for _, s := range tmpl.Segments {
			if s.Attr != nil {
				needs[s.Attr.Name] = true
			}
		}
		out[loc] = tmpl
	}
	return out
}

// parseTemplate splits text into literal SSML and placeholders, and checks
// that every placeholder names a declared attribute and that the SSML is
// well-formed.
func (b *builder) parseTemplate(tp, src string, ssml bool, rules responseRules) *ir.Template {
	t := &ir.Template{Source: src}
	var lit strings.Builder
	flush := func() {
		if lit.Len() > 0 {
			t.Segments = append(t.Segments, ir.Segment{Text: lit.String()})
			lit.Reset()
		}
	}
	ok := true
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch {
		case c == '{' && strings.HasPrefix(src[i:], "{{"):
			lit.WriteByte('{')
			i++
		case c == '}' && strings.HasPrefix(src[i:], "}}"):
			lit.WriteByte('}')
			i++
		case c == '}':
			b.errAt(tp, i, `write }} for a literal brace`, "unmatched \"}\" in %q", src)
			return t
		case c == '{':
			end := strings.IndexByte(src[i:], '}')
			if end < 0 {
				b.errAt(tp, i, `close the placeholder with "}", or write {{ for a literal brace`, "unclosed \"{\" in %q", src)
				return t
			}
			name := strings.TrimSpace(src[i+1 : i+end])
			switch {
			case name == "missing":
				if !rules.allowMissing {
					b.errAt(tp, i, "{missing} is only for messages.missingAttribute", "placeholder {missing} is not allowed here")
					ok = false
				}
				flush()
				t.Segments = append(t.Segments, ir.Segment{Missing: true})
			case name == speakerPlaceholder:
				switch {
				case rules.noSpeaker:
					b.errAt(tp, i, "write the words to say instead of the name", "placeholder {%s} is not allowed here", name)
					ok = false
				case !b.out.Personalization.Enabled:
					b.errAt(tp, i, "add personalization: {enabled: true} (Alexa says a recognized speaker's name only to skills with personalization), or remove the placeholder", "placeholder {%s} needs personalization", name)
					ok = false
				case !ssml:
					b.errAt(tp, i, "use it in speech or reprompt: Alexa fills in the name only in speech, cards are plain text", "placeholder {%s} is not allowed in a %s", name, what(tp))
					ok = false
				}
				flush()
				t.Segments = append(t.Segments, ir.Segment{Speaker: true})
			case rules.noPlaceholders:
				fix := rules.placeholderFix
				if fix == "" {
					fix = "write the text without placeholders: this message is spoken when there is no profile"
				}
				b.errAt(tp, i, fix, "placeholder {%s} is not allowed here", name)
				ok = false
			default:
				a := b.attrs[name]
				if a == nil {
					b.errAt(tp, i, b.placeholderFix(name), "placeholder {%s} names no declared attribute", name)
					ok = false
				} else {
					flush()
					t.Segments = append(t.Segments, ir.Segment{Attr: a})
				}
			}
			i += end
		default:
			lit.WriteByte(c)
		}
	}
	flush()
	if i := strings.Index(src, "<alexa:name"); i >= 0 && ssml {
		b.errAt(tp, i, "write {speaker_name}: the runtime fills in the speaker's personId from the request", "<alexa:name> written by hand cannot know who is speaking")
		ok = false
	}
	if ok && ssml {
		if msg, off := checkSSML(t); msg != "" {
			fix := "fix the markup: close every tag, and write & as &amp; and < as &lt;"
			if strings.Contains(msg, "Alexa accepts") {
				fix = "use a value Alexa's SSML reference lists"
			}
			b.errAt(tp, off, fix, "invalid SSML: %s", msg)
		}
		if n := worstSpeech(t); n > facts.MaxSpeechChars {
			b.errf(tp, "shorten the text, or lower the maxLength of the custom attributes it speaks", "at its longest (each placeholder at its attribute's maximum length) the speech has %d characters; Alexa's limit is below %d", n, facts.MaxSpeechChars+1)
		}
	}
	return t
}

func (b *builder) placeholderFix(name string) string {
	if _, std := alexa.StandardAttributes[name]; std {
		return fmt.Sprintf("declare %s under attributes", name)
	}
	for n := range b.attrs {
		if strings.EqualFold(n, name) || diag.Distance(n, name) <= 2 {
			return fmt.Sprintf("did you mean {%s}?", n)
		}
	}
	return "declare it under attributes, or use one of: " + b.specAttrNames()
}

// ssmlTags are the SSML elements Alexa supports inside <speak>.
var ssmlTags = map[string]bool{
	"alexa:name": true, "amazon:domain": true, "amazon:effect": true, "amazon:emotion": true, "audio": true, "break": true,
	"emphasis": true, "lang": true, "mark": true, "p": true, "phoneme": true, "prosody": true, "s": true,
	"say-as": true, "sub": true, "voice": true, "w": true,
}

// checkSSML parses the template as SSML with each placeholder standing in as
// plain text, and returns a problem and its byte offset in the source.
func checkSSML(t *ir.Template) (string, int) {
	var sb strings.Builder
	sb.WriteString("<speak>")
	for _, s := range t.Segments {
		if s.Text != "" {
			sb.WriteString(s.Text)
		} else if s.Speaker {
			sb.WriteString(`<alexa:name type="first" personId="amzn1.ask.person.X"/>`)
		} else {
			sb.WriteString("x")
		}
	}
	sb.WriteString("</speak>")
	doc := sb.String()
	dec := xml.NewDecoder(strings.NewReader(doc))
	dec.Strict = true
	dec.Entity = map[string]string{}
	depth := 0
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return "", 0
		}
		if err != nil {
			msg := err.Error()
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				msg = se.Msg
			}
			return msg, offsetIn(t, int(dec.InputOffset())-len("<speak>"))
		}
		if se, ok := tok.(xml.StartElement); ok {
			depth++
			name := se.Name.Local
			if se.Name.Space != "" {
				name = se.Name.Space + ":" + name
			}
			if depth > 1 && !ssmlTags[name] {
				return fmt.Sprintf("<%s> is not an SSML tag Alexa supports", name), offsetIn(t, int(dec.InputOffset())-len("<speak>"))
			}
			if depth > 1 && name == "speak" {
				return "<speak> is added by the skill; remove it", 0
			}
			if depth > 1 {
				if msg := checkSSMLAttrs(name, se.Attr); msg != "" {
					return msg, offsetIn(t, int(dec.InputOffset())-len("<speak>"))
				}
			}
		}
	}
}

// offsetIn maps an offset in the rendered check document back to the source,
// approximately (placeholders count as one character).
func offsetIn(t *ir.Template, off int) int {
	return max(0, min(off, len(t.Source)-1))
}

// worstSpeech is the length of the SSML Alexa receives when every
// placeholder holds its longest value: a custom attribute's maxLength,
// Cognito's 2,048 for a standard one (less for those whose format Cognito
// checks, such as phone_number), the labels of every attribute for
// {missing}; sayAs wrapping included.
func worstSpeech(t *ir.Template) int {
	n := len("<speak></speak>")
	for _, s := range t.Segments {
		switch {
		case s.Attr != nil:
			l := s.Attr.MaxLength
			if l == 0 {
				l = alexa.StandardMaxLen[s.Attr.Name]
			}
			if l == 0 {
				l = alexa.MaxCustomAttrLen
			}
			n += l
			if s.Attr.SayAs != "" {
				n += len(`<say-as interpret-as=""></say-as>`) + len(s.Attr.SayAs)
			}
		case s.Missing:
			n += 2048 // the labels of the missing attributes, bounded like a value
		case s.Speaker:
			n += len(`<alexa:name type="first" personId=""/>`) + maxPersonID
		default:
			n += len([]rune(s.Text))
		}
	}
	return n
}

// maxPersonID bounds a personId for the speech-length estimate (Alexa's
// are about 100 characters: amzn1.ask.person. and an opaque ID).
const maxPersonID = 256

// SayAsValues are the interpret-as values Alexa's SSML accepts.
var SayAsValues = []string{"characters", "spell-out", "cardinal", "number", "ordinal", "digits", "fraction", "unit", "date", "time", "telephone", "address", "interjection", "expletive"}

// ssmlAttrs lists, per SSML element, its attributes and a check of each
// value ("" when any value will do). Source: Alexa's "Speech Synthesis
// Markup Language (SSML) Reference".
var ssmlAttrs = map[string]map[string]func(string) bool{
	"alexa:name":     {"type": oneOf("first"), "personId": nonEmpty},
	"amazon:domain":  {"name": oneOf("conversational", "long-form", "music", "news", "fun")},
	"amazon:effect":  {"name": oneOf("whispered")},
	"amazon:emotion": {"name": oneOf("excited", "disappointed"), "intensity": oneOf("low", "medium", "high")},
	"audio":          {"src": func(v string) bool { return strings.HasPrefix(v, "https://") }},
	"break":          {"strength": oneOf("none", "x-weak", "weak", "medium", "strong", "x-strong"), "time": breakTime},
	"emphasis":       {"level": oneOf("strong", "moderate", "reduced")},
	"lang":           {"xml:lang": oneOf("en-US", "en-GB", "en-IN", "en-AU", "en-CA", "de-DE", "es-ES", "es-MX", "es-US", "fr-FR", "fr-CA", "hi-IN", "it-IT", "ja-JP", "pt-BR")},
	"mark":           {"name": nonEmpty},
	"p":              {},
	"phoneme":        {"alphabet": oneOf("ipa", "x-sampa"), "ph": nonEmpty},
	"prosody": {
		"rate": func(v string) bool {
			return oneOf("x-slow", "slow", "medium", "fast", "x-fast")(v) || percent(v, 20, 1000, false)
		},
		"pitch": func(v string) bool {
			return oneOf("x-low", "low", "medium", "high", "x-high")(v) || percent(v, -33.3, 50, true)
		},
		"volume": func(v string) bool {
			return oneOf("silent", "x-soft", "soft", "medium", "loud", "x-loud")(v) || decibels(v)
		},
	},
	"s":      {},
	"say-as": {"interpret-as": oneOf(SayAsValues...), "format": oneOf("mdy", "dmy", "ymd", "md", "dm", "ym", "my", "d", "m", "y")},
	"sub":    {"alias": nonEmpty},
	"voice":  {"name": nonEmpty},
	"w":      {"role": oneOf("amazon:VB", "amazon:VBD", "amazon:NN", "amazon:SENSE_1")},
}

// ssmlRequired are attributes an element cannot do without.
var ssmlRequired = map[string][]string{
	"alexa:name":    {"type", "personId"},
	"amazon:domain": {"name"}, "amazon:effect": {"name"}, "amazon:emotion": {"name", "intensity"}, "audio": {"src"},
	"lang": {"xml:lang"}, "mark": {"name"}, "phoneme": {"alphabet", "ph"}, "say-as": {"interpret-as"}, "sub": {"alias"},
	"voice": {"name"}, "w": {"role"},
}

func checkSSMLAttrs(elem string, attrs []xml.Attr) string {
	known := ssmlAttrs[elem]
	have := map[string]bool{}
	for _, a := range attrs {
		name := a.Name.Local
		if a.Name.Space != "" {
			name = a.Name.Space + ":" + name
			if a.Name.Space == "http://www.w3.org/XML/1998/namespace" {
				name = "xml:" + a.Name.Local
			}
		}
		have[name] = true
		check, ok := known[name]
		if !ok {
			return fmt.Sprintf("<%s> has no attribute %q that Alexa accepts", elem, name)
		}
		if check != nil && !check(a.Value) {
			return fmt.Sprintf("%s=%q on <%s> is not a value Alexa accepts", name, a.Value, elem)
		}
	}
	for _, r := range ssmlRequired[elem] {
		if !have[r] {
			return fmt.Sprintf("<%s> needs the attribute %s, which Alexa accepts with it", elem, r)
		}
	}
	return ""
}

func oneOf(vals ...string) func(string) bool {
	return func(v string) bool { return slices.Contains(vals, v) }
}

func nonEmpty(v string) bool { return strings.TrimSpace(v) != "" }

// breakTime: up to 10 seconds, in s or ms.
func breakTime(v string) bool {
	num, unit := v, 1.0
	switch {
	case strings.HasSuffix(v, "ms"):
		num, unit = v[:len(v)-2], 0.001
	case strings.HasSuffix(v, "s"):
		num = v[:len(v)-1]
	default:
		return false
	}
	f, err := strconv.ParseFloat(num, 64)
	return err == nil && f >= 0 && f*unit <= 10 && !strings.ContainsAny(num, "eE+-")
}

// percent: "n%" within [lo, hi]; signed values need a sign ("+10%").
func percent(v string, lo, hi float64, signed bool) bool {
	if !strings.HasSuffix(v, "%") {
		return false
	}
	num := v[:len(v)-1]
	if signed != (strings.HasPrefix(num, "+") || strings.HasPrefix(num, "-")) {
		return false
	}
	f, err := strconv.ParseFloat(num, 64)
	return err == nil && f >= lo && f <= hi && !strings.ContainsAny(num, "eE")
}

// decibels: "+ndB" or "-ndB", at most +4.08dB (Alexa's loudest).
func decibels(v string) bool {
	if !strings.HasSuffix(v, "dB") {
		return false
	}
	num := v[:len(v)-2]
	if !strings.HasPrefix(num, "+") && !strings.HasPrefix(num, "-") {
		return false
	}
	f, err := strconv.ParseFloat(num, 64)
	return err == nil && f <= 4.08 && !strings.ContainsAny(num, "eE")
}

// what names the kind of text at a template path, for messages.
func what(tp string) string {
	switch {
	case strings.Contains(tp, ".card.title"):
		return "card title"
	case strings.Contains(tp, ".card.text"):
		return "card text"
	}
	return "text"
}
