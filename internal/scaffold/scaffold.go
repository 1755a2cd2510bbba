// Package scaffold starts a skill in a team's own module, the logic of
// `skillgen init`: a working personalized skill.yaml, the go:generate file,
// the go.mod tool requirement, a .gitignore and a profile to try it with.
// It asks nothing and never overwrites a file.
package scaffold

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/skillgen/skillgen/generator/diag"
	"github.com/skillgen/skillgen/generator/lang"
	"github.com/skillgen/skillgen/generator/spec"
	"github.com/skillgen/skillgen/generator/validate"
	"github.com/skillgen/skillgen/internal/version"
)

// Tool is the package `go get -tool` adds.
const Tool = version.Module + "/cmd/skillgen"

// Options are init's flags; empty fields are derived from the directory.
type Options struct {
	Dir        string   // default: the working directory
	Package    string   // Go package and skill.package; default from the directory name
	Invocation string   // default from the directory name
	Locales    []string // default en-US; English or a language with a starter text (languages.go)
	// Version is the skillgen version to require when go.mod lacks the
	// tool line; "" or "(devel)" leaves go.mod alone and says what to run.
	Version string
}

// Result says what Init did.
type Result struct {
	Written []string // files written, relative to Dir
	Skipped []string // files that existed and were left alone
	GoGet   string   // the go get -tool command run, or to run when NeedGoGet
	// NeedGoGet: go.mod lacks the tool and Init could not add it.
	NeedGoGet bool
	Package   string
	// Try is a request in the primary locale's language to try the skill
	// with: "what is my name", "wie ist mein vorname".
	Try string
}

var (
	packageRe = regexp.MustCompile(`^[a-z][a-z0-9]*$`)
	localeRe  = regexp.MustCompile(`^[a-z]{2}-[A-Z]{2}$`)
)

// OptionError is a flag value init cannot use (a usage error): nothing
// was written.
type OptionError struct{ Msg string }

func (e *OptionError) Error() string { return e.Msg }

func optionErr(format string, args ...any) error {
	return &OptionError{Msg: fmt.Sprintf(format, args...)}
}

// Derive fills the package and invocation name from the directory name:
// "pharmacy-app" gives package pharmacyapp and invocation "pharmacy app";
// a one-word name gets " profile" appended (Alexa wants two words).
func Derive(dir string) (pkg, invocation string) {
	base := filepath.Base(dir)
	var words []string
	var cur []rune
	prevLower := false
	flush := func() {
		if len(cur) > 0 {
			words = append(words, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	for _, r := range base {
		switch {
		case r < unicode.MaxASCII && unicode.IsLetter(r):
			if unicode.IsUpper(r) && prevLower {
				flush()
			}
			cur = append(cur, r)
			prevLower = unicode.IsLower(r)
		default: // digits, separators, anything else split words
			flush()
			prevLower = false
		}
	}
	flush()
	if len(words) == 0 {
		words = []string{"my"}
	}
	pkg = strings.Join(words, "")
	if pkg == "my" {
		pkg = "skill"
	}
	if len(words) == 1 {
		words = append(words, "profile")
	}
	return pkg, strings.Join(words, " ")
}

// Init writes the skill into opts.Dir.
func Init(ctx context.Context, opts Options) (*Result, error) {
	if opts.Dir == "" {
		wd, err := os.Getwd()
		if err != nil {
			return nil, err
		}
		opts.Dir = wd
	}
	abs, err := filepath.Abs(opts.Dir)
	if err != nil {
		return nil, err
	}
	locales := opts.Locales
	if len(locales) == 0 {
		locales = []string{"en-US"}
	}
	langs, err := starterLanguages(locales)
	if err != nil {
		return nil, err
	}
	pkg, inv := Derive(abs)
	if opts.Package != "" {
		pkg = opts.Package
	} else {
		pkg = usablePackage(pkg)
	}
	if opts.Invocation != "" {
		inv = opts.Invocation
	} else {
		inv = usableInvocation(inv, locales)
	}
	if !packageRe.MatchString(pkg) {
		return nil, optionErr("--package %q: use lowercase letters and digits, starting with a letter (a Go package name)", pkg)
	}
	if err := checkInvocation(inv, langs); err != nil {
		return nil, err
	}
	res := &Result{Package: pkg, Try: textFor(langs[0]).Try}
	goPkg, err := rootPackage(abs, pkg)
	if err != nil {
		return nil, err
	}
	// The files are fixed text with {{.Field}} markers; a replacer fills
	// them (text/template would switch off the linker's dead-code removal
	// for the whole skillgen binary: 51 MB instead of 34 MB).
	fill := strings.NewReplacer(
		"{{.Package}}", pkg, "{{.Invocation}}", inv, "{{.Name}}", title(inv),
		"{{.Locales}}", strings.Join(locales, ", "), "{{.DomainPrefix}}", domainPrefix(pkg),
		"{{.GoPackage}}", goPkg,
		// go generate scans every line of this file as text, so the
		// directive is spelled apart here.
		"{{.Directive}}", "//go"+":generate")
	skill := skillTmpl
	if len(langs) > 1 || langs[0] != "en" {
		// Every text per language: the English template's text beside
		// its translations, and each language's own example phrases.
		skill = multilingualSkill(langs, locales, pkg, inv, title(inv), domainPrefix(pkg))
	}
	// The starter must pass the generator's own rules (Alexa's for the
	// invocation name, Go's for the package): checked before anything is
	// written, so that go generate never fails on what init wrote.
	if err := checkStarter(fill.Replace(skill), opts); err != nil {
		return nil, err
	}
	// go.mod first: what can fail for reasons outside this directory (the
	// module proxy, the network) fails before any file is written.
	if err := requireTool(ctx, abs, opts.Version, res); err != nil {
		return nil, err
	}
	files := []struct {
		name string
		tmpl string
	}{
		{"skill.yaml", skill},
		{"generate.go", generateTmpl},
		{".gitignore", gitignoreTmpl},
		{"testdata/profile.yaml", profileTmpl},
	}
	for _, f := range files {
		p := filepath.Join(abs, filepath.FromSlash(f.name))
		wrote, err := writeNew(p, []byte(fill.Replace(f.tmpl)))
		if err != nil {
			// all or nothing: take back what this run wrote
			for _, w := range res.Written {
				if w != "go.mod" {
					os.Remove(filepath.Join(abs, filepath.FromSlash(w)))
				}
			}
			return nil, err
		}
		if wrote {
			res.Written = append(res.Written, f.name)
		} else {
			res.Skipped = append(res.Skipped, f.name)
		}
	}
	return res, nil
}

// usablePackage makes a package name derived from the directory one the
// generator accepts: a Go keyword or a reserved name ("go", "type",
// "runtime", "main") gets "skill" appended.
func usablePackage(pkg string) string {
	if validate.PackageName(pkg) || !packageRe.MatchString(pkg) {
		return pkg
	}
	return pkg + "skill"
}

// usableInvocation makes an invocation name derived from the directory one
// Alexa accepts in every locale: words Alexa reserves ("alexa", "skill",
// "app", "open", …) are dropped, and so are connecting words at either
// end and articles; fewer than two words left get "profile" ("my skill"
// gives "my profile", "alexa skill" "my profile").
func usableInvocation(inv string, locales []string) string {
	words := strings.Fields(inv)
	for _, l := range locales {
		f := lang.ForLocale(l)
		if f == nil {
			continue
		}
		words = slices.DeleteFunc(words, func(w string) bool {
			word, _ := f.ForbiddenIn(w)
			return word != ""
		})
		for len(words) > 0 && slices.Contains(f.Connectors, words[0]) {
			words = words[1:]
		}
		for len(words) > 0 && slices.Contains(f.Connectors, words[len(words)-1]) {
			words = words[:len(words)-1]
		}
		if len(words) == 2 {
			words = slices.DeleteFunc(words, func(w string) bool { return slices.Contains(f.Articles, w) })
		}
	}
	switch len(words) {
	case 0:
		words = []string{"my", "profile"}
	case 1:
		if words[0] == "profile" {
			words = []string{"my"} // "skill profile" less "skill"
		}
		words = append(words, "profile")
	}
	return strings.Join(words, " ")
}

// checkStarter validates the starter spec text in memory, as generate
// will, and words a problem with the flag that caused it.
func checkStarter(text string, opts Options) error {
	ld, err := spec.LoadFS(memFS{"skill.yaml": []byte(text)}, "skill.yaml")
	if err == nil {
		_, err = validate.Build(ld)
	}
	var dl diag.List
	if err == nil || !errors.As(err, &dl) {
		return err
	}
	d := dl[0]
	flagName, given := "", ""
	switch {
	case strings.HasPrefix(d.Path, "skill.invocation"):
		flagName, given = "--invocation", opts.Invocation
	case d.Path == "skill.package":
		flagName, given = "--package", opts.Package
	}
	msg := d.Msg
	if d.Fix != "" {
		msg += "; " + d.Fix
	}
	if flagName != "" && given != "" {
		return optionErr("%s %q: %s", flagName, given, msg)
	}
	return fmt.Errorf("the starter skill.yaml would not validate (%s: %s); give --package and --invocation", d.Path, msg)
}

// memFS is one file in memory, for spec.LoadFS.
type memFS map[string][]byte

func (m memFS) ReadFile(name string) ([]byte, error) {
	if b, ok := m[name]; ok {
		return b, nil
	}
	return nil, &os.PathError{Op: "open", Path: name, Err: os.ErrNotExist}
}

// rootPackage is the package name generate.go must use: that of Go files
// already in dir, else pkg.
func rootPackage(dir, pkg string) (string, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return "", err
	}
	for _, e := range ents {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".go") || strings.HasSuffix(e.Name(), "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), filepath.Join(dir, e.Name()), nil, parser.PackageClauseOnly)
		if err == nil {
			return f.Name.Name, nil
		}
	}
	return pkg, nil
}

// domainPrefix is a Cognito domain prefix unique to this init: prefixes
// are global per region, and init knows no vendor ID to derive one from.
// Cognito refuses prefixes holding aws, amazon or cognito.
func domainPrefix(pkg string) string {
	var b [5]byte
	_, _ = rand.Read(b[:]) // never fails (crypto/rand)
	for _, reserved := range []string{"amazon", "cognito", "aws"} {
		pkg = strings.ReplaceAll(pkg, reserved, "")
	}
	if pkg == "" {
		pkg = "skill"
	}
	if len(pkg) > 50 {
		pkg = pkg[:50]
	}
	return fmt.Sprintf("%s-%x", pkg, b)
}

// writeNew creates name with data unless it exists.
func writeNew(name string, data []byte) (bool, error) {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return false, err
	}
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, os.ErrExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return false, err
	}
	return true, f.Close()
}

// toolLine matches go.mod's tool directive for skillgen, alone or in a block.
var toolLine = regexp.MustCompile(`(?m)^\s*(tool\s+)?` + regexp.QuoteMeta(Tool) + `\s*$`)

// requireTool makes sure go.mod has skillgen as a tool (go get -tool at
// this binary's version), creating go.mod when there is none. When go get
// fails, a go.mod (and go.sum) it created is removed again.
func requireTool(ctx context.Context, dir, ver string, res *Result) error {
	gomod := filepath.Join(dir, "go.mod")
	data, err := os.ReadFile(gomod)
	created := false
	_, statErr := os.Stat(filepath.Join(dir, "go.sum"))
	hadSum := statErr == nil
	if errors.Is(err, os.ErrNotExist) {
		if err := goCmd(ctx, dir, "mod", "init", modulePath(dir)); err != nil {
			return err
		}
		created = true
		res.Written = append(res.Written, "go.mod")
	} else if err != nil {
		return err
	} else if toolLine.Match(data) {
		return nil
	}
	if ver == "" || ver == "(devel)" {
		res.GoGet = "go get -tool " + Tool + "@latest"
		res.NeedGoGet = true
		return nil
	}
	res.GoGet = "go get -tool " + Tool + "@" + ver
	if err := goCmd(ctx, dir, "get", "-tool", Tool+"@"+ver); err != nil {
		if created {
			// leave the directory as it was: init can simply be rerun
			os.Remove(gomod)
			if !hadSum {
				os.Remove(filepath.Join(dir, "go.sum"))
			}
		}
		return err
	}
	return nil
}

func modulePath(dir string) string {
	pkg, _ := Derive(dir)
	return pkg
}

func goCmd(ctx context.Context, dir string, args ...string) error {
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("go %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return nil
}

// title capitalizes each word's first letter ("ünal shop" → "Ünal
// Shop"); scripts without case are left as they are.
func title(s string) string {
	w := strings.Fields(s)
	for i, x := range w {
		r, n := utf8.DecodeRuneInString(x)
		w[i] = string(unicode.ToUpper(r)) + x[n:]
	}
	return strings.Join(w, " ")
}

// skillHead and skillTop open both starter templates (this one and
// multilingualTmpl): the file's comment, and the skill block up to the
// attributes.
const skillHead = `# yaml-language-server: $schema=skill.schema.json
#
# The {{.Name}} skill. ` + "`go generate ./...`" + ` turns this file into the
# interaction models in models/, the Go handlers and the deploy files in
# generated/{{.Package}}/ (skill.schema.json is written next to it for your editor).
`

const skillTop = `skill:
  package: {{.Package}}
  name: {{.Name}}
  invocation: {{.Invocation}}
  # vendorId: M12AB34CD56EF7 # your developer account's; or set SKILLGEN_VENDOR_ID

locales: [{{.Locales}}]

# The Cognito profile attributes the skill may speak.
attributes:
`

// skillTail closes both starter templates: the store listing's category
// and policy, the Cognito domain prefix and the Lambda.
const skillTail = `  category: EDUCATION_AND_REFERENCE
  privacyPolicyUrl: https://example.com/privacy

cognito:
  # Cognito domain prefixes are global per region; this one was made unique
  # by skillgen init. Drop it once vendorId is set to derive one from it.
  domainPrefix: {{.DomainPrefix}}

lambda:
  architecture: arm64
`

var skillTmpl = (skillHead + skillTop + `  - name: given_name
    required: true
    label: first name
  - name: email
    required: true
    sayAs: spell-out
    label: email address
  - name: phone_number
    sayAs: telephone
    label: phone number

intents:
  - name: NameIntent
    samples:
      en: ["{what is|what's|tell me} my name", "who am i"]
    speech: Your name is {given_name}. What else?
    reprompt: What else would you like to know?

  - name: EmailIntent
    samples:
      en: ["{what is|what's|tell me} my {email|email address}"]
    speech: Your email address is {email}. What else?
    reprompt: What else would you like to know?

  - name: PhoneIntent
    samples:
      en: ["{what is|what's|tell me} my {phone|phone number|number}"]
    speech: Your phone number is {phone_number}.

messages:
  launch:
    speech: Welcome to {{.Name}}, {given_name}. Ask for your name, email or phone number.
    reprompt: What would you like to know?
  help:
    speech: You can ask what is my name, what is my email, or what is my phone number.
    reprompt: What would you like to know?
  stop:
    speech: Goodbye.
  fallback:
    speech: Sorry, I can't help with that. Ask for your name, email or phone number.
    reprompt: What would you like to know?
  linkAccount:
    speech: Please link your account in the Alexa app first.
  missingAttribute:
    speech: Your profile has no {missing} yet.
  error:
    speech: Sorry, I couldn't reach your profile. Please try again later.

publishing:
  summary: Answers questions about your linked profile.
  description: Link your account, then ask for your name, email address or phone number.
  examplePhrases:
    - Alexa open {{.Invocation}}
    - Alexa ask {{.Invocation}} what is my name
` + skillTail)

var generateTmpl = (`package {{.GoPackage}}

// skillgen writes the models, the Go handlers and the deploy files from
// skill.yaml, and the schema editors check skill.yaml with.
{{.Directive}} go tool skillgen schema -o skill.schema.json
{{.Directive}} go tool skillgen generate
`)

var gitignoreTmpl = (`# skillgen build output (the Lambda zip; bootstrap goes to generated/*/deploy/build/).
/dist/
# Written by skillgen provision: holds the Cognito app client's secret.
accountLinking.local.json
# ASK CLI state and the function build ask deploy uploads.
.ask/
generated/*/deploy/build/
`)

var profileTmpl = (`# A test user's Cognito attributes for ` + "`go tool skillgen dialog --profile testdata/profile.yaml`" + `.
given_name: Ada
email: ada@example.com
phone_number: "+15555550100"
`)
