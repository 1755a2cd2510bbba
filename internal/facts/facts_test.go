package facts_test

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/skillgen/skillgen/internal/facts"
)

// names are the identifiers this package defines; no other package may
// declare one of them at package level, so a second copy cannot drift.
var names = []string{"MaxSpeechChars", "MaxResponseBytes", "EnvRegion", "EnvUserPoolID", "EnvClientID",
	"EnvSkillID", "LambdaEnv", "DefaultRegion", "DefaultLabel", "EnvAWSRegion", "PoolRegion", "RegionOfPool", "IsRegion"}

// copies reports, for one Go source file, every place that defines a
// shared fact again: a package-level declaration of one of names and, in
// non-test files, a string literal equal to a shared value, an integer
// literal equal to a shared limit, a Go keyword list (go/token.IsKeyword is
// the one list) or the default label rule written out. Tests may state an
// expected value on their own, as an oracle. (8,000, Alexa's exclusive
// form of MaxSpeechChars, is not searched for: it is also git's binary
// sniff length in generator/write.)
func copies(fset *token.FileSet, f *ast.File, test bool) []string {
	values := map[string]bool{facts.DefaultRegion: true, facts.EnvAWSRegion: true}
	for _, e := range facts.LambdaEnv {
		values[e] = true
	}
	ints := map[string]bool{
		strconv.Itoa(facts.MaxSpeechChars): true, strconv.Itoa(facts.MaxResponseBytes): true,
	}
	var out []string
	report := func(n ast.Node, format string, args ...any) {
		out = append(out, fset.Position(n.Pos()).String()+": "+fmt.Sprintf(format, args...))
	}
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil && slices.Contains(names, d.Name.Name) {
				report(d.Name, "declares %s again", d.Name.Name)
			}
		case *ast.GenDecl:
			for _, sp := range d.Specs {
				if vs, ok := sp.(*ast.ValueSpec); ok {
					for _, id := range vs.Names {
						if slices.Contains(names, id.Name) {
							report(id, "declares %s again", id.Name)
						}
					}
				}
			}
		}
	}
	if test {
		return out
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.BasicLit:
			switch n.Kind {
			case token.STRING:
				v, err := strconv.Unquote(n.Value)
				if err != nil {
					return true
				}
				if values[v] {
					report(n, "the literal %q; use the facts constant", v)
				}
				if v == "fallthrough" {
					report(n, "a Go keyword list; use go/token.IsKeyword")
				}
			case token.INT:
				if ints[strings.ReplaceAll(n.Value, "_", "")] {
					report(n, "the limit %s; use facts.MaxSpeechChars or facts.MaxResponseBytes", n.Value)
				}
			}
		case *ast.BinaryExpr:
			// 24 * 1024
			x, y := intLit(n.X), intLit(n.Y)
			if n.Op == token.MUL && x > 0 && y > 0 && x*y == facts.MaxResponseBytes {
				report(n, "the limit %d; use facts.MaxResponseBytes", x*y)
				return false
			}
		case *ast.CallExpr:
			// strings.ReplaceAll(x, "_", " "): the default label rule.
			if sel, ok := n.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "ReplaceAll" && len(n.Args) == 3 &&
				strLit(n.Args[1]) == "_" && strLit(n.Args[2]) == " " {
				report(n, "the default label rule; use facts.DefaultLabel")
			}
		}
		return true
	})
	return out
}

func intLit(e ast.Expr) int {
	if l, ok := e.(*ast.BasicLit); ok && l.Kind == token.INT {
		n, err := strconv.Atoi(l.Value)
		if err == nil {
			return n
		}
	}
	return 0
}

func strLit(e ast.Expr) string {
	if l, ok := e.(*ast.BasicLit); ok && l.Kind == token.STRING {
		if v, err := strconv.Unquote(l.Value); err == nil {
			return v
		}
	}
	return ""
}

// TestOneDefinition checks every Go file of the module, tests and
// generated code included, outside this package.
func TestOneDefinition(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	self, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	files := 0
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			switch {
			case path == self, d.Name() == "node_modules", path != root && strings.HasPrefix(d.Name(), "."):
				return filepath.SkipDir
			case path != root && fileExists(filepath.Join(path, "go.mod")):
				return filepath.SkipDir // another module
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		files++
		for _, c := range copies(fset, f, strings.HasSuffix(path, "_test.go")) {
			rel, _ := filepath.Rel(root, c)
			t.Errorf("%s", rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 100 {
		t.Fatalf("walked %d Go files under %s; the walk is broken", files, root)
	}
}

// TestCopiesFindsEachKind proves the check can fail: each kind of copy in
// a small source is reported.
func TestCopiesFindsEachKind(t *testing.T) {
	src := `package x

import "strings"

const MaxSpeechChars = 7999
const limit = 24 * 1024
var EnvRegion = "COGNITO_REGION"
var keywords = []string{"break", "fallthrough"}
func DefaultLabel(s string) string { return strings.ReplaceAll(s, "_", " ") }
func f() string { return "us-east-1" + "SKILL_ID" }
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "x.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	got := copies(fset, f, false)
	if n := len(copies(fset, f, true)); n != 3 {
		t.Errorf("in a test file %d copies are reported, want the 3 declarations", n)
	}
	want := []string{
		"x.go:5:7: declares MaxSpeechChars again",
		"x.go:9:6: declares DefaultLabel again",
		"x.go:7:5: declares EnvRegion again",
		"x.go:5:24: the limit 7999; use facts.MaxSpeechChars or facts.MaxResponseBytes",
		"x.go:6:15: the limit 24576; use facts.MaxResponseBytes",
		`x.go:7:17: the literal "COGNITO_REGION"; use the facts constant`,
		"x.go:8:34: a Go keyword list; use go/token.IsKeyword",
		"x.go:9:45: the default label rule; use facts.DefaultLabel",
		`x.go:10:26: the literal "us-east-1"; use the facts constant`,
		`x.go:10:40: the literal "SKILL_ID"; use the facts constant`,
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("copies found\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// TestPoolRegion is the one region rule (runtime/auth's issuer and
// runtime/cognito's GetUser both follow it).
func TestPoolRegion(t *testing.T) {
	for _, tc := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{facts.EnvRegion: "ap-south-1", facts.EnvUserPoolID: "eu-west-1_Abc", facts.EnvAWSRegion: "us-west-2"}, "ap-south-1"},
		{map[string]string{facts.EnvUserPoolID: "eu-west-1_Abc", facts.EnvAWSRegion: "us-west-2"}, "eu-west-1"},
		{map[string]string{facts.EnvRegion: "  ", facts.EnvUserPoolID: " eu-west-1_Abc ", facts.EnvAWSRegion: "us-west-2"}, "eu-west-1"},
		{map[string]string{facts.EnvUserPoolID: "local_5wmE", facts.EnvAWSRegion: "us-west-2"}, "us-west-2"},
		{map[string]string{facts.EnvUserPoolID: "nounderscore", facts.EnvAWSRegion: "us-west-2"}, "us-west-2"},
		{map[string]string{facts.EnvUserPoolID: "local_5wmE"}, ""},
		{map[string]string{}, ""},
	} {
		if got := facts.PoolRegion(func(k string) string { return tc.env[k] }); got != tc.want {
			t.Errorf("PoolRegion(%v) = %q, want %q", tc.env, got, tc.want)
		}
	}
	for r, want := range map[string]bool{"us-east-1": true, "eu-west-1": true, "us-gov-west-1": true, "ap-southeast-2": true,
		"eusc-de-east-1": true, "us-isob-east-1": true, "cn-northwest-1": true, "ap-southeast-10": true,
		"toolong-east-1": false, "us-east-100": false,
		"": false, "us-east": false, "US-EAST-1": false, "us_east_1": false, "local": false, "Not A Region": false, "us-east-1 ": false} {
		if facts.IsRegion(r) != want {
			t.Errorf("IsRegion(%q) = %v", r, !want)
		}
	}
	for id, want := range map[string]string{"us-east-1_AbC123": "us-east-1", "eu-west-1_x_y": "eu-west-1", "local_5wmE": "", "": "", "us-east-1": ""} {
		if got := facts.RegionOfPool(id); got != want {
			t.Errorf("RegionOfPool(%q) = %q, want %q", id, got, want)
		}
	}
}
