package dialog

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/skillgen/skillgen/generator"
	"github.com/skillgen/skillgen/generator/alexa"
	"github.com/skillgen/skillgen/generator/lang"
	"github.com/skillgen/skillgen/generator/plan"
	"github.com/skillgen/skillgen/internal/interp"
	"github.com/skillgen/skillgen/runtime"
)

// TestEveryLocale talks to one skill in each locale skillgen accepts: the
// language's launch phrase opens it, its help and stop phrases reach the
// built-in intents, its sample reaches the custom intent, and something
// the skill does not know falls back. Resolution and the answer both come
// from the same language tables the validator checks against.
func TestEveryLocale(t *testing.T) {
	s, err := generator.Build("testdata/all-locales/skill.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if got := s.LocaleCodes(); !slices.Equal(got, alexa.Locales) {
		t.Fatalf("the test skill has %v, want every Alexa locale %v", got, alexa.Locales)
	}
	answers, err := plan.Build(s)
	if err != nil {
		t.Fatal(err)
	}
	samples := map[string]string{}
	for _, loc := range s.Locales {
		samples[loc.Code] = s.Intents[0].Samples[loc.Code][0]
	}
	for _, loc := range s.Locales {
		t.Run(loc.Code, func(t *testing.T) {
			f := lang.ForLocale(loc.Code)
			res, err := NewResolver(s, loc.Code, DefaultSkillID)
			if err != nil {
				t.Fatal(err)
			}
			h, err := interp.NewHandler(answers, FileSource(map[string]string{"custom:points": "42"}), runtime.WithSkillID(DefaultSkillID))
			if err != nil {
				t.Fatal(err)
			}
			sess := NewSession(h, res, SessionOptions{SkillID: DefaultSkillID, Locale: loc.Code, AccessToken: localToken})
			for _, c := range []struct{ say, intent, speech string }{
				{f.LaunchPhrase(loc.Invocation), "", "launch"},
				{f.Builtins[lang.Help][0], lang.Help, "help"},
				{samples[loc.Code], "PointsIntent", "points 42"},
				{f.FallbackExamples[0], lang.Fallback, "fallback"},
				{f.Builtins[lang.Stop][0], lang.Stop, "stop"},
			} {
				r := res.Resolve(c.say)
				switch {
				case c.intent == "" && r.Kind != KindLaunch:
					t.Errorf("%q: %s %s, want a launch", c.say, r.Kind, r.Intent)
				case c.intent != "" && r.Intent != c.intent:
					t.Errorf("%q: %s, want %s", c.say, r.Intent, c.intent)
				}
				turn, err := sess.Say(context.Background(), c.say)
				if err != nil {
					t.Fatalf("%q: %v", c.say, err)
				}
				if got := SpeechText(turn.Response.Response.OutputSpeech.SSML); got != c.speech {
					t.Errorf("%q: speech %q, want %q", c.say, got, c.speech)
				}
			}
		})
	}
}

// The four-locale skill: "öffne <invocation>" opens it in German, and the
// German and French built-in phrases reach the built-in intents.
func TestFourLocalesDialog(t *testing.T) {
	out, errs, code := run(t, "", "-f", "../../testdata/valid-four-locales/skill.yaml", "--locale", "de-DE",
		"--profile", "../../testdata/alice.yaml", "öffne apotheken bonus", "hilfe", "stopp")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"LaunchRequest", "Willkommen bei Apotheken Bonus, Alice.", "AMAZON.HelpIntent", "AMAZON.StopIntent", "Tschüss, Alice."} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	out, errs, code = run(t, "", "-f", "../../testdata/valid-four-locales/skill.yaml", "--locale", "fr-FR",
		"--profile", "../../testdata/alice.yaml", "ouvre bonus pharmacie", "aide", "arrête")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"LaunchRequest", "Bienvenue chez Bonus Pharmacie, Alice.", "AMAZON.HelpIntent", "AMAZON.StopIntent", "Au revoir, Alice."} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	// Without --locale, dialog speaks the primary locale, en-US, and names
	// the skill after it.
	out, errs, code = run(t, ":q\n", "-f", "../../testdata/valid-four-locales/skill.yaml", "--profile", "../../testdata/alice.yaml")
	if code != 0 || !strings.Contains(out, `Talking to Pharmacy Bonus (en-US, `) || !strings.Contains(out, `Say "open pharmacy bonus"`) {
		t.Errorf("banner: exit %d\n%s%s", code, out, errs)
	}
	// With --locale, the banner names the skill and its launch phrase in
	// that locale's language.
	for loc, want := range map[string]string{
		"de-DE": `Talking to Apotheken Bonus (de-DE, profile from ../../testdata/alice.yaml). Say "öffne apotheken bonus"`,
		"fr-FR": `Talking to Bonus Pharmacie (fr-FR, profile from ../../testdata/alice.yaml). Say "ouvre bonus pharmacie"`,
	} {
		out, errs, code = run(t, ":q\n", "-f", "../../testdata/valid-four-locales/skill.yaml", "--locale", loc, "--profile", "../../testdata/alice.yaml")
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("%s banner: exit %d, want %q\n%s%s", loc, code, want, out, errs)
		}
	}
}

// The invocation name alone opens the skill where Amazon's pages say so
// (English, German); in French no page does, so it stays an utterance the
// skill's model resolves.
func TestNameAloneLaunches(t *testing.T) {
	for _, c := range []struct {
		locale, utterance string
		launch            bool
	}{
		{"en-US", "Alexa, pharmacy bonus", true},
		{"de-DE", "apotheken bonus", true},
		{"fr-FR", "bonus pharmacie", false},
	} {
		out, errs, code := run(t, "", "-f", "../../testdata/valid-four-locales/skill.yaml", "--locale", c.locale,
			"--profile", "../../testdata/alice.yaml", c.utterance)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", c.locale, code, errs)
		}
		if got := strings.Contains(out, "LaunchRequest"); got != c.launch {
			t.Errorf("%s %q: launch %v, want %v:\n%s", c.locale, c.utterance, got, c.launch, out)
		}
	}
}
