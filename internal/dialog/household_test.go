package dialog

import (
	"strings"
	"testing"
)

// householdArgs: Alice's account-level link (profile), Erin and Finn
// recognized with their own links, Gus recognized without one.
func householdArgs(profile string) []string {
	return []string{"--profile", profile, "--person", "erin=../../testdata/household/erin.yaml",
		"--person", "finn=../../testdata/household/finn.yaml", "--person", "gus"}
}

// TestDialogHousehold: the bundled skill (a recognized member without a
// link is asked to link) and the member-card variant (opts in to the
// account profile, greets by {speaker_name}), each speaker in turn.
func TestDialogHousehold(t *testing.T) {
	for _, c := range []struct {
		golden, spec string
		utterances   []string
		want         map[string]string // utterance → what its answer says
		wantNot      map[string]string // utterance → what it must not say
	}{
		{"dialog-household-linkedprofile.golden", "../../skill.yaml",
			[]string{"open link demo", "what is my number", "finn: what is my number", "nobody: what is my number", "gus: what is my number", "erin: what is my name"},
			map[string]string{"what is my number": "+15555550202", "finn: what is my number": "+15555550303",
				"nobody: what is my number": "+15555550100", "gus: what is my number": "card:     LinkAccount", "erin: what is my name": "Erin Member"},
			map[string]string{"gus: what is my number": "+1555555"}},
		{"dialog-household-membercard.golden", "../../variants/membercard/skill.yaml",
			[]string{"open member card", "help", "how many points do I have", "gus: how many points do I have", "nobody: help"},
			map[string]string{"help": "speech:   Hi erin. You can say", "how many points do I have": "You have 200 points, Erin.",
				"gus: how many points do I have": "You have 1200 points, Alice.", "nobody: help": "speech:   Hi there. You can say"},
			nil},
	} {
		t.Run(c.golden, func(t *testing.T) {
			prof := "../../testdata/alice.yaml"
			if strings.Contains(c.spec, "membercard") {
				prof = "../../testdata/household/alice-member.yaml"
			}
			args := append([]string{"-f", c.spec, "--locale", "en-US"}, householdArgs(prof)...)
			args = append(args, c.utterances...)
			out, errs, code := run(t, "", args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			golden(t, c.golden, out)
			turns := strings.Split(out, "\n> ")
			for i, u := range c.utterances {
				turn := turns[i]
				if w, ok := c.want[u]; ok && !strings.Contains(turn, w) {
					t.Errorf("%q: answer lacks %q:\n%s", u, w, turn)
				}
				if w, ok := c.wantNot[u]; ok && strings.Contains(turn, w) {
					t.Errorf("%q: answer has %q:\n%s", u, w, turn)
				}
			}
		})
	}
}

func TestDialogHouseholdErrors(t *testing.T) {
	for _, c := range []struct {
		args []string
		msg  string
	}{
		{[]string{"-f", "../../testdata/valid-minimal/skill.yaml", "--person", "erin", "hello"}, "needs a skill with personalization"},
		{[]string{"-f", "../../skill.yaml", "--person", "erin", "zoe: hello"}, "no --person of that name"},
		{[]string{"-f", "../../skill.yaml", "--person", "erin=../../testdata/household/erin.yaml", "--access-token", "t", "hello"}, "not both"},
		{[]string{"-f", "../../skill.yaml", "--person", "nobody", "hello"}, "is not a member name"},
		{[]string{"-f", "../../skill.yaml", "--person", "erin=", "hello"}, "give the profile file"},
	} {
		_, errs, code := run(t, "", c.args...)
		if code == 0 || !strings.Contains(errs, c.msg) {
			t.Errorf("%q: exit %d, stderr %q; want %q", c.args, code, errs, c.msg)
		}
	}
}
