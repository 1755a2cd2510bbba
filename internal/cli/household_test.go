package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestInvokeAsPerson: invoke asks as a recognized speaker of a household:
// with their own linked profile they hear it, without one they are asked
// to link (the bundled skill's default), and the account-level profile
// answers an unrecognized speaker.
func TestInvokeAsPerson(t *testing.T) {
	erin, err := os.ReadFile("../../testdata/household/erin.yaml")
	if err != nil {
		t.Fatal(err)
	}
	dir := testProject(t)
	write(t, filepath.Join(dir, "req.json"), launchRequest)
	write(t, filepath.Join(dir, "erin.yaml"), string(erin))
	speech := func(args ...string) (string, string) {
		t.Helper()
		code, out, stderr := run(t, append([]string{"invoke", "-e", "req.json", "--profile", "testdata/alice.yaml"}, args...)...)
		if code != 0 {
			t.Fatalf("invoke %q: exit %d\n%s", args, code, stderr)
		}
		var resp struct {
			Response struct {
				OutputSpeech struct{ SSML string }
				Card         *struct{ Type string }
			}
		}
		if err := json.Unmarshal([]byte(out), &resp); err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		card := ""
		if resp.Response.Card != nil {
			card = resp.Response.Card.Type
		}
		return resp.Response.OutputSpeech.SSML, card
	}
	if sp, _ := speech("--person", "erin=erin.yaml"); !strings.Contains(sp, "+15555550202") {
		t.Errorf("erin with her own link: %s", sp)
	}
	if sp, card := speech("--person", "gus"); card != "LinkAccount" || strings.Contains(sp, "+1555555") {
		t.Errorf("gus without a link: card %q, speech %s", card, sp)
	}
	if sp, _ := speech(); !strings.Contains(sp, "+15555550100") {
		t.Errorf("unrecognized speaker: %s", sp)
	}
	for _, c := range []struct {
		args []string
		msg  string
	}{
		{[]string{"--person-token", "t"}, "--person-token needs --person NAME"},
		{[]string{"--person", "erin=erin.yaml", "--person-token", "t"}, "not both"},
		{[]string{"--person", "erin", "--person-token", "t"}, "from files or from Cognito"},
	} {
		code, _, stderr := run(t, append([]string{"invoke", "-e", "req.json", "--profile", "testdata/alice.yaml"}, c.args...)...)
		if code != 2 || !strings.Contains(stderr, c.msg) {
			t.Errorf("%q: exit %d, %s; want %q", c.args, code, stderr, c.msg)
		}
	}
}
