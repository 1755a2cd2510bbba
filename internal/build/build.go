// Package build makes a skill's deployable Lambda artifact, the logic of
// `skillgen build`: the generated lambda/ package compiled as `bootstrap`
// for the provided.al2023 runtime and the architecture the spec's lambda
// section names (the one the CloudFormation template deploys), placed where
// the ASK CLI project uploads it from, plus a byte-reproducible zip.
package build

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"time"

	"github.com/skillgen/skillgen/generator"
	"github.com/skillgen/skillgen/generator/ir"
	"github.com/skillgen/skillgen/generator/write"
)

// Runtime is the Lambda runtime the bootstrap is built for.
const Runtime = "provided.al2023"

// Options says what to build.
type Options struct {
	Spec string // the spec; default skill.yaml
	// Arch is an explicit --arch (arm64, amd64 or x86_64); it must agree
	// with the spec's lambda.architecture. Empty: the spec's.
	Arch string
	// Zip is the zip's path; default dist/<package>-<goarch>.zip.
	Zip string
}

// Result is what Build wrote.
type Result struct {
	Package   string // the Go package built, e.g. ./generated/pharmacy/lambda
	GOARCH    string // arm64 or amd64
	Bootstrap string // <output.code>/deploy/build/bootstrap, which ask deploy uploads
	Zip       string
	BinSize   int
	ZipSize   int
}

// ArchError is an explicit architecture that disagrees with the spec.
type ArchError struct {
	Spec, SpecArch, Flag string
}

func (e *ArchError) Error() string {
	return fmt.Sprintf("--arch %s disagrees with %s: lambda.architecture is %s, and the generated template deploys an %s function, which cannot start an %s bootstrap; "+
		"drop --arch, or set lambda.architecture in %s and run `go generate ./...` first",
		e.Flag, e.Spec, e.SpecArch, e.SpecArch, GOARCH(e.Flag), e.Spec)
}

// GOARCH maps a Lambda architecture name to Go's (x86_64 → amd64); other
// names come back unchanged.
func GOARCH(lambdaArch string) string {
	if lambdaArch == "x86_64" {
		return "amd64"
	}
	return lambdaArch
}

// Plan resolves the spec and the architecture without building.
func Plan(opts Options) (*ir.Skill, string, error) {
	if opts.Spec == "" {
		opts.Spec = "skill.yaml"
	}
	s, err := generator.Build(opts.Spec)
	if err != nil {
		return nil, "", err
	}
	goarch := GOARCH(s.Lambda.Architecture)
	if opts.Arch != "" {
		switch GOARCH(opts.Arch) {
		case "arm64", "amd64":
		default:
			return nil, "", fmt.Errorf("unknown architecture %q: use arm64, or amd64 (x86_64)", opts.Arch)
		}
		if GOARCH(opts.Arch) != goarch {
			return nil, "", &ArchError{Spec: opts.Spec, SpecArch: s.Lambda.Architecture, Flag: opts.Arch}
		}
	}
	return s, goarch, nil
}

// Build compiles the skill of opts.Spec and writes the bootstrap and the zip.
// The generated files must be up to date: stale handlers would deploy
// answers the spec no longer gives.
func Build(ctx context.Context, opts Options) (*Result, error) {
	if opts.Spec == "" {
		opts.Spec = "skill.yaml"
	}
	s, goarch, err := Plan(opts)
	if err != nil {
		return nil, err
	}
	if stale, err := generator.Stale([]string{opts.Spec}); err != nil {
		return nil, err
	} else if len(stale) > 0 {
		return nil, fmt.Errorf("generated files of %s are stale (%s): run `go generate ./...` (or skillgen generate) first", opts.Spec, stale[0])
	}
	pkg := "./" + path.Join(s.Output.Code, "lambda")
	res := &Result{Package: pkg, GOARCH: goarch,
		Bootstrap: filepath.FromSlash(path.Join(s.Output.Code, "deploy", "build", "bootstrap")),
		Zip:       opts.Zip}
	if res.Zip == "" {
		res.Zip = filepath.Join("dist", s.Package+"-"+goarch+".zip")
	}
	tmp, err := os.MkdirTemp("", "skillgen-build-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	bin := filepath.Join(tmp, "bootstrap")
	if err := Compile(ctx, pkg, goarch, bin); err != nil {
		return nil, err
	}
	data, err := os.ReadFile(bin)
	if err != nil {
		return nil, err
	}
	z, err := Zip(data)
	if err != nil {
		return nil, err
	}
	res.BinSize, res.ZipSize = len(data), len(z)
	if err := write.File(res.Zip, z, 0o644); err != nil {
		return nil, err
	}
	if err := write.File(res.Bootstrap, data, 0o755); err != nil {
		return nil, err
	}
	return res, nil
}

// Compile builds pkg as a Lambda bootstrap for linux/goarch into bin:
// static, tag lambda.norpc (no RPC server for the provided runtimes),
// trimmed paths, no symbol table, no build ID and no VCS stamp, so the same
// sources give the same bytes.
func Compile(ctx context.Context, pkg, goarch, bin string) error {
	cmd := exec.CommandContext(ctx, "go", "build", "-tags", "lambda.norpc", "-trimpath", "-buildvcs=false", "-ldflags", "-s -w -buildid=", "-o", bin, pkg)
	cmd.Env = append(os.Environ(), "GOOS=linux", "GOARCH="+goarch, "CGO_ENABLED=0")
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stderr, &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("go build %s: %v\n%s", pkg, err, stderr.String())
	}
	return nil
}

// zipTime is every entry's timestamp: fixed, so equal binaries zip to equal
// bytes.
var zipTime = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// Zip returns a zip holding bootstrap at its root with mode 0755.
func Zip(bootstrap []byte) ([]byte, error) {
	if len(bootstrap) == 0 {
		return nil, errors.New("empty bootstrap")
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	h := &zip.FileHeader{Name: "bootstrap", Method: zip.Deflate, Modified: zipTime}
	h.SetMode(0o755)
	w, err := zw.CreateHeader(h)
	if err != nil {
		return nil, err
	}
	if _, err := w.Write(bootstrap); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
