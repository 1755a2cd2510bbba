package testpeers

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"
)

const (
	rieStartTimeout = 30 * time.Second
	// invokeTimeout bounds one Invoke; the emulator's own function timeout
	// defaults to 300 s, far longer than any test should wait.
	invokeTimeout = 30 * time.Second
)

// RIE returns the absolute path of bin/aws-lambda-rie, the Lambda Runtime
// Interface Emulator, running `scripts/peers.sh rie` first (under the same
// lock as the npm install) if it is missing.
func RIE(t testing.TB) string {
	t.Helper()
	ensure(t, "rie", rieReady)
	return riePath(RepoRoot(t))
}

// StartRIE runs bootstrapPath (a Lambda custom-runtime executable, e.g. a Go
// binary built for provided.al2023) under the emulator with the test
// process's environment plus env (later entries win; pass Cognito.Env() to
// point the function at cognito-local). Both the emulator and its Runtime API
// listen on free 127.0.0.1 ports (always passed explicitly: the emulator
// ignores unknown flags and would otherwise bind 0.0.0.0:8080). The working
// directory is the bootstrap's directory. StartRIE waits (at most 30 s) until
// the invoke endpoint accepts connections; the bootstrap itself starts on the
// first invocation. Output goes to rie.log in a t.TempDir() and its tail is
// shown when start-up fails. A cleanup stops the emulator and the function
// by process group.
//
// It returns the invoke URL,
// http://127.0.0.1:<port>/2015-03-31/functions/function/invocations.
// The emulator handles one invocation at a time and crashes on overlapping
// ones: send events with Invoke, which serializes them per URL.
func StartRIE(t testing.TB, bootstrapPath string, env []string) (invokeURL string) {
	t.Helper()
	rie := RIE(t)
	boot, err := filepath.Abs(bootstrapPath)
	if err != nil {
		t.Fatalf("testpeers: %v", err)
	}
	if fi, err := os.Stat(boot); err != nil || !fi.Mode().IsRegular() || fi.Mode()&0o111 == 0 {
		t.Fatalf("testpeers: bootstrap %s is not an executable file (stat error: %v)", boot, err)
	}
	logPath := filepath.Join(t.TempDir(), "rie.log")
	fullEnv := append(append([]string{}, os.Environ()...), env...)

	var lastErr error
	for attempt := 1; attempt <= startAttempts; attempt++ {
		p1, err := freePort()
		if err != nil {
			t.Fatalf("testpeers: %v", err)
		}
		p2, err := freePort()
		if err != nil {
			t.Fatalf("testpeers: %v", err)
		}
		if p1 == p2 {
			continue
		}
		emu := "127.0.0.1:" + strconv.Itoa(p1)
		api := "127.0.0.1:" + strconv.Itoa(p2)
		if err := appendLog(logPath, fmt.Sprintf("--- testpeers: attempt %d, emulator %s, runtime API %s\n", attempt, emu, api)); err != nil {
			t.Fatalf("testpeers: %v", err)
		}
		argv := []string{rie, "--runtime-interface-emulator-address", emu, "--runtime-api-address", api, boot}
		p, err := startProc("aws-lambda-rie", filepath.Dir(boot), logPath, argv, fullEnv)
		if err != nil {
			t.Fatalf("testpeers: %v", err)
		}
		t.Cleanup(func() {
			if err := p.stop(); err != nil {
				t.Errorf("testpeers: %v", err)
			}
		})
		err = p.waitReady(rieStartTimeout, func() bool { return canDial(emu) })
		if err == nil {
			url := "http://" + emu + "/2015-03-31/functions/function/invocations"
			rieLogs.Store(url, logPath)
			t.Cleanup(func() { rieLogs.Delete(url); invokeLocks.Delete(url) })
			return url
		}
		lastErr = err
		if !errors.Is(err, errExited) {
			break
		}
	}
	t.Fatalf("testpeers: aws-lambda-rie did not start: %v\nlog tail (%s):\n%s", lastErr, logPath, fileTail(logPath, 30))
	return ""
}

func canDial(addr string) bool {
	conn, err := net.DialTimeout("tcp", addr, 500*time.Millisecond)
	if err != nil {
		return false
	}
	conn.Close()
	return true
}

// invokeLocks holds one *sync.Mutex per invoke URL; rieLogs maps an invoke
// URL to the emulator's log file, for failure messages.
var invokeLocks, rieLogs sync.Map

// Invoke POSTs body (the event JSON) to an emulator started by StartRIE and
// returns the function's response body. Calls for the same URL are
// serialized, because overlapping invocations crash the emulator. The test
// fails on a transport error or a non-200 status, showing the tail of the
// emulator's log; a function error comes back as the emulator's 200 body
// ({"errorMessage":…,"errorType":…}). Call it from the test goroutine; from
// other goroutines use TryInvoke.
func Invoke(t testing.TB, url string, body []byte) []byte {
	t.Helper()
	out, err := TryInvoke(url, body)
	if err != nil {
		t.Fatalf("testpeers: %v", err)
	}
	return out
}

// TryInvoke is Invoke returning an error instead of failing the test, so it
// may be called from any goroutine; calls for the same URL are serialized.
func TryInvoke(url string, body []byte) ([]byte, error) {
	mu, _ := invokeLocks.LoadOrStore(url, &sync.Mutex{})
	mu.(*sync.Mutex).Lock()
	defer mu.(*sync.Mutex).Unlock()

	fail := func(format string, args ...any) ([]byte, error) {
		msg := fmt.Sprintf("invoke %s: ", url) + fmt.Sprintf(format, args...)
		if lp, ok := rieLogs.Load(url); ok {
			msg += fmt.Sprintf("\nemulator log tail (%s):\n%s", lp, fileTail(lp.(string), 30))
		}
		return nil, errors.New(msg)
	}
	ctx, cancel := context.WithTimeout(context.Background(), invokeTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return fail("%v", err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fail("%v", err)
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	if err != nil {
		return fail("read response: %v", err)
	}
	if resp.StatusCode != http.StatusOK {
		return fail("HTTP %d: %.500s", resp.StatusCode, out)
	}
	return out, nil
}
