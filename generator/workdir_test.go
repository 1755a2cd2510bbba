package generator

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// Generated files name their spec and output directory relative to the
// module root, so generate (or check) run in a variant's own directory
// renders the bytes generate at the root wrote: a team's CI may run either.
func TestOutputsSameFromAnyDirectory(t *testing.T) {
	t.Chdir("..")
	root, err := Render([]string{"variants/membercard/skill.yaml"})
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(filepath.Join("variants", "membercard"))
	here, err := Render([]string{"skill.yaml"})
	if err != nil {
		t.Fatal(err)
	}
	if len(here.Files) == 0 || len(here.Files) != len(root.Files) {
		t.Fatalf("%d files from the variant's directory, %d from the root", len(here.Files), len(root.Files))
	}
	for name, b := range here.Files {
		want, ok := root.Files["variants/membercard/"+name]
		if !ok {
			t.Errorf("%s: not rendered from the root", name)
			continue
		}
		if !bytes.Equal(b, want) {
			t.Errorf("%s differs when generated from the variant's directory", name)
		}
	}
	// and the committed files are those bytes
	for name, b := range here.Files {
		committed, err := os.ReadFile(filepath.FromSlash(name))
		if err != nil || !bytes.Equal(committed, b) {
			t.Errorf("%s: committed file differs (%v)", name, err)
		}
	}
}
