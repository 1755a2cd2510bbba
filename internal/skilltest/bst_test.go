package skilltest_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/skillgen/skillgen/internal/dialog"
	"github.com/skillgen/skillgen/internal/serve"
	"github.com/skillgen/skillgen/internal/testpeers"
	"github.com/skillgen/skillgen/runtime/logging/logtest"
)

const bstSkillID = "amzn1.ask.skill.bst-test"

var readyRE = regexp.MustCompile(`msg="skill ready".* addr=(\S+)`)

// TestBespokenRunsTheBundledTests runs the bundled conversation files with
// Bespoken's own runner, bst test (bespoken-tools, pinned in
// testdata/peers), against skillgen serve --insecure-skip-signature, with
// the profiles in a real cognito-local: the files skillgen test runs
// offline hold for Bespoken too.
func TestBespokenRunsTheBundledTests(t *testing.T) {
	if testing.Short() {
		t.Skip("starts cognito-local, skillgen serve and bst")
	}
	root := testpeers.RepoRoot(t)
	node, modules := testpeers.Node(t), testpeers.NodeModules(t)
	bst := filepath.Join(modules, "bespoken-tools", "bin", "bst.js")
	if _, err := os.Stat(bst); err != nil {
		t.Fatalf("bespoken-tools is not installed (scripts/peers.sh install): %v", err)
	}

	cog := testpeers.StartCognito(t)
	pool, client := cog.CreatePool(t, "bst")
	tokens := map[string]string{"unlinked.test.yml": ""}
	for file, user := range map[string]string{"linked.test.yml": "alice", "no-phone.test.yml": "bob"} {
		attrs, err := dialog.LoadProfile(filepath.Join(root, "testdata", user+".yaml"))
		if err != nil {
			t.Fatal(err)
		}
		tokens[file] = cog.CreateUser(t, pool, client, user, "Passw0rd!Passw0rd", attrs)
	}

	logs := new(logtest.Sink)
	ctx, cancel := context.WithCancel(context.Background())
	exited := make(chan int, 1)
	go func() {
		exited <- serve.Command(ctx, []string{"-f", filepath.Join(root, "skill.yaml"), "--addr", "127.0.0.1:0",
			"--skill-id", bstSkillID, "--insecure-skip-signature", "--cognito-endpoint", cog.Endpoint,
			"--user-pool-id", pool, "--client-id", client}, nil, io.Discard, logs)
	}()
	defer func() {
		cancel()
		select {
		case <-exited:
		case <-time.After(15 * time.Second):
			t.Error("serve did not stop")
		}
	}()
	addr := ""
	for deadline := time.Now().Add(15 * time.Second); addr == "" && time.Now().Before(deadline); {
		if m := readyRE.FindStringSubmatch(logs.String()); m != nil {
			addr = m[1]
			break
		}
		select {
		case code := <-exited:
			t.Fatalf("serve exited with %d:\n%s", code, logs)
		case <-time.After(20 * time.Millisecond):
		}
	}
	if addr == "" {
		t.Fatalf("serve not ready:\n%s", logs)
	}

	// bst posts every result (transcripts included) to Bespoken's
	// reporting API after a run; a loopback sink takes them instead.
	var posted sync.Map
	sink := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		posted.Store(r.URL.Path, true)
		_, _ = io.Copy(io.Discard, io.LimitReader(r.Body, 8<<20))
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, "{}")
	}))
	defer sink.Close()
	cfg, _ := json.Marshal(map[string]any{"applicationId": bstSkillID, "skillURL": "http://" + addr + "/",
		"jest": map[string]any{"collectCoverage": false}})
	t.Run("bst", func(t *testing.T) {
		for file, token := range tokens {
			t.Run(file, func(t *testing.T) {
				t.Parallel()
				runBst(t, root, node, bst, modules, cfg, sink.URL, file, token, logs)
			})
		}
	})
	if _, ok := posted.Load("/reporting/testResults"); !ok {
		t.Error("bst did not report to the sink: it may reach the network")
	}
}

// runBst runs bst test on one bundled file in a directory of its own
// (bst writes test_output/ and its own config under HOME): bst reads
// testing.json and the interaction models, for its own utterance
// resolution, from its working directory.
func runBst(t *testing.T, root, node, bst, modules string, cfg []byte, sink, file, token string, logs *logtest.Sink) {
	work, home := t.TempDir(), t.TempDir()
	for _, dir := range []string{"tests", "models"} {
		if err := os.MkdirAll(filepath.Join(work, dir), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	copyGlob(t, filepath.Join(root, "models", "*.json"), filepath.Join(work, "models"))
	copyGlob(t, filepath.Join(root, "tests", file), filepath.Join(work, "tests"))
	if err := os.WriteFile(filepath.Join(work, "testing.json"), cfg, 0o644); err != nil {
		t.Fatal(err)
	}
	args := []string{bst, "test", "tests/" + file}
	if token != "" {
		args = append(args, "--accessToken", token)
	}
	cctx, ccancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer ccancel()
	cmd := exec.CommandContext(cctx, node, args...)
	cmd.Dir = work
	cmd.Env = append(os.Environ(), "HOME="+home, "SKIP_STATISTICS=true", "NODE_PATH="+modules, "CI=",
		"BESPOKEN_API_BASE_URL="+sink, "SOURCE_API_URL="+strings.TrimPrefix(sink, "http://"))
	out, err := cmd.CombinedOutput()
	text := string(out)
	if err != nil || !strings.Contains(text, "Tests:") || strings.Contains(text, "failed,") {
		t.Fatalf("bst test %s: %v\n%s", file, err, text)
	}
	if !regexp.MustCompile(`Tests:\s+\d+ passed, \d+ total`).MatchString(text) {
		t.Errorf("bst test %s: no passing summary:\n%s", file, text)
	}
	if token != "" && strings.Contains(logs.String(), token) {
		t.Error("the server log holds the access token")
	}
}

func copyGlob(t *testing.T, pattern, dst string) {
	t.Helper()
	ms, err := filepath.Glob(pattern)
	if err != nil || len(ms) == 0 {
		t.Fatalf("%s: %v (%d files)", pattern, err, len(ms))
	}
	for _, m := range ms {
		b, err := os.ReadFile(m)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, filepath.Base(m)), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
