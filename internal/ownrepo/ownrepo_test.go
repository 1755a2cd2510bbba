package ownrepo

import (
	"archive/zip"
	"bufio"
	"bytes"
	"crypto/sha256"
	"debug/elf"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	goruntime "runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"
	modzip "golang.org/x/mod/zip"

	"github.com/skillgen/skillgen/internal/testpeers"
)

const modPath = "github.com/skillgen/skillgen"

// generatorOnly are modules the generator needs and a skill's Lambda must
// not link.
var generatorOnly = []string{
	"go.yaml.in/yaml", "gopkg.in/yaml", "github.com/dave/jennifer", "github.com/awslabs/goformation",
	"github.com/spf13/viper", "github.com/invopop/jsonschema", "github.com/santhosh-tekuri/jsonschema",
	"golang.org/x/mod",
}

// TestOwnRepository is the team path, end to end, outside the checkout.
func TestOwnRepository(t *testing.T) {
	if testing.Short() {
		t.Skip("publishes the module and builds in a new one")
	}
	start := time.Now()
	root := testpeers.RepoRoot(t)
	proxy := t.TempDir()
	version := publish(t, root, proxy)
	t.Logf("published %s@%s from the working tree (%s)", modPath, version, time.Since(start).Round(time.Millisecond))

	work := t.TempDir()
	env := goEnv(t, proxy)

	// The README's commands, as written; @latest resolves to the published
	// version through the proxy's @latest.
	cmds := readmeCommands(t, filepath.Join(root, "README.md"))
	script := "set -euo pipefail\n" + strings.Join(cmds, "\n") + "\n"
	out := runIn(t, work, env, "bash", "-c", script)
	if !strings.Contains(out, "Your name is Ada.") {
		t.Fatalf("README's dialog command did not answer from the profile:\n%s", out)
	}
	t.Logf("README commands ran in %s", time.Since(start).Round(time.Millisecond))
	dir := filepath.Join(work, "pharmacy")

	gomod := readFile(t, filepath.Join(dir, "go.mod"))
	if !strings.Contains(gomod, "\ntool "+modPath+"/cmd/skillgen\n") || !strings.Contains(gomod, modPath+" "+version) {
		t.Fatalf("go.mod does not hold skillgen %s as a tool:\n%s", version, gomod)
	}
	all, direct := requirements(t, gomod)
	t.Logf("go.mod a team inherits: %d requirements (%d direct)\n%s", all, direct, gomod)
	if strings.Contains(gomod, "replace") || fileExists(filepath.Join(dir, "go.work")) {
		t.Fatal("replace or go.work in the new module")
	}
	if v := strings.TrimSpace(runIn(t, dir, env, "go", "tool", "skillgen", "version")); !strings.HasPrefix(v, "skillgen "+version+" ") {
		t.Errorf("skillgen version: %q, want %s", v, version)
	}
	if v := strings.TrimSpace(runIn(t, dir, env, "go", "tool", "skillgen", "--version")); !strings.HasPrefix(v, "skillgen "+version+" ") {
		t.Errorf("skillgen --version: %q", v)
	}

	// No generated file names the version: an upgrade changes only what
	// really changes.
	for _, sub := range []string{"generated", "models"} {
		err := filepath.WalkDir(filepath.Join(dir, sub), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			if strings.Contains(filepath.ToSlash(p), "/deploy/build/") {
				return nil // build output (bootstrap's build info), not generated
			}
			if b, err := os.ReadFile(p); err == nil && bytes.Contains(b, []byte(version)) {
				t.Errorf("%s names the skillgen version", p)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}

	runIn(t, dir, env, "go", "vet", "./...")
	runIn(t, dir, env, "go", "tool", "skillgen", "check")
	// init never overwrites: a second run keeps every file.
	if out := runIn(t, dir, env, "go", "tool", "skillgen", "init"); strings.Contains(out, "wrote ") {
		t.Errorf("second init wrote files:\n%s", out)
	}

	// The starter's template passes cfn-lint with no finding at all.
	template := filepath.Join(dir, "generated", "pharmacy", "deploy", "template.yaml")
	if lint, err := exec.LookPath("cfn-lint"); err == nil {
		runIn(t, dir, env, lint, "--", template)
	} else if os.Getenv("CI") == "true" {
		t.Fatal("cfn-lint is not installed; CI requires it")
	} else {
		t.Log("cfn-lint not installed: the starter template is not linted")
	}

	// The README built for the spec's arm64.
	checkZip(t, filepath.Join(dir, "dist", "pharmacy-arm64.zip"), elf.EM_AARCH64)
	// An --arch that disagrees with the spec is refused.
	cmd := exec.Command("go", "tool", "skillgen", "build", "--arch", "amd64")
	cmd.Dir, cmd.Env = dir, env
	if b, err := cmd.CombinedOutput(); err == nil || !strings.Contains(string(b), "--arch amd64 disagrees with skill.yaml: lambda.architecture is arm64") {
		t.Errorf("build --arch amd64 on an arm64 spec: err %v\n%s", err, b)
	}

	// This machine's architecture, so that the bootstrap runs here too.
	arch := map[string]string{"amd64": "x86_64", "arm64": "arm64"}[goruntime.GOARCH]
	if arch == "" {
		t.Skipf("no Lambda architecture for GOARCH %s", goruntime.GOARCH)
	}
	spec := readFile(t, filepath.Join(dir, "skill.yaml"))
	spec = strings.Replace(spec, "architecture: arm64", "architecture: "+arch, 1)
	writeFile(t, filepath.Join(dir, "skill.yaml"), spec)
	cmd = exec.Command("go", "tool", "skillgen", "build")
	cmd.Dir, cmd.Env = dir, env
	if b, err := cmd.CombinedOutput(); err == nil || !strings.Contains(string(b), "stale") {
		t.Errorf("build with stale generated files: err %v\n%s", err, b)
	}
	runIn(t, dir, env, "go", "generate", "./...")
	runIn(t, dir, env, "go", "tool", "skillgen", "check")
	buildOut := runIn(t, dir, env, "go", "tool", "skillgen", "build")
	machine := map[string]elf.Machine{"amd64": elf.EM_X86_64, "arm64": elf.EM_AARCH64}[goruntime.GOARCH]
	zipPath := filepath.Join(dir, "dist", "pharmacy-"+goruntime.GOARCH+".zip")
	bin := checkZip(t, zipPath, machine)
	boot := filepath.Join(dir, "generated", "pharmacy", "deploy", "build", "bootstrap")
	if b := readFile(t, boot); b != string(bin) {
		t.Error("deploy/build/bootstrap differs from the zip's")
	}
	zip1 := readFile(t, zipPath)
	// The second build runs from a subdirectory: skill.yaml is found in the
	// parent, and build works there, as generate does.
	sub := filepath.Join(dir, "testdata")
	runIn(t, sub, env, "go", "tool", "skillgen", "build")
	if readFile(t, zipPath) != zip1 {
		t.Error("two builds gave different zips")
	}
	if fileExists(filepath.Join(sub, "dist")) {
		t.Error("build from a subdirectory wrote dist/ there")
	}
	// -C works for the commands that parse their own flags too.
	if out := runIn(t, sub, env, "go", "tool", "skillgen", "-C", "..", "dialog", "--profile", "testdata/profile.yaml", "what is my email"); !strings.Contains(out, "Your email address is ada@example.com.") {
		t.Errorf("-C .. dialog:\n%s", out)
	}
	zfi, _ := os.Stat(zipPath)
	t.Logf("%s: zip %d bytes, bootstrap %d bytes", strings.TrimSpace(buildOut), zfi.Size(), len(bin))

	// The Lambda links the runtime of the same version and no generator-only module.
	mods := runIn(t, dir, env, "go", "version", "-m", boot)
	if !strings.Contains(mods, "\tdep\t"+modPath+"\t"+version) {
		t.Errorf("bootstrap does not link %s %s:\n%s", modPath, version, mods)
	}
	for _, m := range generatorOnly {
		if strings.Contains(mods, "\t"+m) {
			t.Errorf("bootstrap links generator-only module %s:\n%s", m, mods)
		}
	}

	// The same bootstrap answers a LaunchRequest under the Lambda RIE.
	url := testpeers.StartRIE(t, boot, []string{"USER_POOL_ID=us-east-1_AbCdEfGhI", "USER_POOL_CLIENT_ID=abcdefghijklmnopqrstuvwxyz", "COGNITO_REGION=us-east-1"})
	resp := string(testpeers.Invoke(t, url, launchRequest()))
	if !strings.Contains(resp, "Please link your account in the Alexa app first.") || !strings.Contains(resp, "LinkAccount") {
		t.Errorf("LaunchRequest without a token under the RIE: %s", resp)
	}
	t.Logf("end to end in %s", time.Since(start).Round(time.Millisecond))
}

// publish writes modPath at a version named after the working tree's
// content into a GOPROXY directory, with golang.org/x/mod/zip. Equal trees
// give equal versions, so the module cache entry of an earlier run is
// reused, never contradicted.
func publish(t *testing.T, root, proxy string) string {
	t.Helper()
	ls := exec.Command("git", "ls-files", "--cached", "--others", "--exclude-standard", "-z")
	ls.Dir = root
	out, err := ls.Output()
	if err != nil {
		t.Fatalf("git ls-files: %v", err)
	}
	var files []modzip.File
	h := sha256.New()
	names := strings.Split(strings.TrimRight(string(out), "\x00"), "\x00")
	slices.Sort(names)
	for _, name := range names {
		p := filepath.Join(root, filepath.FromSlash(name))
		fi, err := os.Lstat(p)
		if err != nil || !fi.Mode().IsRegular() {
			continue // deleted in the working tree, or not a file
		}
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(h, "%s\x00%d\x00", name, len(data))
		h.Write(data)
		files = append(files, file{name, p, fi})
	}
	version := "v0.0.0-20260101000000-" + hex.EncodeToString(h.Sum(nil))[:12]
	dir := filepath.Join(proxy, modPath, "@v")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	var zbuf bytes.Buffer
	if err := modzip.Create(&zbuf, module.Version{Path: modPath, Version: version}, files); err != nil {
		t.Fatalf("module zip: %v", err)
	}
	info := fmt.Sprintf(`{"Version":%q,"Time":"2026-01-01T00:00:00Z"}`, version)
	writeFile(t, filepath.Join(dir, version+".zip"), zbuf.String())
	writeFile(t, filepath.Join(dir, version+".mod"), readFile(t, filepath.Join(root, "go.mod")))
	writeFile(t, filepath.Join(dir, version+".info"), info)
	writeFile(t, filepath.Join(dir, "list"), version+"\n")
	writeFile(t, filepath.Join(proxy, modPath, "@latest"), info)
	t.Logf("module zip: %d files, %d bytes", len(files), zbuf.Len())
	return version
}

type file struct {
	name, path string
	fi         fs.FileInfo
}

func (f file) Path() string                 { return f.name }
func (f file) Lstat() (fs.FileInfo, error)  { return f.fi, nil }
func (f file) Open() (io.ReadCloser, error) { return os.Open(f.path) }

// goEnv is the environment of the new module: the file proxy first, then
// the usual proxy (and module and build caches) for every other module; no
// checksum database for the unpublished version; no workspace.
func goEnv(t *testing.T, proxy string) []string {
	t.Helper()
	upstream, err := exec.Command("go", "env", "GOPROXY").Output()
	if err != nil {
		t.Fatal(err)
	}
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch k {
		case "GOPROXY", "GONOSUMDB", "GONOPROXY", "GOPRIVATE", "GOFLAGS", "GOWORK", "PWD":
			continue
		}
		env = append(env, kv)
	}
	return append(env,
		"GOPROXY=file://"+filepath.ToSlash(proxy)+","+strings.TrimSpace(string(upstream)),
		"GONOSUMDB="+modPath,
		"GOFLAGS=-mod=mod",
		"GOWORK=off",
	)
}

// readmeCommands returns the command lines of the first sh block of the
// README's "Start your own skill" section.
func readmeCommands(t *testing.T, readme string) []string {
	t.Helper()
	f, err := os.Open(readme)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var cmds []string
	in, block := false, false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case line == "## Start your own skill":
			in = true
		case in && strings.HasPrefix(line, "## "):
			t.Fatal("README: no sh block in Start your own skill")
		case in && !block && line == "```sh":
			block = true
		case block && line == "```":
			if len(cmds) < 5 {
				t.Fatalf("README: only %d commands in Start your own skill", len(cmds))
			}
			return cmds
		case block && strings.TrimSpace(line) != "" && !strings.HasPrefix(line, "#"):
			cmds = append(cmds, line)
		}
	}
	t.Fatal("README: no Start your own skill section")
	return nil
}

func runIn(t *testing.T, dir string, env []string, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir, cmd.Env = dir, env
	var b bytes.Buffer
	cmd.Stdout, cmd.Stderr = &b, &b
	began := time.Now()
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, b.String())
	}
	t.Logf("%s %s: %s", name, strings.Join(args, " "), time.Since(began).Round(time.Millisecond))
	return b.String()
}

// checkZip checks the zip holds one entry, an executable static ELF
// bootstrap for machine, and returns it.
func checkZip(t *testing.T, path string, machine elf.Machine) []byte {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	if len(zr.File) != 1 || zr.File[0].Name != "bootstrap" || zr.File[0].Mode().Perm() != 0o755 {
		t.Fatalf("%s: want only bootstrap, mode 0755; have %v", path, zr.File)
	}
	rc, err := zr.File[0].Open()
	if err != nil {
		t.Fatal(err)
	}
	bin, err := io.ReadAll(rc)
	rc.Close()
	if err != nil {
		t.Fatal(err)
	}
	ef, err := elf.NewFile(bytes.NewReader(bin))
	if err != nil {
		t.Fatalf("%s: bootstrap is not ELF: %v", path, err)
	}
	if ef.Machine != machine || ef.Class != elf.ELFCLASS64 || ef.Type != elf.ET_EXEC {
		t.Errorf("%s: bootstrap is %v %v %v, want %v ELFCLASS64 ET_EXEC", path, ef.Machine, ef.Class, ef.Type, machine)
	}
	if ef.Section(".interp") != nil {
		t.Errorf("%s: bootstrap is dynamically linked", path)
	}
	return bin
}

func launchRequest() []byte {
	app := map[string]any{"applicationId": "amzn1.ask.skill.00000000-0000-4000-8000-000000000001"}
	b, _ := json.Marshal(map[string]any{
		"version": "1.0",
		"session": map[string]any{"new": true, "sessionId": "amzn1.echo-api.session.1", "application": app,
			"user": map[string]any{"userId": "amzn1.ask.account.TEST"}},
		"context": map[string]any{"System": map[string]any{"application": app,
			"user": map[string]any{"userId": "amzn1.ask.account.TEST"}, "apiEndpoint": "https://api.amazonalexa.com"}},
		"request": map[string]any{"type": "LaunchRequest", "requestId": "amzn1.echo-api.request.1",
			"timestamp": time.Now().UTC().Format(time.RFC3339), "locale": "en-US"},
	})
	return b
}

// requirements counts go.mod's requirements, and the direct ones.
func requirements(t *testing.T, gomod string) (all, direct int) {
	t.Helper()
	f, err := modfile.Parse("go.mod", []byte(gomod), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range f.Require {
		if !r.Indirect {
			direct++
		}
	}
	return len(f.Require), direct
}

func readFile(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func writeFile(t *testing.T, p, s string) {
	t.Helper()
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

func fileExists(p string) bool { _, err := os.Stat(p); return err == nil }
