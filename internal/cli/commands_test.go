package cli_test

import (
	"os"
	"strings"
	"testing"

	"github.com/skillgen/skillgen/generator/spec"
)

func TestVersion(t *testing.T) {
	for _, args := range [][]string{{"version"}, {"--version"}} {
		code, out, _ := run(t, args...)
		// A test binary's main module is skillgen in a checkout: (devel).
		if code != 0 || !strings.HasPrefix(out, "skillgen (devel) (go") {
			t.Errorf("%v: exit %d, %q", args, code, out)
		}
	}
	if code, _, errs := run(t, "version", "x"); code != 2 || !strings.Contains(errs, "takes no arguments") {
		t.Errorf("version x: exit %d %s", code, errs)
	}
}

func TestBuildRefusals(t *testing.T) {
	project(t)
	code, _, errs := run(t, "build", "--arch", "amd64")
	if code != 2 || !strings.Contains(errs, "skillgen build: --arch amd64 disagrees with skill.yaml: lambda.architecture is arm64") {
		t.Errorf("build --arch amd64: exit %d\n%s", code, errs)
	}
	// Nothing generated yet: stale, with the fix.
	code, _, errs = run(t, "build")
	if code != 1 || !strings.Contains(errs, "stale") || !strings.Contains(errs, "go generate ./...") {
		t.Errorf("build before generate: exit %d\n%s", code, errs)
	}
	if code, _, errs := run(t, "build", "--arch", "mips"); code != 2 || !strings.Contains(errs, `unknown architecture "mips"`) {
		t.Errorf("build --arch mips: exit %d %s", code, errs)
	}
	if code, _, _ := run(t, "build", "extra"); code != 2 {
		t.Errorf("build extra: exit %d", code)
	}
}

func TestInitCommand(t *testing.T) {
	dir := t.TempDir()
	write(t, dir+"/go.mod", "module example.com/shop\n\ngo 1.26\n\ntool github.com/skillgen/skillgen/cmd/skillgen\n")
	t.Chdir(dir)
	code, out, errs := run(t, "init", "--package", "shop", "--invocation", "corner shop", "--locales", "en-US, en-GB")
	if code != 0 || !strings.Contains(out, "wrote   skill.yaml") || !strings.Contains(out, "go generate ./...") {
		t.Fatalf("init: exit %d\n%s%s", code, out, errs)
	}
	if code, out, errs := run(t, "validate"); code != 0 || !strings.Contains(out, "package shop, 2 locales") {
		t.Errorf("validate after init: exit %d\n%s%s", code, out, errs)
	}
	// A one-locale skill, started with -C: "1 locale", not "1 locales".
	write(t, dir+"/one/go.mod", "module example.com/one\n\ngo 1.26\n\ntool github.com/skillgen/skillgen/cmd/skillgen\n")
	if code, out, errs := run(t, "-C", "one", "init"); code != 0 {
		t.Fatalf("-C one init: exit %d\n%s%s", code, out, errs)
	}
	t.Chdir(dir)
	if _, out, _ := run(t, "validate", "-f", "one/skill.yaml"); !strings.Contains(out, "ok one/skill.yaml: package one, 1 locale (en-US), 3 intents, 19 samples, 3 attributes\n") {
		t.Errorf("validate's summary of a one-locale skill: %q", out)
	}
	t.Chdir(dir)
	if code, _, errs := run(t, "init", "--invocation", "one"); code != 2 || !strings.Contains(errs, "two or more lowercase words") {
		t.Errorf("init --invocation one: exit %d %s", code, errs)
	}
	if code, _, errs := run(t, "schema", "-o", "skill.schema.json"); code != 0 {
		t.Fatalf("schema -o: %s", errs)
	}
	if b, _ := os.ReadFile("skill.schema.json"); string(b) != string(spec.SchemaJSON) {
		t.Error("schema -o wrote other bytes")
	}
}

// init --locales de-DE starts a German skill: the hint is a German
// request, and the spec validates.
func TestInitCommandGerman(t *testing.T) {
	dir := t.TempDir()
	write(t, dir+"/go.mod", "module example.com/shop\n\ngo 1.26\n\ntool github.com/skillgen/skillgen/cmd/skillgen\n")
	t.Chdir(dir)
	code, out, errs := run(t, "init", "--package", "shop", "--invocation", "apotheken profil", "--locales", "de-DE")
	if code != 0 || !strings.Contains(out, `dialog --profile testdata/profile.yaml "wie ist mein vorname"`) {
		t.Fatalf("init: exit %d\n%s%s", code, out, errs)
	}
	if code, out, errs := run(t, "validate"); code != 0 || !strings.Contains(out, "package shop, 1 locale (de-DE)") {
		t.Errorf("validate after init: exit %d\n%s%s", code, out, errs)
	}
	if code, out, errs := run(t, "dialog", "--profile", "testdata/profile.yaml", "öffne apotheken profil", "wie ist mein vorname"); code != 0 || !strings.Contains(out, "Dein Vorname ist Ada.") {
		t.Errorf("dialog after init: exit %d\n%s%s", code, out, errs)
	}
}

// TestInitGermanFrenchAnswers: a skill started with --locales de-DE,fr-FR
// answers in both languages, and init's next steps ask in the first.
func TestInitGermanFrenchAnswers(t *testing.T) {
	dir := t.TempDir() + "/apotheke"
	write(t, dir+"/go.mod", "module example.com/apotheke\n\ngo 1.26\n\ntool github.com/skillgen/skillgen/cmd/skillgen\n")
	t.Chdir(dir)
	code, out, errs := run(t, "init", "--locales", "de-DE,fr-FR")
	if code != 0 || !strings.Contains(out, `dialog --profile testdata/profile.yaml "wie ist mein vorname"`) {
		t.Fatalf("init: exit %d\n%s%s", code, out, errs)
	}
	for _, c := range [][]string{
		{"de-DE", "wie ist meine e-mail-adresse", "Deine E-Mail-Adresse ist ada@example.com. Was noch?"},
		{"fr-FR", "quel est mon prénom", "Ton prénom est Ada. Quoi d'autre ?"},
	} {
		code, out, errs := run(t, "dialog", "--locale", c[0], "--profile", "testdata/profile.yaml", c[1])
		if code != 0 || !strings.Contains(out, "speech:   "+c[2]+"\n") {
			t.Errorf("%s %q: exit %d\n%s%s", c[0], c[1], code, out, errs)
		}
	}
}
