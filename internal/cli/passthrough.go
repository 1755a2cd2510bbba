package cli

import (
	"bufio"
	"bytes"
	"context"
	"io"
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
			for _, a := range args {
				if a == "--" || !strings.HasPrefix(a, "-") {
					break
				}
				if a == "-h" || a == "--help" || a == "-help" || a == "--h" {
					return cmd.Help()
				}
			}
			if (name == "dialog" || name == "serve" || name == "build") && !hasSpecFlag(args) {
				// They read one spec: find it as the other commands do.
				if p, err := FindSpec("."); err == nil && p != SpecName {
					args = append([]string{"-f", p}, args...)
				}
			}
			return exit(ext.Run(cmd.Context(), args, cmd.InOrStdin(), cmd.OutOrStdout(), cmd.ErrOrStderr()))
		},
	}
	if withFlags {
		for _, f := range goFlags(ext.Run) {
			c.Flags().AddFlag(f)
		}
	}
	if name == "dialog" {
		c.Use = "dialog [flags] [utterance ...]"
	}
	return c
}

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
