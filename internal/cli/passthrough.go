package cli

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// passthrough wraps an extra command that parses its own flags with the
// standard flag package: cobra passes the arguments through untouched, and
// help and completion show the flags the command declares (read from its
// -h output, which the flag package prints in a fixed format).
func passthrough(name string, withFlags bool) *cobra.Command {
	ext := Commands[name]
	c := &cobra.Command{
		Use:                name + " [flags]",
		Short:              ext.Summary,
		Long:               ext.Long,
		Example:            ext.Example,
		DisableFlagParsing: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			// cobra parses no flag of a command that parses its own, not
			// even the global -C: take it out here.
			args, dir, err := takeChdir(args)
			if err != nil {
				return err
			}
			for _, a := range args {
				if a == "--" || !strings.HasPrefix(a, "-") {
					break
				}
				if a == "-h" || a == "--help" || a == "-help" || a == "--h" {
					return cmd.Help()
				}
			}
			if dir != "" {
				if err := os.Chdir(dir); err != nil {
					return usageErr("-C: %v", err)
				}
			}
			args = longNames(args)
			if specReaders[name] && !hasSpecFlag(args) {
				// They read one spec: find it as the other commands do.
				p, err := FindSpec(".")
				if err != nil {
					return err
				}
				if specDir := filepath.Dir(p); specDir != "." && writesOutputs[name] {
					// Work in the spec's directory, as generate does:
					// outputs land beside the spec, not here.
					if err := os.Chdir(specDir); err != nil {
						return err
					}
				} else if p != SpecName {
					args = append([]string{"-f", p}, args...)
				}
			}
			return exit(ext.Run(cmd.Context(), args, cmd.InOrStdin(), cmd.OutOrStdout(), cmd.ErrOrStderr()))
		},
	}
	if withFlags {
		for _, f := range goFlags(ext.Run) {
			if long, ok := longName[f.Name]; ok {
				f.Shorthand, f.Name = f.Name, long
			}
			if f.Name == "file" {
				f.Usage, f.DefValue = "spec file (default: skill.yaml here or in the nearest parent)", ""
			}
			c.Flags().AddFlag(f)
		}
		if c.Flags().Lookup("file") != nil {
			_ = c.MarkFlagFilename("file", "yaml", "yml")
		}
		if c.Flags().Lookup("profile") != nil {
			_ = c.MarkFlagFilename("profile", "yaml", "yml")
		}
	}
	if name == "dialog" {
		c.Use = "dialog [flags] [utterance ...]"
	}
	return c
}

// specReaders are the wrapped commands that read one spec; writesOutputs
// those of them that write files beside it (build's bootstrap and zip,
// provision's account-linking file).
var (
	specReaders   = map[string]bool{"dialog": true, "serve": true, "build": true, "provision": true}
	writesOutputs = map[string]bool{"build": true, "provision": true}
)

func hasSpecFlag(args []string) bool {
	for _, a := range args {
		if a == "--" {
			return false
		}
		if a == "-f" || a == "--f" || strings.HasPrefix(a, "-f=") || strings.HasPrefix(a, "--f=") {
			return true
		}
	}
	return false
}

// takeChdir removes the global -C dir (also -C=dir, -Cdir, --chdir dir,
// --chdir=dir) from the arguments of a wrapped command and returns the
// directory; the last one wins, as in cobra's commands.
func takeChdir(args []string) (rest []string, dir string, err error) {
	rest = make([]string, 0, len(args))
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			rest = append(rest, args[i:]...)
			break
		}
		switch {
		case a == "-C" || a == "--chdir" || a == "-chdir":
			if i+1 == len(args) {
				return nil, "", usageErr("flag needs an argument: %s", a)
			}
			dir = args[i+1]
			i++
		case strings.HasPrefix(a, "--chdir="), strings.HasPrefix(a, "-chdir="):
			_, dir, _ = strings.Cut(a, "=")
		case strings.HasPrefix(a, "-C"):
			dir = strings.TrimPrefix(strings.TrimPrefix(a, "-C"), "=")
		default:
			rest = append(rest, a)
		}
	}
	return rest, dir, nil
}

// longName is the long name the wrapped commands' one-letter flags have,
// as in the other commands (-f, --file).
var longName = map[string]string{"f": "file", "o": "output"}

// longNames rewrites --file and --output to the -f and -o the wrapped
// commands' flag sets know.
func longNames(args []string) []string {
	out := make([]string, 0, len(args))
	for i, a := range args {
		if a == "--" {
			return append(out, args[i:]...)
		}
		for short, long := range longName {
			for _, dashes := range []string{"--", "-"} {
				if a == dashes+long {
					a = "-" + short
				} else if v, ok := strings.CutPrefix(a, dashes+long+"="); ok {
					a = "-" + short + "=" + v
				}
			}
		}
		out = append(out, a)
	}
	return out
}

// goFlags reads the flags a standard-library command prints for -h.
func goFlags(run Command) []*pflag.Flag {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var buf bytes.Buffer
	run(ctx, []string{"-h"}, strings.NewReader(""), io.Discard, &buf)
	return parseDefaults(buf.String())
}

var (
	flagLine   = regexp.MustCompile(`^  -(\S+)(?:\s+(\S+))?(?:\t(.*))?$`)
	defaultsRE = regexp.MustCompile(` \(default (.*)\)$`)
)

// parseDefaults reads flag.PrintDefaults output: "  -name type" then the
// usage on lines indented with "    \t".
func parseDefaults(s string) []*pflag.Flag {
	var out []*pflag.Flag
	var cur *pflag.Flag
	sc := bufio.NewScanner(strings.NewReader(s))
	for sc.Scan() {
		line := sc.Text()
		if m := flagLine.FindStringSubmatch(line); m != nil {
			typ := m[2]
			v := &goValue{typ: typ}
			cur = &pflag.Flag{Name: m[1], Value: v, Usage: m[3]}
			if len(m[1]) == 1 {
				cur.Shorthand = m[1]
			}
			if typ == "" {
				v.typ = "bool"
				cur.NoOptDefVal = "true"
			}
			out = append(out, cur)
			continue
		}
		if cur != nil && strings.HasPrefix(line, "    \t") {
			u := strings.TrimPrefix(line, "    \t")
			if cur.Usage != "" {
				cur.Usage += " "
			}
			cur.Usage += u
		}
	}
	for _, f := range out {
		if m := defaultsRE.FindStringSubmatch(f.Usage); m != nil {
			f.Usage = strings.TrimSuffix(f.Usage, m[0])
			f.DefValue = strings.Trim(m[1], `"`)
		}
		if f.Value.Type() == "bool" && f.DefValue == "" {
			f.DefValue = "false"
		}
		if f.Value.Type() != "bool" && f.Value.Type() != "" {
			// Name the value as flag.PrintDefaults did.
			f.Usage = strings.Replace(f.Usage, "`", "", -1)
		}
	}
	return out
}

// goValue stands for a flag the wrapped command parses itself.
type goValue struct {
	typ string
	v   string
}

func (g *goValue) String() string     { return g.v }
func (g *goValue) Set(s string) error { g.v = s; return nil }
func (g *goValue) Type() string       { return g.typ }
