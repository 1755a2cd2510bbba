package scaffold

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/skillgen/skillgen/generator"
)

func TestDerive(t *testing.T) {
	for dir, want := range map[string][2]string{
		"/x/pharmacy":      {"pharmacy", "pharmacy profile"},
		"/x/city-pharmacy": {"citypharmacy", "city pharmacy"},
		"/x/CityPharmacy2": {"citypharmacy", "city pharmacy"},
		"/x/my_skill_v2":   {"myskillv", "my skill v"},
		"/x/123":           {"skill", "my profile"},
		"/x/Ünïcode-Store": {"ncodestore", "n code store"},
	} {
		pkg, inv := Derive(dir)
		if pkg != want[0] || inv != want[1] {
			t.Errorf("Derive(%q) = %q, %q; want %q, %q", dir, pkg, inv, want[0], want[1])
		}
	}
}

// TestInitWritesAValidSkill runs init in a directory holding a go.mod that
// already has the tool, and validates the spec it wrote; a second run
// writes nothing.
func TestInitWritesAValidSkill(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "city-pharmacy")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	gomod := "module example.com/cp\n\ngo 1.26\n\ntool " + Tool + "\n"
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte(gomod), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := Init(context.Background(), Options{Dir: dir, Locales: []string{"en-US", "en-GB"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Written) != 4 || len(res.Skipped) != 0 || res.GoGet != "" {
		t.Fatalf("result %+v", res)
	}
	t.Chdir(dir)
	s, err := generator.Build("skill.yaml")
	if err != nil {
		t.Fatalf("init's skill.yaml is invalid: %v", err)
	}
	if s.Package != "citypharmacy" || s.Locales[0].Invocation != "city pharmacy" || len(s.Locales) != 2 || !strings.HasPrefix(s.Cognito.DomainPrefix, "citypharmacy-") {
		t.Errorf("skill %s %q %d locales, domain %q", s.Package, s.Locales[0].Invocation, len(s.Locales), s.Cognito.DomainPrefix)
	}
	gen, _ := os.ReadFile("generate.go")
	if !strings.Contains(string(gen), "//go:generate go tool skillgen generate\n") || !strings.HasPrefix(string(gen), "package citypharmacy\n") {
		t.Errorf("generate.go:\n%s", gen)
	}
	before, _ := os.ReadFile("skill.yaml")
	res, err = Init(context.Background(), Options{Dir: dir, Package: "other"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Written) != 0 || len(res.Skipped) != 4 {
		t.Errorf("second init: %+v", res)
	}
	if after, _ := os.ReadFile("skill.yaml"); string(after) != string(before) {
		t.Error("second init changed skill.yaml")
	}
}

// TestInitNamesFromAnyDirectory: whatever the directory is called, the
// names init derives pass the generator's rules (Alexa's reserved words,
// Go's keywords, Cognito's reserved domain words), so go generate never
// fails on a fresh init.
func TestInitNamesFromAnyDirectory(t *testing.T) {
	for name, want := range map[string][2]string{
		"skill":         {"skill", "my profile"},
		"my-skill":      {"myskill", "my profile"},
		"alexa-skill":   {"alexaskill", "my profile"},
		"weather-app":   {"weatherapp", "weather profile"},
		"ask-me":        {"askme", "me profile"},
		"echo-dot":      {"echodot", "dot profile"},
		"open-sesame":   {"opensesame", "sesame profile"},
		"the-shop-for":  {"theshopfor", "shop profile"},
		"for-to":        {"forto", "my profile"},
		"type":          {"typeskill", "type profile"},
		"go":            {"goskill", "go profile"},
		"main":          {"mainskill", "main profile"},
		"runtime":       {"runtimeskill", "runtime profile"},
		"amazon-helper": {"amazonhelper", "helper profile"},
	} {
		dir := filepath.Join(t.TempDir(), name)
		if err := os.Mkdir(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		gomod := "module example.com/x\n\ngo 1.26\n\ntool " + Tool + "\n"
		if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte(gomod), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := Init(context.Background(), Options{Dir: dir}); err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		s, err := generator.Build(filepath.Join(dir, "skill.yaml"))
		if err != nil {
			t.Errorf("%s: init wrote an invalid skill.yaml: %v", name, err)
			continue
		}
		if s.Package != want[0] || s.Locales[0].Invocation != want[1] {
			t.Errorf("%s: package %q, invocation %q; want %q, %q", name, s.Package, s.Locales[0].Invocation, want[0], want[1])
		}
	}
}

// TestInitRefusesBadFlags: a flag value the generator would refuse is an
// OptionError (exit 2) naming the flag, and nothing is written.
func TestInitRefusesBadFlags(t *testing.T) {
	for _, c := range []struct {
		o    Options
		want string
	}{
		{Options{Package: "Bad-Name"}, `--package "Bad-Name": use lowercase letters`},
		{Options{Package: "type"}, `--package "type": "type" is not a valid package name`},
		{Options{Invocation: "one"}, `--invocation "one": use two or more lowercase words`},
		{Options{Invocation: "my skill"}, `--invocation "my skill": invocation name "my skill" contains the launch word "skill"; choose a name without it`},
		{Options{Invocation: "alexa shop"}, `contains the wake word "alexa"`},
		{Options{Invocation: "shop for"}, `begins or ends with the connecting word "for"`},
		{Options{Locales: []string{"english"}}, `--locales: "english" is not a locale`},
		{Options{Locales: []string{"es-ES"}}, "--locales: es-ES: the starter skill has English, German and French text"},
	} {
		c.o.Dir = t.TempDir()
		_, err := Init(context.Background(), c.o)
		var oe *OptionError
		if !errors.As(err, &oe) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: %v, want an OptionError with %q", c.o, err, c.want)
		}
		if ents, _ := os.ReadDir(c.o.Dir); len(ents) != 0 {
			t.Errorf("%+v: wrote %d files", c.o, len(ents))
		}
	}
}

func TestInitWithoutToolAtDevel(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/x\n\ngo 1.26\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := Init(context.Background(), Options{Dir: dir, Version: "(devel)"})
	if err != nil {
		t.Fatal(err)
	}
	if !res.NeedGoGet || res.GoGet != "go get -tool "+Tool+"@latest" {
		t.Errorf("%+v", res)
	}
}

// TestInitGermanAndFrench: --locales de-DE,fr-FR gives a skill with German
// and French text that validates and answers in both languages, and an
// English-only skill keeps plain (unlocalized) text.
func TestInitGermanAndFrench(t *testing.T) {
	for _, c := range []struct {
		locales []string
		try     string
		want    []string
	}{
		{[]string{"de-DE", "fr-FR"}, "wie ist mein name", []string{
			`      de: ["{wie ist|was ist|sag mir} mein {name|vorname}", "wer bin ich"]`,
			`    speech: {de: "Dein Vorname ist {given_name}. Was noch?", fr: "Ton prénom est {given_name}. Quoi d'autre ?"}`,
			`    fr: ["Alexa, ouvre shop profile", "Alexa, demande à shop profile quel est mon nom"]`}},
		{[]string{"en-US", "de-DE"}, "what is my name", []string{`label: {en: "first name", de: "Vorname"}`}},
		{[]string{"en-GB"}, "what is my name", []string{"    speech: Your name is {given_name}. What else?\n", "    - Alexa open shop profile\n"}},
	} {
		dir := filepath.Join(t.TempDir(), "shop")
		if err := os.Mkdir(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		gomod := "module example.com/x\n\ngo 1.26\n\ntool " + Tool + "\n"
		if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte(gomod), 0o644); err != nil {
			t.Fatal(err)
		}
		res, err := Init(context.Background(), Options{Dir: dir, Locales: c.locales})
		if err != nil {
			t.Fatalf("%v: %v", c.locales, err)
		}
		if res.Try != c.try {
			t.Errorf("%v: try %q, want %q", c.locales, res.Try, c.try)
		}
		text, _ := os.ReadFile(filepath.Join(dir, "skill.yaml"))
		for _, w := range c.want {
			if !strings.Contains(string(text), w) {
				t.Errorf("%v: skill.yaml lacks %q:\n%s", c.locales, w, text)
			}
		}
		s, err := generator.Build(filepath.Join(dir, "skill.yaml"))
		if err != nil {
			t.Fatalf("%v: invalid: %v", c.locales, err)
		}
		if len(s.Locales) != len(c.locales) {
			t.Errorf("%v: %d locales", c.locales, len(s.Locales))
		}
	}
}
