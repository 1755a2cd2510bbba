// Package benchspec writes large synthetic skill specs for benchmarks: N
// intents × 5 locales × about 100 expanded samples per intent and locale,
// each locale with its own sample patterns so nothing is shared.
package benchspec

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Locales of the benchmark spec.
var Locales = []string{"en-US", "en-GB", "en-AU", "en-CA", "en-IN"}

// word spells n in letters only (samples may not hold digits).
func word(n int) string {
	var b []byte
	for {
		b = append(b, byte('a'+n%26))
		n /= 26
		if n == 0 {
			break
		}
	}
	return string(b)
}

// Spec returns the YAML of a spec with the given number of intents.
func Spec(intents int) string {
	var b strings.Builder
	b.WriteString(`skill:
  package: bench
  name: Bench Skill
  invocation: bench profile
locales: [` + strings.Join(Locales, ", ") + `]
attributes:
  - name: given_name
  - name: phone_number
    sayAs: telephone
cognito:
  domainPrefix: bench-skill
intents:
`)
	for i := range intents {
		fmt.Fprintf(&b, "  - name: Intent%s\n    samples:\n", strings.ToUpper(word(i)))
		for li, loc := range Locales {
			// 10 × 10 alternatives = 100 samples, unique to the intent and locale.
			var first, second []string
			for k := range 10 {
				first = append(first, "w"+word(k))
				second = append(second, "v"+word(k+li*10))
			}
			fmt.Fprintf(&b, "      %s: [\"{%s} {%s} x%s\"]\n", loc, strings.Join(first, "|"), strings.Join(second, "|"), word(i))
		}
		fmt.Fprintf(&b, "    speech: Hello {given_name}, this is answer %s. Your number is {phone_number}.\n    reprompt: Anything else?\n", word(i))
	}
	b.WriteString(`messages:
  launch: {speech: "Hi {given_name}.", reprompt: "What now?"}
  help: {speech: "Ask me anything."}
  stop: {speech: "Bye."}
  fallback: {speech: "Sorry."}
  linkAccount: {speech: "Please link your account."}
  missingAttribute: {speech: "I don't know your {missing}."}
  error: {speech: "Something went wrong."}
`)
	return b.String()
}

// Write writes dir/skill.yaml and a go.mod (the handler emitter derives the
// generated package's import path from it) and returns the spec path.
func Write(dir string, intents int) (string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/bench\n\ngo 1.26\n"), 0o644); err != nil {
		return "", err
	}
	p := filepath.Join(dir, "skill.yaml")
	return p, os.WriteFile(p, []byte(Spec(intents)), 0o644)
}
