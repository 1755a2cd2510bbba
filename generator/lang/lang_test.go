package lang

import (
	"slices"
	"strings"
	"testing"

	"github.com/skillgen/skillgen/generator/alexa"
)

// Every Alexa locale has its language's facts, and every table compiles.
func TestEveryAlexaLocaleKnown(t *testing.T) {
	if got := Locales(); !slices.Equal(got, alexa.Locales) {
		t.Fatalf("locales with facts %v, Alexa locales %v", got, alexa.Locales)
	}
	for _, loc := range alexa.Locales {
		f := ForLocale(loc)
		if f == nil {
			t.Fatalf("%s: no facts", loc)
		}
		if len(f.launch) == 0 || len(f.requests) == 0 || len(f.Sources) == 0 || len(f.FallbackExamples) == 0 {
			t.Errorf("%s: incomplete facts", loc)
		}
		for _, in := range []string{Help, Stop, Cancel, NavigateHome} {
			if len(f.Builtins[in]) == 0 {
				t.Errorf("%s: no phrases for %s", loc, in)
			}
			for _, p := range f.Builtins[in] {
				if got, ok := f.Builtin(f.Words(p)); !ok || got != in {
					t.Errorf("%s: %q resolves to %q, want %s", loc, p, got, in)
				}
			}
		}
	}
	if ForLocale("en-ZZ") != nil || ForLocale("xx-XX") != nil {
		t.Error("unknown locales have facts")
	}
}

func TestInvocations(t *testing.T) {
	cases := []struct {
		locale, inv, utterance string
		launch                 bool
		request                string
	}{
		{"en-US", "link demo", "open link demo", true, ""},
		{"en-US", "link demo", "ask link demo for my name", false, "my name"},
		{"en-US", "link demo", "my name using link demo", false, "my name"},
		{"de-DE", "apotheken bonus", "öffne apotheken bonus", true, ""},
		{"de-DE", "apotheken bonus", "frage apotheken bonus nach meinen punkten", false, "meinen punkten"},
		{"fr-FR", "bonus pharmacie", "ouvre bonus pharmacie", true, ""},
		{"fr-FR", "bonus pharmacie", "demande à bonus pharmacie mes points", false, "mes points"},
		{"ja-JP", "ポイント確認", "ポイント確認を開いて", true, ""},
		{"ja-JP", "ポイント確認", "ポイント確認で残高を教えて", false, "残高を教えて"},
		{"hi-IN", "बोनस कार्ड", "बोनस कार्ड खोलो", true, ""},
		{"ar-SA", "بطاقة المكافآت", "افتحي بطاقة المكافآت", true, ""},
		// The phrases Amazon's pages state (see tables.go).
		{"en-US", "daily horoscopes", "can you open daily horoscopes", true, ""},
		{"en-US", "daily horoscopes", "talk to daily horoscopes and give me the horoscope for taurus", false, "give me the horoscope for taurus"},
		{"en-US", "daily horoscopes", "get today's taurus report from the daily horoscopes", false, "get today's taurus report"},
		{"de-DE", "astro dienst", "frage astro dienst ab", true, ""},
		{"de-DE", "astro dienst", "gib mir das stierhoroskop von astro dienst", false, "gib mir das stierhoroskop"},
		{"fr-FR", "signe astrologique", "demande à signe astrologique l'horoscope des gémeaux", false, "l'horoscope des gémeaux"},
		{"it-IT", "oroscopo del giorno", "domanda a oroscopo del giorno l'oroscopo dei gemelli", false, "l'oroscopo dei gemelli"},
		{"nl-NL", "dagelijkse horoscoop", "vraag dagelijkse horoscoop naar de horoscoop voor tweelingen", false, "de horoscoop voor tweelingen"},
		{"hi-IN", "मज़ेदार jokes", "मज़ेदार jokes खोलो", true, ""},
		{"hi-IN", "दैनिक राशिफल", "दैनिक राशिफल से पूछो कि मिथुन राशि का राशिफल क्या है", false, "मिथुन राशि का राशिफल क्या है"},
		{"ar-SA", "توقعات الابراج اليومية", "من فضلك أبغى أسأل توقعات الابراج اليومية عن برجي اليوم", false, "برجي اليوم"},
		{"ar-SA", "نتائج كورة", "اطلبي من نتائج كورة أن تعطيني نتيجة المباراة", false, "تعطيني نتيجة المباراة"},
		{"ar-SA", "توقعات الابراج اليومية", "برجي اليوم في توقعات الابراج اليومية", false, "برجي اليوم"},
		{"ja-JP", "十二星座占い", "十二星座占いで双子座の運勢を調べて", false, "双子座の運勢を調べて"},
	}
	for _, c := range cases {
		f := ForLocale(c.locale)
		invs := f.Invocations(f.Words(c.utterance), f.Words(c.inv))
		if len(invs) == 0 {
			t.Errorf("%s %q: not an invocation", c.locale, c.utterance)
			continue
		}
		if c.launch != (invs[0].Request == nil) {
			t.Errorf("%s %q: launch = %v", c.locale, c.utterance, invs[0].Request == nil)
		}
		if !c.launch && !slices.ContainsFunc(invs, func(i Invocation) bool { return strings.Join(i.Request, " ") == strings.Join(f.Words(c.request), " ") }) {
			t.Errorf("%s %q: requests %v, want %q", c.locale, c.utterance, invs, c.request)
		}
	}
}

// The fast path of BuiltinPhrase agrees with Words.
func TestBuiltinPhrase(t *testing.T) {
	f := ForLocale("fr-FR")
	for s, want := range map[string]string{"aide": Help, "Aide": Help, "aide-moi": Help, "à l'aide": Help, "laisse  tomber": Cancel, "quel est mon nom": ""} {
		if got, _ := f.BuiltinPhrase(s); got != want {
			t.Errorf("%q: %q, want %q", s, got, want)
		}
	}
	ja := ForLocale("ja-JP")
	if got, _ := ja.BuiltinPhrase("ヘルプ"); got != Help {
		t.Errorf("ヘルプ: %q", got)
	}
}

// The built-in phrases Amazon's pages state reach their intents.
func TestDocumentedBuiltins(t *testing.T) {
	for _, c := range []struct{ locale, phrase, intent string }{
		{"en-US", "never mind", Cancel},
		{"en-US", "can you help me", Help},
		{"de-DE", "abbreche", Cancel},
		{"de-DE", "Hilf mir bitte", Help},
		{"de-DE", "kannst du mir helfen bitte", Help},
		{"ja-JP", "やっぱりやめる", Cancel},
		{"ar-SA", "ممكن مساعدة", Help},
		{"ar-SA", "ألغي", Cancel},
	} {
		if got, _ := ForLocale(c.locale).BuiltinPhrase(c.phrase); got != c.intent {
			t.Errorf("%s %q: %q, want %s", c.locale, c.phrase, got, c.intent)
		}
	}
}

// Reserved words are found as words, and inside an unspaced name.
func TestForbiddenIn(t *testing.T) {
	for _, c := range []struct{ locale, name, word, kind string }{
		{"en-US", "open sesame trivia", "open", "launch word"},
		{"en-US", "echo facts", "echo", "wake word"},
		{"en-US", "reopened stories", "", ""},
		{"de-DE", "öffne mein profil", "öffne", "launch word"},
		{"ja-JP", "プロフィールを開いて", "開いて", "launch word"},
		{"ja-JP", "アレクサ占い", "アレクサ", "wake word"},
		{"ja-JP", "ポイント確認", "", ""},
	} {
		w, k := ForLocale(c.locale).ForbiddenIn(c.name)
		if w != c.word || k != c.kind {
			t.Errorf("%s %q: %q %q, want %q %q", c.locale, c.name, w, k, c.word, c.kind)
		}
	}
}
