// Package smapicheck type-checks generated Alexa files against Amazon's own
// SMAPI model types (npm ask-smapi-model) with the TypeScript compiler:
// each file becomes an object literal assigned to a constant of its SMAPI
// type, so a wrong type, a missing required field and an excess property
// (a misspelled field) are all compile errors, and `tsc --strict --noEmit`
// reports them with the file they came from.
package smapicheck

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

// Kind is a generated file's SMAPI type.
type Kind struct {
	Name string // e.g. skill manifest
	Type string // the TypeScript type in ask-smapi-model
}

// The kinds of generated files and their SMAPI types.
var (
	Manifest = Kind{"skill manifest", "v1.skill.Manifest.SkillManifestEnvelope"}
	Model    = Kind{"interaction model", "v1.skill.interactionModel.InteractionModelData"}
	Linking  = Kind{"account-linking request", "v1.skill.accountLinking.AccountLinkingRequest"}
)

// KindOf returns the SMAPI type of a generated file by its path, or false
// for files that have none.
func KindOf(path string) (Kind, bool) {
	p := filepath.ToSlash(path)
	dir, base := filepath.Base(filepath.Dir(p)), filepath.Base(p)
	switch {
	case base == "skill.json" && dir == "skill-package":
		return Manifest, true
	case base == "accountLinking.json":
		return Linking, true
	case localeJSON.MatchString(base) && (dir == "models" || strings.HasSuffix(filepath.Dir(p), "interactionModels/custom")):
		return Model, true
	}
	return Kind{}, false
}

var localeJSON = regexp.MustCompile(`^[a-z]{2}-[A-Z]{2}\.json$`)

// Find returns every file under root with an SMAPI type, sorted, skipping
// node_modules, bin and hidden directories.
func Find(root string) ([]string, error) {
	var out []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path != root && (d.Name() == "node_modules" || d.Name() == "bin" || strings.HasPrefix(d.Name(), ".")) {
				return filepath.SkipDir
			}
			return nil
		}
		if _, ok := KindOf(path); ok {
			out = append(out, path)
		}
		return nil
	})
	slices.Sort(out)
	return out, err
}

// Checker runs tsc from a node_modules holding typescript and
// ask-smapi-model.
type Checker struct {
	Node        string // node executable
	NodeModules string // absolute path of node_modules
}

// Error lists the files tsc refused, with its messages mapped back to them.
type Error struct {
	Output string // tsc's output, with generated .ts names replaced by the files'
}

func (e *Error) Error() string {
	return "generated files do not match Amazon's SMAPI types:\n" + e.Output
}

// Check type-checks files (paths as given are used in messages). It
// returns an *Error when tsc finds a problem.
func (c Checker) Check(ctx context.Context, files []string) error {
	if len(files) == 0 {
		return errors.New("smapicheck: no files")
	}
	dir, err := os.MkdirTemp("", "smapicheck")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	// node resolves ask-smapi-model from the .ts files' directory upwards.
	if err := os.Symlink(c.NodeModules, filepath.Join(dir, "node_modules")); err != nil {
		return err
	}
	names := map[string]string{}
	var tsFiles []string
	for i, f := range files {
		k, ok := KindOf(f)
		if !ok {
			return fmt.Errorf("smapicheck: %s: not a file with an SMAPI type", f)
		}
		data, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		name := fmt.Sprintf("f%03d.ts", i)
		var b bytes.Buffer
		fmt.Fprintf(&b, "// %s: %s\nimport { v1 } from 'ask-smapi-model';\nexport const file: %s = ", f, k.Name, k.Type)
		b.Write(bytes.TrimSpace(data))
		b.WriteString(";\n")
		if err := os.WriteFile(filepath.Join(dir, name), b.Bytes(), 0o644); err != nil {
			return err
		}
		names[name] = f
		tsFiles = append(tsFiles, name)
	}
	cfg, err := json.Marshal(map[string]any{
		"compilerOptions": map[string]any{"strict": true, "noEmit": true, "pretty": false, "target": "es2020",
			"module": "commonjs", "moduleResolution": "node", "types": []string{}, "skipLibCheck": true},
		"files": tsFiles,
	})
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "tsconfig.json"), cfg, 0o644); err != nil {
		return err
	}
	cmd := exec.CommandContext(ctx, c.Node, filepath.Join(c.NodeModules, "typescript", "bin", "tsc"), "--project", "tsconfig.json")
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err == nil {
		return nil
	}
	var exit *exec.ExitError
	if !errors.As(err, &exit) {
		return fmt.Errorf("smapicheck: running tsc: %w", err)
	}
	// f000.ts(4,3): error TS…: → <file>(line-1,col): error …
	msg := tsPos.ReplaceAllStringFunc(string(out), func(m string) string {
		sm := tsPos.FindStringSubmatch(m)
		var line int
		fmt.Sscan(sm[2], &line)
		return fmt.Sprintf("%s:%d:%s:", names[sm[1]], line-2, sm[3])
	})
	return &Error{Output: strings.TrimSpace(msg)}
}

// tsPos matches tsc's position prefix; the generated .ts has two lines
// before the JSON, so line L of the .ts is line L-2 of the file.
var tsPos = regexp.MustCompile(`(f\d{3}\.ts)\((\d+),(\d+)\):`)
