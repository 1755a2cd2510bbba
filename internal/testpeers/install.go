package testpeers

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

const (
	modulePath = "github.com/skillgen/skillgen"
	// installTimeout bounds one run of scripts/peers.sh (npm ci over the
	// network, or building the emulator).
	installTimeout = 10 * time.Minute
)

var (
	rootOnce sync.Once
	rootDir  string
	rootErr  error

	// installMu serializes installs inside one test binary; the flock on
	// bin/.peers.lock serializes them across test binaries (go test runs
	// packages in parallel).
	installMu sync.Mutex
)

// RepoRoot returns the absolute path of the skillgen module root: the first
// directory at or above the working directory whose go.mod declares
// github.com/skillgen/skillgen (go test runs in the package directory), or
// else the root derived from this source file's location.
func RepoRoot(t testing.TB) string {
	t.Helper()
	rootOnce.Do(func() { rootDir, rootErr = findRoot() })
	if rootErr != nil {
		t.Fatalf("testpeers: %v", rootErr)
	}
	return rootDir
}

func findRoot() (string, error) {
	isRoot := func(dir string) bool {
		b, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err != nil {
			return false
		}
		for _, line := range strings.Split(string(b), "\n") {
			f := strings.Fields(line)
			if len(f) == 2 && f[0] == "module" && f[1] == modulePath {
				return true
			}
		}
		return false
	}
	if wd, err := os.Getwd(); err == nil {
		for dir := wd; ; dir = filepath.Dir(dir) {
			if isRoot(dir) {
				return dir, nil
			}
			if filepath.Dir(dir) == dir {
				break
			}
		}
	}
	if _, file, _, ok := runtime.Caller(0); ok {
		dir := filepath.Clean(filepath.Join(filepath.Dir(file), "..", ".."))
		if isRoot(dir) {
			return dir, nil
		}
	}
	return "", errors.New("cannot find the module root (go.mod of " + modulePath + ") above the working directory")
}

// peersDir is testdata/peers, which holds package.json and package-lock.json.
func peersDir(root string) string { return filepath.Join(root, "testdata", "peers") }

// nodeReady reports whether node_modules was installed from the current
// package-lock.json (scripts/peers.sh writes the lockfile's sha256 into
// node_modules/.skillgen-lock.sha256 after a successful npm ci).
func nodeReady(root string) bool {
	lock, err := os.ReadFile(filepath.Join(peersDir(root), "package-lock.json"))
	if err != nil {
		return false
	}
	sum := sha256.Sum256(lock)
	stamp, err := os.ReadFile(filepath.Join(peersDir(root), "node_modules", ".skillgen-lock.sha256"))
	if err != nil || strings.TrimSpace(string(stamp)) != hex.EncodeToString(sum[:]) {
		return false
	}
	for _, p := range []string{cognitoStartJS(root), bstJS(root)} {
		if _, err := os.Stat(p); err != nil {
			return false
		}
	}
	return true
}

func cognitoStartJS(root string) string {
	return filepath.Join(peersDir(root), "node_modules", "cognito-local", "lib", "bin", "start.js")
}

func bstJS(root string) string {
	return filepath.Join(peersDir(root), "node_modules", "bespoken-tools", "bin", "bst.js")
}

func riePath(root string) string { return filepath.Join(root, "bin", "aws-lambda-rie") }

func rieReady(root string) bool {
	fi, err := os.Stat(riePath(root))
	return err == nil && fi.Mode().IsRegular() && fi.Mode()&0o111 != 0
}

// ensure runs `scripts/peers.sh <what>` unless ready() already holds, under
// an exclusive flock on bin/.peers.lock so that parallel test binaries do not
// run npm ci or go install at the same time.
func ensure(t testing.TB, what string, ready func(string) bool) {
	t.Helper()
	root := RepoRoot(t)
	if ready(root) {
		return
	}
	installMu.Lock()
	defer installMu.Unlock()

	unlock, err := lockFile(filepath.Join(root, "bin", ".peers.lock"))
	if err != nil {
		t.Fatalf("testpeers: %v", err)
	}
	defer unlock()
	if ready(root) { // another process installed while we waited
		return
	}

	ctx, cancel := context.WithTimeout(context.Background(), installTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "bash", filepath.Join(root, "scripts", "peers.sh"), what)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "SKILLGEN_PEERS_LOCK_HELD=1")
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &out
	start := time.Now()
	if err := cmd.Run(); err != nil {
		t.Fatalf("testpeers: scripts/peers.sh %s failed after %v: %v\n%s", what, time.Since(start).Round(time.Millisecond), err, tail(out.String(), 40))
	}
	if !ready(root) {
		t.Fatalf("testpeers: scripts/peers.sh %s succeeded but the peers are still missing\n%s", what, tail(out.String(), 40))
	}
	t.Logf("testpeers: installed %s peers in %v", what, time.Since(start).Round(time.Millisecond))
}

func lockFile(path string) (unlock func(), err error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("create lock dir: %w", err)
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("open lock file: %w", err)
	}
	for {
		err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX)
		if !errors.Is(err, syscall.EINTR) {
			break
		}
	}
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	return func() {
		_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		_ = f.Close()
	}, nil
}

// NodeModules returns the absolute path of testdata/peers/node_modules
// (cognito-local 5.3.0, virtual-alexa 0.7.8, ask-cli 2.30.7, ask-smapi-model
// 1.24.0 and typescript 5.9.3, pinned by the committed package-lock.json),
// running `scripts/peers.sh node` first if it is missing
// or stale. Set NODE_PATH to it to require("virtual-alexa") from a script
// outside testdata/peers.
func NodeModules(t testing.TB) string {
	t.Helper()
	ensure(t, "node", nodeReady)
	return filepath.Join(peersDir(RepoRoot(t)), "node_modules")
}

// Node returns the absolute path of the node executable (from PATH); the test
// fails if there is none.
func Node(t testing.TB) string {
	t.Helper()
	p, err := exec.LookPath("node")
	if err != nil {
		t.Fatalf("testpeers: node not found on PATH: %v", err)
	}
	abs, err := filepath.Abs(p)
	if err != nil {
		t.Fatalf("testpeers: %v", err)
	}
	return abs
}

// FreePort returns a TCP port on 127.0.0.1 that was free a moment ago: it
// listens on 127.0.0.1:0, takes the port and closes the listener. Another
// process may grab the port in between; the Start helpers retry on that.
func FreePort(t testing.TB) int {
	t.Helper()
	p, err := freePort()
	if err != nil {
		t.Fatalf("testpeers: %v", err)
	}
	return p
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("pick a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// tail returns the last n lines of s.
func tail(s string, n int) string {
	s = strings.TrimRight(s, "\n")
	lines := strings.Split(s, "\n")
	if len(lines) > n {
		lines = append([]string{fmt.Sprintf("[... %d earlier lines]", len(lines)-n)}, lines[len(lines)-n:]...)
	}
	return strings.Join(lines, "\n")
}

func fileTail(path string, n int) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Sprintf("(cannot read %s: %v)", path, err)
	}
	if len(b) == 0 {
		return "(no output)"
	}
	return tail(string(b), n)
}
