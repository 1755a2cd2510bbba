// Command build-lambda builds a skill's Lambda function as the deployable
// zip for the provided.al2023 runtime: the Go binary named bootstrap at the
// zip root, built for linux/<arch> with the lambda.norpc tag, static
// (CGO_ENABLED=0), trimmed and stripped. The zip is byte-reproducible. The
// binary is also copied to the ASK CLI project's code directory,
// <output.code>/deploy/build/bootstrap, which `ask deploy` zips and uploads.
//
// Usage:
//
//	go run ./cmd/build-lambda [-arch arm64|amd64|x86_64] [-o out.zip] [-ask dir] <package dir>
//
// e.g. go run ./cmd/build-lambda -arch arm64 ./generated/linkedprofile/lambda
// writes dist/linkedprofile-arm64.zip and
// generated/linkedprofile/deploy/build/bootstrap. scripts/build-lambda.sh
// wraps it.
package main

import (
	"archive/zip"
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("build-lambda", flag.ContinueOnError)
	fs.SetOutput(stderr)
	arch := fs.String("arch", "arm64", "CPU architecture: arm64, or amd64 (x86_64)")
	out := fs.String("o", "", "output zip (default dist/<skill>-<arch>.zip)")
	ask := fs.String("ask", "auto", `directory to copy bootstrap to for "ask deploy" ("auto": <skill dir>/deploy/build when <skill dir>/deploy exists; "": none)`)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: build-lambda [-arch arm64|amd64] [-o out.zip] <package dir, e.g. ./generated/linkedprofile/lambda>")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return 2
	}
	goarch, err := goArch(*arch)
	if err != nil {
		fmt.Fprintln(stderr, "build-lambda:", err)
		return 2
	}
	pkg := fs.Arg(0)
	if !strings.HasPrefix(pkg, ".") && !filepath.IsAbs(pkg) {
		pkg = "./" + pkg
	}
	if *out == "" {
		*out = filepath.Join("dist", skillName(pkg)+"-"+goarch+".zip")
	}
	askDir := *ask
	if askDir == "auto" {
		askDir = ""
		deploy := filepath.Join(skillDir(pkg), "deploy")
		if fi, err := os.Stat(deploy); err == nil && fi.IsDir() {
			askDir = filepath.Join(deploy, "build")
		}
	}
	written, err := build(pkg, goarch, *out, askDir)
	if err != nil {
		fmt.Fprintln(stderr, "build-lambda:", err)
		return 1
	}
	for _, w := range written {
		fmt.Fprintln(stdout, w)
	}
	return 0
}

func goArch(a string) (string, error) {
	switch a {
	case "arm64":
		return "arm64", nil
	case "amd64", "x86_64":
		return "amd64", nil
	}
	return "", fmt.Errorf("unknown architecture %q: use arm64 or amd64 (x86_64)", a)
}

// skillDir is the generated skill package's directory: the parent of a
// .../lambda entry, else the directory itself.
func skillDir(pkg string) string {
	p := filepath.Clean(pkg)
	if filepath.Base(p) == "lambda" {
		p = filepath.Dir(p)
	}
	return p
}

// skillName is the skill package's name.
func skillName(pkg string) string { return filepath.Base(skillDir(pkg)) }

// build writes the zip to out and, when askDir is set, bootstrap into it.
// It returns the paths written.
func build(pkg, goarch, out, askDir string) ([]string, error) {
	tmp, err := os.MkdirTemp("", "build-lambda-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	bin := filepath.Join(tmp, "bootstrap")
	if err := Build(pkg, goarch, bin); err != nil {
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
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return nil, err
	}
	if err := os.WriteFile(out, z, 0o644); err != nil {
		return nil, err
	}
	written := []string{out}
	if askDir != "" {
		if err := os.MkdirAll(askDir, 0o755); err != nil {
			return nil, err
		}
		dst := filepath.Join(askDir, "bootstrap")
		if err := os.WriteFile(dst+".tmp", data, 0o755); err != nil {
			return nil, err
		}
		if err := os.Rename(dst+".tmp", dst); err != nil {
			return nil, err
		}
		written = append(written, dst)
	}
	return written, nil
}

// Build compiles pkg as a Lambda bootstrap for linux/goarch into bin.
func Build(pkg, goarch, bin string) error {
	cmd := exec.Command("go", "build", "-tags", "lambda.norpc", "-trimpath", "-ldflags", "-s -w -buildid=", "-o", bin, pkg)
	cmd.Env = append(os.Environ(), "GOOS=linux", "GOARCH="+goarch, "CGO_ENABLED=0")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("go build %s: %v\n%s", pkg, err, stderr.String())
	}
	return nil
}

// Zip returns a zip holding bootstrap (executable) at its root, with a
// fixed timestamp so that the same binary gives the same bytes.
func Zip(bootstrap []byte) ([]byte, error) {
	if len(bootstrap) == 0 {
		return nil, errors.New("empty bootstrap")
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	h := &zip.FileHeader{Name: "bootstrap", Method: zip.Deflate, Modified: time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)}
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
