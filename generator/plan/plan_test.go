package plan

import (
	"reflect"
	"strings"
	"testing"

	"github.com/skillgen/skillgen/generator/ir"
	"github.com/skillgen/skillgen/generator/ir/irtest"
)

func build(t *testing.T, s *ir.Skill) *Skill {
	t.Helper()
	p, err := Build(s)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func intent(t *testing.T, p *Skill, name string) *Intent {
	t.Helper()
	for _, in := range p.Intents {
		if in.Name == name {
			return in
		}
	}
	t.Fatalf("no intent %s", name)
	return nil
}

func TestBuildAnswers(t *testing.T) {
	p := build(t, irtest.Edge())
	if p.Package != "edge" || p.ID == "" || p.Spec != "testdata/edge.yaml" || p.Code != "gen/edge" ||
		!reflect.DeepEqual(p.Locales, []string{"de-DE", "en-GB", "en-US"}) {
		t.Errorf("identity: %+v", p)
	}

	// Cases by slot id, in spec order; the intent's own answer otherwise.
	ask := intent(t, p, "Ask_Intent")
	if ask.Slot != "what" || len(ask.Cases) != 2 || ask.Cases[0].ID != "fav-color" || ask.Cases[1].ID != "phone.number" {
		t.Errorf("Ask_Intent cases: slot %q %+v", ask.Slot, ask.Cases)
	}
	if str := intent(t, p, "String"); str.Slot != "" || str.Cases != nil || !str.Answer.EndSession {
		t.Errorf("String: %+v", str)
	}

	// One response used twice is two answers sharing their texts.
	if ask.Answer == p.Launch || ask.Answer.Speech != p.Launch.Speech || ask.Answer.CardText != p.Launch.CardText {
		t.Error("launch and Ask_Intent do not share their texts as two answers")
	}

	// Needs and labels: the most common label is the default.
	given, color, phone, address := p.Attributes[0], p.Attributes[1], p.Attributes[2], p.Attributes[3]
	if len(p.Launch.Needs) != 1 || p.Launch.Needs[0] != given {
		t.Errorf("launch needs %+v", p.Launch.Needs)
	}
	if !given.Needed || !color.Needed || !phone.Needed || address.Needed {
		t.Errorf("needed: %v %v %v %v", given.Needed, color.Needed, phone.Needed, address.Needed)
	}
	if want := (Label{Default: "favorite color", Locales: map[string]string{"de-DE": "Lieblingsfarbe"}}); !reflect.DeepEqual(color.Label, want) {
		t.Errorf("color label %+v, want %+v", color.Label, want)
	}
	if color.Label.For("de-DE") != "Lieblingsfarbe" || color.Label.For("en-NZ") != "favorite color" {
		t.Error("Label.For")
	}
	if want := (Label{Default: "address"}); !reflect.DeepEqual(address.Label, want) {
		t.Errorf("unlabelled attribute: %+v, want %+v", address.Label, want)
	}
	if !address.Address || given.Address || phone.SayAs != "telephone" || phone.Index != 2 {
		t.Errorf("attributes: %+v %+v", address, phone)
	}
}

func TestBuildTexts(t *testing.T) {
	p := build(t, irtest.Edge())
	given, phone := p.Attributes[0], p.Attributes[2]
	ask := intent(t, p, "Ask_Intent")

	// Locales that read the same share a variant; the largest group is
	// the default, the first on a tie.
	name := intent(t, p, "String").Answer.Speech
	if len(name.Variants) != 2 || !reflect.DeepEqual(name.Variants[0].Locales, []string{"de-DE"}) || name.Default != 1 {
		t.Fatalf("name variants: %+v default %d", name.Variants, name.Default)
	}
	if want := []Piece{{Kind: Literal, Text: "Your name is "}, {Kind: Value, Attr: given}, {Kind: Literal, Text: "."}}; !reflect.DeepEqual(name.For("en-US"), want) || !reflect.DeepEqual(name.For("xx-XX"), want) {
		t.Errorf("name in en-US %+v", name.For("en-US"))
	}
	if got := name.For("de-DE")[0].Text; got != "Dein Name ist " {
		t.Errorf("name in de-DE starts %q", got)
	}
	color := ask.Cases[0].Answer.Speech
	if len(color.Variants) != 3 || color.Default != 0 || color.Variants[0].Source != "Deine Farbe: {custom:favorite_color}" {
		t.Errorf("color variants: %+v default %d", color.Variants, color.Default)
	}

	// Speech keeps SSML and say-as; cards get plain text and plain values.
	if got := p.Launch.Speech.For("en-US")[0].Text; got != `R&amp;D &lt;team&gt; <break time="1s"/> says: ` {
		t.Errorf("speech literal %q", got)
	}
	if want := []Piece{{Kind: Literal, Text: "R&D <team> says: "}, {Kind: Value, Attr: given}}; !reflect.DeepEqual(p.Launch.CardText.For("en-US"), want) {
		t.Errorf("card text %+v", p.Launch.CardText.For("en-US"))
	}
	if !p.Launch.CardText.Card || p.Launch.Speech.Card || !p.Launch.CardTitle.ReadsProfile() || p.Help.Speech.ReadsProfile() {
		t.Error("card flags or ReadsProfile")
	}
	if want := []Piece{{Kind: Value, Attr: phone, SayAs: "telephone"}}; !reflect.DeepEqual(ask.Cases[1].Answer.Speech.For("en-GB"), want) {
		t.Errorf("say-as piece %+v", ask.Cases[1].Answer.Speech.For("en-GB"))
	}
	if got := p.MissingAttribute.Speech.For("en-US"); len(got) != 3 || got[1].Kind != Missing {
		t.Errorf("missing pieces %+v", got)
	}
}

// Adjacent literals are one piece, and literals a card reduces to nothing
// are dropped; texts equal in every locale are one *Text.
func TestBuildPieces(t *testing.T) {
	s := irtest.Edge()
	given := s.Attributes[0]
	tpl := &ir.Template{Source: "x", Segments: []ir.Segment{{Text: "<p>"}, {Attr: given}, {Text: "A"}, {Text: "&amp;"}, {Text: `<break time="1s"/>`}, {Text: "B"}}}
	r := &ir.Response{Speech: map[string]*ir.Template{}, CardText: map[string]*ir.Template{}, Needs: []*ir.Attribute{given}}
	for _, l := range s.Locales {
		r.Speech[l.Code], r.CardText[l.Code] = tpl, tpl
	}
	s.Messages.Help, s.Messages.Fallback = r, r
	p := build(t, s)
	if want := []Piece{{Kind: Value, Attr: p.Attributes[0]}, {Kind: Literal, Text: "A&B"}}; !reflect.DeepEqual(p.Help.CardText.For("en-GB"), want) {
		t.Errorf("card pieces %+v", p.Help.CardText.For("en-GB"))
	}
	if want := []Piece{{Kind: Literal, Text: "<p>"}, {Kind: Value, Attr: p.Attributes[0]}, {Kind: Literal, Text: `A&amp;<break time="1s"/>B`}}; !reflect.DeepEqual(p.Help.Speech.For("en-GB"), want) {
		t.Errorf("speech pieces %+v", p.Help.Speech.For("en-GB"))
	}
	if len(p.Help.Speech.Variants) != 1 || p.Help.Speech != p.Fallback.Speech || p.Help.CardText != p.Fallback.CardText || p.Help.Speech == p.Help.CardText {
		t.Error("equal texts are not shared, or speech and card text are")
	}
}

func TestBuildReportsEveryDefect(t *testing.T) {
	s := irtest.Edge()
	s.Messages.Error = nil
	s.Messages.Help.Speech = map[string]*ir.Template{"en-US": s.Messages.Help.Speech["en-US"]}
	s.Intents[1].Answers.Slot = nil
	stranger := &ir.Attribute{Name: "custom:stranger"}
	s.Messages.Stop = &ir.Response{Speech: map[string]*ir.Template{}, Needs: []*ir.Attribute{stranger}}
	for _, l := range s.Locales {
		s.Messages.Stop.Speech[l.Code] = &ir.Template{Segments: []ir.Segment{{Attr: stranger}}}
	}
	_, err := Build(s)
	if err == nil {
		t.Fatal("defective IR accepted")
	}
	for _, want := range []string{"testdata/edge.yaml", "messages.error: no response", "messages.help: no speech for locale de-DE",
		"intent Ask_Intent: answers without a slot", "messages.stop: attribute custom:stranger is not declared"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
	if _, err := Build(nil); err == nil {
		t.Error("nil skill accepted")
	}
	if _, err := Build(&ir.Skill{Messages: irtest.Edge().Messages}); err == nil || !strings.Contains(err.Error(), "no locales") {
		t.Errorf("no locales: %v", err)
	}
}

func TestPlainText(t *testing.T) {
	for in, want := range map[string]string{
		`Hi <emphasis level="strong">there</emphasis>.`: "Hi there.",
		`A <break time="1s"/> B`:                        "A B",
		`&amp;&lt;&gt;&quot;&apos;&#233;&#xE9;&bogus;`:  `&<>"'éé&bogus;`,
		`&#0; &#x110000; a < b`:                         `&#0; &#x110000; a < b`,
	} {
		if got := PlainText(in); got != want {
			t.Errorf("PlainText(%q) = %q, want %q", in, got, want)
		}
	}
}
