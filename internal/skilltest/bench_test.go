package skilltest

import (
	"context"
	"path/filepath"
	"testing"
)

// BenchmarkBundledTests runs the bundled skill's conversation files (16
// conversations in two locales) once per iteration; parsing included,
// building the skill from the spec not.
func BenchmarkBundledTests(b *testing.B) {
	s := bundled(b)
	paths, err := filepath.Glob("../../tests/*.test.yml")
	if err != nil || len(paths) == 0 {
		b.Fatal("no bundled tests")
	}
	b.ReportAllocs()
	for b.Loop() {
		var files []*File
		for _, p := range paths {
			f, err := ParseFile(p)
			if err != nil {
				b.Fatal(err)
			}
			files = append(files, f)
		}
		rep, err := Run(context.Background(), s, files, Options{})
		if err != nil || rep.Failed() {
			b.Fatal("bundled tests fail", err)
		}
	}
}
