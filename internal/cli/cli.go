// Package cli is the skillgen command line: generate, check, validate,
// schema, init, build, version, provision, dialog and serve. Each command's
// logic lives in its own package (internal/scaffold, internal/build,
// internal/version, …); this package parses flags and prints.
package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"

	"github.com/skillgen/skillgen/generator"
	"github.com/skillgen/skillgen/generator/spec"
	"github.com/skillgen/skillgen/generator/write"
	"github.com/skillgen/skillgen/internal/dialog"
	"github.com/skillgen/skillgen/internal/provision"
	"github.com/skillgen/skillgen/internal/serve"
	"github.com/skillgen/skillgen/internal/version"
)

// Command is an extra subcommand (provision, dialog, serve) that parses its
// own flags.
type Command func(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int

// Commands are the extra subcommands, by name, with a one-line summary.
var Commands = map[string]struct {
	Run     Command
	Summary string
}{
	"provision": {func(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) int {
		return provision.Command(ctx, args, stdout, stderr)
	}, "create or update the Cognito user pool, client and domain (idempotent; --dry-run)"},
	"dialog": {dialog.Command, "talk to the skill locally: resolve utterances, run the handlers, print the answers"},
	"serve":  {serve.Command, "host the skill as a verified HTTPS endpoint (Alexa request signatures checked)"},
	"build":  {buildCommand, "build the Lambda bootstrap and zip for the spec's architecture (ask deploy uploads it)"},
	"init":   {initCommand, "start a skill in this directory: skill.yaml, go:generate file, go.mod tool line, .gitignore"},
	"version": {func(_ context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) int {
		if len(args) > 0 {
			fmt.Fprintln(stderr, "skillgen version: takes no arguments")
			return 2
		}
		fmt.Fprintln(stdout, version.String())
		return 0
	}, "print skillgen's module version"},
}

const usage = `skillgen turns skill.yaml into a complete Alexa skill with Cognito account linking.

Usage: skillgen [-C dir] <command> [-f skill.yaml]... [flags]

Commands:
  generate   write models/, generated/ and deploy files (all or nothing)
  check      render in memory and fail with a diff if committed outputs are stale
  validate   check the spec and report every problem
  schema     print the JSON Schema of skill.yaml
%s
-f may be repeated and may be a glob; it defaults to skill.yaml.
-C runs in dir, like go -C; outputs are written relative to it.
--version prints the version, like skillgen version.
`

// Run runs skillgen with args (without the program name) and returns the
// exit code: 0 ok, 1 problems found (invalid spec, stale outputs), 2 usage.
func Run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) > 0 && (args[0] == "--version" || args[0] == "-version") {
		fmt.Fprintln(stdout, version.String())
		return 0
	}
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprintf(stderr, usage, extraUsage())
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	if args[0] == "-C" {
		if len(args) < 2 {
			fmt.Fprintln(stderr, "skillgen: -C needs a directory")
			return 2
		}
		if err := os.Chdir(args[1]); err != nil {
			fmt.Fprintf(stderr, "skillgen: %v\n", err)
			return 2
		}
		return Run(args[2:], stdin, stdout, stderr)
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "generate", "check", "validate":
		fs := flag.NewFlagSet("skillgen "+cmd, flag.ContinueOnError)
		fs.SetOutput(stderr)
		var files specFlag
		fs.Var(&files, "f", "spec file (repeatable, glob allowed; default skill.yaml)")
		quiet := fs.Bool("q", false, "print nothing on success")
		if err := fs.Parse(rest); err != nil {
			return 2
		}
		if fs.NArg() > 0 {
			fmt.Fprintf(stderr, "skillgen %s: unexpected argument %q\n", cmd, fs.Arg(0))
			return 2
		}
		paths, err := files.paths()
		if err != nil {
			fmt.Fprintf(stderr, "skillgen %s: %v\n", cmd, err)
			return 2
		}
		switch cmd {
		case "generate":
			return generate(paths, *quiet, stdout, stderr)
		case "check":
			return check(paths, *quiet, stdout, stderr)
		default:
			return validateCmd(paths, *quiet, stdout, stderr)
		}
	case "schema":
		fs := flag.NewFlagSet("skillgen schema", flag.ContinueOnError)
		fs.SetOutput(stderr)
		out := fs.String("o", "", "write the schema to this file (only when it changed) instead of stdout")
		if err := fs.Parse(rest); err != nil {
			return 2
		}
		if fs.NArg() > 0 {
			fmt.Fprintf(stderr, "skillgen schema: unexpected argument %q\n", fs.Arg(0))
			return 2
		}
		if *out == "" {
			_, _ = stdout.Write(spec.SchemaJSON)
			return 0
		}
		if _, err := write.Apply(".", write.Files{filepath.ToSlash(*out): spec.SchemaJSON}, nil); err != nil {
			fmt.Fprintf(stderr, "skillgen schema: %v\n", err)
			return 1
		}
		return 0
	}
	if c, ok := Commands[cmd]; ok {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		defer stop()
		return c.Run(ctx, rest, stdin, stdout, stderr)
	}
	fmt.Fprintf(stderr, "skillgen: unknown command %q\n\n", cmd)
	fmt.Fprintf(stderr, usage, extraUsage())
	return 2
}

func extraUsage() string {
	var names []string
	for n := range Commands {
		names = append(names, n)
	}
	slices.Sort(names)
	var b strings.Builder
	for _, n := range names {
		fmt.Fprintf(&b, "  %-10s %s\n", n, Commands[n].Summary)
	}
	return b.String()
}

// specFlag collects -f values.
type specFlag []string

func (s *specFlag) String() string     { return strings.Join(*s, ",") }
func (s *specFlag) Set(v string) error { *s = append(*s, v); return nil }

func (s specFlag) paths() ([]string, error) {
	if len(s) == 0 {
		return []string{"skill.yaml"}, nil
	}
	var out []string
	for _, p := range s {
		if !strings.ContainsAny(p, "*?[") {
			out = append(out, p)
			continue
		}
		m, err := filepath.Glob(p)
		if err != nil {
			return nil, fmt.Errorf("bad pattern %q: %v", p, err)
		}
		if len(m) == 0 {
			return nil, fmt.Errorf("no spec matches %q", p)
		}
		out = append(out, m...)
	}
	slices.Sort(out)
	return slices.Compact(out), nil
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

func generate(paths []string, quiet bool, stdout, stderr io.Writer) int {
	out := render(paths, stderr)
	if out == nil {
		return 1
	}
	rep, err := write.Apply(".", out.Files, out.Prune)
	if err != nil {
		fmt.Fprintf(stderr, "skillgen generate: %v\nno output was changed\n", err)
		return 1
	}
	if !quiet {
		for _, p := range rep.Written {
			fmt.Fprintf(stdout, "wrote   %s\n", p)
		}
		for _, p := range rep.Removed {
			fmt.Fprintf(stdout, "removed %s\n", p)
		}
		fmt.Fprintf(stdout, "%d written, %d unchanged, %d removed\n", len(rep.Written), len(rep.Unchanged), len(rep.Removed))
	}
	return 0
}

func check(paths []string, quiet bool, stdout, stderr io.Writer) int {
	out := render(paths, stderr)
	if out == nil {
		return 1
	}
	diff, changed, err := write.Diff(".", out.Files, out.Prune)
	if err != nil {
		fmt.Fprintf(stderr, "skillgen check: %v\n", err)
		return 1
	}
	if len(changed) > 0 {
		fmt.Fprint(stdout, diff)
		fmt.Fprintf(stderr, "skillgen check: %d generated file(s) are stale: %s\nrun `go generate ./...` (or skillgen generate) and commit the result\n",
			len(changed), strings.Join(changed, ", "))
		return 1
	}
	if !quiet {
		fmt.Fprintf(stdout, "%d files up to date (%s)\n", len(out.Files), strings.Join(paths, ", "))
	}
	return 0
}

func validateCmd(paths []string, quiet bool, stdout, stderr io.Writer) int {
	code := 0
	for _, p := range paths {
		s, err := generator.Build(p)
		if err != nil {
			fmt.Fprintln(stderr, err)
			code = 1
			continue
		}
		if !quiet {
			fmt.Fprintln(stdout, "ok", generator.Summary(s))
		}
	}
	return code
}
