package main

import (
	"archive/zip"
	"bytes"
	"debug/elf"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestBuildZip(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go build")
	}
	t.Chdir("../..")
	for _, c := range []struct {
		arch    string
		machine elf.Machine
	}{{"arm64", elf.EM_AARCH64}, {"x86_64", elf.EM_X86_64}} {
		tmp := t.TempDir()
		out := filepath.Join(tmp, "f.zip")
		askDir := filepath.Join(tmp, "build")
		var stdout, stderr bytes.Buffer
		if code := run([]string{"-arch", c.arch, "-o", out, "-ask", askDir, "generated/linkedprofile/lambda"}, &stdout, &stderr); code != 0 {
			t.Fatalf("%s: exit %d: %s", c.arch, code, stderr.String())
		}
		if fi, err := os.Stat(filepath.Join(askDir, "bootstrap")); err != nil || fi.Mode().Perm()&0o111 == 0 {
			t.Errorf("%s: ASK CLI copy of bootstrap: %v", c.arch, err)
		}
		zr, err := zip.OpenReader(out)
		if err != nil {
			t.Fatal(err)
		}
		if len(zr.File) != 1 || zr.File[0].Name != "bootstrap" || zr.File[0].Mode().Perm()&0o111 == 0 {
			t.Fatalf("%s: zip entries %v", c.arch, zr.File)
		}
		rc, _ := zr.File[0].Open()
		bin, _ := io.ReadAll(rc)
		rc.Close()
		zr.Close()
		f, err := elf.NewFile(bytes.NewReader(bin))
		if err != nil {
			t.Fatalf("%s: bootstrap is not ELF: %v", c.arch, err)
		}
		if f.Machine != c.machine {
			t.Errorf("%s: machine %v", c.arch, f.Machine)
		}
		if f.Section(".interp") != nil {
			t.Errorf("%s: bootstrap is dynamically linked", c.arch)
		}
	}
}

func TestDefaultOutputAndErrors(t *testing.T) {
	if got := skillName("./variants/membercard/generated/membercard/lambda"); got != "membercard" {
		t.Errorf("skillName %q", got)
	}
	var stdout, stderr bytes.Buffer
	if code := run([]string{"-arch", "mips", "x"}, &stdout, &stderr); code != 2 || !strings.Contains(stderr.String(), "unknown architecture") {
		t.Errorf("exit %d: %s", code, stderr.String())
	}
	if code := run(nil, &stdout, &stderr); code != 2 {
		t.Errorf("no package: exit %d", code)
	}
	if _, err := Zip(nil); err == nil {
		t.Error("empty bootstrap zipped")
	}
	a, _ := Zip([]byte("x"))
	b, _ := Zip([]byte("x"))
	if !bytes.Equal(a, b) {
		t.Error("zip not reproducible")
	}
}
