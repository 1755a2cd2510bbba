// Package scaffold starts a skill in a team's own module, the logic of
// `skillgen init`: a working personalized skill.yaml, the go:generate file,
// the go.mod tool requirement, a .gitignore and a profile to try it with.
// It asks nothing and never overwrites a file.
package scaffold

import (
	"context"
	"crypto/rand"
	"encoding/json"
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
	Locales    []string // default en-US
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
	// Try is a question the skill answers in its first locale, for
	// dialog ("what is my name").
	Try string
}

var (
	packageRe    = regexp.MustCompile(`^[a-z][a-z0-9]*$`)
	invocationRe = regexp.MustCompile(`^[a-z][a-z' .-]*[a-z.]$`)
	localeRe     = regexp.MustCompile(`^[a-z]{2}-[A-Z]{2}$`)
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
// Derive applies no Alexa or Go rule; Init does (see usable).
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
	var langs []string
	for _, l := range locales {
		if !localeRe.MatchString(l) {
			return nil, optionErr("--locales: %q is not a locale such as en-US", l)
		}
		if lang, _, _ := strings.Cut(l, "-"); !slices.Contains(starterLanguages, lang) {
			return nil, optionErr("--locales: %s: the starter skill has English, German and French text; start with those and add %s to skill.yaml with its own text", l, l)
		}
	}
	for _, lang := range starterLanguages {
		if slices.ContainsFunc(locales, func(l string) bool { return strings.HasPrefix(l, lang+"-") }) {
			langs = append(langs, lang)
		}
	}
	skill := localize(skillTmpl, langs)
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
	if !invocationRe.MatchString(inv) || !strings.Contains(inv, " ") {
		return nil, optionErr("--invocation %q: use two or more lowercase words, e.g. %q", inv, "city pharmacy")
	}
	first, _, _ := strings.Cut(locales[0], "-")
	res := &Result{Package: pkg, Try: starterTry[first]}
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
	// The starter must pass the generator's own rules (Alexa's for the
	// invocation name, Go's for the package): checked before anything is
	// written, so that go generate never fails on what init wrote.
	if err := checkStarter(fill.Replace(skill), opts); err != nil {
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
			return nil, err
		}
		if wrote {
			res.Written = append(res.Written, f.name)
		} else {
			res.Skipped = append(res.Skipped, f.name)
		}
	}
	if err := requireTool(ctx, abs, opts.Version, res); err != nil {
		return res, err
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
			for _, part := range f.Words(w) {
				if f.Forbidden(part) != "" {
					return true
				}
			}
			return false
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
// this binary's version), creating go.mod when there is none.
func requireTool(ctx context.Context, dir, ver string, res *Result) error {
	gomod := filepath.Join(dir, "go.mod")
	data, err := os.ReadFile(gomod)
	if errors.Is(err, os.ErrNotExist) {
		if err := goCmd(ctx, dir, "mod", "init", modulePath(dir)); err != nil {
			return err
		}
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
	return goCmd(ctx, dir, "get", "-tool", Tool+"@"+ver)
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

func title(s string) string {
	w := strings.Fields(s)
	for i, x := range w {
		w[i] = strings.ToUpper(x[:1]) + x[1:]
	}
	return strings.Join(w, " ")
}

var skillTmpl = (`# yaml-language-server: $schema=skill.schema.json
#
# The {{.Name}} skill. ` + "`go generate ./...`" + ` turns this file into the
# interaction models in models/, the Go handlers and the deploy files in
# generated/{{.Package}}/ (skill.schema.json is written next to it for your editor).
skill:
  package: {{.Package}}
  name: {{.Name}}
  invocation: {{.Invocation}}
  # vendorId: M12AB34CD56EF7 # your developer account's; or set SKILLGEN_VENDOR_ID

locales: [{{.Locales}}]

# The Cognito profile attributes the skill may speak.
attributes:
  - name: given_name
    required: true
    label: {{T:label.given_name}}
  - name: email
    required: true
    sayAs: spell-out
    label: {{T:label.email}}
  - name: phone_number
    sayAs: telephone
    label: {{T:label.phone_number}}

intents:
  - name: NameIntent
    samples:
{{S:NameIntent}}
    speech: {{T:NameIntent.speech}}
    reprompt: {{T:reprompt.else}}

  - name: EmailIntent
    samples:
{{S:EmailIntent}}
    speech: {{T:EmailIntent.speech}}
    reprompt: {{T:reprompt.else}}

  - name: PhoneIntent
    samples:
{{S:PhoneIntent}}
    speech: {{T:PhoneIntent.speech}}

messages:
  launch:
    speech: {{T:launch.speech}}
    reprompt: {{T:reprompt.know}}
  help:
    speech: {{T:help.speech}}
    reprompt: {{T:reprompt.know}}
  stop:
    speech: {{T:stop.speech}}
  fallback:
    speech: {{T:fallback.speech}}
    reprompt: {{T:reprompt.know}}
  linkAccount:
    speech: {{T:linkAccount.speech}}
  missingAttribute:
    speech: {{T:missingAttribute.speech}}
  error:
    speech: {{T:error.speech}}

publishing:
  summary: {{T:summary}}
  description: {{T:description}}
  examplePhrases:
{{E}}
  category: EDUCATION_AND_REFERENCE
  privacyPolicyUrl: https://example.com/privacy

cognito:
  # Cognito domain prefixes are global per region; this one was made unique
  # by skillgen init. Drop it once vendorId is set to derive one from it.
  domainPrefix: {{.DomainPrefix}}

lambda:
  architecture: arm64
`)

// starterText is the starter's text per language: English, German and
// French (the du and tu forms Alexa skills use).
var starterText = map[string]map[string]string{
	"label.given_name":   {"en": "first name", "de": "Vorname", "fr": "prénom"},
	"label.email":        {"en": "email address", "de": "E-Mail-Adresse", "fr": "adresse e-mail"},
	"label.phone_number": {"en": "phone number", "de": "Telefonnummer", "fr": "numéro de téléphone"},
	"NameIntent.speech":  {"en": "Your name is {given_name}. What else?", "de": "Dein Vorname ist {given_name}. Was noch?", "fr": "Ton prénom est {given_name}. Quoi d'autre ?"},
	"EmailIntent.speech": {"en": "Your email address is {email}. What else?", "de": "Deine E-Mail-Adresse ist {email}. Was noch?", "fr": "Ton adresse e-mail est {email}. Quoi d'autre ?"},
	"PhoneIntent.speech": {"en": "Your phone number is {phone_number}.", "de": "Deine Telefonnummer ist {phone_number}.", "fr": "Ton numéro de téléphone est {phone_number}."},
	"reprompt.else":      {"en": "What else would you like to know?", "de": "Was möchtest du noch wissen?", "fr": "Que veux-tu savoir d'autre ?"},
	"reprompt.know":      {"en": "What would you like to know?", "de": "Was möchtest du wissen?", "fr": "Que veux-tu savoir ?"},
	"launch.speech": {
		"en": "Welcome to {{.Name}}, {given_name}. Ask for your name, email or phone number.",
		"de": "Willkommen bei {{.Name}}, {given_name}. Frag nach deinem Vornamen, deiner E-Mail-Adresse oder deiner Telefonnummer.",
		"fr": "Bienvenue dans {{.Name}}, {given_name}. Demande ton prénom, ton adresse e-mail ou ton numéro de téléphone."},
	"help.speech": {
		"en": "You can ask what is my name, what is my email, or what is my phone number.",
		"de": "Du kannst fragen: wie ist mein Name, wie ist meine E-Mail-Adresse oder wie ist meine Telefonnummer.",
		"fr": "Tu peux demander : quel est mon prénom, quelle est mon adresse e-mail ou quel est mon numéro de téléphone."},
	"stop.speech": {"en": "Goodbye.", "de": "Tschüss.", "fr": "Au revoir."},
	"fallback.speech": {
		"en": "Sorry, I can't help with that. Ask for your name, email or phone number.",
		"de": "Das kann ich leider nicht. Frag nach deinem Vornamen, deiner E-Mail-Adresse oder deiner Telefonnummer.",
		"fr": "Désolé, je ne peux pas t'aider avec ça. Demande ton prénom, ton adresse e-mail ou ton numéro de téléphone."},
	"linkAccount.speech":      {"en": "Please link your account in the Alexa app first.", "de": "Bitte verknüpfe zuerst dein Konto in der Alexa App.", "fr": "Lie d'abord ton compte dans l'application Alexa."},
	"missingAttribute.speech": {"en": "Your profile has no {missing} yet.", "de": "In deinem Profil fehlt noch: {missing}.", "fr": "Il manque encore à ton profil : {missing}."},
	"error.speech":            {"en": "Sorry, I couldn't reach your profile. Please try again later.", "de": "Dein Profil ist gerade nicht erreichbar. Bitte versuch es später noch einmal.", "fr": "Désolé, ton profil est injoignable pour le moment. Réessaie plus tard."},
	"summary":                 {"en": "Answers questions about your linked profile.", "de": "Beantwortet Fragen zu deinem verknüpften Profil.", "fr": "Répond à tes questions sur ton profil associé."},
	"description": {
		"en": "Link your account, then ask for your name, email address or phone number.",
		"de": "Verknüpfe dein Konto und frag dann nach deinem Vornamen, deiner E-Mail-Adresse oder deiner Telefonnummer.",
		"fr": "Associe ton compte, puis demande ton prénom, ton adresse e-mail ou ton numéro de téléphone."},
}

// starterSamples are the intents' sample patterns per language.
var starterSamples = map[string]map[string]string{
	"NameIntent":  {"en": `"{what is|what's|tell me} my name", "who am i"`, "de": `"{wie ist|was ist|sag mir} mein {name|vorname}", "wer bin ich"`, "fr": `"{quel est|dis-moi} mon {nom|prénom}", "qui suis-je"`},
	"EmailIntent": {"en": `"{what is|what's|tell me} my {email|email address}"`, "de": `"{wie ist|was ist|sag mir} meine {e-mail|e-mail-adresse|email adresse}"`, "fr": `"{quelle est|dis-moi} mon {adresse e-mail|e-mail|adresse mail}"`},
	"PhoneIntent": {"en": `"{what is|what's|tell me} my {phone|phone number|number}"`, "de": `"{wie ist|was ist|sag mir} meine {telefonnummer|handynummer|nummer}"`, "fr": `"{quel est|dis-moi} mon {numéro|numéro de téléphone|téléphone}"`},
}

// starterExamples are the store's example phrases per language: wake word,
// launch phrase and invocation name, then one asking a sample.
var starterExamples = map[string][2]string{
	"en": {"Alexa open {{.Invocation}}", "Alexa ask {{.Invocation}} what is my name"},
	"de": {"Alexa, öffne {{.Invocation}}", "Alexa, frage {{.Invocation}} wie ist mein name"},
	"fr": {"Alexa, ouvre {{.Invocation}}", "Alexa, demande à {{.Invocation}} quel est mon nom"},
}

// starterTry is a question the starter answers, per language.
var starterTry = map[string]string{"en": "what is my name", "de": "wie ist mein name", "fr": "quel est mon nom"}

// starterLanguages are the languages the starter has text for.
var starterLanguages = []string{"en", "de", "fr"}

var starterMarker = regexp.MustCompile(`\{\{(?:([TS]):([^}]+)|E)\}\}`)

// localize fills the starter's text markers for langs: plain English
// text when the skill is English only, else a map from language to text.
func localize(tmpl string, langs []string) string {
	english := len(langs) == 1 && langs[0] == "en"
	quote := func(s string) string { b, _ := json.Marshal(s); return string(b) }
	return starterMarker.ReplaceAllStringFunc(tmpl, func(m string) string {
		sm := starterMarker.FindStringSubmatch(m)
		switch sm[1] {
		case "T":
			t := starterText[sm[2]]
			if english {
				return t["en"]
			}
			parts := make([]string, len(langs))
			for i, l := range langs {
				parts[i] = l + ": " + quote(t[l])
			}
			return "{" + strings.Join(parts, ", ") + "}"
		case "S":
			lines := make([]string, len(langs))
			for i, l := range langs {
				lines[i] = "      " + l + ": [" + starterSamples[sm[2]][l] + "]"
			}
			return strings.Join(lines, "\n")
		}
		if english {
			e := starterExamples["en"]
			return "    - " + e[0] + "\n    - " + e[1]
		}
		lines := make([]string, len(langs))
		for i, l := range langs {
			e := starterExamples[l]
			lines[i] = "    " + l + ": [" + quote(e[0]) + ", " + quote(e[1]) + "]"
		}
		return strings.Join(lines, "\n")
	})
}

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
