// Package irtest holds hand-built IR for the tests of the packages that
// read IR: the emitters, the plan and its interpreter.
package irtest

import "github.com/skillgen/skillgen/generator/ir"

func lit(s string) ir.Segment         { return ir.Segment{Text: s} }
func attr(a *ir.Attribute) ir.Segment { return ir.Segment{Attr: a} }

func tpl(src string, segs ...ir.Segment) *ir.Template {
	return &ir.Template{Source: src, Segments: segs}
}

// same returns the template for every locale.
func same(locales []string, t *ir.Template) map[string]*ir.Template {
	m := map[string]*ir.Template{}
	for _, l := range locales {
		m[l] = t
	}
	return m
}

// Edge returns a fresh hand-built IR with what the bundled specs lack:
// texts that differ by locale, cards, SSML literals and entities, custom
// attributes with labels that differ by locale, an unused attribute, intent
// names that collide with Go names, slot-case ids that are not Go
// identifiers, one response used by two answers, a skill ID, and
// personalization with {speaker_name} and a name for unrecognized speakers
// (as testdata/valid-edge/skill.yaml has them).
func Edge() *ir.Skill {
	locs := []string{"de-DE", "en-GB", "en-US"}
	given := &ir.Attribute{Name: "given_name", Type: "String", Mutable: true, GoName: "GivenName",
		Label: map[string]string{"de-DE": "Vorname", "en-GB": "first name", "en-US": "first name"}}
	color := &ir.Attribute{Name: "custom:favorite_color", Custom: true, Type: "String", Mutable: true, MaxLength: 64,
		GoName: "CustomFavoriteColor", Label: map[string]string{"de-DE": "Lieblingsfarbe", "en-GB": "favorite color", "en-US": "favorite color"}}
	phone := &ir.Attribute{Name: "phone_number", Type: "String", Mutable: true, SayAs: "telephone", GoName: "PhoneNumber",
		Label: map[string]string{"de-DE": "Telefonnummer", "en-GB": "phone number", "en-US": "phone number"}}
	unused := &ir.Attribute{Name: "address", Type: "String", Mutable: true, GoName: "Address", Label: map[string]string{}}

	name := map[string]*ir.Template{
		"de-DE": tpl("Dein Name ist {given_name}.", lit("Dein Name ist "), attr(given), lit(".")),
		"en-GB": tpl("Your name is {given_name}.", lit("Your name is "), attr(given), lit(".")),
		"en-US": tpl("Your name is {given_name}.", lit("Your name is "), attr(given), lit(".")),
	}
	ssml := `R&amp;D &lt;team&gt; <break time="1s"/> says: `
	launch := &ir.Response{
		Speech:    same(locs, tpl(ssml+"{given_name}", lit(ssml), attr(given))),
		Reprompt:  same(locs, tpl("Well?", lit("Well?"))),
		CardTitle: same(locs, tpl(`<emphasis level="strong">Name: </emphasis>{given_name}`, lit(`<emphasis level="strong">Name: </emphasis>`), attr(given))),
		CardText:  same(locs, tpl(ssml+"{given_name}", lit(ssml), attr(given))),
		Needs:     []*ir.Attribute{given},
	}
	static := func(text string, end bool) *ir.Response {
		return &ir.Response{Speech: same(locs, tpl(text, lit(text))), EndSession: end}
	}
	colorResp := &ir.Response{
		Speech: map[string]*ir.Template{
			"de-DE": tpl("Deine Farbe: {custom:favorite_color}", lit("Deine Farbe: "), attr(color)),
			"en-GB": tpl("Your colour: {custom:favorite_color}", lit("Your colour: "), attr(color)),
			"en-US": tpl("Your color: {custom:favorite_color}", lit("Your color: "), attr(color)),
		},
		EndSession: true,
		Needs:      []*ir.Attribute{color},
	}
	phoneResp := &ir.Response{Speech: same(locs, tpl("{phone_number}", attr(phone))), EndSession: true, Needs: []*ir.Attribute{phone}}
	slot := &ir.Slot{Name: "what", Type: "whatType", Enum: &ir.SlotType{Name: "whatType"}}
	return &ir.Skill{
		Package:    "edge",
		Name:       "Edge Cases",
		SpecPath:   "testdata/edge.yaml",
		SkillID:    "amzn1.ask.skill.12345678-1234-1234-1234-123456789012",
		Locales:    []*ir.Locale{{Code: "de-DE", Language: "de"}, {Code: "en-GB", Language: "en"}, {Code: "en-US", Language: "en"}},
		Attributes: []*ir.Attribute{given, color, phone, unused},
		Intents: []*ir.Intent{
			{Name: "String", Response: &ir.Response{Speech: name, EndSession: true, Needs: []*ir.Attribute{given}}, Needs: []*ir.Attribute{given}},
			{Name: "Ask_Intent", Slots: []*ir.Slot{slot}, Response: launch, Needs: []*ir.Attribute{given, color, phone},
				Answers: &ir.Answers{Slot: slot, Cases: []*ir.Case{{ID: "fav-color", Response: colorResp}, {ID: "phone.number", Response: phoneResp}}}},
		},
		Messages: ir.Messages{
			Launch: launch,
			Help: &ir.Response{Speech: map[string]*ir.Template{
				"de-DE": tpl("Frag nach deinem Namen, {speaker_name}.", lit("Frag nach deinem Namen, "), ir.Segment{Speaker: true}, lit(".")),
				"en-GB": tpl("Ask for your name, {speaker_name}.", lit("Ask for your name, "), ir.Segment{Speaker: true}, lit(".")),
				"en-US": tpl("Ask for your name, {speaker_name}.", lit("Ask for your name, "), ir.Segment{Speaker: true}, lit(".")),
			}},
			Stop:        static("Bye.", true),
			Fallback:    static("Sorry?", false),
			LinkAccount: static("Please link your account.", true),
			MissingAttribute: &ir.Response{
				Speech: map[string]*ir.Template{
					"de-DE": tpl("Es fehlt: {missing}.", lit("Es fehlt: "), ir.Segment{Missing: true}, lit(".")),
					"en-GB": tpl("You have no {missing}.", lit("You have no "), ir.Segment{Missing: true}, lit(".")),
					"en-US": tpl("You have no {missing}.", lit("You have no "), ir.Segment{Missing: true}, lit(".")),
				},
				EndSession: true,
			},
			Error: static("Try again later.", true),
		},
		Personalization: ir.Personalization{Enabled: true, UnrecognizedName: map[string]string{"de-DE": "du", "en-GB": "friend", "en-US": "friend"}},
		Output:          ir.Output{Models: "models", Code: "gen/edge"},
	}
}
