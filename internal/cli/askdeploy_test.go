package cli_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/skillgen/skillgen/internal/cli"
	"github.com/skillgen/skillgen/internal/testpeers"
)

// TestAskDeployRoundTrip generates a skill, lets ask-cli's own code (the
// pinned test peer) rewrite the ASK project as `ask deploy` does, and
// checks that skillgen check still passes and generate keeps the endpoint.
func TestAskDeployRoundTrip(t *testing.T) {
	if testing.Short() {
		t.Skip("runs node with ask-cli")
	}
	nodeModules := testpeers.NodeModules(t)
	script, err := filepath.Abs("testdata/ask-deploy.js")
	if err != nil {
		t.Fatal(err)
	}
	spec, err := os.ReadFile("../../testdata/valid-minimal/skill.yaml")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	must(t, os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/askdeploy\n\ngo 1.26\n"), 0o644))
	must(t, os.WriteFile(filepath.Join(dir, "skill.yaml"), spec, 0o644))
	t.Chdir(dir)
	run := func(args ...string) (int, string) {
		var out, errb bytes.Buffer
		code := cli.Run(args, strings.NewReader(""), &out, &errb)
		return code, out.String() + errb.String()
	}
	if code, out := run("generate", "-q"); code != 0 {
		t.Fatalf("generate: %s", out)
	}
	project := filepath.Join("generated", "minimal", "deploy")
	manifest := filepath.Join(project, "skill-package", "skill.json")
	resources := filepath.Join(project, "ask-resources.json")
	before := map[string][]byte{manifest: read(t, manifest), resources: read(t, resources)}

	const arn = "arn:aws:lambda:us-east-1:123456789012:function:ask-minimal-default-Function-AbCdEf123456"
	for i, profile := range []string{"default", "__ENVIRONMENT_ASK_PROFILE__"} {
		cmd := exec.Command(testpeers.Node(t), script, project, profile, arn)
		cmd.Env = append(os.Environ(), "NODE_PATH="+nodeModules, "ASK_SHARE_USAGE=false")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("ask-cli (%s profile): %v\n%s", profile, err, out)
		}
		// ask-cli rewrote ask-resources.json byte for byte as generated.
		if got := read(t, resources); !bytes.Equal(got, before[resources]) {
			t.Errorf("%s profile: ask-cli rewrote ask-resources.json differently:\n--- generated\n%s\n--- ask-cli\n%s", profile, before[resources], got)
		}
		got := read(t, manifest)
		if !bytes.Contains(got, []byte(`"uri": "`+arn+`"`)) {
			t.Fatalf("ask-cli did not write the endpoint into skill.json:\n%s", got)
		}
		if i == 0 && bytes.Equal(got, before[manifest]) {
			t.Fatal("skill.json unchanged by ask-cli")
		}
		if _, err := os.Stat(filepath.Join(project, ".ask", "ask-states.json")); err != nil {
			t.Errorf("ask-cli kept no state in .ask/: %v", err)
		}
		if code, out := run("check", "-q"); code != 0 {
			t.Fatalf("%s profile: check after ask deploy: exit %d\n%s", profile, code, out)
		}
		if code, out := run("generate"); code != 0 || !strings.Contains(out, "0 written") {
			t.Fatalf("%s profile: generate after ask deploy rewrote files: exit %d\n%s", profile, code, out)
		}
		if after := read(t, manifest); !bytes.Equal(after, got) {
			t.Fatalf("generate changed ask-cli's skill.json:\n--- ask-cli\n%s\n--- generate\n%s", got, after)
		}
	}

	// A spec change regenerates skill.json and still keeps the endpoint.
	must(t, os.WriteFile("skill.yaml", bytes.Replace(spec, []byte("name: Minimal Profile"), []byte("name: Minimal Profile Two"), 1), 0o644))
	if code, out := run("check", "-q"); code != 1 || !strings.Contains(out, "skill.json") {
		t.Fatalf("check after a spec change: exit %d\n%s", code, out)
	}
	if code, out := run("generate", "-q"); code != 0 {
		t.Fatalf("generate: %s", out)
	}
	got := read(t, manifest)
	if !bytes.Contains(got, []byte("Minimal Profile Two")) || !bytes.Contains(got, []byte(`"uri": "`+arn+`"`)) {
		t.Fatalf("regenerated skill.json lost the endpoint or the change:\n%s", got)
	}
}

func read(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
