package testpeers

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestNodeReadyFollowsLockfile(t *testing.T) {
	root := t.TempDir()
	peers := filepath.Join(root, "testdata", "peers")
	if err := os.MkdirAll(filepath.Dir(cognitoStartJS(root)), 0o755); err != nil {
		t.Fatal(err)
	}
	lock := []byte(`{"lockfileVersion": 3}`)
	write := func(path string, b []byte) {
		t.Helper()
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(peers, "package-lock.json"), lock)
	if nodeReady(root) {
		t.Fatal("ready without a stamp")
	}
	sum := sha256.Sum256(lock)
	stamp := filepath.Join(peers, "node_modules", ".skillgen-lock.sha256")
	write(stamp, []byte(hex.EncodeToString(sum[:])+"\n"))
	if nodeReady(root) {
		t.Fatal("ready without cognito-local's start.js")
	}
	write(cognitoStartJS(root), nil)
	if nodeReady(root) {
		t.Fatal("ready without bespoken-tools' bst.js")
	}
	if err := os.MkdirAll(filepath.Dir(bstJS(root)), 0o755); err != nil {
		t.Fatal(err)
	}
	write(bstJS(root), nil)
	if !nodeReady(root) {
		t.Fatal("not ready with a matching stamp, start.js and bst.js")
	}
	write(filepath.Join(peers, "package-lock.json"), append(lock, '\n'))
	if nodeReady(root) {
		t.Fatal("ready although the lockfile changed after the install")
	}
}

func TestRIEReadyNeedsExecutable(t *testing.T) {
	root := t.TempDir()
	if rieReady(root) {
		t.Fatal("ready without a binary")
	}
	if err := os.MkdirAll(filepath.Dir(riePath(root)), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(riePath(root), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if rieReady(root) {
		t.Fatal("ready with a non-executable file")
	}
	if err := os.Chmod(riePath(root), 0o755); err != nil {
		t.Fatal(err)
	}
	if !rieReady(root) {
		t.Fatal("not ready with an executable")
	}
}

func TestLockFileExcludes(t *testing.T) {
	path := filepath.Join(t.TempDir(), "lock")
	unlock, err := lockFile(path)
	if err != nil {
		t.Fatal(err)
	}
	got := make(chan struct{})
	go func() {
		u2, err := lockFile(path)
		if err == nil {
			u2()
		}
		close(got)
	}()
	select {
	case <-got:
		t.Fatal("second lock acquired while the first is held")
	default:
	}
	unlock()
	<-got
}

func TestTail(t *testing.T) {
	if got := tail("a\nb\nc\n", 2); got != "[... 1 earlier lines]\nb\nc" {
		t.Errorf("tail = %q", got)
	}
	if got := tail("a\n", 5); got != "a" {
		t.Errorf("tail = %q", got)
	}
	if !strings.Contains(fileTail(filepath.Join(t.TempDir(), "none"), 3), "cannot read") {
		t.Error("fileTail of a missing file")
	}
}

func TestFindRoot(t *testing.T) {
	root, err := findRoot()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "scripts", "peers.sh")); err != nil {
		t.Errorf("root %s has no scripts/peers.sh: %v", root, err)
	}
}
