package build

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
)

// The bundled skill.yaml deploys arm64.
func TestArchDisagreeingWithSpecIsRefused(t *testing.T) {
	t.Chdir("../..")
	for _, arch := range []string{"amd64", "x86_64"} {
		_, err := Build(context.Background(), Options{Spec: "skill.yaml", Arch: arch})
		var ae *ArchError
		if !errors.As(err, &ae) {
			t.Fatalf("--arch %s: %v, want an ArchError", arch, err)
		}
		msg := err.Error()
		for _, want := range []string{"--arch " + arch + " disagrees with skill.yaml", "lambda.architecture is arm64", "drop --arch"} {
			if !strings.Contains(msg, want) {
				t.Errorf("message %q lacks %q", msg, want)
			}
		}
	}
	if _, err := Build(context.Background(), Options{Spec: "skill.yaml", Arch: "mips"}); err == nil || !strings.Contains(err.Error(), `unknown architecture "mips"`) {
		t.Errorf("--arch mips: %v", err)
	}
	for _, arch := range []string{"", "arm64"} {
		if _, goarch, err := Plan(Options{Spec: "skill.yaml", Arch: arch}); err != nil || goarch != "arm64" {
			t.Errorf("--arch %q: %s, %v", arch, goarch, err)
		}
	}
}

func TestZip(t *testing.T) {
	if _, err := Zip(nil); err == nil {
		t.Error("empty bootstrap zipped")
	}
	a, _ := Zip([]byte("\x7fELF..."))
	b, _ := Zip([]byte("\x7fELF..."))
	if !bytes.Equal(a, b) {
		t.Error("zip not reproducible")
	}
	zr, err := zip.NewReader(bytes.NewReader(a), int64(len(a)))
	if err != nil {
		t.Fatal(err)
	}
	if len(zr.File) != 1 || zr.File[0].Name != "bootstrap" || zr.File[0].Mode().Perm() != 0o755 {
		t.Errorf("entries %v", zr.File)
	}
}
