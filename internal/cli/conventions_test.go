package cli_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/skillgen/skillgen/internal/cli"
)

var update = flag.Bool("update", false, "rewrite golden files")

var commands = []string{"init", "generate", "check", "validate", "schema", "test", "invoke", "dialog", "serve", "build", "provision", "version", "completion", "help"}

func TestEveryHelpExitsZero(t *testing.T) {
	project(t)
	for _, name := range commands {
		for _, args := range [][]string{{name, "--help"}, {name, "-h"}, {"help", name}} {
			code, stdout, stderr := run(t, args...)
			if code != 0 || stderr != "" {
				t.Errorf("%v: exit %d, stderr %q", args, code, stderr)
				continue
			}
			for _, want := range []string{"Usage:\n  skillgen " + name, "Examples:\n  ", "Flags:\n", "Exit status: 0 success; 1 problems found"} {
				if !strings.Contains(stdout, want) {
					t.Errorf("%v: help lacks %q:\n%s", args, want, stdout)
				}
			}
			if first, _, _ := strings.Cut(stdout, "\n"); len(first) < 20 || strings.HasPrefix(first, "Usage") {
				t.Errorf("%v: help does not start with a description: %q", args, first)
			}
		}
		if code, viaC, _ := run(t, "-C", ".", name, "--help"); code != 0 || viaC != stdoutOf(t, name, "--help") {
			t.Errorf("-C . %s --help differs from %s --help", name, name)
		}
		_, viaFlag, _ := run(t, name, "--help")
		_, viaHelp, _ := run(t, "help", name)
		if viaFlag != viaHelp {
			t.Errorf("help %s differs from %s --help", name, name)
		}
	}
	// The wrapped commands show their own flags.
	_, out, _ := run(t, "dialog", "--help")
	for _, want := range []string{"--profile string", "--locale string", "-f, --file spec", "spec file (default: skill.yaml here or in the nearest parent)"} {
		if !strings.Contains(out, want) {
			t.Errorf("dialog --help lacks %q:\n%s", want, out)
		}
	}
	// Their one-letter flags have long names, as the other commands' do;
	// a default the usage states is not contradicted by another.
	for cmd, want := range map[string][]string{
		"build":     {"-f, --file spec", "-o, --output string"},
		"provision": {"-f, --file spec", "(default: the spec's skill.skillId)\n"},
		"invoke":    {"(default: $SKILL_TIME_BUDGET, else 3s)\n"},
	} {
		_, out, _ := run(t, cmd, "--help")
		for _, w := range want {
			if !strings.Contains(out, w) {
				t.Errorf("%s --help lacks %q:\n%s", cmd, w, out)
			}
		}
		if strings.Contains(out, "--f ") || strings.Contains(out, "(default 0s)") || strings.Contains(out, `(default "skill.skillId")`) {
			t.Errorf("%s --help shows a flag as it is not:\n%s", cmd, out)
		}
	}
	code, stdout, stderr := run(t, "--help")
	if code != 0 || !strings.Contains(stdout, "Test and run the skill:") || !strings.Contains(stdout, "completion") || stderr != "" {
		t.Errorf("--help: %d\n%s%s", code, stdout, stderr)
	}
}

func stdoutOf(t *testing.T, args ...string) string {
	t.Helper()
	_, out, _ := run(t, args...)
	return out
}

func TestExitCodes(t *testing.T) {
	dir := project(t)
	for _, c := range []struct {
		args   []string
		code   int
		stderr string
	}{
		{nil, 2, "Usage:\n  skillgen [command]"},
		{[]string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{[]string{"help", "frobnicate"}, 2, "skillgen help: unknown command \"frobnicate\" for \"skillgen\"\nRun 'skillgen help' for the commands.\n"},
		{[]string{"generate", "--frob"}, 2, "skillgen generate: unknown flag: --frob\nRun 'skillgen generate --help' for usage."},
		{[]string{"validate", "stray"}, 2, `unexpected argument "stray" (specs are given with -f)`},
		{[]string{"schema", "x"}, 2, `skillgen schema: unexpected argument "x"`},
		{[]string{"validate", "-f", "nothing-*.yaml"}, 2, `no spec matches "nothing-*.yaml"`},
		{[]string{"test", "--run", "("}, 2, "--run: error parsing regexp"},
		{[]string{"invoke", "a.json", "b.json"}, 2, "give one request file"},
		// The commands that parse their own flags report a bad one as the
		// others do: one line and where the help is, no flag dump.
		{[]string{"dialog", "--frob"}, 2, "skillgen dialog: unknown flag: --frob\nRun 'skillgen dialog --help' for usage.\n"},
		{[]string{"build", "-o"}, 2, "skillgen build: flag needs an argument: -o\nRun 'skillgen build --help' for usage.\n"},
		{[]string{"serve", "--addr"}, 2, "skillgen serve: flag needs an argument: --addr\nRun 'skillgen serve --help' for usage.\n"},
		{[]string{"provision", "--frob"}, 2, "skillgen provision: unknown flag: --frob\nRun 'skillgen provision --help' for usage.\n"},
		{[]string{"provision", "extra"}, 2, "skillgen provision: unexpected argument \"extra\"\nRun 'skillgen provision --help' for usage.\n"},
		{[]string{"init", "--frob"}, 2, "skillgen init: unknown flag: --frob\nRun 'skillgen init --help' for usage.\n"},
		{[]string{"completion", "tcsh"}, 2, `no completion for "tcsh"; choose bash, zsh, fish or powershell`},
		{[]string{"validate", "-f", "missing.yaml"}, 1, "missing.yaml: spec file missing.yaml does not exist"},
		{[]string{"validate"}, 0, ""},
		{[]string{"schema"}, 0, ""},
	} {
		code, _, stderr := run(t, c.args...)
		if code != c.code || !strings.Contains(stderr, c.stderr) {
			t.Errorf("%v: exit %d (want %d), stderr:\n%s", c.args, code, c.code, stderr)
		}
		if len(c.args) > 0 && (strings.Contains(stderr, "Flags:") || strings.Contains(stderr, "\n  -")) {
			t.Errorf("%v: a flag dump on a usage error:\n%s", c.args, stderr)
		}
	}
	edit(t, filepath.Join(dir, "skill.yaml"), "invocation:\n    en: link demo", "invocation:\n    en: open link demo 2")
	if code, _, _ := run(t, "validate"); code != 1 {
		t.Errorf("invalid spec: exit %d, want 1", code)
	}
}

func TestCompletion(t *testing.T) {
	project(t)
	for shell, marker := range map[string]string{"bash": "__start_skillgen", "zsh": "#compdef skillgen", "fish": "complete -c skillgen"} {
		code, out, stderr := run(t, "completion", shell)
		if code != 0 || !strings.Contains(out, marker) {
			t.Errorf("completion %s: exit %d, %d bytes, no %q; %s", shell, code, len(out), marker, stderr)
		}
	}
	// What the scripts ask the binary for.
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"__complete", "te"}, "test\trun conversation tests"},
		{[]string{"__complete", "test", "--ju"}, "--junit\t"},
		{[]string{"__complete", "dialog", "--pro"}, "--profile\t"},
		{[]string{"__complete", "validate", "--"}, "--json\t"},
	} {
		code, out, _ := run(t, c.args...)
		if code != 0 || !strings.Contains(out, c.want) {
			t.Errorf("%v: exit %d\n%s", c.args, code, out)
		}
	}
}

func TestSpecDiscovery(t *testing.T) {
	dir := project(t)
	sub := filepath.Join(dir, "a", "b")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Chdir(sub)
	if code, out, stderr := run(t, "validate"); code != 0 || !strings.HasPrefix(out, "ok ../../skill.yaml: package linkedprofile") {
		t.Errorf("validate from a subdirectory: %d %q %s", code, out, stderr)
	}
	// generate and check work in the spec's directory, as gqlgen does.
	if code, _, stderr := run(t, "generate", "-q", "--no-tests"); code != 0 {
		t.Fatalf("generate from a subdirectory: %s", stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "models", "en-US.json")); err != nil {
		t.Errorf("generate did not write beside the spec: %v", err)
	}
	if _, err := os.Stat(filepath.Join(sub, "models")); err == nil {
		t.Error("generate wrote into the subdirectory")
	}
	t.Chdir(sub)
	if code, out, stderr := run(t, "check"); code != 0 || !strings.Contains(out, "up to date") {
		t.Errorf("check from a subdirectory: %d %s %s", code, out, stderr)
	}
	t.Chdir(sub)
	if code, out, stderr := run(t, "dialog", "open link demo"); code != 0 || !strings.Contains(out, "LinkAccount") {
		t.Errorf("dialog from a subdirectory: %d %s %s", code, out, stderr)
	}
	// build and provision find it too, and work in its directory (each
	// stops at a refusal before any build or network call).
	t.Chdir(sub)
	if code, _, stderr := run(t, "provision", "--dry-run", "--pre-token-function", "x"); code != 1 || !strings.Contains(stderr, `--pre-token-function "x" is not a Lambda function ARN`) {
		t.Errorf("provision from a subdirectory: %d %s", code, stderr)
	}
	t.Chdir(sub)
	if code, _, stderr := run(t, "build", "--arch", "amd64"); code != 2 || !strings.Contains(stderr, "--arch amd64 disagrees with ../../skill.yaml") && !strings.Contains(stderr, "--arch amd64 disagrees with skill.yaml") {
		t.Errorf("build from a subdirectory: %d %s", code, stderr)
	}
	// The global -C works for the commands that parse their own flags too,
	// before or after the command's name.
	for _, args := range [][]string{{"-C", "../..", "dialog", "-f", "skill.yaml", "open link demo"}, {"dialog", "--chdir=../..", "--file=skill.yaml", "open link demo"}, {"-C../..", "dialog", "-f", "skill.yaml", "open link demo"}} {
		t.Chdir(sub)
		if code, out, stderr := run(t, args...); code != 0 || !strings.Contains(out, "LinkAccount") {
			t.Errorf("%v: %d %s %s", args, code, out, stderr)
		}
	}
	t.Chdir(sub)
	if code, _, stderr := run(t, "-C", "../..", "provision", "-f", "skill.yaml", "--pre-token-function", "x"); code != 1 || !strings.Contains(stderr, "is not a Lambda function ARN") {
		t.Errorf("-C provision: %d %s", code, stderr)
	}
	t.Chdir(sub)
	if code, _, stderr := run(t, "-C", dir, "dialog", "-f", "nothing.yaml", "hi"); code != 1 || !strings.Contains(stderr, "nothing.yaml") {
		t.Errorf("-C with dialog -f: %d %s", code, stderr)
	}
	// A spec given with -f from below its directory would put its outputs
	// outside the working directory: refused with the way out.
	t.Chdir(sub)
	for _, cmd := range []string{"generate", "check", "build"} {
		code, _, stderr := run(t, cmd, "-f", "../../skill.yaml")
		if code != 1 || !strings.Contains(stderr, "../../skill.yaml: output: outputs such as ../../") || !strings.Contains(stderr, "would be written outside the working directory; run skillgen in the spec's directory: skillgen -C ../.. …") {
			t.Errorf("%s -f ../../skill.yaml: %d %s", cmd, code, stderr)
		}
	}
	// -f is taken as given; -C changes directory first.
	t.Chdir(sub)
	if code, _, stderr := run(t, "validate", "-f", "skill.yaml"); code != 1 || !strings.Contains(stderr, "spec file skill.yaml does not exist") {
		t.Errorf("-f skill.yaml in a subdirectory: %d %s", code, stderr)
	}
	t.Chdir(sub)
	if code, out, _ := run(t, "-C", dir, "validate", "-f", "*.yaml"); code != 0 || !strings.HasPrefix(out, "ok skill.yaml") {
		t.Errorf("-C with a glob: %d %s", code, out)
	}
	// Nowhere to be found.
	empty := t.TempDir()
	t.Chdir(empty)
	if code, _, stderr := run(t, "validate"); code != 1 || !strings.Contains(stderr, "no skill.yaml in "+empty+" or any parent directory; give one with -f") {
		t.Errorf("no spec: %d %s", code, stderr)
	}
}

func TestValidateJSONGolden(t *testing.T) {
	t.Chdir("../..")
	code, out, stderr := run(t, "validate", "--json", "-f", "testdata/invalid-many-errors/skill.yaml", "-f", "testdata/invalid-yaml-syntax/skill.yaml")
	if code != 1 || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	var problems []cli.Problem
	if err := json.Unmarshal([]byte(out), &problems); err != nil || len(problems) < 4 {
		t.Fatalf("not a JSON array of problems (%v):\n%s", err, out)
	}
	for _, p := range problems {
		if p.File == "" || p.Line == 0 || p.Col == 0 || p.Message == "" {
			t.Errorf("incomplete problem %+v", p)
		}
	}
	golden := "internal/cli/testdata/validate.json.golden"
	if *update {
		if err := os.WriteFile(golden, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if out != string(want) {
		t.Errorf("validate --json differs from %s (go test ./internal/cli -update rewrites it):\n%s", golden, out)
	}
	if code, out, _ := run(t, "validate", "--json"); code != 0 || out != "[]\n" {
		t.Errorf("a valid spec: %d %q", code, out)
	}
}

// testProject copies the bundled skill, its tests and profiles into a
// temp dir.
func testProject(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, p := range []string{"skill.yaml", "testdata/alice.yaml", "testdata/bob.yaml", "tests/linked.test.yml", "tests/unlinked.test.yml", "tests/no-phone.test.yml"} {
		b, err := os.ReadFile(filepath.Join("../..", p))
		if err != nil {
			t.Fatal(err)
		}
		write(t, filepath.Join(dir, p), string(b))
	}
	t.Chdir(dir)
	return dir
}

func TestBundledConversationTests(t *testing.T) {
	t.Chdir("../..")
	code, out, stderr := run(t, "test")
	if code != 0 || !strings.Contains(out, "ok   20 conversations: 20 passed, 0 failed, 0 skipped") {
		t.Fatalf("skillgen test on the bundled skill: exit %d\n%s%s", code, out, stderr)
	}
}

func TestWrongExpectation(t *testing.T) {
	dir := testProject(t)
	linked := filepath.Join(dir, "tests", "linked.test.yml")
	orig, _ := os.ReadFile(linked)
	edit(t, linked, "- what is my name: Your full name is Alice Liddell.", "- what is my name: Your full name is Alice Smith.")
	junit := filepath.Join(dir, "report.xml")
	code, out, _ := run(t, "test", "--junit", junit)
	if code != 1 {
		t.Fatalf("a wrong expectation: exit %d\n%s", code, out)
	}
	for _, want := range []string{
		"--- FAIL: tests/linked.test.yml:10: the tutorial's five utterances [en-US, testdata/alice.yaml]",
		"--- FAIL: tests/linked.test.yml:10: the tutorial's five utterances [en-GB, testdata/alice.yaml]",
		"    conversation so far:\n      tests/linked.test.yml:11  > open link demo  (LaunchRequest)\n",
		`tests/linked.test.yml:12: "what is my name": prompt`,
		"      expected: Your full name is Alice Smith. What's your request?\n      actual:   Your full name is Alice Liddell. What's your request?\n      diff:     Your full name is Alice [-Smith.-] {+Liddell.+} What's your request?\n",
		"FAIL 16 conversations: 14 passed, 2 failed, 0 skipped",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	// The JUnit report parses as JUnit XML.
	data, err := os.ReadFile(junit)
	if err != nil {
		t.Fatal(err)
	}
	var suites struct {
		XMLName  xml.Name `xml:"testsuites"`
		Tests    int      `xml:"tests,attr"`
		Failures int      `xml:"failures,attr"`
		Suites   []struct {
			Name  string `xml:"name,attr"`
			Tests int    `xml:"tests,attr"`
			Cases []struct {
				Name    string `xml:"name,attr"`
				Failure *struct {
					Message string `xml:"message,attr"`
					Text    string `xml:",chardata"`
				} `xml:"failure"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(data, &suites); err != nil {
		t.Fatalf("--junit output is not XML: %v", err)
	}
	failures := 0
	for _, s := range suites.Suites {
		for _, c := range s.Cases {
			if c.Failure != nil {
				failures++
				if !strings.Contains(c.Failure.Text, "diff:") || !strings.HasPrefix(c.Failure.Message, "tests/linked.test.yml:12: prompt") {
					t.Errorf("failure %q: %s", c.Failure.Message, c.Failure.Text)
				}
			}
		}
	}
	if suites.Tests != 16 || suites.Failures != 2 || failures != 2 || len(suites.Suites) != 6 {
		t.Errorf("JUnit: %d tests, %d failures (%d cases), %d suites", suites.Tests, suites.Failures, failures, len(suites.Suites))
	}
	// --json for machines.
	code, out, _ = run(t, "test", "--json", "tests/linked.test.yml")
	var doc struct {
		OK     bool `json:"ok"`
		Failed int  `json:"failed"`
	}
	if code != 1 || json.Unmarshal([]byte(out), &doc) != nil || doc.OK || doc.Failed != 2 {
		t.Errorf("--json: exit %d\n%s", code, out)
	}
	// --update writes today's answer back: the file is as it was.
	if code, _, stderr := run(t, "test", "--update"); code != 0 || !strings.Contains(stderr, "updated tests/linked.test.yml: 1 answer(s)") {
		t.Fatalf("--update: exit %d\n%s", code, stderr)
	}
	if now, _ := os.ReadFile(linked); !bytes.Equal(now, orig) {
		t.Errorf("--update did not restore the file:\n%s", now)
	}
}

func TestGenerateWritesStarterTestsOnce(t *testing.T) {
	dir := project(t)
	code, out, stderr := run(t, "generate")
	if code != 0 || !strings.Contains(out, "wrote   tests/linkedprofile.test.yml (starter conversation tests") {
		t.Fatalf("generate: %d\n%s%s", code, out, stderr)
	}
	if code, out, _ := run(t, "test"); code != 0 || !strings.Contains(out, "passed, 0 failed") {
		t.Fatalf("the starter tests fail:\n%s", out)
	}
	starter := filepath.Join(dir, "tests", "linkedprofile.test.yml")
	write(t, starter, "# mine\n---\n- hello\n")
	if code, _, _ := run(t, "generate"); code != 0 {
		t.Fatal("second generate failed")
	}
	if b, _ := os.ReadFile(starter); string(b) != "# mine\n---\n- hello\n" {
		t.Error("generate overwrote a test file")
	}
	if code, out, _ := run(t, "check"); code != 0 {
		t.Errorf("check counts the test file as an output:\n%s", out)
	}
}

const launchRequest = `{
  "version": "1.0",
  "session": {"new": true, "sessionId": "amzn1.echo-api.session.1", "application": {"applicationId": "amzn1.ask.skill.captured"}, "user": {"userId": "amzn1.ask.account.X"}},
  "context": {"System": {"application": {"applicationId": "amzn1.ask.skill.captured"}, "user": {"userId": "amzn1.ask.account.X"}, "apiEndpoint": "https://api.amazonalexa.com"}},
  "request": {"type": "IntentRequest", "requestId": "amzn1.echo-api.request.1", "timestamp": "2026-11-26T00:00:00Z", "locale": "en-GB",
    "intent": {"name": "RequestInfoIntent", "confirmationStatus": "NONE", "slots": {"infoTypeRequested": {"name": "infoTypeRequested", "value": "number",
      "resolutions": {"resolutionsPerAuthority": [{"authority": "amzn1.er-authority.echo-sdk.amzn1.ask.skill.captured.infoType", "status": {"code": "ER_SUCCESS_MATCH"}, "values": [{"value": {"name": "phone number", "id": "phoneNumber"}}]}]}}}}}
}`

func TestInvoke(t *testing.T) {
	dir := testProject(t)
	write(t, filepath.Join(dir, "req.json"), launchRequest)
	code, out, stderr := run(t, "invoke", "-e", "req.json", "--profile", "testdata/alice.yaml")
	if code != 0 {
		t.Fatalf("invoke: %d %s", code, stderr)
	}
	var resp struct {
		Version  string
		Response struct {
			OutputSpeech struct{ SSML string }
		}
	}
	if err := json.Unmarshal([]byte(out), &resp); err != nil || resp.Response.OutputSpeech.SSML != `<speak>Your phone number is <say-as interpret-as="telephone">+15555550100</say-as>. What's your request?</speak>` {
		t.Errorf("response (%v):\n%s", err, out)
	}
	// From standard input, for the missing phone number.
	var o, e bytes.Buffer
	code = cli.Run([]string{"invoke", "-", "--profile", "testdata/bob.yaml"}, strings.NewReader(launchRequest), &o, &e)
	if code != 0 || !strings.Contains(o.String(), "Sorry, your profile has no phone number yet.") {
		t.Errorf("invoke -: %d\n%s%s", code, o.String(), e.String())
	}
	// The skill ID is checked when one is set.
	if code, _, stderr := run(t, "invoke", "req.json", "--profile", "testdata/alice.yaml", "--skill-id", "amzn1.ask.skill.mine"); code != 1 || !strings.Contains(stderr, "request is for another skill") {
		t.Errorf("wrong skill: %d %s", code, stderr)
	}
	write(t, filepath.Join(dir, "bad.json"), `{"version": `)
	if code, _, stderr := run(t, "invoke", "-e", "bad.json"); code != 1 || !strings.Contains(stderr, "bad Alexa request") {
		t.Errorf("bad request: %d %s", code, stderr)
	}
	if code, _, _ := run(t, "invoke", "-e", "req.json", "other.json"); code != 2 {
		t.Errorf("two requests: exit %d", code)
	}
}

// Completion shows each flag's usage as its description: the backquotes
// that name a value in help ("to `file`") are left out there, for every
// command, the pass-through ones included.
func TestCompletionDescriptionsPlain(t *testing.T) {
	for _, c := range []string{"test", "dialog", "invoke", "build"} {
		code, out, errs := run(t, "__complete", c, "-")
		if code != 0 || !strings.Contains(out, "--chdir\trun in dir, like go -C") {
			t.Errorf("%s: exit %d\n%s%s", c, code, out, errs)
		}
		if strings.Contains(out, "`") {
			t.Errorf("%s: a description holds a backquote:\n%s", c, out)
		}
	}
	if code, out, _ := run(t, "test", "--help"); code != 0 || !strings.Contains(out, "--junit file") {
		t.Errorf("test --help lost the value name:\n%s", out)
	}
}
