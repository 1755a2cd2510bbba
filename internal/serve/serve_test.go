package serve_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/skillgen/skillgen/internal/serve"
	"github.com/skillgen/skillgen/runtime"
	"github.com/skillgen/skillgen/runtime/logging/logtest"
	"github.com/skillgen/skillgen/runtime/verify/verifytest"
)

const skillID = "amzn1.ask.skill.serve-test"

var specPath = filepath.Join("..", "..", "skill.yaml")

var readyRE = regexp.MustCompile(`msg="skill ready".* addr=(\S+)`)

// waitReady waits (bounded) for the ready line in the log and returns the
// address.
func waitReady(t *testing.T, logs func() string, exited <-chan int) string {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		if m := readyRE.FindStringSubmatch(logs()); m != nil {
			return m[1]
		}
		select {
		case code := <-exited:
			t.Fatalf("serve exited with %d before it was ready:\n%s", code, logs())
		case <-time.After(20 * time.Millisecond):
		}
	}
	t.Fatalf("serve not ready after 15 s:\n%s", logs())
	return ""
}

func post(t *testing.T, url string, body []byte) (int, runtime.ResponseEnvelope) {
	t.Helper()
	resp, err := http.Post(url, "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var env runtime.ResponseEnvelope
	if resp.StatusCode == 200 {
		if err := json.Unmarshal(raw, &env); err != nil {
			t.Fatalf("response %q: %v", raw, err)
		}
	}
	return resp.StatusCode, env
}

func TestCommandServesAndStops(t *testing.T) {
	logs := new(logtest.Sink)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	exited := make(chan int, 1)
	go func() {
		exited <- serve.Command(ctx, []string{"-f", specPath, "--addr", "127.0.0.1:0", "--skill-id", skillID,
			"--insecure-skip-signature", "--cognito-endpoint", "http://127.0.0.1:9", "--user-pool-id", "us-east-1_Serve", "--client-id", "serveclient"}, nil, io.Discard, logs)
	}()
	addr := waitReady(t, logs.String, exited)
	if !strings.Contains(logs.String(), "level=WARN") || !strings.Contains(logs.String(), "signature checking is OFF") {
		t.Fatalf("no warning about signature checking at start:\n%s", logs)
	}
	// Unlinked: answered without calling Cognito.
	status, env := post(t, "http://"+addr+"/", verifytest.RequestBody(skillID, time.Now()))
	if status != 200 || env.Response.Card == nil || env.Response.Card.Type != "LinkAccount" {
		t.Fatalf("unlinked launch: %d %+v", status, env.Response)
	}
	// Another skill's request is refused.
	if status, _ := post(t, "http://"+addr+"/", verifytest.RequestBody("amzn1.ask.skill.other", time.Now())); status != 400 {
		t.Fatalf("wrong skill: %d", status)
	}
	cancel()
	select {
	case code := <-exited:
		if code != 0 {
			t.Fatalf("exit %d after shutdown:\n%s", code, logs)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop within 15 s")
	}
	if !strings.Contains(logs.String(), `msg=stopped`) {
		t.Fatalf("no clean stop logged:\n%s", logs)
	}
}

func TestCommandRefusesBadConfig(t *testing.T) {
	cases := []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"-f", specPath, "--addr", "127.0.0.1:0"}, 2, "skill ID is required"},
		{[]string{"-f", specPath, "--addr", "127.0.0.1:0", "--skill-id", skillID}, 2, "give --user-pool-id and --client-id"},
		{[]string{"-f", specPath, "--addr", "127.0.0.1:0", "--skill-id", skillID, "--user-pool-id", "us-east-1_X"}, 2, "give --client-id"},
		{[]string{"-f", specPath, "--addr", "127.0.0.1:0", "--skill-id", skillID, "--user-pool-id", "us-east-1_X", "--client-id", "c", "--budget", "20s"}, 2, `invalid value "20s" for --budget: want a duration in (0s, 8s]`},
		{[]string{"-f", specPath, "--addr", "127.0.0.1:0", "--skill-id", skillID, "--user-pool-id", "us-east-1_X", "--client-id", "c", "--profile-cache-ttl", "0s"}, 2, `invalid value "0s" for --profile-cache-ttl`},
		{[]string{"-f", specPath, "--skill-id", skillID, "--tls-cert", "c.pem"}, 2, "both --tls-cert and --tls-key"},
		{[]string{"-f", specPath, "--skill-id", skillID, "--addr", "127.0.0.1:0", "--user-pool-id", "us-east-1_X", "--client-id", "c", "--tls-cert", "none.pem", "--tls-key", "none.pem"}, 1, "TLS certificate"},
		{[]string{"-f", "nonexistent.yaml", "--skill-id", skillID}, 1, "nonexistent.yaml"},
		{[]string{"-f", specPath, "extra"}, 2, "unexpected argument"},
	}
	for _, c := range cases {
		var errb bytes.Buffer
		code := serve.Command(context.Background(), c.args, nil, io.Discard, &errb)
		if code != c.code || !strings.Contains(errb.String(), c.msg) {
			t.Errorf("%q: exit %d, stderr %q; want %d mentioning %q", c.args, code, errb.String(), c.code, c.msg)
		}
	}
}

// TestHelperServeProcess is `skillgen serve` in a child process, with the
// CLI's signal handling; run by TestSIGTERMGracefulShutdown only.
func TestHelperServeProcess(t *testing.T) {
	if os.Getenv("SKILLGEN_SERVE_HELPER") != "1" {
		t.Skip("helper process")
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(serve.Command(ctx, strings.Split(os.Getenv("SKILLGEN_SERVE_ARGS"), "\n"), nil, os.Stdout, os.Stderr))
}

func TestSIGTERMGracefulShutdown(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperServeProcess$")
	cmd.Env = append(os.Environ(), "SKILLGEN_SERVE_HELPER=1", "SKILLGEN_SERVE_ARGS="+strings.Join([]string{
		"-f", specPath, "--addr", "127.0.0.1:0", "--skill-id", skillID, "--insecure-skip-signature",
		"--cognito-endpoint", "http://127.0.0.1:9", "--user-pool-id", "us-east-1_Serve", "--client-id", "serveclient",
		"--shutdown-timeout", "5s"}, "\n"))
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = cmd.Process.Kill() }()
	logs := new(logtest.Sink)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			fmt.Fprintln(logs, sc.Text())
		}
	}()
	exited := make(chan int, 1)
	addr := waitReady(t, logs.String, exited)
	if status, _ := post(t, "http://"+addr+"/", verifytest.RequestBody(skillID, time.Now())); status != 200 {
		t.Fatalf("status %d", status)
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve after SIGTERM: %v\n%s", err, logs)
		}
	case <-time.After(15 * time.Second):
		t.Fatalf("serve did not exit within 15 s of SIGTERM:\n%s", logs)
	}
	if !strings.Contains(logs.String(), "shutting down") || !strings.Contains(logs.String(), "msg=stopped") {
		t.Fatalf("no graceful shutdown in the log:\n%s", logs)
	}
}
