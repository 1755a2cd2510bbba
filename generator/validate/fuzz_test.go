package validate_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/skillgen/skillgen/generator/diag"
	"github.com/skillgen/skillgen/generator/spec"
	"github.com/skillgen/skillgen/generator/validate"
)

type memFS map[string][]byte

func (m memFS) ReadFile(name string) ([]byte, error) {
	if b, ok := m[filepath.ToSlash(name)]; ok {
		return b, nil
	}
	return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
}

// FuzzLoadAndBuild: any bytes as skill.yaml (optionally extending a valid
// base) load and validate without panicking, and every problem is a
// positioned diagnostic naming the file.
func FuzzLoadAndBuild(f *testing.F) {
	base, err := os.ReadFile("../../skill.yaml")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(base)
	seeds, _ := filepath.Glob("../../testdata/*/skill.yaml")
	for _, s := range seeds {
		if b, err := os.ReadFile(s); err == nil {
			f.Add(b)
		}
	}
	if b, err := os.ReadFile("../../internal/dialog/testdata/all-locales/skill.yaml"); err == nil {
		f.Add(b) // every language's rules
	}
	f.Add([]byte("extends: base.yaml\nskill: {package: v}\n"))
	f.Add([]byte("extends: base.yaml\nskill: {package: v, primaryLocale: en-GB}\nlocales: [en-GB]\npublishing: {category: null, examplePhrases: {omit: true}}\nmessages: {help: {reprompt: ~}}\n"))
	f.Add([]byte("extends: base.yaml\nskill: {package: v}\nmessages: {help: {card: {omit: true}}}\nintents: [{name: X, samples: &a [x], speech: *a}]\n"))
	f.Add([]byte("extends: skill.yaml\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fsys := memFS{"skill.yaml": data, "base.yaml": base}
		ld, err := spec.LoadFS(fsys, "skill.yaml")
		if err == nil {
			_, err = validate.Build(ld)
		}
		if err == nil {
			return
		}
		var dl diag.List
		if !errors.As(err, &dl) {
			t.Fatalf("error is not a diagnostic list: %v", err)
		}
		for _, d := range dl {
			if d.Pos.File == "" || d.Msg == "" {
				t.Fatalf("unpositioned diagnostic: %q", d.String())
			}
		}
	})
}
