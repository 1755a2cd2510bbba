package write

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func isJSON(p string, _ []byte) bool { return strings.HasSuffix(p, ".json") }

func TestApply(t *testing.T) {
	tests := []struct {
		name   string
		before tree // nil: root does not exist
		files  Files
		prune  []Prune
		want   tree // files only; parent dirs are added
		report Report
	}{
		{
			name:   "creates root, files and dirs",
			before: nil,
			files: files(
				"generated/handlers.gen.go", genGo,
				"models/en-US.json", "{}\n",
				"deploy/sam/template.yaml", genYAML,
			),
			want: tree{
				"generated/handlers.gen.go": genGo,
				"models/en-US.json":         "{}\n",
				"deploy/sam/template.yaml":  genYAML,
			},
			report: Report{Written: []string{"deploy/sam/template.yaml", "generated/handlers.gen.go", "models/en-US.json"}},
		},
		{
			name: "replaces changed, keeps unchanged, adds new",
			before: tree{
				"models/en-US.json": "{\"a\":1}\n",
				"models/de-DE.json": "{\"b\":1}\n",
			},
			files: files(
				"models/en-US.json", "{\"a\":2}\n",
				"models/de-DE.json", "{\"b\":1}\n",
				"models/fr-FR.json", "{\"c\":1}\n",
			),
			want: tree{
				"models/en-US.json": "{\"a\":2}\n",
				"models/de-DE.json": "{\"b\":1}\n",
				"models/fr-FR.json": "{\"c\":1}\n",
			},
			report: Report{
				Written:   []string{"models/en-US.json", "models/fr-FR.json"},
				Unchanged: []string{"models/de-DE.json"},
			},
		},
		{
			name:   "same size, different bytes is rewritten",
			before: tree{"a.txt": "abc\n"},
			files:  files("a.txt", "abd\n"),
			want:   tree{"a.txt": "abd\n"},
			report: Report{Written: []string{"a.txt"}},
		},
		{
			name: "stale generated files removed, hand-written kept",
			before: tree{
				"generated/generate.go":     handGo,
				"generated/handlers.gen.go": genGo,
				"generated/old.gen.go":      genGo,
				"generated/notes.txt":       "mine\n",
				"generated/sub/deep.gen.go": genGo, // not recursive: kept
			},
			files: files("generated/handlers.gen.go", genGo),
			prune: []Prune{{Dir: "generated"}}, // nil Owned: header decides
			want: tree{
				"generated/generate.go":     handGo,
				"generated/handlers.gen.go": genGo,
				"generated/notes.txt":       "mine\n",
				"generated/sub/deep.gen.go": genGo,
			},
			report: Report{
				Unchanged: []string{"generated/handlers.gen.go"},
				Removed:   []string{"generated/old.gen.go"},
			},
		},
		{
			name: "recursive prune with custom Owned removes nested and empty dirs",
			before: tree{
				"models/en-US.json":         "{}\n",
				"models/it-IT.json":         "{}\n",
				"models/extra/old.json":     "{}\n",
				"models/README.md":          "hand written\n",
				"models/keep/.gitkeep":      "",
				"deploy/template.yaml":      genYAML,
				"deploy/cognito/spec.json":  "{}\n",
				"other/untouched.json":      "{}\n",
				"other/untouched.gen.go":    genGo,
				"deploy/cognito/handmade.y": "x\n",
			},
			files: files("models/en-US.json", "{}\n"),
			prune: []Prune{
				{Dir: "models", Recursive: true, Owned: isJSON},
				{Dir: "deploy", Recursive: true, Owned: func(p string, c []byte) bool {
					return IsGenerated(c) || strings.HasSuffix(p, ".json")
				}},
			},
			want: tree{
				"models/en-US.json":         "{}\n",
				"models/README.md":          "hand written\n",
				"models/keep/.gitkeep":      "",
				"other/untouched.json":      "{}\n",
				"other/untouched.gen.go":    genGo,
				"deploy/cognito/handmade.y": "x\n",
			},
			report: Report{
				Unchanged: []string{"models/en-US.json"},
				Removed: []string{"deploy/cognito/spec.json", "deploy/template.yaml",
					"models/extra/old.json", "models/it-IT.json"},
			},
		},
		{
			name:   "prune dir missing is fine",
			before: tree{"x.txt": "x\n"},
			files:  files("generated/a.gen.go", genGo),
			prune:  []Prune{{Dir: "nope", Recursive: true}, {Dir: "generated"}},
			want:   tree{"x.txt": "x\n", "generated/a.gen.go": genGo},
			report: Report{Written: []string{"generated/a.gen.go"}},
		},
		{
			name:   "prune the root itself",
			before: tree{"a.gen.go": genGo, "b.gen.go": genGo, "main.go": handGo},
			files:  files("a.gen.go", genGo),
			prune:  []Prune{{Dir: "."}},
			want:   tree{"a.gen.go": genGo, "main.go": handGo},
			report: Report{Unchanged: []string{"a.gen.go"}, Removed: []string{"b.gen.go"}},
		},
		{
			name:   "nothing to do",
			before: tree{"a.gen.go": genGo},
			files:  files("a.gen.go", genGo),
			want:   tree{"a.gen.go": genGo},
			report: Report{Unchanged: []string{"a.gen.go"}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			root := filepath.Join(t.TempDir(), "out")
			if tc.before != nil {
				if err := os.Mkdir(root, 0o755); err != nil {
					t.Fatal(err)
				}
				writeTree(t, root, tc.before)
			}
			rep, err := Apply(root, tc.files, tc.prune)
			if err != nil {
				t.Fatalf("Apply: %v", err)
			}
			diffTrees(t, readTree(t, root), withDirs(tc.want))
			checkReport(t, rep, tc.report)

			// A second run is a no-op and reports everything unchanged.
			rep2, err := Apply(root, tc.files, tc.prune)
			if err != nil {
				t.Fatalf("second Apply: %v", err)
			}
			var all []string
			for p := range tc.files {
				all = append(all, p)
			}
			slices.Sort(all)
			checkReport(t, rep2, Report{Unchanged: all})

			// And Diff agrees that the tree is up to date.
			d, changed, err := Diff(root, tc.files, tc.prune)
			if err != nil || d != "" || changed != nil {
				t.Errorf("Diff after Apply = %q, %v, %v; want empty", d, changed, err)
			}
		})
	}
}

func checkReport(t *testing.T, got, want Report) {
	t.Helper()
	if !slices.Equal(got.Written, want.Written) {
		t.Errorf("Written = %q, want %q", got.Written, want.Written)
	}
	if !slices.Equal(got.Unchanged, want.Unchanged) {
		t.Errorf("Unchanged = %q, want %q", got.Unchanged, want.Unchanged)
	}
	if !slices.Equal(got.Removed, want.Removed) {
		t.Errorf("Removed = %q, want %q", got.Removed, want.Removed)
	}
}

func TestApplyKeepsMtimeAndSetsModes(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, tree{
		"models/en-US.json":  "{\"same\":true}\n",
		"models/de-DE.json":  "{\"old\":true}\n",
		"generated/a.gen.go": genGo,
	})
	if err := os.Chmod(filepath.Join(root, "models/de-DE.json"), 0o600); err != nil {
		t.Fatal(err)
	}
	ageTree(t, root)
	_, err := Apply(root, files(
		"models/en-US.json", "{\"same\":true}\n",
		"models/de-DE.json", "{\"old\":false}\n",
		"generated/a.gen.go", genGo,
		"generated/new/b.gen.go", genGo,
	), nil)
	if err != nil {
		t.Fatal(err)
	}
	mt := mtimes(t, root)
	for _, p := range []string{"models/en-US.json", "generated/a.gen.go"} {
		if !mt[p].Equal(oldTime) {
			t.Errorf("%s: mtime %v, want it kept at %v", p, mt[p], oldTime)
		}
	}
	if mt["models/de-DE.json"].Equal(oldTime) {
		t.Errorf("models/de-DE.json: mtime not updated although content changed")
	}
	for p, want := range map[string]os.FileMode{
		"models/de-DE.json":      0o644,
		"generated/new/b.gen.go": 0o644,
		"generated/new":          0o755 | os.ModeDir,
	} {
		fi, err := os.Stat(filepath.Join(root, p))
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode() != want {
			t.Errorf("%s: mode %v, want %v", p, fi.Mode(), want)
		}
	}
}

// TestApplyFailureLeavesTreeUntouched makes Apply fail before or during the
// commit phase and checks that every file is byte-for-byte as before, with its
// old mtime, that created directories are gone and that no staging directory
// is left.
func TestApplyFailureLeavesTreeUntouched(t *testing.T) {
	before := tree{
		"generated/generate.go":     handGo,
		"generated/handlers.gen.go": genGo + "// v1\n",
		"generated/stale.gen.go":    genGo,
		"models/en-US.json":         "{\"v\":1}\n",
		"models/de-DE.json":         "{\"v\":1}\n",
		"models/zz-stale.json":      "{}\n",
	}
	newFiles := files(
		"generated/handlers.gen.go", genGo+"// v2\n",
		"models/en-US.json", "{\"v\":2}\n",
		"models/de-DE.json", "{\"v\":2}\n",
		"models/fr-FR.json", "{\"v\":2}\n",
		"deploy/sam/template.yaml", genYAML,
	)
	prune := []Prune{{Dir: "generated"}, {Dir: "models", Owned: isJSON}}
	// Commit order: deploy/sam/template.yaml, generated/handlers.gen.go,
	// models/de-DE.json, models/en-US.json, models/fr-FR.json (writes), then
	// generated/stale.gen.go, models/zz-stale.json (removes).

	tests := []struct {
		name    string
		extra   tree // added to before
		hook    func(root string) hookFunc
		wantErr []string // substrings of the error
		intrude tree     // what the hook itself left behind (not our doing)
	}{
		{
			name:    "directory in the way of a target",
			extra:   tree{"models/fr-FR.json/": ""},
			wantErr: []string{"models/fr-FR.json: cannot write file: a directory is in the way"},
		},
		{
			name:    "file in the way of a directory",
			extra:   tree{"deploy": "not a dir\n"},
			wantErr: []string{"deploy: cannot use as directory: a file is in the way"},
		},
		{
			name:    "injected failure on the fourth write",
			hook:    failAt("write", "models/en-US.json", errors.New("disk on fire")),
			wantErr: []string{"models/en-US.json: write: disk on fire"},
		},
		{
			name:    "injected failure on the last remove",
			hook:    failAt("remove", "models/zz-stale.json", errors.New("permission denied")),
			wantErr: []string{"models/zz-stale.json: remove: permission denied"},
		},
		{
			name: "real failure midway: a file appears where a directory must be created",
			hook: func(root string) hookFunc {
				return func(op, p string) error {
					if p == "deploy/sam/template.yaml" {
						// A concurrent writer creates deploy/sam as a file after
						// planning; creating the parent directory then fails.
						if err := os.MkdirAll(filepath.Join(root, "deploy"), 0o755); err != nil {
							return err
						}
						return os.WriteFile(filepath.Join(root, "deploy/sam"), []byte("intruder\n"), 0o644)
					}
					return nil
				}
			},
			extra:   tree{"deploy/": ""},
			intrude: tree{"deploy/sam": "intruder\n"},
			wantErr: []string{"deploy/sam/template.yaml: create parent directory: a file is in the way"},
		},
		{
			name: "real failure midway: a directory appears in place of a new file",
			hook: func(root string) hookFunc {
				return func(op, p string) error {
					if p == "models/fr-FR.json" {
						return os.Mkdir(filepath.Join(root, "models/fr-FR.json"), 0o755)
					}
					return nil
				}
			},
			intrude: tree{"models/fr-FR.json/": ""},
			wantErr: []string{"models/fr-FR.json: move new file into place: file exists"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			root := t.TempDir()
			writeTree(t, root, before)
			writeTree(t, root, tc.extra)
			ageTree(t, root)
			want := readTree(t, root)
			for p, c := range tc.intrude {
				want[p] = c
			}
			wantTimes := mtimes(t, root)

			var hook hookFunc
			if tc.hook != nil {
				hook = tc.hook(root)
			}
			rep, err := apply(root, newFiles, prune, hook)
			if err == nil {
				t.Fatalf("apply succeeded (%+v), want error", rep)
			}
			for _, s := range tc.wantErr {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q does not contain %q", err, s)
				}
			}
			var we *Error
			if !errors.As(err, &we) {
				t.Errorf("error %v is not a *write.Error", err)
			}
			if rep.Written != nil || rep.Removed != nil {
				t.Errorf("report %+v after failure, want empty", rep)
			}
			diffTrees(t, readTree(t, root), want)
			for p, w := range wantTimes {
				if g := mtimes(t, root)[p]; !g.Equal(w) {
					t.Errorf("%s: mtime %v, want %v", p, g, w)
				}
			}
		})
	}
}

// failAt returns a hook that fails when the commit reaches op on path, after
// checking that all earlier steps really happened on disk.
func failAt(op, path string, err error) func(root string) hookFunc {
	return func(root string) hookFunc {
		return func(o, p string) error {
			if o == op && p == path {
				return err
			}
			return nil
		}
	}
}

// TestApplyFailureUndoesCommittedSteps checks that a failing step really comes
// after committed ones (so the rollback is exercised, not vacuous).
func TestApplyFailureUndoesCommittedSteps(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, tree{"a.txt": "a1\n", "b.txt": "b1\n", "c.gen.go": genGo})
	want := readTree(t, root)
	var seen []string
	hook := func(op, p string) error {
		// Every earlier step must already be visible on disk.
		switch {
		case op == "write" && p == "b.txt":
			if got, _ := os.ReadFile(filepath.Join(root, "a.txt")); string(got) != "a2\n" {
				t.Errorf("a.txt = %q before the b.txt step, want it already replaced", got)
			}
		case op == "remove":
			if _, err := os.Stat(filepath.Join(root, "n/new.txt")); err != nil {
				t.Errorf("n/new.txt not written before the remove step: %v", err)
			}
			seen = append(seen, op+" "+p)
			return errors.New("boom")
		}
		seen = append(seen, op+" "+p)
		return nil
	}
	_, err := apply(root, files("a.txt", "a2\n", "b.txt", "b2\n", "n/new.txt", "n\n"), []Prune{{Dir: ""}}, hook)
	if err == nil || err.Error() != "c.gen.go: remove: boom" {
		t.Fatalf("err = %v, want c.gen.go: remove: boom", err)
	}
	if w := []string{"write a.txt", "write b.txt", "write n/new.txt", "remove c.gen.go"}; !slices.Equal(seen, w) {
		t.Errorf("steps = %q, want %q", seen, w)
	}
	diffTrees(t, readTree(t, root), want)
}

func TestApplyRefusesBadPaths(t *testing.T) {
	tests := []struct {
		name  string
		files Files
		prune []Prune
		want  string
	}{
		{"parent escape", files("../evil.go", "x"), nil, `../evil.go: invalid output path: path contains ".." and could escape the output root`},
		{"nested escape", files("a/../../evil.go", "x"), nil, `a/../../evil.go: invalid output path: path contains ".."`},
		{"absolute", files("/etc/passwd", "x"), nil, "/etc/passwd: invalid output path: path is absolute"},
		{"empty", files("", "x"), nil, ": invalid output path: empty path"},
		{"unclean", files("a//b.go", "x"), nil, `a//b.go: invalid output path: path is not clean; write it as "a/b.go"`},
		{"dot segment", files("./b.go", "x"), nil, `./b.go: invalid output path: path is not clean; write it as "b.go"`},
		{"root itself", files(".", "x"), nil, ". : invalid"},
		{"backslash", files(`a\b.go`, "x"), nil, `a\b.go: invalid output path: path contains a backslash`},
		{"staging name", files(".skillgen-stage-1/x", "x"), nil, `.skillgen-stage-1/x: invalid output path: paths starting with ".skillgen-stage-" are reserved for staging`},
		{"file and dir", files("a", "x", "a/b", "y"), nil, "a: invalid output path: it is both a file and the directory of a/b"},
		{"prune escape", files("ok.go", "x"), []Prune{{Dir: "../other"}}, `../other: invalid prune dir (prune[0]): path contains ".."`},
		{"prune absolute", files("ok.go", "x"), []Prune{{Dir: "/tmp"}}, `/tmp: invalid prune dir (prune[0]): path is absolute`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			parent := t.TempDir()
			writeTree(t, parent, tree{"other/x.gen.go": genGo})
			root := filepath.Join(parent, "out")
			_, err := Apply(root, tc.files, tc.prune)
			if err == nil {
				t.Fatal("Apply succeeded, want error")
			}
			if tc.name == "root itself" {
				tc.want = ".: invalid output path: path names the output root itself"
			}
			if !strings.HasPrefix(err.Error(), tc.want) {
				t.Errorf("error %q, want prefix %q", err, tc.want)
			}
			if _, serr := os.Stat(root); !os.IsNotExist(serr) {
				t.Errorf("root created although the request was refused")
			}
			diffTrees(t, readTree(t, parent), withDirs(tree{"other/x.gen.go": genGo}))
			if _, _, derr := Diff(root, tc.files, tc.prune); derr == nil || derr.Error() != err.Error() {
				t.Errorf("Diff error %v, want %v", derr, err)
			}
		})
	}
}

func TestApplyRefusesSymlinks(t *testing.T) {
	outside := t.TempDir()
	for _, tc := range []struct {
		name, link, target, write, want string
	}{
		{"symlinked dir", "gen", outside, "gen/a.go", "gen: cannot use as directory: it is a symbolic link"},
		{"symlinked file", "a.go", filepath.Join(outside, "a.go"), "a.go", "a.go: cannot write file: it is a symbolic link"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := t.TempDir()
			if err := os.Symlink(tc.target, filepath.Join(root, tc.link)); err != nil {
				t.Fatal(err)
			}
			_, err := Apply(root, files(tc.write, "x\n"), nil)
			if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
			if ents, _ := os.ReadDir(outside); len(ents) != 0 {
				t.Errorf("wrote through the symlink: %v", ents)
			}
		})
	}
}

func TestApplyRootIsAFile(t *testing.T) {
	root := filepath.Join(t.TempDir(), "f")
	if err := os.WriteFile(root, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Apply(root, files("a.go", "x"), nil)
	if err == nil || !strings.Contains(err.Error(), "not a directory") {
		t.Fatalf("err = %v, want not a directory", err)
	}
}

func TestIsGenerated(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{genGo, true},
		{genYAML, true},
		{"// Code generated by skillgen. DO NOT EDIT.", true},
		{"// Code generated by skillgen from skill.yaml. DO NOT EDIT.\r\npackage x\n", true},
		{"// Code generated by stringer. DO NOT EDIT.\n", false},    // not ours
		{"// Code generated by skillgen from skill.yaml.\n", false}, // no DO NOT EDIT.
		{"// Code generated by skillgen. DO NOT EDIT\n", false},     // missing period
		{"//Code generated by skillgen. DO NOT EDIT.\n", false},     // no space
		{"package x\n// Code generated by skillgen. DO NOT EDIT.\n", false},
		{" // Code generated by skillgen. DO NOT EDIT.\n", false},
		{"/* Code generated by skillgen. DO NOT EDIT. */\n", false},
		{"", false},
		{handGo, false},
	}
	for _, tc := range tests {
		if got := IsGenerated([]byte(tc.in)); got != tc.want {
			t.Errorf("IsGenerated(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
	if !strings.Contains(genGo, Header) {
		t.Errorf("Header %q not in the generated header", Header)
	}
}

func TestApplyFailureRemovesCreatedRoot(t *testing.T) {
	parent := t.TempDir()
	root := filepath.Join(parent, "a", "b")
	hook := func(op, p string) error {
		if p == "z/last.txt" {
			if _, err := os.Stat(filepath.Join(root, "m/first.txt")); err != nil {
				t.Errorf("first file not written before the failing step: %v", err)
			}
			return errors.New("injected")
		}
		return nil
	}
	_, err := apply(root, files("m/first.txt", "1\n", "z/last.txt", "2\n"), nil, hook)
	if err == nil || err.Error() != "z/last.txt: write: injected" {
		t.Fatalf("err = %v", err)
	}
	diffTrees(t, readTree(t, parent), tree{})
}
