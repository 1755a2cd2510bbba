package cli_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/skillgen/skillgen/generator/spec"
	"github.com/skillgen/skillgen/internal/cli"
)

// project makes a Go module in a temp dir holding the bundled skill.yaml and
// makes it the working directory.
func project(t *testing.T) string {
	t.Helper()
	src, err := os.ReadFile("../../skill.yaml")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	write(t, filepath.Join(dir, "go.mod"), "module example.com/skill\n\ngo 1.26\n")
	write(t, filepath.Join(dir, "skill.yaml"), string(src))
	t.Chdir(dir)
	return dir
}

func write(t *testing.T, p, s string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

func run(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := cli.Run(args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

func edit(t *testing.T, p, old, new string) {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte(old)) {
		t.Fatalf("%s has no %q", p, old)
	}
	write(t, p, strings.Replace(string(b), old, new, 1))
}

type fileState struct {
	data  string
	mtime time.Time
}

// snapshot reads every file under dir except the spec and go.mod.
func snapshot(t *testing.T, dir string) map[string]fileState {
	t.Helper()
	out := map[string]fileState{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if rel == "skill.yaml" || rel == "go.mod" {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		info, _ := d.Info()
		out[filepath.ToSlash(rel)] = fileState{string(b), info.ModTime()}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func sameFiles(t *testing.T, before, after map[string]fileState) {
	t.Helper()
	if len(before) != len(after) {
		t.Errorf("%d files before, %d after", len(before), len(after))
	}
	for p, b := range before {
		a, ok := after[p]
		switch {
		case !ok:
			t.Errorf("%s was removed", p)
		case a.data != b.data:
			t.Errorf("%s changed", p)
		case !a.mtime.Equal(b.mtime):
			t.Errorf("%s was rewritten (mtime changed)", p)
		}
	}
}

func TestGenerateThenCheck(t *testing.T) {
	dir := project(t)
	if code, _, stderr := run(t, "generate"); code != 0 {
		t.Fatalf("generate: exit %d\n%s", code, stderr)
	}
	for _, p := range []string{"models/en-US.json", "models/en-IN.json", "generated/linkedprofile/skill.gen.go", "generated/linkedprofile/deploy/template.yaml"} {
		if _, err := os.Stat(filepath.Join(dir, p)); err != nil {
			t.Errorf("generate did not write %s", p)
		}
	}
	if code, stdout, stderr := run(t, "check"); code != 0 {
		t.Fatalf("check on fresh outputs: exit %d\n%s%s", code, stdout, stderr)
	}
	before := snapshot(t, dir)
	if code, stdout, _ := run(t, "generate"); code != 0 || !strings.Contains(stdout, "0 written") {
		t.Fatalf("second generate rewrote files: %s", stdout)
	}
	sameFiles(t, before, snapshot(t, dir))

	edit(t, "skill.yaml", "bonjour, hiya", "bonjour, good evening, hiya")
	code, stdout, stderr := run(t, "check")
	if code != 1 {
		t.Fatalf("check after an edit: exit %d, want 1", code)
	}
	for _, want := range []string{"--- a/models/en-US.json", "+++ b/models/en-US.json", `+            "good evening",`, "@@ "} {
		if !strings.Contains(stdout, want) {
			t.Errorf("check's diff lacks %q:\n%s", want, stdout)
		}
	}
	if !strings.Contains(stderr, "stale") || !strings.Contains(stderr, "models/en-US.json") {
		t.Errorf("check's message: %s", stderr)
	}
	sameFiles(t, before, snapshot(t, dir)) // check never writes
}

func TestFailedGenerationLeavesOutputsUntouched(t *testing.T) {
	dir := project(t)
	if code, _, stderr := run(t, "generate"); code != 0 {
		t.Fatalf("generate: %s", stderr)
	}
	before := snapshot(t, dir)

	// An invalid spec: nothing is written, every problem is reported.
	edit(t, "skill.yaml", "invocation:\n    en: link demo", "invocation:\n    en: open link demo 2")
	edit(t, "skill.yaml", "{phone_number}. What's your request?", "{phone_numbr}. What's your request?")
	code, _, stderr := run(t, "generate")
	if code != 1 {
		t.Fatalf("invalid spec: exit %d", code)
	}
	for _, want := range []string{"skill.yaml:11:24: skill.invocation.en: invocation name \"open link demo 2\" contains the digit", "placeholder {phone_numbr} names no declared attribute; did you mean {phone_number}?"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	sameFiles(t, before, snapshot(t, dir))

	// A valid spec whose outputs cannot all be written: a directory stands
	// where one new file must go. The files that could be written are not.
	edit(t, "skill.yaml", "open link demo 2", "link demo")
	edit(t, "skill.yaml", "{phone_numbr}", "{phone_number}")
	edit(t, "skill.yaml", "Good bye {given_name}.", "Farewell {given_name}.")
	edit(t, "skill.yaml", "locales: [en-US, en-GB, en-AU, en-CA, en-IN]", "locales: [en-US, en-GB, en-AU, en-CA, en-IN]\noutput:\n  models: interaction")
	if err := os.MkdirAll(filepath.Join(dir, "interaction", "en-US.json"), 0o755); err != nil {
		t.Fatal(err)
	}
	code, _, stderr = run(t, "generate")
	if code != 1 || !strings.Contains(stderr, "interaction/en-US.json") || !strings.Contains(stderr, "no output was changed") {
		t.Fatalf("blocked write: exit %d\n%s", code, stderr)
	}
	os.Remove(filepath.Join(dir, "interaction", "en-US.json"))
	os.Remove(filepath.Join(dir, "interaction"))
	sameFiles(t, before, snapshot(t, dir))
}

func TestStaleOutputsRemoved(t *testing.T) {
	dir := project(t)
	if code, _, stderr := run(t, "generate"); code != 0 {
		t.Fatalf("generate: %s", stderr)
	}
	write(t, filepath.Join(dir, "models", "notes.md"), "hand-written\n")
	edit(t, "skill.yaml", ", en-IN]", "]")
	code, stdout, stderr := run(t, "generate")
	if code != 0 {
		t.Fatalf("generate: %s", stderr)
	}
	for _, gone := range []string{"models/en-IN.json", "generated/linkedprofile/deploy/skill-package/interactionModels/custom/en-IN.json"} {
		if _, err := os.Stat(filepath.Join(dir, gone)); !os.IsNotExist(err) {
			t.Errorf("%s was not removed", gone)
		}
		if !strings.Contains(stdout, "removed "+gone) {
			t.Errorf("removal of %s not reported:\n%s", gone, stdout)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "models", "notes.md")); err != nil {
		t.Error("a hand-written file in models/ was removed")
	}
}

func TestValidateSchemaUsage(t *testing.T) {
	project(t)
	if code, stdout, _ := run(t, "validate"); code != 0 || !strings.HasPrefix(stdout, "ok skill.yaml: package linkedprofile, 5 locales") {
		t.Errorf("validate: %d %q", code, stdout)
	}
	if code, stdout, _ := run(t, "schema"); code != 0 || stdout != string(spec.SchemaJSON) {
		t.Errorf("schema: exit %d, %d bytes", code, len(stdout))
	}
	if code, _, stderr := run(t, "frobnicate"); code != 2 || !strings.Contains(stderr, `unknown command "frobnicate"`) {
		t.Errorf("unknown command: %d %s", code, stderr)
	}
	if code, _, stderr := run(t, "check", "-f", "missing.yaml"); code != 1 || !strings.Contains(stderr, "missing.yaml: spec file missing.yaml does not exist") {
		t.Errorf("missing spec: %d %s", code, stderr)
	}
	if code, _, _ := run(t, "generate", "stray"); code != 2 {
		t.Errorf("stray argument: exit %d", code)
	}
}
