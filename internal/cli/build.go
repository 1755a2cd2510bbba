package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/skillgen/skillgen/internal/build"
	"github.com/skillgen/skillgen/internal/cliflag"
)

// buildCommand is `skillgen build [-f skill.yaml] [--arch a] [-o zip]`:
// flag parsing and printing only; internal/build does the work.
func buildCommand(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("skillgen build", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var opts build.Options
	spec := cliflag.OnceVar(fs, "f", "skill.yaml", "spec", "the skill's `spec` file")
	fs.StringVar(&opts.Arch, "arch", "", "check the architecture: arm64 or amd64 (x86_64); must match the spec's lambda.architecture")
	fs.StringVar(&opts.Zip, "o", "", "the zip to write (default dist/<package>-<arch>.zip)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: skillgen build [-f skill.yaml] [--arch arm64|amd64] [-o out.zip]")
		fmt.Fprintln(stderr, "Builds the skill's Lambda bootstrap (provided.al2023, the spec's lambda.architecture) into")
		fmt.Fprintln(stderr, "<output.code>/deploy/build/, which ask deploy uploads, and a reproducible zip.")
		fs.PrintDefaults()
	}
	if ok, code := cliflag.Parse(fs, args, stderr); !ok {
		return code
	}
	opts.Spec = spec.Value
	if fs.NArg() > 0 {
		cliflag.Usagef(stderr, fs.Name(), "unexpected argument %q", fs.Arg(0))
		return 2
	}
	switch opts.Arch {
	case "", "arm64", "amd64", "x86_64":
	default:
		fmt.Fprintf(stderr, "skillgen build: unknown architecture %q: use arm64, or amd64 (x86_64)\n", opts.Arch)
		return 2
	}
	res, err := build.Build(ctx, opts)
	if err != nil {
		fmt.Fprintf(stderr, "skillgen build: %v\n", err)
		var ae *build.ArchError
		if errors.As(err, &ae) {
			return 2
		}
		return 1
	}
	fmt.Fprintf(stdout, "built %s (linux/%s, %s, %d bytes)\n", res.Bootstrap, res.GOARCH, build.Runtime, res.BinSize)
	fmt.Fprintf(stdout, "built %s (%d bytes)\n", res.Zip, res.ZipSize)
	return 0
}
