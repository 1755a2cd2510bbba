// Package golden is, for tests, the one golden tree of skillgen's outputs.
// A case is a spec whose every output is committed:
//
//   - testdata/<case>/skill.yaml with a want/ directory: its outputs are
//     committed under testdata/<case>/want/ at the paths the pipeline
//     writes, relative to testdata/<case>/. `go test ./generator -update`
//     rewrites every want/ tree (generator's TestEndToEnd, which also
//     reports files no longer generated).
//   - the bundled specs, skill.yaml and variants/*/skill.yaml: their outputs
//     are the committed generated files themselves. `go generate ./...`
//     rewrites them and `skillgen check` fails when they are stale.
//
// The emitter tests (generator/emit/handlers, deploy, models) render their
// part of each case and compare it with the same files, through Check.
// The package imports only the standard library, so any package's tests
// can use it.
package golden

import (
	"bytes"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// Case is one spec with committed outputs.
type Case struct {
	// Name is the testdata directory ("valid-minimal") or, for a bundled
	// spec, its path ("skill.yaml", "variants/membercard/skill.yaml").
	Name string
	// Spec is the spec's slash path from the module root.
	Spec string
	// dir is testdata/<case>/ for testdata cases, "" for bundled specs.
	dir string
}

// Bundled reports whether c is a bundled spec.
func (c Case) Bundled() bool { return c.dir == "" }

// Root returns the module root, found from the working directory.
func Root(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("golden: no go.mod above the working directory")
		}
		dir = parent
	}
}

// Cases changes the test's working directory to the module root (where the
// pipeline runs, so output paths are the ones skillgen writes) and returns
// every case, testdata cases first, each group sorted.
func Cases(t *testing.T) []Case {
	t.Helper()
	t.Chdir(Root(t))
	var out []Case
	specs, err := filepath.Glob("testdata/*/skill.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range specs {
		dir := filepath.ToSlash(filepath.Dir(s))
		if fi, err := os.Stat(filepath.Join(dir, "want")); err == nil && fi.IsDir() {
			out = append(out, Case{Name: path.Base(dir), Spec: filepath.ToSlash(s), dir: dir})
		}
	}
	variants, err := filepath.Glob("variants/*/skill.yaml")
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(variants)
	for _, s := range append([]string{"skill.yaml"}, variants...) {
		s = filepath.ToSlash(s)
		out = append(out, Case{Name: s, Spec: s})
	}
	if len(out) < 4 {
		t.Fatalf("golden: only %d cases found under %s", len(out), Root(t))
	}
	return out
}

// Path is the committed file of an output path (slash, from the module
// root, as the pipeline names it).
func (c Case) Path(output string) string {
	if c.Bundled() {
		return output
	}
	return path.Join(c.dir, "want", strings.TrimPrefix(output, c.dir+"/"))
}

// Check compares files (output path → bytes, the part of the case one
// emitter renders) with the committed files and reports the first
// differing line of each file that differs.
func Check(t *testing.T, c Case, files map[string][]byte) {
	t.Helper()
	if len(files) == 0 {
		t.Errorf("%s: nothing rendered", c.Name)
	}
	fix := "go test ./generator -update"
	if c.Bundled() {
		fix = "go generate ./..."
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if !c.Bundled() && !strings.HasPrefix(name, c.dir+"/") {
			t.Errorf("%s: output %s is outside %s", c.Name, name, c.dir)
			continue
		}
		gp := c.Path(name)
		want, err := os.ReadFile(filepath.FromSlash(gp))
		if err != nil {
			t.Errorf("%s: %v (after checking the change, run %s)", c.Name, err, fix)
			continue
		}
		if !bytes.Equal(files[name], want) {
			t.Errorf("%s: %s differs from %s (after checking the change, run %s):\n%s", c.Name, name, gp, fix, FirstDiff(string(want), string(files[name])))
		}
	}
}

// FirstDiff shows the first line where want and got differ.
func FirstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			return "line " + strconv.Itoa(i+1) + ":\n- " + a + "\n+ " + b
		}
	}
	return "(same lines)"
}
