package generator_test

import (
	"flag"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"github.com/skillgen/skillgen/generator"
	"github.com/skillgen/skillgen/generator/write"
)

var update = flag.Bool("update", os.Getenv("UPDATE_GOLDEN") == "1", "rewrite golden files")

// TestEndToEnd runs every case in testdata/<case>/ from the module root, as
// skillgen runs: a skill.yaml with either want.stderr (the exact
// diagnostics) or want/ (every output file, the golden tree the emitter
// tests read too: internal/golden). -update rewrites them.
func TestEndToEnd(t *testing.T) {
	t.Chdir("..")
	dirs, err := filepath.Glob("testdata/*/skill.yaml")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no cases: %v", err)
	}
	invalid := 0
	for _, specPath := range dirs {
		dir := filepath.Dir(specPath)
		name := filepath.Base(dir)
		if strings.HasPrefix(name, "invalid-") {
			invalid++
		}
		t.Run(name, func(t *testing.T) {
			prefix := filepath.ToSlash(dir) + "/"
			out, err := generator.Render([]string{specPath})
			stderrFile := filepath.Join(dir, "want.stderr")
			if err != nil {
				got := strings.ReplaceAll(err.Error(), prefix, "") + "\n"
				if *update {
					os.RemoveAll(filepath.Join(dir, "want"))
					must(t, os.WriteFile(stderrFile, []byte(got), 0o644))
					return
				}
				want, rerr := os.ReadFile(stderrFile)
				if rerr != nil {
					t.Fatalf("generation failed but the case has no want.stderr:\n%s", got)
				}
				if got != string(want) {
					t.Errorf("stderr differs\n--- want\n%s--- got\n%s", want, got)
				}
				return
			}
			if strings.HasPrefix(name, "invalid-") {
				t.Fatalf("invalid case generated without error")
			}
			files := write.Files{}
			for p, data := range out.Files {
				if !strings.HasPrefix(p, prefix) {
					t.Fatalf("output %s escapes the case directory", p)
				}
				files[path.Join("want", strings.TrimPrefix(p, prefix))] = data
			}
			if *update {
				os.Remove(stderrFile)
				must(t, os.RemoveAll(filepath.Join(dir, "want")))
				if _, err := write.Apply(dir, files, nil); err != nil {
					t.Fatal(err)
				}
				return
			}
			diff, changed, err := write.Diff(dir, files, []write.Prune{{Dir: "want", Recursive: true, Owned: func(string, []byte) bool { return true }}})
			if err != nil {
				t.Fatal(err)
			}
			if len(changed) > 0 {
				t.Errorf("outputs differ from want/ (run go test ./generator -update):\n%s", diff)
			}
		})
	}
	if invalid < 25 {
		t.Errorf("only %d invalid-spec cases; want at least 25", invalid)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
}
