package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/skillgen/skillgen/internal/cliflag"
	"github.com/skillgen/skillgen/internal/scaffold"
	"github.com/skillgen/skillgen/internal/version"
)

// initCommand is `skillgen init [--package p] [--invocation "x y"]
// [--locales en-US,en-GB]`: flags and printing; internal/scaffold writes.
func initCommand(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("skillgen init", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var opts scaffold.Options
	fs.StringVar(&opts.Package, "package", "", "skill.package and Go package name (default: from the directory name)")
	fs.StringVar(&opts.Invocation, "invocation", "", `invocation name, two or more lowercase words (default: from the directory name)`)
	locales := fs.String("locales", "en-US", "comma-separated locales, the first the primary, e.g. en-US,en-GB or de-DE,en-US")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: skillgen init [--package name] [--invocation \"words\"] [--locales en-US,de-DE]")
		fmt.Fprintln(stderr, "Starts a skill in this directory (empty, or holding a go.mod); never overwrites a file.")
		fs.PrintDefaults()
	}
	if ok, code := cliflag.Parse(fs, args, stderr); !ok {
		return code
	}
	if fs.NArg() > 0 {
		cliflag.Usagef(stderr, fs.Name(), "unexpected argument %q", fs.Arg(0))
		return 2
	}
	for _, l := range strings.Split(*locales, ",") {
		if l = strings.TrimSpace(l); l != "" {
			opts.Locales = append(opts.Locales, l)
		}
	}
	opts.Version = version.Version()
	res, err := scaffold.Init(ctx, opts)
	if res != nil {
		for _, p := range res.Written {
			fmt.Fprintf(stdout, "wrote   %s\n", p)
		}
		for _, p := range res.Skipped {
			fmt.Fprintf(stdout, "kept    %s (exists)\n", p)
		}
	}
	var oe *scaffold.OptionError
	if errors.As(err, &oe) {
		cliflag.Usagef(stderr, fs.Name(), "%v", oe)
		return 2
	}
	if err != nil {
		fmt.Fprintf(stderr, "skillgen init: %v\n", err)
		return 1
	}
	if res.GoGet != "" && !res.NeedGoGet {
		fmt.Fprintf(stdout, "ran     %s\n", res.GoGet)
	}
	fmt.Fprintln(stdout, "\nNext:")
	if res.NeedGoGet {
		fmt.Fprintf(stdout, "  %s\n", res.GoGet)
	}
	fmt.Fprintf(stdout, `  go generate ./...
  go tool skillgen test
  go tool skillgen dialog --profile testdata/profile.yaml %q
  go tool skillgen build
  (cd generated/%s/deploy && ask deploy)
`, res.Try, res.Package)
	return 0
}
