package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/skillgen/skillgen/generator"
	"github.com/skillgen/skillgen/generator/diag"
	"github.com/skillgen/skillgen/generator/spec"
	"github.com/skillgen/skillgen/generator/write"
	"github.com/skillgen/skillgen/internal/skilltest"
)

// writeSpecs resolves the specs of commands that write or compare outputs
// relative to the working directory: a spec discovered in a parent makes
// its directory the working directory, as gqlgen does with its config.
func writeSpecs(files []string) ([]string, error) {
	paths, err := specArgs(files)
	if err != nil {
		return nil, err
	}
	if len(files) == 0 && filepath.Dir(paths[0]) != "." {
		if err := os.Chdir(filepath.Dir(paths[0])); err != nil {
			return nil, err
		}
		return []string{SpecName}, nil
	}
	return paths, nil
}

func generateCmd() *cobra.Command {
	var files []string
	var quiet, noTests bool
	c := &cobra.Command{
		Use:   "generate [-f skill.yaml]...",
		Short: "write models/, generated/ and deploy files (all or nothing)",
		Long: `Validate each spec and write its outputs: the interaction models, the Go
handlers and Lambda main, and the deploy files (Cognito setup, CloudFormation
template, ASK CLI project, account linking). Either every output is written
or none is. Files that are already up to date are not rewritten; outputs a
spec no longer produces are removed.

A spec with no conversation tests beside it (tests/*.test.yml) also gets a
starter file, tests/<package>.test.yml, with the answers the skill gives
today; an existing test file is never overwritten.`,
		Example: `  skillgen generate
  skillgen generate -f skill.yaml -f 'variants/*/skill.yaml'
  skillgen -C path/to/project generate -q`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			paths, err := writeSpecs(files)
			if err != nil {
				return err
			}
			return generate(cmd, paths, quiet, !noTests)
		},
	}
	addSpecFlag(c, &files, true)
	c.Flags().BoolVarP(&quiet, "quiet", "q", false, "print nothing on success")
	c.Flags().BoolVar(&noTests, "no-tests", false, "do not write a starter test file")
	return c
}

func checkCmd() *cobra.Command {
	var files []string
	var quiet bool
	c := &cobra.Command{
		Use:   "check [-f skill.yaml]...",
		Short: "render in memory and fail with a diff if committed outputs are stale",
		Long: `Render every output in memory and compare it with the files on disk. Exit 1
with a unified diff when any is stale (CI runs this), 0 when all are up to
date. Nothing is written.`,
		Example: `  skillgen check
  skillgen check -f skill.yaml -f 'variants/*/skill.yaml'`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			paths, err := writeSpecs(files)
			if err != nil {
				return err
			}
			return check(paths, quiet, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	addSpecFlag(c, &files, true)
	c.Flags().BoolVarP(&quiet, "quiet", "q", false, "print nothing on success")
	return c
}

func validateCmd() *cobra.Command {
	var files []string
	var quiet, asJSON bool
	c := &cobra.Command{
		Use:   "validate [-f skill.yaml]...",
		Short: "check the spec and report every problem",
		Long: `Load and validate each spec and report every problem at once, sorted, as
file:line:col: path.in.spec: what is wrong; how to fix it

With --json the problems are printed to standard output as a JSON array of
objects {file, line, col, path, message, fix} (an empty array when the spec
is valid), for editors and CI annotations.`,
		Example: `  skillgen validate
  skillgen validate --json | jq -r '.[] | "\(.file):\(.line): \(.message)"'`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			paths, err := specArgs(files)
			if err != nil {
				return err
			}
			return validateSpecs(paths, quiet, asJSON, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	addSpecFlag(c, &files, true)
	c.Flags().BoolVarP(&quiet, "quiet", "q", false, "print nothing on success")
	c.Flags().BoolVar(&asJSON, "json", false, "print the problems as JSON objects (file, line, col, path, message, fix)")
	return c
}

func schemaCmd() *cobra.Command {
	var out string
	c := &cobra.Command{
		Use:   "schema",
		Short: "print the JSON Schema of skill.yaml",
		Long: `Print the JSON Schema of skill.yaml, generated from the spec's Go types.
Editors with a YAML language server complete and check keys with it; the
bundled skill.yaml points at generator/spec/skill.schema.json on line 1.`,
		Example: `  skillgen schema > skill.schema.json
  skillgen schema -o generator/spec/skill.schema.json   # rewritten only when it changed`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if out == "" {
				_, err := cmd.OutOrStdout().Write(spec.SchemaJSON)
				return err
			}
			if _, err := write.Apply(".", write.Files{filepath.ToSlash(out): spec.SchemaJSON}, nil); err != nil {
				return &exitError{code: 1, msg: err.Error()}
			}
			return nil
		},
	}
	c.Flags().StringVarP(&out, "output", "o", "", "write the schema to `file` (only when it changed) instead of standard output")
	return c
}

// noArgs refuses positional arguments with a usage error.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		if cmd.Flags().Lookup("file") != nil {
			return usageErr("unexpected argument %q (specs are given with -f)", args[0])
		}
		return usageErr("unexpected argument %q", args[0])
	}
	return nil
}

// render renders the specs and keeps the state other tools own in the
// existing outputs (the endpoint ask deploy writes into skill.json).
func render(paths []string, stderr io.Writer) *generator.Output {
	out, err := generator.Render(paths)
	if err == nil {
		err = generator.KeepState(out, generator.ReadFrom("."))
	}
	if err != nil {
		fmt.Fprintln(stderr, err)
		return nil
	}
	return out
}

func generate(cmd *cobra.Command, paths []string, quiet, starters bool) error {
	stdout, stderr := cmd.OutOrStdout(), cmd.ErrOrStderr()
	out := render(paths, stderr)
	if out == nil {
		return failed
	}
	rep, err := write.Apply(".", out.Files, out.Prune)
	if err != nil {
		fmt.Fprintf(stderr, "skillgen generate: %v\nno output was changed\n", err)
		return failed
	}
	var tests []string
	if starters {
		if tests, err = writeStarters(cmd, paths); err != nil {
			fmt.Fprintf(stderr, "skillgen generate: starter tests: %v\n", err)
			return failed
		}
	}
	if !quiet {
		for _, p := range rep.Written {
			fmt.Fprintf(stdout, "wrote   %s\n", p)
		}
		for _, p := range rep.Removed {
			fmt.Fprintf(stdout, "removed %s\n", p)
		}
		for _, p := range tests {
			fmt.Fprintf(stdout, "wrote   %s (starter conversation tests: skillgen test)\n", p)
		}
		fmt.Fprintf(stdout, "%d written, %d unchanged, %d removed\n", len(rep.Written)+len(tests), len(rep.Unchanged), len(rep.Removed))
	}
	return nil
}

// writeStarters writes tests/<package>.test.yml beside each spec whose
// tests/ holds no test file; it never overwrites a file.
func writeStarters(cmd *cobra.Command, paths []string) ([]string, error) {
	var wrote []string
	for _, p := range paths {
		dir := filepath.Join(filepath.Dir(p), "tests")
		if skilltest.HasTests(dir) {
			continue
		}
		s, err := generator.Build(p)
		if err != nil {
			return wrote, err
		}
		path := skilltest.StarterPath(p, s.Package)
		text, _, err := skilltest.Starter(cmd.Context(), s, path)
		if err != nil {
			return wrote, err
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return wrote, err
		}
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, os.ErrExist) {
			continue
		}
		if err != nil {
			return wrote, err
		}
		_, werr := f.Write(text)
		if err := errors.Join(werr, f.Close()); err != nil {
			os.Remove(path)
			return wrote, err
		}
		wrote = append(wrote, filepath.ToSlash(path))
	}
	return wrote, nil
}

func check(paths []string, quiet bool, stdout, stderr io.Writer) error {
	out := render(paths, stderr)
	if out == nil {
		return failed
	}
	diff, changed, err := write.Diff(".", out.Files, out.Prune)
	if err != nil {
		fmt.Fprintf(stderr, "skillgen check: %v\n", err)
		return failed
	}
	if len(changed) > 0 {
		fmt.Fprint(stdout, diff)
		fmt.Fprintf(stderr, "skillgen check: %d generated file(s) are stale: %s\nrun `go generate ./...` (or skillgen generate) and commit the result\n",
			len(changed), strings.Join(changed, ", "))
		return failed
	}
	if !quiet {
		fmt.Fprintf(stdout, "%d files up to date (%s)\n", len(out.Files), strings.Join(paths, ", "))
	}
	return nil
}

// Problem is one diagnostic as validate --json prints it.
type Problem struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Col     int    `json:"col"`
	Path    string `json:"path"`
	Message string `json:"message"`
	Fix     string `json:"fix"`
}

func validateSpecs(paths []string, quiet, asJSON bool, stdout, stderr io.Writer) error {
	problems := []Problem{}
	bad := false
	for _, p := range paths {
		s, err := generator.Build(p)
		if err == nil {
			if !quiet && !asJSON {
				fmt.Fprintln(stdout, "ok", generator.Summary(s))
			}
			continue
		}
		bad = true
		if !asJSON {
			fmt.Fprintln(stderr, err)
			continue
		}
		var dl diag.List
		if errors.As(err, &dl) {
			for _, d := range dl {
				problems = append(problems, Problem{File: d.Pos.File, Line: d.Pos.Line, Col: d.Pos.Col, Path: d.Path, Message: d.Msg, Fix: d.Fix})
			}
			continue
		}
		problems = append(problems, Problem{File: filepath.ToSlash(p), Message: err.Error()})
	}
	if asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(problems); err != nil {
			return err
		}
	}
	if bad {
		return failed
	}
	return nil
}
