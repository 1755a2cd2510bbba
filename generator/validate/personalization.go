package validate

import (
	"github.com/skillgen/skillgen/generator/spec"
)

// speakerPlaceholder is the template placeholder for the recognized
// speaker's first name.
const speakerPlaceholder = "speaker_name"

func (b *builder) personalization() {
	p := b.s.Personalization
	if p == nil {
		return
	}
	out := &b.out.Personalization
	out.Enabled = p.Enabled
	switch p.UnlinkedPerson {
	case "", spec.UnlinkedLinkAccount:
	case spec.UnlinkedAccountProfile:
		out.AccountProfile = true
	default:
		b.errf("personalization.unlinkedPerson", "use linkAccount (ask them to link their own account) or accountProfile (answer from the account-level link)", "%q is not a choice", p.UnlinkedPerson)
	}
	if !p.UnrecognizedName.IsSet() {
		return
	}
	b.checkTags("personalization.unrecognizedName", p.UnrecognizedName.Tags())
	texts, _ := b.text(p.UnrecognizedName, "personalization.unrecognizedName", "unrecognized speaker's name")
	out.UnrecognizedName = map[string]string{}
	for _, loc := range b.locales {
		src, ok := texts[loc]
		if !ok {
			continue
		}
		tp := textPath("personalization.unrecognizedName", p.UnrecognizedName.TagFor(loc))
		t := b.parseTemplate(tp, src, true, responseRules{noPlaceholders: true, noSpeaker: true,
			placeholderFix: "write plain words such as \"there\": it is said in place of the name of a speaker Alexa did not recognize"})
		if len(t.Segments) == 1 && t.Segments[0].Text != "" {
			out.UnrecognizedName[loc] = t.Segments[0].Text
		}
	}
}
