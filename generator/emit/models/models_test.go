package models

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/skillgen/skillgen/generator/ir"
	"github.com/skillgen/skillgen/generator/spec"
	"github.com/skillgen/skillgen/generator/validate"
	"github.com/skillgen/skillgen/internal/golden"
)

func skill(samples ...string) *ir.Skill {
	t := &ir.SlotType{Name: "infoType", Values: []*ir.SlotValue{{
		ID:       "fullName",
		Value:    map[string]string{"en-US": "name"},
		Synonyms: map[string][]string{"en-US": {"who am i", `quote " back\slash`, "tab\tnl\nctl\x01 \u2028 é"}},
	}}}
	return &ir.Skill{
		Output:    ir.Output{Models: "models"},
		Locales:   []*ir.Locale{{Code: "en-US", Language: "en", Invocation: "link demo"}},
		SlotTypes: []*ir.SlotType{t},
		Intents: []*ir.Intent{
			{Name: "HelloIntent", Samples: map[string][]string{"en-US": {"hello"}}},
			{Name: "RequestInfoIntent", Slots: []*ir.Slot{{Name: "info", Type: "infoType", Enum: t}}, Samples: map[string][]string{"en-US": samples}},
		},
	}
}

// TestModelIsIndentedJSON checks the hand-written writer against
// encoding/json: same bytes as json.Indent with two spaces, plus a newline.
func TestModelIsIndentedJSON(t *testing.T) {
	s := skill("what is my {info}", "{info}")
	got := Model(s, s.Locales[0])
	var v any
	if err := json.Unmarshal(got, &v); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, got)
	}
	var compact, want bytes.Buffer
	if err := json.Compact(&compact, got); err != nil {
		t.Fatal(err)
	}
	if err := json.Indent(&want, compact.Bytes(), "", "  "); err != nil {
		t.Fatal(err)
	}
	want.WriteByte('\n')
	if !bytes.Equal(got, want.Bytes()) {
		t.Errorf("not in canonical two-space indentation:\n%s", got)
	}
	if !bytes.HasSuffix(got, []byte("}\n")) {
		t.Error("no trailing newline")
	}
	syn := v.(map[string]any)["interactionModel"].(map[string]any)["languageModel"].(map[string]any)["types"].([]any)[0].(map[string]any)["values"].([]any)[0].(map[string]any)["name"].(map[string]any)["synonyms"].([]any)
	if syn[1] != `quote " back\slash` || syn[2] != "tab\tnl\nctl\x01 \u2028 é" {
		t.Errorf("escaping lost data: %q", syn)
	}
	if !bytes.Equal(got, Model(s, s.Locales[0])) {
		t.Error("not deterministic")
	}
	for _, builtin := range []string{"AMAZON.CancelIntent", "AMAZON.HelpIntent", "AMAZON.StopIntent", "AMAZON.NavigateHomeIntent", "AMAZON.FallbackIntent"} {
		if !bytes.Contains(got, []byte(`"`+builtin+`"`)) {
			t.Errorf("model lacks %s", builtin)
		}
	}
}

func TestTooLarge(t *testing.T) {
	var samples []string
	for i := range 40000 {
		samples = append(samples, "a fairly long sample utterance "+strings.Repeat("x", i%7))
	}
	_, err := Emit(skill(samples...))
	var tl *TooLargeError
	if !errors.As(err, &tl) || tl.Locale != "en-US" || tl.Chars <= 1_000_000 {
		t.Fatalf("got %v, want TooLargeError", err)
	}
}

// TestGolden renders the interaction models of every golden case and
// compares them with the committed files (internal/golden).
func TestGolden(t *testing.T) {
	for _, c := range golden.Cases(t) {
		t.Run(c.Name, func(t *testing.T) {
			ld, err := spec.Load(c.Spec)
			if err != nil {
				t.Fatal(err)
			}
			s, err := validate.Build(ld)
			if err != nil {
				t.Fatal(err)
			}
			files, err := Emit(s)
			if err != nil {
				t.Fatal(err)
			}
			if len(files) != len(s.Locales) {
				t.Errorf("%d models for %d locales", len(files), len(s.Locales))
			}
			golden.Check(t, c, files)
		})
	}
}
