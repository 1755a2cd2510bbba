package scaffold

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/skillgen/skillgen/generator"
	"github.com/skillgen/skillgen/generator/lang"
	"github.com/skillgen/skillgen/internal/dialog"
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

func TestInitRefusesBadFlags(t *testing.T) {
	for _, o := range []Options{
		{Package: "Bad-Name"},
		{Invocation: "one"},
		{Locales: []string{"english"}},
		{Locales: []string{"de"}},
		{Locales: []string{"de-AT"}},          // not an Alexa locale
		{Locales: []string{"en-US", "hi-IN"}}, // no starter text in Hindi
		{Invocation: "City Pharmacy"},
		{Invocation: "kaffeeroboter"},                                      // one word in English
		{Invocation: "kaffeeroboter", Locales: []string{"en-US", "de-DE"}}, // and in a skill that is also English
		{Invocation: "ポイント確認", Locales: []string{"de-DE"}},
	} {
		o.Dir = t.TempDir()
		if _, err := Init(context.Background(), o); err == nil {
			t.Errorf("%+v: no error", o)
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

// init --locales de-DE (and each other starter language, alone or after
// English) writes a skill.yaml that validates, whose launch phrase opens
// the skill in that language and whose Try request reaches NameIntent.
func TestInitInEachStarterLanguage(t *testing.T) {
	for code := range starters {
		loc := firstLocale(lang.Locales(), code)
		for _, locales := range [][]string{{loc}, {"en-US", loc}} {
			t.Run(strings.Join(locales, ","), func(t *testing.T) {
				dir := filepath.Join(t.TempDir(), "city-pharmacy")
				if err := os.Mkdir(dir, 0o755); err != nil {
					t.Fatal(err)
				}
				gomod := "module example.com/cp\n\ngo 1.26\n\ntool " + Tool + "\n"
				if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte(gomod), 0o644); err != nil {
					t.Fatal(err)
				}
				res, err := Init(context.Background(), Options{Dir: dir, Locales: locales})
				if err != nil {
					t.Fatal(err)
				}
				if want := textFor(strings.Split(locales[0], "-")[0]).Try; res.Try != want {
					t.Errorf("Try %q, want %q", res.Try, want)
				}
				s, err := generator.Build(filepath.Join(dir, "skill.yaml"))
				if err != nil {
					text, _ := os.ReadFile(filepath.Join(dir, "skill.yaml"))
					t.Fatalf("init's skill.yaml is invalid: %v\n%s", err, text)
				}
				for _, l := range locales {
					r, err := dialog.NewResolver(s, l, dialog.DefaultSkillID)
					if err != nil {
						t.Fatal(err)
					}
					if got := r.Resolve(dialog.LaunchPhrase(s, l)); got.Kind != dialog.KindLaunch {
						t.Errorf("%s: %q does not launch: %+v", l, dialog.LaunchPhrase(s, l), got)
					}
					try := textFor(strings.Split(l, "-")[0]).Try
					if got := r.Resolve(try); got.Intent != "NameIntent" {
						t.Errorf("%s: %q reaches %q, want NameIntent", l, try, got.Intent)
					}
				}
			})
		}
	}
}

// Invocation names init accepts beyond English: umlauts in German, a
// German compound, a Japanese name without spaces.
func TestInitInvocationPerLanguage(t *testing.T) {
	for _, o := range []Options{
		{Invocation: "apotheken prüfung", Locales: []string{"de-DE"}},
		{Invocation: "kaffeeroboter", Locales: []string{"de-DE"}},
		{Invocation: "ポイント確認", Locales: []string{"ja-JP"}},
		{Invocation: "l'heure du thé", Locales: []string{"fr-FR"}},
	} {
		o.Dir = t.TempDir()
		if err := os.WriteFile(filepath.Join(o.Dir, "go.mod"), []byte("module example.com/x\n\ngo 1.26\n\ntool "+Tool+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := Init(context.Background(), o); err != nil {
			t.Errorf("%+v: %v", o, err)
			continue
		}
		if _, err := generator.Build(filepath.Join(o.Dir, "skill.yaml")); err != nil {
			t.Errorf("%+v: skill.yaml: %v", o, err)
		}
	}
}
