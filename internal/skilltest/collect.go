package skilltest

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// IsTestFile reports whether a file found in a directory is a test file:
// *.test.yml, *.test.yaml, *.spec.yml or *.spec.yaml (profiles and other
// YAML beside them are not).
func IsTestFile(name string) bool {
	for _, suf := range []string{".test.yml", ".test.yaml", ".spec.yml", ".spec.yaml"} {
		if strings.HasSuffix(name, suf) {
			return true
		}
	}
	return false
}

// MaxFiles bounds how many test files one run reads.
const MaxFiles = 10000

// Collect expands arguments to test files: a file is taken as given, a
// directory is searched recursively for test files. The result is sorted.
func Collect(args []string) ([]string, error) {
	var out []string
	for _, a := range args {
		st, err := os.Stat(a)
		if err != nil {
			return nil, fmt.Errorf("%s: no such test file or directory", a)
		}
		if !st.IsDir() {
			out = append(out, filepath.Clean(a))
			continue
		}
		n := 0
		err = filepath.WalkDir(a, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && p != a && (strings.HasPrefix(d.Name(), ".") || d.Name() == "node_modules") {
				return filepath.SkipDir
			}
			if !d.IsDir() && IsTestFile(d.Name()) {
				out = append(out, p)
				n++
			}
			if len(out) > MaxFiles {
				return fmt.Errorf("more than %d test files", MaxFiles)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		if n == 0 {
			return nil, fmt.Errorf("%s: no test files (*.test.yml) in the directory", a)
		}
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

// HasTests reports whether dir holds a test file.
func HasTests(dir string) bool {
	found := false
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || found {
			return filepath.SkipDir
		}
		if !d.IsDir() && IsTestFile(d.Name()) {
			found = true
		}
		return nil
	})
	return found
}
