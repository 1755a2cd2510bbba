package skilltest

import (
	"context"
	"strings"
	"testing"

	"github.com/skillgen/skillgen/generator"
)

// TestHouseholdConversations: configuration.persons and a conversation's
// person: each recognized member hears their own profile, an unlinked one
// is asked to link, nobody hears the account's; wrong expectations fail.
func TestHouseholdConversations(t *testing.T) {
	const conf = "---\nconfiguration:\n  locale: en-US\n  profile: alice.yaml\n  persons:\n    erin: {attributes: {given_name: Erin, family_name: Member, phone_number: '+15555550202'}}\n    gus: unlinked\n"
	rep, _ := run(t, conf+`---
- person: erin
- what is my name: Your full name is Erin Member. What's your request?
---
- person: gus
- what is my name:
  - response.card.type: LinkAccount
---
- person: nobody
- what is my name: Your full name is Alice Liddell. What's your request?
---
- person: erin
- what is my name: Your full name is Alice Liddell. What's your request?
`, false)
	var got []string
	for _, r := range rep.Results {
		got = append(got, r.Status)
	}
	if len(got) != 4 || got[0] != Pass || got[1] != Pass || got[2] != Pass || got[3] != Fail {
		t.Errorf("statuses %v, want pass, pass, pass, fail (erin never hears Alice's name)", got)
	}
	if !strings.Contains(rep.Results[0].Profile, "spoken by erin") {
		t.Errorf("result profile %q does not name the speaker", rep.Results[0].Profile)
	}
	for _, c := range []struct{ text, want string }{
		{conf + "---\n- person: zoe\n- hi\n", `x.test.yml:9:11: person "zoe" is not in configuration.persons (erin, gus)`},
		{"---\nconfiguration:\n  persons: [erin]\n---\n- hi\n", "x.test.yml:3:12: persons maps each household member's name"},
		{"---\nconfiguration:\n  persons: {nobody: unlinked}\n---\n- hi\n", `x.test.yml:3:13: "nobody" is not a person's name`},
	} {
		if _, err := ParseFile(file(t, c.text)); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q:\n got %v\nwant …%s…", c.text, err, c.want)
		}
	}
	// A skill without personalization cannot be spoken to by a person.
	f, err := ParseFile(file(t, "---\nconfiguration:\n  persons: {gus: unlinked}\n---\n- person: gus\n- hi\n"))
	if err != nil {
		t.Fatal(err)
	}
	minimal, err := generator.Build("../../testdata/valid-minimal/skill.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Run(context.Background(), minimal, []*File{f}, Options{}); err == nil || !strings.Contains(err.Error(), "x.test.yml:5:11: person: the skill has no personalization") {
		t.Errorf("got %v", err)
	}
}
