package scaffold

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
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
	dir := moduleDir(t, "city-pharmacy")
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
		dir := moduleDir(t, name)
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
		{Options{Locales: []string{"de"}}, `--locales: "de" is not a locale`},
		{Options{Locales: []string{"de-AT"}}, "--locales: de-AT is not a locale Alexa offers"},
		{Options{Locales: []string{"en-US", "hi-IN"}}, "--locales: hi-IN: init writes its starter text in"},
		{Options{Invocation: "City Pharmacy"}, `--invocation "City Pharmacy": 'C' is not a lowercase letter`},
		{Options{Invocation: "kaffeeroboter"}, `--invocation "kaffeeroboter": use two or more lowercase words`},
		{Options{Invocation: "kaffeeroboter", Locales: []string{"en-US", "de-DE"}}, `--invocation "kaffeeroboter": use two or more lowercase words`},
		{Options{Invocation: "ポイント確認", Locales: []string{"de-DE"}}, `--invocation "ポイント確認"`},
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

// init --locales de-DE (and each other starter language, alone or after
// English) writes a skill.yaml that validates, whose launch phrase opens
// the skill in that language and whose Try request reaches NameIntent.
func TestInitInEachStarterLanguage(t *testing.T) {
	for code := range starters {
		loc := firstLocale(lang.Locales(), code)
		for _, locales := range [][]string{{loc}, {"en-US", loc}} {
			t.Run(strings.Join(locales, ","), func(t *testing.T) {
				dir := moduleDir(t, "city-pharmacy")
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
		o.Dir = moduleDir(t, "shop")
		if _, err := Init(context.Background(), o); err != nil {
			t.Errorf("%+v: %v", o, err)
			continue
		}
		if _, err := generator.Build(filepath.Join(o.Dir, "skill.yaml")); err != nil {
			t.Errorf("%+v: skill.yaml: %v", o, err)
		}
	}
}

// moduleDir makes dir/name holding a go.mod that already has the tool, as
// a team's module has after go get -tool.
func moduleDir(t *testing.T, name string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), name)
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	gomod := "module example.com/x\n\ngo 1.26\n\ntool " + Tool + "\n"
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte(gomod), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// When go get -tool fails (here: no module proxy), init leaves the
// directory as it found it: no starter file, and no go.mod it created, so
// it can simply be run again; a team's own go.mod is left unchanged.
func TestInitWritesNothingWhenGoGetFails(t *testing.T) {
	t.Setenv("GOPROXY", "off")
	t.Setenv("GOFLAGS", "-mod=mod")
	t.Setenv("GOWORK", "off")
	t.Setenv("GOTOOLCHAIN", "local")
	empty := filepath.Join(t.TempDir(), "shop")
	if err := os.Mkdir(empty, 0o755); err != nil {
		t.Fatal(err)
	}
	own := filepath.Join(t.TempDir(), "shop")
	if err := os.Mkdir(own, 0o755); err != nil {
		t.Fatal(err)
	}
	gomod := []byte("module example.com/shop\n\ngo 1.26\n")
	if err := os.WriteFile(filepath.Join(own, "go.mod"), gomod, 0o644); err != nil {
		t.Fatal(err)
	}
	for dir, want := range map[string][]string{empty: nil, own: {"go.mod"}} {
		res, err := Init(context.Background(), Options{Dir: dir, Version: "v9.9.9"})
		if err == nil || !strings.Contains(err.Error(), "go get -tool") {
			t.Errorf("%s: %v, %+v; want the go get failure", dir, err, res)
		}
		var names []string
		ents, _ := os.ReadDir(dir)
		for _, e := range ents {
			names = append(names, e.Name())
		}
		if !slices.Equal(names, want) {
			t.Errorf("%s: left %v, want %v", dir, names, want)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(own, "go.mod")); !bytes.Equal(b, gomod) {
		t.Errorf("the team's go.mod changed:\n%s", b)
	}
}
