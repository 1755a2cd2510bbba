package validate

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/skillgen/skillgen/generator/alexa"
	"github.com/skillgen/skillgen/generator/diag"
	"github.com/skillgen/skillgen/generator/ir"
	"github.com/skillgen/skillgen/generator/spec"
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
			b.errAt(tp, off, "fix the markup: close every tag, and write & as &amp; and < as &lt;", "invalid SSML: %s", msg)
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
		}
	}
}

// offsetIn maps an offset in the rendered check document back to the source,
// approximately (placeholders count as one character).
func offsetIn(t *ir.Template, off int) int {
	return max(0, min(off, len(t.Source)-1))
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
