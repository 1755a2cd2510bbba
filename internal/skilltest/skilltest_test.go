package skilltest

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/skillgen/skillgen/generator"
	"github.com/skillgen/skillgen/generator/ir"
)

var (
	skillOnce sync.Once
	skill     *ir.Skill
	skillErr  error
)

func bundled(t testing.TB) *ir.Skill {
	t.Helper()
	skillOnce.Do(func() { skill, skillErr = generator.Build("../../skill.yaml") })
	if skillErr != nil {
		t.Fatal(skillErr)
	}
	return skill
}

// file writes a test file into a temp dir (with alice.yaml beside it).
func file(t *testing.T, text string) string {
	t.Helper()
	dir := t.TempDir()
	alice, err := os.ReadFile("../../testdata/alice.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "alice.yaml"), alice, 0o644); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "x.test.yml")
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func run(t *testing.T, text string, update bool) (*Report, *File) {
	t.Helper()
	f, err := ParseFile(file(t, text))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Run(context.Background(), bundled(t), []*File{f}, Options{Update: update})
	if err != nil {
		t.Fatal(err)
	}
	return rep, f
}

func TestParseErrorsArePositioned(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{"---\n- open link demo:\n  - prompt ~~ hi\n", "x.test.yml:3:5: cannot read \"prompt ~~ hi\" as an expectation"},
		{"---\n- open link demo:\n  - bad path!: hi\n", "x.test.yml:3:5: \"bad path!\" is not a response path"},
		{"---\nconfiguration:\n  locale: english\n---\n- hi\n", "x.test.yml:3:11: \"english\" is not a locale code"},
		{"---\nconfiguration:\n  profile: missing.yaml\n---\n- hi\n", "x.test.yml:3:12: profile: open"},
		{"---\nconfiguration:\n  profile: {given_name: Al}\n---\n- hi\n", "x.test.yml:3:13: profile has no key \"given_name\"; put attribute values under profile.attributes"},
		{"---\n- open link demo:\n  - prompt: /a(b/\n", "x.test.yml:3:13: regular expression /a(b/"},
		{"---\n- hi:\n  - exit\n", "x.test.yml:3:5: `exit` is a Bespoken end-to-end assertion"},
		{"---\n- test: empty\n", "x.test.yml:2:1: conversation \"empty\" has no turns"},
		{"---\n- a: [\n", "x.test.yml:2: did not find expected node content"},
		{"configuration:\n  locale: en-US\n", "no conversations"},
		{"---\n- hi:\n  - request.foo: bar\n", "request expressions are not supported"},
		{"---\n- hi:\n  - sessionEnded > x\n", "> needs a number"},
	} {
		_, err := ParseFile(file(t, c.text))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q:\n got %v\nwant …%s…", c.text, err, c.want)
		}
	}
}

func TestUnknownProfileAttribute(t *testing.T) {
	f, err := ParseFile(file(t, "---\nconfiguration:\n  profile:\n    attributes: {phone_numbr: '1'}\n---\n- hi\n"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = Run(context.Background(), bundled(t), []*File{f}, Options{})
	if err == nil || !strings.Contains(err.Error(), `x.test.yml:4:5: profile (inline attributes): the skill declares no attribute "phone_numbr"; did you mean "phone_number"?`) {
		t.Errorf("got %v", err)
	}
}

func TestMatching(t *testing.T) {
	resp := map[string]any{"response": map[string]any{
		"outputSpeech":     map[string]any{"type": "SSML", "ssml": "<speak>Hello <say-as interpret-as=\"telephone\">+1</say-as>. Bye.</speak>"},
		"shouldEndSession": false,
		"card":             map[string]any{"type": "LinkAccount"},
		"directives":       []any{map[string]any{"type": "Dialog.Delegate"}},
	}}
	for _, c := range []struct {
		e  Expect
		ok bool
	}{
		{Expect{Path: "prompt", Op: "==", Values: []string{`Hello <say-as interpret-as="telephone">+1</say-as>. Bye.`}}, true},
		{Expect{Path: "prompt", Op: "==", Values: []string{"Hello"}}, false}, // whole value, unlike Bespoken's contains
		{Expect{Path: "prompt", Op: "==", Values: []string{"Hello*Bye."}}, true},
		{Expect{Path: "prompt", Op: "==", Values: []string{"*Bye"}}, false},
		{Expect{Path: "prompt", Op: "==", Values: []string{"nope", "Hello*"}}, true},
		{Expect{Path: "prompt", Op: "==", Values: []string{"/hello/i"}}, true},
		{Expect{Path: "prompt", Op: "==", Values: []string{"/^Bye/"}}, false},
		{Expect{Path: "prompt", Op: "=~", Values: []string{"H.llo"}}, true},
		{Expect{Path: "prompt", Op: "!=", Values: []string{"Goodbye"}}, true},
		{Expect{Path: "prompt", Op: "!=", Values: []string{"Bye"}}, false},
		{Expect{Path: "reprompt", Op: "==", Undefined: true}, true},
		{Expect{Path: "reprompt", Op: "!=", Undefined: true}, false},
		{Expect{Path: "prompt", Op: "==", Undefined: true}, false},
		{Expect{Path: "sessionEnded", Op: "==", Values: []string{"false"}}, true},
		{Expect{Path: "response.card.type", Op: "==", Values: []string{"LinkAccount"}}, true},
		{Expect{Path: "$.response.directives[0].type", Op: "==", Values: []string{"Dialog.Delegate"}}, true},
		{Expect{Path: "response.directives[1].type", Op: "==", Undefined: true}, true},
		{Expect{Path: "cardTitle", Op: "==", Undefined: true}, true},
	} {
		if _, _, ok := c.e.Eval(resp); ok != c.ok {
			t.Errorf("%s %s %q undefined=%v: got %v", c.e.Path, c.e.Op, c.e.Values, c.e.Undefined, ok)
		}
	}
	n := Expect{Path: "x", Op: ">", Values: []string{"2"}}
	if _, _, ok := n.Eval(map[string]any{"x": 3.0}); !ok {
		t.Error("3 > 2 failed")
	}
}

func TestWordDiff(t *testing.T) {
	got := WordDiff("one two three four five six seven eight nine ten eleven", "one two three four five six seven eight nine TEN eleven")
	if got != "… six seven eight nine [-ten-] {+TEN+} eleven" {
		t.Errorf("got %q", got)
	}
}

const failing = `---
configuration:
  locale: en-US
  profile: alice.yaml
---
- test: name
- open link demo
- what is my name: Your full name is Alice Smith. What's your request?
- what is my number: never reached
`

func TestFailureReport(t *testing.T) {
	rep, _ := run(t, failing, false)
	if !rep.Failed() {
		t.Fatal("a wrong expectation passed")
	}
	r := rep.Results[0]
	if len(r.Transcript) != 2 || len(r.Failures) != 1 {
		t.Fatalf("transcript %d turns, %d failures; want 2 and 1 (the run stops at the failing turn)", len(r.Transcript), len(r.Failures))
	}
	var b bytes.Buffer
	rep.WriteText(&b, false)
	out := b.String()
	for _, want := range []string{
		"--- FAIL: ", "x.test.yml:6: name [en-US, ", "alice.yaml]",
		"x.test.yml:7  > open link demo  (LaunchRequest)",
		"< Hello Alice. It's great that we're on a first name basis. What's your request?",
		`x.test.yml:8: "what is my name": prompt`,
		"expected: Your full name is Alice Smith. What's your request?",
		"actual:   Your full name is Alice Liddell. What's your request?",
		"diff:     Your full name is Alice [-Smith.-] {+Liddell.+} What's your request?",
		"FAIL 1 conversations: 0 passed, 1 failed",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "what is my number") {
		t.Errorf("the turn after the failure ran:\n%s", out)
	}

	var x bytes.Buffer
	if err := rep.WriteJUnit(&x); err != nil {
		t.Fatal(err)
	}
	var suites junitSuites
	if err := xml.Unmarshal(x.Bytes(), &suites); err != nil {
		t.Fatalf("JUnit output does not parse: %v\n%s", err, x.String())
	}
	if suites.Tests != 1 || suites.Failures != 1 || len(suites.Suites) != 1 || suites.Suites[0].Cases[0].Failure == nil ||
		!strings.Contains(suites.Suites[0].Cases[0].Failure.Message, "x.test.yml:8: prompt: expected Your full name is Alice Smith.") {
		t.Errorf("JUnit: %+v", suites)
	}

	var j bytes.Buffer
	if err := rep.WriteJSON(&j); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		OK            bool
		Failed        int
		Conversations []struct {
			Status   string
			Failures []struct {
				Line     int
				Expected string
				Actual   string
			}
		}
	}
	if err := json.Unmarshal(j.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.OK || doc.Failed != 1 || doc.Conversations[0].Failures[0].Line != 8 || doc.Conversations[0].Failures[0].Actual != "Your full name is Alice Liddell. What's your request?" {
		t.Errorf("JSON: %s", j.String())
	}
}

func TestProfiles(t *testing.T) {
	rep, _ := run(t, `---
configuration:
  locale: en-GB
  profile: alice.yaml
---
- test: file profile
- ask link demo what is my name: Your full name is Alice Liddell. What's your request?
---
- test: unlinked
- profile: unlinked
- open link demo:
  - prompt: Before we can continue*
  - response.card.type: LinkAccount
---
- test: without, from the file's profile
- profile: {without: [phone_number]}
- ask link demo what is my number: Sorry, your profile has no phone number yet.*
---
- test: inline
- profile:
    attributes: {given_name: "Zoë & Co", family_name: X}
- ask link demo what is my name: Your full name is Zoë &amp; Co X. What's your request?
---
- test: a named intent with a slot
- open link demo
- RequestInfoIntent:
  - intent: RequestInfoIntent
    infoTypeRequested: email
  - prompt: Your email address is*
---
- test.skip: skipped
- hello
`, false)
	var b bytes.Buffer
	rep.WriteText(&b, true)
	if rep.Failed() {
		t.Fatal(b.String())
	}
	if p, f, s := rep.Counts(); p != 5 || f != 0 || s != 1 {
		t.Errorf("counts %d %d %d\n%s", p, f, s, b.String())
	}
}

func TestUpdate(t *testing.T) {
	text := `---
configuration:
  locales: en-US, en-GB
  profile: alice.yaml
---
- test: snapshot
- open link demo   # bare: gets the prompt
- what is my name == Your name is wrong
- what is my number:
  - prompt: "stale"
  - reprompt: What's your request?
  - sessionEnded: /tru/
`
	rep, f := run(t, text, true)
	ups, err := rep.Apply()
	if err != nil {
		t.Fatal(err)
	}
	if len(ups) != 1 || ups[0].Changed != 3 || len(ups[0].Problems) != 0 {
		t.Fatalf("updates: %+v", ups)
	}
	got, _ := os.ReadFile(f.Path)
	want := `---
configuration:
  locales: en-US, en-GB
  profile: alice.yaml
---
- test: snapshot
- open link demo: Hello Alice. It's great that we're on a first name basis. What's your request?   # bare: gets the prompt
- what is my name: Your full name is Alice Liddell. What's your request?
- what is my number:
  - prompt: Your phone number is <say-as interpret-as="telephone">+15555550100</say-as>. What's your request?
  - reprompt: What's your request?
  - sessionEnded: /tru/
`
	if string(got) != want {
		t.Errorf("updated file:\n%s\nwant:\n%s", got, want)
	}
	// The pattern that fails is left alone and still fails.
	f2, err := ParseFile(f.Path)
	if err != nil {
		t.Fatal(err)
	}
	rep2, err := Run(context.Background(), bundled(t), []*File{f2}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !rep2.Failed() || rep2.Results[0].Failures[0].Path != "sessionEnded" {
		t.Errorf("after update: %+v", rep2.Results[0].Failures)
	}
}

func TestStarterPasses(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "tests", "linkedprofile.test.yml")
	text, n, err := Starter(context.Background(), bundled(t), p)
	if err != nil {
		t.Fatal(err)
	}
	if n < 5 {
		t.Errorf("%d conversations", n)
	}
	for _, want := range []string{"- test: launch", "profile: unlinked", "without: [", "AMAZON.HelpIntent: "} {
		if !strings.Contains(string(text), want) {
			t.Errorf("starter lacks %q:\n%s", want, text)
		}
	}
	f, err := Parse(p, text)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Run(context.Background(), bundled(t), []*File{f}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Failed() {
		var b bytes.Buffer
		rep.WriteText(&b, false)
		t.Fatal(b.String())
	}
	for _, c := range f.Conversations {
		for _, tn := range c.Turns {
			if len(tn.Expects) == 0 {
				t.Errorf("line %d: a starter turn without an expected answer", tn.Line)
			}
		}
	}
}

func TestCollect(t *testing.T) {
	dir := t.TempDir()
	for _, p := range []string{"a.test.yml", "sub/b.test.yaml", "profiles/alice.yaml", "c.spec.yml", ".hidden/d.test.yml"} {
		os.MkdirAll(filepath.Join(dir, filepath.Dir(p)), 0o755)
		os.WriteFile(filepath.Join(dir, p), nil, 0o644)
	}
	got, err := Collect([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	var rel []string
	for _, g := range got {
		r, _ := filepath.Rel(dir, g)
		rel = append(rel, filepath.ToSlash(r))
	}
	if strings.Join(rel, " ") != "a.test.yml c.spec.yml sub/b.test.yaml" {
		t.Errorf("got %v", rel)
	}
	if _, err := Collect([]string{filepath.Join(dir, "profiles")}); err == nil {
		t.Error("a directory without test files is not an error")
	}
}

// A skill whose primary locale is not English gets a starter file in its
// own language: the launch turn says the language's launch phrase (an
// English "open" would land in FallbackIntent), and the file runs green.
func TestStarterFollowsPrimaryLocale(t *testing.T) {
	spec, err := os.ReadFile("../../testdata/valid-four-locales/skill.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ primary, launch string }{
		{"de-DE", "öffne apotheken bonus"},
		{"fr-FR", "ouvre bonus pharmacie"},
	} {
		t.Run(c.primary, func(t *testing.T) {
			text := strings.Replace(string(spec), "locales: [en-US, en-GB, de-DE, fr-FR]", reorder(c.primary), 1)
			if text == string(spec) {
				t.Fatal("the fixture's locales line changed; update this test")
			}
			dir := t.TempDir()
			sp := filepath.Join(dir, "skill.yaml")
			if err := os.WriteFile(sp, []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
			s, err := generator.Build(sp)
			if err != nil {
				t.Fatal(err)
			}
			p := filepath.Join(dir, "tests", "pharmacy.test.yml")
			out, _, err := Starter(context.Background(), s, p)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(out), "locale: "+c.primary) || !strings.Contains(string(out), "- "+c.launch+":") {
				t.Fatalf("starter does not launch with %q in %s:\n%s", c.launch, c.primary, out)
			}
			if strings.Contains(string(out), "- open ") {
				t.Errorf("starter says the English launch word:\n%s", out)
			}
			f, err := Parse(p, out)
			if err != nil {
				t.Fatal(err)
			}
			rep, err := Run(context.Background(), s, []*File{f}, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if rep.Failed() {
				var b bytes.Buffer
				rep.WriteText(&b, false)
				t.Fatal(b.String())
			}
			// The launch turn reaches the skill's welcome, not the fallback.
			if strings.Contains(string(out), "FallbackIntent") {
				t.Errorf("a starter turn lands in the fallback:\n%s", out)
			}
		})
	}
}

// reorder lists the fixture's four locales with primary first.
func reorder(primary string) string {
	out := []string{primary}
	for _, l := range []string{"en-US", "en-GB", "de-DE", "fr-FR"} {
		if l != primary {
			out = append(out, l)
		}
	}
	return "locales: [" + strings.Join(out, ", ") + "]"
}
