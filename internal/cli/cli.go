// Package cli is the skillgen command line, built on spf13/cobra: init,
// generate, check, validate, schema, test, invoke, dialog, serve, build,
// provision, version, help and completion. Each command's logic lives in its
// own package (internal/scaffold, internal/build, internal/skilltest, …);
// this package parses flags and prints.
//
// Exit codes: 0 success, 1 problems found (an invalid spec, stale outputs,
// a failed conversation test), 2 usage (an unknown command or flag, a bad
// argument).
package cli

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skillgen/skillgen/internal/dialog"
	"github.com/skillgen/skillgen/internal/provision"
	"github.com/skillgen/skillgen/internal/serve"
	"github.com/skillgen/skillgen/internal/version"
)

// Command is an extra subcommand (provision, dialog, serve) that parses its
// own flags with the standard flag package and returns its exit code.
type Command func(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int

// Commands are the extra subcommands, by name: a one-line summary, a longer
// description and examples for --help. Their flags are shown and completed
// from the command's own flag set.
var Commands = map[string]struct {
	Run     Command
	Summary string
	Long    string
	Example string
}{
	"provision": {func(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) int {
		return provision.Command(ctx, args, stdout, stderr)
	}, "create or update the Cognito user pool, client and domain (idempotent; --dry-run)",
		`Creates or updates the skill's Cognito user pool, app client and OAuth domain
as generated/<package>/deploy/cognito.json says, with the AWS SDK's default
credential chain. It plans first, never deletes, and refuses (changing
nothing) what a pool cannot take in place. Then it writes the account-linking
request with the client ID and secret (accountLinking.local.json, git-ignored)
and prints the ask command that applies it.`,
		`  skillgen provision --dry-run
  skillgen provision --vendor-id M12AB34CD56EF7 --skill-id amzn1.ask.skill.…`},
	"dialog": {dialog.Command, "talk to the skill locally: resolve utterances, run the handlers, print the answers",
		`Talk to the skill on this machine: each utterance is resolved against the
skill's interaction model as Alexa would, sent to the skill's handlers as an
Alexa request, and the answer printed. Utterances given as arguments are said
in turn in one session; without, lines are read from standard input (end with
EOF or ":q"). The profile comes from a YAML file (--profile) or from Cognito
(--access-token); without either the account is not linked.`,
		`  skillgen dialog --profile testdata/alice.yaml "open link demo" "what is my name"
  skillgen dialog --locale en-GB --profile testdata/alice.yaml "what is my number"
  skillgen dialog --json "open link demo"      # also print requests and responses`},
	"serve": {serve.Command, "host the skill as a verified HTTPS endpoint (Alexa request signatures checked)",
		`Host the skill as an Alexa HTTPS endpoint. Every request is verified as Alexa
requires of self-hosted endpoints (certificate chain, signature, timestamp,
skill ID) and refused with 400 otherwise. Serve TLS with --tls-cert and
--tls-key, or plain HTTP behind a TLS-terminating proxy. Profiles come from
Cognito GetUser, cached per token. --insecure-skip-signature is for local
tests only (bst test, virtual-alexa).`,
		`  skillgen serve --addr 127.0.0.1:8443 --tls-cert cert.pem --tls-key key.pem
  skillgen serve --insecure-skip-signature --cognito-endpoint http://127.0.0.1:9229`},
	"build": {buildCommand, "build the Lambda bootstrap and zip for the spec's architecture (ask deploy uploads it)",
		`Build the skill's Lambda bootstrap (provided.al2023, the spec's
lambda.architecture) into <output.code>/deploy/build/, which ask deploy
uploads, and a reproducible zip (default dist/<package>-<arch>.zip).`,
		`  skillgen build
  skillgen build --arch arm64 -o dist/skill.zip`},
	"init": {initCommand, "start a skill in this directory: skill.yaml, go:generate file, go.mod tool line, .gitignore",
		`Start a skill in this directory (empty, or holding a go.mod): skill.yaml, the
go:generate file, the go.mod tool line and .gitignore. It never overwrites a
file.`,
		`  skillgen init
  skillgen init --package weather --invocation "weather friend" --locales en-US,en-GB
  skillgen init --locales de-DE,fr-FR    # German and French text`},
	"version": {func(_ context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) int {
		if len(args) > 0 {
			fmt.Fprintln(stderr, "skillgen version: takes no arguments")
			return 2
		}
		fmt.Fprintln(stdout, version.String())
		return 0
	}, "print skillgen's module version", `Print skillgen's module version, from the build information (also
skillgen --version).`, `  skillgen version`},
}

const exitCodes = `Exit status: 0 success; 1 problems found (invalid spec, stale outputs,
failed tests); 2 usage (unknown command or flag, bad argument).`

// exitError carries an exit code through cobra.
type exitError struct {
	code int
	msg  string // printed to stderr when not empty
}

func (e *exitError) Error() string { return e.msg }

// usageErr is an exit-2 error.
func usageErr(format string, args ...any) error {
	return &exitError{code: 2, msg: fmt.Sprintf(format, args...)}
}

// failed is exit 1 with nothing more to print (the command printed it).
var failed = &exitError{code: 1}

// Run runs skillgen with args (without the program name) and returns the
// exit code: 0 ok, 1 problems found, 2 usage.
func Run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	root := newRoot(ctx, stdin, stdout, stderr, showsFlags(args))
	root.SetArgs(args)
	if len(args) > 0 && (args[0] == "--version" || args[0] == "-version") {
		fmt.Fprintln(stdout, version.String())
		return 0
	}
	if len(args) == 0 {
		root.SetOut(stderr)
		_ = root.Help()
		return 2
	}
	if len(args) > 0 && strings.HasPrefix(args[0], cobra.ShellCompRequestCmd) {
		plainUsages(root)
	}
	cmd, err := root.ExecuteC()
	if err == nil {
		return 0
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.msg != "" {
			fmt.Fprintf(stderr, "%s: %s\n", cmd.CommandPath(), ee.msg)
			if ee.code == 2 {
				fmt.Fprintf(stderr, "Run '%s --help' for usage.\n", cmd.CommandPath())
			}
		}
		return ee.code
	}
	// cobra's own errors: unknown command, unknown flag, bad arguments.
	msg := err.Error()
	fmt.Fprintf(stderr, "%s: %s\n", cmd.CommandPath(), msg)
	if strings.HasPrefix(msg, "unknown command") {
		fmt.Fprintf(stderr, "Run 'skillgen help' for the commands.\n")
	} else {
		fmt.Fprintf(stderr, "Run '%s --help' for usage.\n", cmd.CommandPath())
	}
	return 2
}

// globals are the flags every command has.
type globals struct {
	dir string
}

// showsFlags reports whether a run may show or complete the flags of the
// wrapped commands (help, completion); reading them costs more than the
// rest of the command tree.
func showsFlags(args []string) bool {
	if len(args) == 0 || strings.HasPrefix(args[0], "__complete") {
		return true
	}
	return slices.ContainsFunc(args, func(a string) bool {
		return a == "help" || a == "-h" || a == "--help" || a == "-help" || a == "--h"
	})
}

func newRoot(ctx context.Context, stdin io.Reader, stdout, stderr io.Writer, withFlags bool) *cobra.Command {
	g := &globals{}
	root := &cobra.Command{
		Use:   "skillgen",
		Short: "turn skill.yaml into a complete Alexa skill with Cognito account linking",
		Long: `skillgen turns one declarative skill.yaml into a complete, personalized Alexa
custom skill backed by Amazon Cognito account linking: interaction models, Go
handlers and a Lambda runtime, the Cognito setup, a CloudFormation template,
the ASK CLI project; and it tests, runs and serves the skill locally.

Commands that read the spec take -f (repeatable, globs allowed). Without -f
the spec is skill.yaml in the current directory or the nearest parent.`,
		Example: `  skillgen generate                       # write models/, generated/ (and a starter tests/)
  skillgen check -f skill.yaml -f 'variants/*/skill.yaml'
  skillgen validate --json
  skillgen test                           # run tests/*.test.yml
  skillgen dialog --profile testdata/alice.yaml "open link demo"
  skillgen completion bash > /etc/bash_completion.d/skillgen`,
		SilenceUsage:      true,
		SilenceErrors:     true,
		CompletionOptions: cobra.CompletionOptions{HiddenDefaultCmd: false},
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			if g.dir != "" {
				if err := os.Chdir(g.dir); err != nil {
					return usageErr("-C: %v", err)
				}
			}
			return nil
		},
	}
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetContext(ctx)
	root.PersistentFlags().StringVarP(&g.dir, "chdir", "C", "", "run in `dir`, like go -C and git -C; outputs are written relative to it")
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return usageErr("%v", err) })
	root.SetUsageFunc(func(c *cobra.Command) error {
		_, err := io.WriteString(c.OutOrStderr(), usage(c))
		return err
	})
	root.SetHelpFunc(func(c *cobra.Command, _ []string) {
		_, _ = io.WriteString(c.OutOrStdout(), help(c))
	})

	root.AddGroup(&cobra.Group{ID: "spec", Title: "Generate and check:"}, &cobra.Group{ID: "run", Title: "Test and run the skill:"}, &cobra.Group{ID: "deploy", Title: "Deploy:"})
	for _, c := range []*cobra.Command{generateCmd(), checkCmd(), validateCmd(), schemaCmd()} {
		c.GroupID = "spec"
		root.AddCommand(c)
	}
	for _, c := range []*cobra.Command{testCmd(), invokeCmd()} {
		c.GroupID = "run"
		root.AddCommand(c)
	}
	names := make([]string, 0, len(Commands))
	for n := range Commands {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		c := passthrough(n, withFlags)
		switch n {
		case "dialog", "serve":
			c.GroupID = "run"
		case "provision", "build":
			c.GroupID = "deploy"
		case "init":
			c.GroupID = "spec"
		default:
			c.GroupID = "more"
		}
		root.AddCommand(c)
	}
	root.AddGroup(&cobra.Group{ID: "more", Title: "More:"})
	root.SetHelpCommandGroupID("more")
	root.SetCompletionCommandGroupID("more")
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		if c.Name() == "completion" {
			c.Args = cobra.ArbitraryArgs
			c.RunE = func(c *cobra.Command, args []string) error {
				if len(args) > 0 {
					return usageErr("no completion for %q; choose bash, zsh, fish or powershell", args[0])
				}
				return usageErr("name the shell: bash, zsh, fish or powershell")
			}
			c.Example = `  source <(skillgen completion bash)
  skillgen completion zsh > "${fpath[1]}/_skillgen"
  skillgen completion fish > ~/.config/fish/completions/skillgen.fish`
		}
		if c.Name() == "help" {
			c.Example = "  skillgen help test"
			// cobra's own prints "Unknown help topic" and the usage, exit 0.
			c.Run = nil
			c.RunE = func(c *cobra.Command, args []string) error {
				cmd, rest, err := c.Root().Find(args)
				if err != nil || len(rest) > 0 || cmd == nil {
					return fmt.Errorf("unknown command %q for %q", strings.Join(args, " "), c.Root().Name())
				}
				cmd.InitDefaultHelpFlag()
				return cmd.Help()
			}
		}
	}
	return root
}

// usage and help are written in Go rather than as cobra templates: a
// template links text/template, whose reflective method calls turn off the
// linker's dead-code elimination (cobra PR 1956), which made the binary
// 18.6 MB (56%) larger.
func usage(c *cobra.Command) string {
	var b strings.Builder
	b.WriteString("Usage:")
	if c.Runnable() {
		b.WriteString("\n  " + c.UseLine())
	}
	if c.HasAvailableSubCommands() {
		b.WriteString("\n  " + c.CommandPath() + " [command]")
	}
	if c.HasExample() {
		b.WriteString("\n\nExamples:\n" + c.Example)
	}
	if c.HasAvailableSubCommands() {
		list := func(title, group string) {
			var lines []string
			for _, sub := range c.Commands() {
				if sub.GroupID == group && (sub.IsAvailableCommand() || sub.Name() == "help") {
					lines = append(lines, fmt.Sprintf("  %-*s %s", sub.NamePadding(), sub.Name(), sub.Short))
				}
			}
			if len(lines) > 0 {
				b.WriteString("\n\n" + title + "\n" + strings.Join(lines, "\n"))
			}
		}
		for _, g := range c.Groups() {
			list(g.Title, g.ID)
		}
		list("Commands:", "")
	}
	if c.HasAvailableLocalFlags() {
		b.WriteString("\n\nFlags:\n" + strings.TrimRight(c.LocalFlags().FlagUsages(), " \n"))
	}
	if c.HasAvailableInheritedFlags() {
		b.WriteString("\n\nGlobal flags:\n" + strings.TrimRight(c.InheritedFlags().FlagUsages(), " \n"))
	}
	if c.HasAvailableSubCommands() {
		fmt.Fprintf(&b, "\n\nUse \"%s [command] --help\" for more about a command.", c.CommandPath())
	}
	b.WriteString("\n\n" + exitCodes + "\n")
	return b.String()
}

func help(c *cobra.Command) string {
	var b strings.Builder
	if d := strings.TrimRight(cmp.Or(c.Long, c.Short), " \n"); d != "" {
		b.WriteString(d + "\n\n")
	}
	if c.Runnable() || c.HasSubCommands() {
		b.WriteString(usage(c))
	}
	return b.String()
}

// specArgs resolves -f values: globs expanded, sorted, deduplicated; none
// means skill.yaml found in the current directory or the nearest parent.
func specArgs(files []string) ([]string, error) {
	if len(files) == 0 {
		p, err := FindSpec(".")
		if err != nil {
			return nil, err
		}
		return []string{p}, nil
	}
	var out []string
	for _, p := range files {
		if !strings.ContainsAny(p, "*?[") {
			out = append(out, p)
			continue
		}
		m, err := filepath.Glob(p)
		if err != nil {
			return nil, usageErr("-f: bad pattern %q: %v", p, err)
		}
		if len(m) == 0 {
			return nil, usageErr("-f: no spec matches %q", p)
		}
		out = append(out, m...)
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

// SpecName is the spec file discovery looks for.
const SpecName = "skill.yaml"

// FindSpec finds skill.yaml in dir or its nearest parent, as gqlgen finds
// gqlgen.yml, and returns its path relative to dir (skill.yaml,
// ../skill.yaml, …). It stops at the filesystem root.
func FindSpec(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	rel := ""
	for d := abs; ; d = filepath.Dir(d) {
		p := filepath.Join(d, SpecName)
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return filepath.Join(rel, SpecName), nil
		}
		if filepath.Dir(d) == d {
			break
		}
		rel = filepath.Join(rel, "..")
	}
	return "", &exitError{code: 1, msg: fmt.Sprintf("no %s in %s or any parent directory; give one with -f, or create one", SpecName, abs)}
}

// addSpecFlag adds -f for commands that read specs.
func addSpecFlag(c *cobra.Command, files *[]string, many bool) {
	help := "spec file (default: skill.yaml here or in the nearest parent)"
	if many {
		help = "spec `file` (repeatable, glob allowed; default: skill.yaml here or in the nearest parent)"
	}
	c.Flags().StringArrayVarP(files, "file", "f", nil, help)
	_ = c.MarkFlagFilename("file", "yaml", "yml")
}

// oneSpec is the single spec of commands that take one.
func oneSpec(files []string) (string, error) {
	paths, err := specArgs(files)
	if err != nil {
		return "", err
	}
	if len(paths) != 1 {
		return "", usageErr("-f: give one spec, not %d", len(paths))
	}
	return paths[0], nil
}

func exit(code int) error {
	switch code {
	case 0:
		return nil
	case 1:
		return failed
	}
	return &exitError{code: code}
}

// plainUsages drops the backquotes that name a flag's value in help ("run
// in `dir`" prints as "-C, --chdir dir  run in dir"): completion shows a
// flag's usage as its description, verbatim.
func plainUsages(c *cobra.Command) {
	strip := func(f *pflag.Flag) { f.Usage = strings.ReplaceAll(f.Usage, "`", "") }
	c.PersistentFlags().VisitAll(strip)
	c.Flags().VisitAll(strip)
	for _, sub := range c.Commands() {
		plainUsages(sub)
	}
}
