package dialog

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/skillgen/skillgen/internal/testpeers"
)

var update = flag.Bool("update", false, "rewrite golden files")

// The tutorial's test utterances, then the sample's slot synonyms, the
// built-ins and something the skill does not know.
var utterances = []string{
	"open link demo", "what is my name", "what is my number", "what's my address", "what is my email",
	"who am i", "where I live", "mobile number", "tell me my all my info", "what is my shoe size",
	"hello", "help", "order a pizza", "stop",
	"ask link demo what is my phone number",
}

func run(t *testing.T, stdin string, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Command(context.Background(), args, strings.NewReader(stdin), &out, &errb)
	return out.String(), errb.String(), code
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update || os.Getenv("UPDATE_GOLDEN") == "1" {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s (run with -update to accept):\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

func TestDialogGolden(t *testing.T) {
	for _, loc := range []string{"en-US", "en-GB"} {
		t.Run(loc, func(t *testing.T) {
			args := append([]string{"-f", "../../skill.yaml", "--locale", loc, "--profile", "../../testdata/alice.yaml"}, utterances...)
			out, errs, code := run(t, "", args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			golden(t, "dialog-alice-"+loc+".golden", out)
		})
	}
}

func TestDialogSpeechCarriesProfile(t *testing.T) {
	for _, loc := range []string{"en-US", "en-GB"} {
		args := []string{"-f", "../../skill.yaml", "--locale", loc, "--profile", "../../testdata/alice.yaml"}
		want := map[string]string{
			"open link demo":    "speech:   Hello Alice. It's great that we're on a first name basis. What's your request?",
			"what is my name":   "speech:   Your full name is Alice Liddell. What's your request?",
			"what is my number": `ssml:     <speak>Your phone number is <say-as interpret-as="telephone">+15555550100</say-as>. What's your request?</speak>`,
			"what's my address": "speech:   Your street address is 12 Rabbit Hole Lane, Oxford. What's your request?",
			"what is my email":  `ssml:     <speak>Your email address is <say-as interpret-as="spell-out">alice@example.com</say-as>. What's your request?</speak>`,
			"who am i":          "speech:   Your full name is Alice Liddell.",
			"where I live":      "speech:   Your street address is 12 Rabbit Hole Lane, Oxford.",
			"mobile number":     "speech:   Your phone number is +15555550100.",
			"stop":              "speech:   Good bye Alice. It was nice talking to you.\nssml:     <speak>Good bye Alice. It was nice talking to you.</speak>\nsession:  ended",
		}
		for u, w := range want {
			out, errs, code := run(t, "", append(args, u)...)
			if code != 0 {
				t.Fatalf("%s %q: exit %d: %s", loc, u, code, errs)
			}
			if !strings.Contains(out, w) {
				t.Errorf("%s %q: output lacks %q:\n%s", loc, u, w, out)
			}
		}
	}
}

func TestDialogUnlinkedAndMissing(t *testing.T) {
	out, errs, code := run(t, "", "-f", "../../skill.yaml", "what is my name")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(out, "card:     LinkAccount") || !strings.Contains(out, "session:  ended") || strings.Contains(out, "reprompt:") {
		t.Fatalf("unlinked answer:\n%s", out)
	}
	out, errs, code = run(t, "", "-f", "../../skill.yaml", "--profile", "../../testdata/bob.yaml", "what is my name", "what is my number", "what's my address")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	golden(t, "dialog-bob-en-US.golden", out)
	if !strings.Contains(out, "Bob &amp; &lt;Rob&gt; O&apos;Brien") {
		t.Fatalf("profile values not escaped in SSML:\n%s", out)
	}
}

func TestDialogInteractiveKeepsSession(t *testing.T) {
	in := "open link demo\n\nwhat is my number\nwho am i\nstop\nwhat is my email\n:q\nnever read\n"
	out, errs, code := run(t, in, "-f", "../../skill.yaml", "--locale", "en-GB", "--profile", "../../testdata/alice.yaml", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	// The session opened by the launch carries the next two turns.
	if n := strings.Count(out, `"new": true`); n != 2 {
		t.Errorf("new sessions = %d, want 2 (the launch, and the question after stop):\n%s", n, out)
	}
	// number, who am i, stop; then the SessionEndedRequest on leaving.
	if n := strings.Count(out, `"new": false`); n != 4 {
		t.Errorf("continued requests = %d, want 4", n)
	}
	if strings.Contains(out, "never read") {
		t.Error("input after :q was read")
	}
	// The email question left a session open: leaving ends it.
	if !strings.Contains(out, `"type": "SessionEndedRequest"`) || !strings.Contains(out, `"reason": "USER_INITIATED"`) ||
		!strings.HasSuffix(out, "request:  SessionEndedRequest\nspeech:   (none)\nsession:  ended\n") {
		t.Errorf("no SessionEndedRequest at the end:\n%s", out)
	}
	if !strings.Contains(out, `"locale": "en-GB"`) {
		t.Error("requests do not carry the locale")
	}
	// Input that is not a terminal is echoed after the prompt, so the
	// transcript shows what was said, as with utterance arguments.
	for _, want := range []string{"> open link demo\n", "> what is my number\n", "> :q\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("transcript lacks %q:\n%s", want, out)
		}
	}
	if errs != "" {
		t.Errorf("stderr: %s", errs)
	}
}

func TestDialogErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(bad, []byte("- a\n- b\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	dup := filepath.Join(dir, "dup.yaml")
	if err := os.WriteFile(dup, []byte("email: a\nemail: b\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"-f", "../../skill.yaml", "--locale", "de-DE", "hi"}, 2, `no locale "de-DE"`},
		{[]string{"-f", "../../skill.yaml", "--profile", "../../testdata/alice.yaml", "--access-token", "x", "hi"}, 2, "not both"},
		{[]string{"-f", "../../skill.yaml", "--cognito-endpoint", "http://127.0.0.1:1", "hi"}, 2, "needs --access-token"},
		{[]string{"-f", "../../skill.yaml", "--profile", bad, "hi"}, 1, "mapping"},
		{[]string{"-f", "../../skill.yaml", "--profile", dup, "hi"}, 1, "given twice"},
		{[]string{"-f", "../../skill.yaml", "--profile", filepath.Join(dir, "none.yaml"), "hi"}, 1, "no such file"},
		{[]string{"-f", filepath.Join(dir, "none.yaml"), "hi"}, 1, "none.yaml"},
		{[]string{"--bogus"}, 2, "bogus"},
	}
	for _, c := range cases {
		out, errs, code := run(t, "", c.args...)
		if code != c.code || !strings.Contains(errs, c.msg) {
			t.Errorf("%q: exit %d, stderr %q, stdout %q; want exit %d mentioning %q", c.args, code, errs, out, c.code, c.msg)
		}
	}
}

func TestDialogCognitoProfile(t *testing.T) {
	if testing.Short() {
		t.Skip("starts cognito-local")
	}
	cog := testpeers.StartCognito(t)
	pool, client := cog.CreatePool(t, "dialog")
	token := cog.CreateUser(t, pool, client, "carol", "Passw0rd!Passw0rd", map[string]string{
		"given_name": "Carol", "family_name": "Danvers", "email": "carol@example.com",
		"phone_number": "+15555550199", "address": "1 Sky Road",
	})
	for _, loc := range []string{"en-US", "en-GB"} {
		out, errs, code := run(t, "", "-f", "../../skill.yaml", "--locale", loc, "--cognito-endpoint", cog.Endpoint,
			"--user-pool-id", pool, "--client-id", client, "--access-token", token, "open link demo", "what is my number")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errs)
		}
		for _, w := range []string{"speech:   Hello Carol.", `<say-as interpret-as="telephone">+15555550199</say-as>`} {
			if !strings.Contains(out, w) {
				t.Errorf("%s: output lacks %q:\n%s", loc, w, out)
			}
		}
		if strings.Contains(out+errs, token) {
			t.Fatal("the access token was printed")
		}
	}
	// Tokens go through the Lambda function's chain: one the pool did not
	// issue to this client is refused locally (cognito-local itself would
	// accept it), with the link-account card.
	iss := cog.TokenIssuer(t, pool, client)
	for _, bad := range []string{"not-a-jwt", iss.Token(t, "carol", func(c map[string]any) { c["client_id"] = "other" })} {
		out, errs, code := run(t, "", "-f", "../../skill.yaml", "--cognito-endpoint", cog.Endpoint,
			"--user-pool-id", pool, "--client-id", client, "--access-token", bad, "what is my name")
		if code != 0 || !strings.Contains(out, "LinkAccount") {
			t.Fatalf("bad token: exit %d\n%s\n%s", code, out, errs)
		}
	}
	// Without the pool and client the token cannot be checked: refused.
	_, errs, code := run(t, "", "-f", "../../skill.yaml", "--cognito-endpoint", cog.Endpoint, "--access-token", token, "hi")
	if code != 2 || !strings.Contains(errs, "--user-pool-id") {
		t.Fatalf("no pool: exit %d, %s", code, errs)
	}
}
