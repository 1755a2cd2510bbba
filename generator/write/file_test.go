package write

import (
	"os"
	"path/filepath"
	"testing"
)

func TestFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "a", "b", "secret.json")
	for _, c := range []struct {
		data string
		mode os.FileMode
	}{{"first", 0o600}, {"second", 0o755}} {
		if err := File(p, []byte(c.data), c.mode); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(p)
		if err != nil || string(got) != c.data {
			t.Fatalf("content %q, %v; want %q", got, err, c.data)
		}
		st, _ := os.Stat(p)
		if st.Mode().Perm() != c.mode {
			t.Errorf("mode %v, want %v", st.Mode().Perm(), c.mode)
		}
	}
	ents, _ := os.ReadDir(filepath.Dir(p))
	if len(ents) != 1 {
		t.Errorf("%d entries beside the file, want none: a temporary file was left", len(ents)-1)
	}
	// A directory in the way: an error, nothing left behind.
	if err := File(filepath.Dir(p), []byte("x"), 0o644); err == nil {
		t.Error("replacing a directory succeeded")
	}
	if ents, _ := os.ReadDir(filepath.Join(dir, "a")); len(ents) != 1 {
		t.Errorf("temporary files left in %s: %v", filepath.Join(dir, "a"), ents)
	}
}
