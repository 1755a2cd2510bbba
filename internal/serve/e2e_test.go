package serve_test

import (
	"context"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/skillgen/skillgen/internal/serve"
	"github.com/skillgen/skillgen/internal/testpeers"
	"github.com/skillgen/skillgen/runtime/logging/logtest"
)

type vaResult struct {
	Utterance        string  `json:"utterance"`
	SSML             *string `json:"ssml"`
	Reprompt         *string `json:"reprompt"`
	Card             *string `json:"card"`
	ShouldEndSession *bool   `json:"shouldEndSession"`
	Error            string  `json:"error"`
}

// runVirtualAlexa sends utterances to url with virtual-alexa loaded with
// the generated model of locale.
func runVirtualAlexa(t *testing.T, root, url, locale, token string, utterances []string) []vaResult {
	t.Helper()
	in, err := json.Marshal(map[string]any{
		"url": url, "model": filepath.Join(root, "models", locale+".json"), "locale": locale,
		"applicationId": skillID, "token": token, "utterances": utterances,
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	script, err := filepath.Abs(filepath.Join("testdata", "virtualalexa.js"))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.CommandContext(ctx, testpeers.Node(t), script)
	cmd.Env = append(os.Environ(), "NODE_PATH="+testpeers.NodeModules(t))
	cmd.Stdin = strings.NewReader(string(in))
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("virtual-alexa: %v\n%s", err, stderr.String())
	}
	var res []vaResult
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatalf("virtual-alexa output %q: %v", out, err)
	}
	if len(res) != len(utterances) {
		t.Fatalf("virtual-alexa answered %d of %d utterances", len(res), len(utterances))
	}
	return res
}

func TestVirtualAlexaEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("starts cognito-local and node")
	}
	root := testpeers.RepoRoot(t)
	cog := testpeers.StartCognito(t)
	pool, client := cog.CreatePool(t, "e2e")
	token := cog.CreateUser(t, pool, client, "alice", "Passw0rd!Passw0rd", map[string]string{
		"given_name": "Alice", "family_name": "Liddell", "email": "alice@example.com",
		"phone_number": "+15555550100", "address": "12 Rabbit Hole Lane & Sons, Oxford",
	})

	logs := new(logtest.Sink)
	ctx, cancel := context.WithCancel(context.Background())
	exited := make(chan int, 1)
	go func() {
		exited <- serve.Command(ctx, []string{"-f", filepath.Join(root, "skill.yaml"), "--addr", "127.0.0.1:0",
			"--skill-id", skillID, "--insecure-skip-signature", "--cognito-endpoint", cog.Endpoint,
			"--user-pool-id", pool, "--client-id", client}, nil, io.Discard, logs)
	}()
	defer func() {
		cancel()
		select {
		case code := <-exited:
			if code != 0 {
				t.Errorf("serve exit %d:\n%s", code, logs)
			}
		case <-time.After(15 * time.Second):
			t.Error("serve did not stop")
		}
	}()
	url := "http://" + waitReady(t, logs.String, exited) + "/"

	// virtual-alexa turns phrases with "tell", "ask", "open", "launch"
	// into a LaunchRequest, so intents are asked without them.
	utterances := []string{
		"open link demo", "what is my name", "what is my number", "what's my address", "what is my email",
		"who am i", "where I live", "mobile number", "what is my phone number", "all my info",
	}
	want := []string{
		"Hello Alice. It's great that we're on a first name basis.",
		"Your full name is Alice Liddell.",
		`Your phone number is <say-as interpret-as="telephone">+15555550100</say-as>.`,
		"Your street address is 12 Rabbit Hole Lane &amp; Sons, Oxford.",
		`Your email address is <say-as interpret-as="spell-out">alice@example.com</say-as>.`,
		"Your full name is Alice Liddell.",
		"Your street address is 12 Rabbit Hole Lane &amp; Sons, Oxford.",
		`Your phone number is <say-as interpret-as="telephone">+15555550100</say-as>.`,
		`Your phone number is <say-as interpret-as="telephone">+15555550100</say-as>.`,
		"Your full name is Alice Liddell. Your phone number is",
	}
	for _, loc := range []string{"en-US", "en-GB"} {
		t.Run(loc, func(t *testing.T) {
			res := runVirtualAlexa(t, root, url, loc, token, utterances)
			for i, r := range res {
				if r.Error != "" || r.SSML == nil {
					t.Errorf("%q: error %q", r.Utterance, r.Error)
					continue
				}
				if !strings.Contains(*r.SSML, want[i]) {
					t.Errorf("%q: speech %s lacks %q", r.Utterance, *r.SSML, want[i])
				}
				if r.Card != nil || r.ShouldEndSession == nil || *r.ShouldEndSession {
					t.Errorf("%q: card %v, shouldEndSession %v; want no card and the session open", r.Utterance, r.Card, r.ShouldEndSession)
				}
			}

			// Without a token: the LinkAccount card, no reprompt, session ended.
			res = runVirtualAlexa(t, root, url, loc, "", []string{"open link demo", "what is my name"})
			for _, r := range res {
				if r.Error != "" || r.Card == nil || *r.Card != "LinkAccount" || r.Reprompt != nil ||
					r.ShouldEndSession == nil || !*r.ShouldEndSession || r.SSML == nil || !strings.Contains(*r.SSML, "link your account") {
					t.Errorf("unlinked %q: %+v", r.Utterance, r)
				}
			}
		})
	}
	if strings.Contains(logs.String(), token) {
		t.Fatal("the server log contains the access token")
	}
}
