// Package handlers emits the Go code of a skill: a package under
// Output.Code with the typed profile, one handler per intent and every
// response template compiled to calls on runtime.Writer, plus a Lambda
// entry (Output.Code/lambda) that runs it.
package handlers

import (
	"bytes"
	"errors"
	"fmt"
	"go/token"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/skillgen/skillgen/generator/ir"
	"github.com/skillgen/skillgen/generator/plan"
	"github.com/skillgen/skillgen/internal/facts"
)

// Import paths of the runtime the generated code calls.
const (
	runtimePath    = "github.com/skillgen/skillgen/runtime"
	lambdamainPath = "github.com/skillgen/skillgen/runtime/lambdamain"
	pretokenPath   = "github.com/skillgen/skillgen/runtime/pretoken"
)

// Generated file names under Output.Code.
const (
	SkillFile  = "skill.gen.go"
	LambdaFile = "lambda/main.gen.go"
)

// Emit returns the generated Go files of s, keyed by slash path relative to
// the working directory (under s.Output.Code). The import path of the
// generated package comes from the go.mod that holds the working directory.
func Emit(s *ir.Skill) (map[string][]byte, error) {
	if s == nil {
		return nil, errors.New("handlers: nil skill")
	}
	imp, err := ImportPath(s.Output.Code)
	if err != nil {
		return nil, err
	}
	return EmitPackage(s, imp)
}

// ImportPath returns the Go import path of dir (slash path relative to the
// working directory), found from the enclosing go.mod.
func ImportPath(dir string) (string, error) {
	wd, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("handlers: %w", err)
	}
	abs := filepath.Join(wd, filepath.FromSlash(dir))
	root, data, ok := FindModule(wd)
	if !ok {
		return "", fmt.Errorf("handlers: no go.mod in %s or above; run skillgen inside the Go module that will hold %s", wd, dir)
	}
	mod := modulePath(data)
	if mod == "" {
		return "", fmt.Errorf("handlers: %s has no module line", filepath.Join(root, "go.mod"))
	}
	rel, err := filepath.Rel(root, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", fmt.Errorf("handlers: output.code %q is outside the module at %s; put it inside the module", dir, root)
	}
	if rel == "." {
		return mod, nil
	}
	return mod + "/" + filepath.ToSlash(rel), nil
}

// FindModule returns the nearest directory at or above dir (absolute) that
// holds a readable go.mod, and that file's bytes; ok is false when there
// is none.
func FindModule(dir string) (root string, gomod []byte, ok bool) {
	for root = dir; ; {
		if data, err := os.ReadFile(filepath.Join(root, "go.mod")); err == nil {
			return root, data, true
		}
		parent := filepath.Dir(root)
		if parent == root {
			return "", nil, false
		}
		root = parent
	}
}

func modulePath(gomod []byte) string {
	for _, line := range strings.Split(string(gomod), "\n") {
		line = strings.TrimSpace(line)
		if rest, ok := strings.CutPrefix(line, "module"); ok && (strings.HasPrefix(rest, " ") || strings.HasPrefix(rest, "\t")) {
			return strings.Trim(strings.TrimSpace(rest), `"`)
		}
	}
	return ""
}

// EmitPackage is Emit with the generated package's import path given.
func EmitPackage(s *ir.Skill, importPath string) (map[string][]byte, error) {
	if s == nil {
		return nil, errors.New("handlers: nil skill")
	}
	p, err := plan.Build(s)
	if errs := checkGo(s); len(errs) > 0 {
		if err != nil {
			errs = append(errs, err)
		}
		return nil, fmt.Errorf("handlers: %s: %w", s.SpecPath, errors.Join(errs...))
	}
	if err != nil {
		return nil, err
	}
	return EmitPlan(p, importPath)
}

// EmitPlan prints the plan p as the Go package importPath and its Lambda
// entry.
func EmitPlan(p *plan.Skill, importPath string) (map[string][]byte, error) {
	g := newGen(p)
	skill, err := render(g.skillFile(importPath), path.Join(p.Code, SkillFile))
	if err != nil {
		return nil, err
	}
	lambda, err := render(g.lambdaFile(importPath), path.Join(p.Code, LambdaFile))
	if err != nil {
		return nil, err
	}
	return map[string][]byte{
		path.Join(p.Code, SkillFile):  skill,
		path.Join(p.Code, LambdaFile): lambda,
	}, nil
}

func render(f *jen.File, name string) ([]byte, error) {
	var buf bytes.Buffer
	if err := f.Render(&buf); err != nil {
		// jennifer's error carries the unformatted source
		return nil, fmt.Errorf("handlers: rendering %s: %w", name, err)
	}
	return buf.Bytes(), nil
}

// checkGo reports IR the plan accepts but Go cannot name.
func checkGo(s *ir.Skill) []error {
	var errs []error
	if s.Package == "" || !isIdent(s.Package) {
		errs = append(errs, fmt.Errorf("package %q is not a Go identifier", s.Package))
	}
	if s.Output.Code == "" {
		errs = append(errs, errors.New("output.code is empty"))
	}
	for _, a := range s.Attributes {
		if !isIdent(a.GoName) || !isExported(a.GoName) {
			errs = append(errs, fmt.Errorf("attribute %s: GoName %q is not an exported Go identifier", a.Name, a.GoName))
		}
	}
	return errs
}

// gen holds the state of one skill's emission.
type gen struct {
	p     *plan.Skill
	names map[string]bool
	field map[*plan.Attribute]string // attribute → Field variable
	tmpls map[*plan.Text]string      // text → function name
	decls []jen.Code                 // template functions, in order
}

func newGen(p *plan.Skill) *gen {
	g := &gen{p: p, names: map[string]bool{}, field: map[*plan.Attribute]string{}, tmpls: map[*plan.Text]string{}}
	for _, n := range []string{"Profile", "Skill", "New", "decodeProfile", "runtime", "p", "w", "in", "attrs", "src", "opts"} {
		g.names[n] = true
	}
	for _, n := range predeclared {
		g.names[n] = true
	}
	return g
}

// name returns a fresh identifier based on want.
func (g *gen) name(want string) string {
	want = ident(want)
	if token.IsKeyword(want) {
		want += "_"
	}
	n := want
	for i := 2; g.names[n]; i++ {
		n = fmt.Sprintf("%s%d", want, i)
	}
	g.names[n] = true
	return n
}

func (g *gen) skillFile(importPath string) *jen.File {
	s := g.p
	f := jen.NewFilePathName(importPath, s.Package)
	f.HeaderComment(header(s))
	f.ImportName(runtimePath, "runtime")
	f.PackageComment(fmt.Sprintf("Package %s is the compiled %s skill: the user's profile, one handler per intent and every answer, rendered by %s.", s.Package, s.Name, runtimePath))
	rt := func(name string) *jen.Statement { return jen.Qual(runtimePath, name) }
	prof := jen.Id("Profile")
	generic := func(name string) *jen.Statement { return rt(name).Types(jen.Id("Profile")) }

	// Profile and its decoder.
	f.Comment("Profile is the linked user's Cognito profile: one field per declared attribute, empty when the user has none.")
	f.Type().Id("Profile").StructFunc(func(gr *jen.Group) {
		for _, a := range s.Attributes {
			gr.Id(a.GoName).String().Comment(a.Name)
		}
	})
	f.Comment("decodeProfile fills p from Cognito's user attributes.")
	f.Func().Id("decodeProfile").Params(jen.Id("p").Op("*").Add(prof), jen.Id("attrs").Map(jen.String()).String()).BlockFunc(func(gr *jen.Group) {
		for _, a := range s.Attributes {
			v := jen.Id("attrs").Index(jen.Lit(a.Name))
			if a.Address {
				v = rt("AddressText").Call(v)
			}
			gr.Id("p").Dot(a.GoName).Op("=").Add(v)
		}
	})

	// Fields answers can need.
	var used []*plan.Attribute
	for _, a := range s.Attributes {
		if a.Needed {
			used = append(used, a)
		}
	}
	if len(used) > 0 {
		f.Comment("The attributes answers need, with their spoken labels for the missing-attribute message.")
		f.Var().DefsFunc(func(gr *jen.Group) {
			for _, a := range used {
				n := g.name("field" + a.GoName)
				g.field[a] = n
				gr.Id(n).Op("=").Op("&").Add(generic("Field")).Values(fields(
					kv{"Name", jen.Lit(a.Name)},
					kv{"Label", label(a.Label)},
					kv{"Get", jen.Func().Params(jen.Id("p").Op("*").Add(prof)).String().Block(
						jen.Return(jen.Id("p").Dot(a.GoName)))},
				)...)
			}
		})
	}

	// Answers: messages, then intents.
	type answer struct {
		name string
		doc  string
		a    *plan.Answer
	}
	var answers []answer
	msg := func(n, doc string, a *plan.Answer) string {
		name := g.name(n)
		answers = append(answers, answer{name, doc, a})
		return name
	}
	launch := msg("msgLaunch", "answers a LaunchRequest and AMAZON.NavigateHomeIntent.", s.Launch)
	help := msg("msgHelp", "answers AMAZON.HelpIntent.", s.Help)
	stop := msg("msgStop", "answers AMAZON.StopIntent and AMAZON.CancelIntent.", s.Stop)
	fallback := msg("msgFallback", "answers AMAZON.FallbackIntent and intents the skill does not know.", s.Fallback)
	link := msg("msgLinkAccount", "is spoken with a LinkAccount card when the account is not linked or Cognito rejects the token.", s.LinkAccount)
	missing := msg("msgMissingAttribute", "is spoken when the profile lacks an attribute the answer needs.", s.MissingAttribute)
	failure := msg("msgError", "is spoken when the profile cannot be fetched.", s.Error)

	type handler struct {
		fn     string
		intent *plan.Intent
		def    string
		cases  []string
	}
	var handlers []handler
	for _, in := range s.Intents {
		h := handler{fn: g.name("handle" + in.Name), intent: in}
		base := lowerFirst(ident(in.Name))
		if in.Slot == "" {
			h.def = msg(base, "answers "+in.Name+".", in.Answer)
		} else {
			h.def = msg(base, fmt.Sprintf("answers %s when slot %s has no resolved value.", in.Name, in.Slot), in.Answer)
			for _, c := range in.Cases {
				h.cases = append(h.cases, msg(base+upperFirst(ident(c.ID)),
					fmt.Sprintf("answers %s when slot %s resolves to %s.", in.Name, in.Slot, c.ID), c.Answer))
			}
		}
		handlers = append(handlers, h)
	}

	// The skill.
	intents := jen.Dict{}
	for _, h := range handlers {
		intents[jen.Lit(h.intent.Name)] = jen.Id(h.fn)
	}
	locales := make([]jen.Code, len(s.Locales))
	for i, l := range s.Locales {
		locales[i] = jen.Lit(l)
	}
	var id jen.Code
	if s.ID != "" {
		id = jen.Lit(s.ID)
	}
	var claims jen.Code
	if tokenMode(s) {
		var names []jen.Code
		for _, n := range s.ProfileClaims {
			names = append(names, jen.Lit(n))
		}
		claims = jen.Index().String().Values(names...)
	}
	f.Comment(fmt.Sprintf("Skill is the compiled %s skill.", s.Name))
	f.Var().Id("Skill").Op("=").Op("&").Add(generic("Skill")).Values(fields(
		kv{"Name", jen.Lit(s.Name)},
		kv{"ID", id},
		kv{"Locales", jen.Index().String().Values(locales...)},
		kv{"Decode", jen.Id("decodeProfile")},
		kv{"ProfileClaims", claims},
		kv{"Intents", jen.Map(jen.String()).Add(generic("IntentHandler")).Values(intents)},
		kv{"Launch", jen.Id(launch)},
		kv{"Help", jen.Id(help)},
		kv{"Stop", jen.Id(stop)},
		kv{"Fallback", jen.Id(fallback)},
		kv{"LinkAccount", jen.Id(link)},
		kv{"MissingAttribute", jen.Id(missing)},
		kv{"Error", jen.Id(failure)},
		kv{"Personalization", personalization(s.Personalization)},
	)...)
	f.Comment("New returns the skill's request handler, which reads profiles from src.")
	f.Func().Id("New").Params(jen.Id("src").Add(rt("ProfileSource")), jen.Id("opts").Op("...").Add(rt("Option"))).
		Params(jen.Op("*").Add(rt("Handler")), jen.Error()).Block(
		jen.Return(rt("NewHandler").Call(jen.Id("Skill"), jen.Id("src"), jen.Id("opts").Op("..."))))

	// Intent handlers.
	for _, h := range handlers {
		in := h.intent
		if in.Slot == "" {
			f.Comment(fmt.Sprintf("%s answers %s.", h.fn, in.Name))
			f.Func().Id(h.fn).Params(jen.Op("*").Add(rt("Intent"))).Op("*").Add(generic("Answer")).Block(
				jen.Return(jen.Id(h.def)))
			continue
		}
		f.Comment(fmt.Sprintf("%s answers %s by the resolved id of slot %s.", h.fn, in.Name, in.Slot))
		f.Func().Id(h.fn).Params(jen.Id("in").Op("*").Add(rt("Intent"))).Op("*").Add(generic("Answer")).Block(
			jen.Switch(jen.Id("in").Dot("SlotID").Call(jen.Lit(in.Slot))).BlockFunc(func(gr *jen.Group) {
				for i, c := range in.Cases {
					gr.Case(jen.Lit(c.ID)).Block(jen.Return(jen.Id(h.cases[i])))
				}
			}),
			jen.Return(jen.Id(h.def)),
		)
	}

	// Answers and their templates.
	for _, a := range answers {
		f.Comment(a.name + " " + a.doc)
		f.Var().Id(a.name).Op("=").Op("&").Add(generic("Answer")).Values(g.answer(a.name, a.a)...)
	}
	for _, d := range g.decls {
		f.Add(d)
	}

	// Compile-time assertions: drift between this file and the runtime
	// breaks the build.
	f.Var().DefsFunc(func(gr *jen.Group) {
		gr.Id("_").Add(generic("Decoder")).Op("=").Id("decodeProfile")
		for _, h := range handlers {
			gr.Id("_").Add(generic("IntentHandler")).Op("=").Id(h.fn)
		}
	})
	return f
}

// label is the runtime.Label literal of l.
func label(l plan.Label) jen.Code {
	d := jen.Dict{jen.Id("Default"): jen.Lit(l.Default)}
	if len(l.Locales) > 0 {
		others := jen.Dict{}
		for c, s := range l.Locales {
			others[jen.Lit(c)] = jen.Lit(s)
		}
		d[jen.Id("Locales")] = jen.Map(jen.String()).String().Values(others)
	}
	return jen.Qual(runtimePath, "Label").Values(d)
}

// answer returns the fields of the runtime.Answer for a.
func (g *gen) answer(name string, a *plan.Answer) []jen.Code {
	var needs, reprompt, title, text, end jen.Code
	if len(a.Needs) > 0 {
		var ns []jen.Code
		for _, at := range a.Needs {
			ns = append(ns, jen.Id(g.field[at]))
		}
		needs = jen.Index().Op("*").Qual(runtimePath, "Field").Types(jen.Id("Profile")).Values(ns...)
	}
	speech := jen.Id(g.template(name+"Speech", a.Speech))
	if a.Reprompt != nil {
		reprompt = jen.Id(g.template(name+"Reprompt", a.Reprompt))
	}
	if a.CardTitle != nil {
		title = jen.Id(g.template(name+"CardTitle", a.CardTitle))
	}
	if a.CardText != nil {
		text = jen.Id(g.template(name+"CardText", a.CardText))
	}
	if a.EndSession {
		end = jen.True()
	}
	return fields(kv{"Needs", needs}, kv{"Speech", speech}, kv{"Reprompt", reprompt},
		kv{"CardTitle", title}, kv{"CardText", text}, kv{"EndSession", end})
}

// personalization returns the skill's runtime.Personalization literal, or
// nil when personalization is off.
func personalization(p plan.Personalization) jen.Code {
	if !p.Enabled {
		return nil
	}
	var acct, names jen.Code
	if p.AccountProfile {
		acct = jen.True()
	}
	if len(p.UnrecognizedName) > 0 {
		d := jen.Dict{}
		for loc, n := range p.UnrecognizedName {
			d[jen.Lit(loc)] = jen.Lit(n)
		}
		names = jen.Map(jen.String()).String().Values(d)
	}
	return jen.Qual(runtimePath, "Personalization").Values(fields(
		kv{"Enabled", jen.True()},
		kv{"AccountProfile", acct},
		kv{"UnrecognizedName", names},
	)...)
}

// template emits (once) the function rendering t and returns its name. The
// default variant is the default of the locale switch.
func (g *gen) template(want string, t *plan.Text) string {
	if n, ok := g.tmpls[t]; ok {
		return n
	}
	name := g.name(want)
	g.tmpls[t] = name

	body := func(pieces []plan.Piece) []jen.Code {
		var out []jen.Code
		for _, pc := range pieces {
			switch {
			case pc.Kind == plan.Value && pc.SayAs != "":
				out = append(out, jen.Id("w").Dot("SayAs").Call(jen.Id("p").Dot(pc.Attr.GoName), jen.Lit(pc.SayAs)))
			case pc.Kind == plan.Value:
				out = append(out, jen.Id("w").Dot("Value").Call(jen.Id("p").Dot(pc.Attr.GoName)))
			case pc.Kind == plan.Missing:
				out = append(out, jen.Id("w").Dot("Missing").Call())
			case pc.Kind == plan.Speaker:
				out = append(out, jen.Id("w").Dot("Speaker").Call())
			default:
				out = append(out, jen.Id("w").Dot("Text").Call(jen.Lit(pc.Text)))
			}
		}
		return out
	}
	def := t.Variants[t.Default]
	var stmts []jen.Code
	if len(t.Variants) == 1 {
		stmts = body(def.Pieces)
	} else {
		stmts = []jen.Code{jen.Switch(jen.Id("w").Dot("Locale").Call()).BlockFunc(func(sw *jen.Group) {
			for i, v := range t.Variants {
				if i == t.Default {
					continue
				}
				var cs []jen.Code
				for _, l := range v.Locales {
					cs = append(cs, jen.Lit(l))
				}
				sw.Case(cs...).Block(body(v.Pieces)...)
			}
			sw.Default().Block(body(def.Pieces)...)
		})}
	}
	p := jen.Id("_")
	if t.ReadsProfile() {
		p = jen.Id("p")
	}
	kind := "speech"
	if t.Card {
		kind = "card text"
	}
	src := def.Source
	if r := []rune(src); len(r) > 100 {
		src = string(r[:99]) + "…"
	}
	doc := fmt.Sprintf("%s renders the %s %q.", name, kind, src)
	if len(t.Variants) > 1 {
		doc = fmt.Sprintf("%s renders the %s %q (%s), or its translation.", name, kind, src, def.Locales[0])
	}
	g.decls = append(g.decls, jen.Comment(doc), jen.Func().Id(name).Params(jen.Id("w").Op("*").Qual(runtimePath, "Writer"), p.Op("*").Id("Profile")).Block(stmts...))
	return name
}

func (g *gen) lambdaFile(importPath string) *jen.File {
	s := g.p
	f := jen.NewFile("main")
	f.HeaderComment(header(s))
	f.ImportName(lambdamainPath, "lambdamain")
	f.ImportName(importPath, s.Package)
	f.PackageComment(fmt.Sprintf("Command lambda is the AWS Lambda function of the %s skill (runtime provided.al2023).", s.Name))
	cmd := "go tool skillgen build"
	if s.Spec != "skill.yaml" {
		cmd += " -f " + s.Spec
	}
	f.PackageComment(fmt.Sprintf("Build it for Lambda with `%s`: bootstrap for the spec's lambda.architecture into %s/deploy/build/ (ask deploy uploads it) and a zip into dist/.", cmd, s.CodeShown))
	run := jen.Qual(lambdamainPath, "Main").Call(jen.Qual(importPath, "Skill"))
	if !tokenMode(s) {
		f.Func().Id("main").Params().Block(run)
		return f
	}
	f.ImportName(pretokenPath, "pretoken")
	f.PackageComment("The same bootstrap is the user pool's pre token generation trigger when the function's handler is " + strconv.Quote(facts.PreTokenHandler) + ": it puts the attributes the skill speaks into access tokens.")
	f.Func().Id("main").Params().Block(
		jen.If(jen.Qual(pretokenPath, "Selected").Call()).Block(
			jen.Qual(pretokenPath, "Main").Call(jen.Qual(importPath, "Skill").Dot("ProfileClaims")),
			jen.Return(),
		),
		run,
	)
	return f
}

// tokenMode reports whether the skill reads its profile from access-token
// claims that its own pre token generation trigger adds.
func tokenMode(s *plan.Skill) bool { return len(s.ProfileClaims) > 0 }

// kv is one field of a composite literal.
type kv struct {
	key string
	val jen.Code
}

// fields renders a composite literal's fields in the given order, one per
// line; nil values are left out.
func fields(kvs ...kv) []jen.Code {
	var out []jen.Code
	for _, f := range kvs {
		if f.val == nil {
			continue
		}
		out = append(out, jen.Line().Id(f.key).Op(":").Add(f.val))
	}
	return append(out, jen.Line())
}

func header(s *plan.Skill) string {
	src := s.Spec
	if src == "" {
		src = "skill.yaml"
	}
	return fmt.Sprintf("Code generated by skillgen from %s. DO NOT EDIT.", src)
}

// ident turns s into a Go identifier: letters, digits and underscores kept,
// other runs dropped with the next letter upper-cased.
func ident(s string) string {
	var b strings.Builder
	up := false
	for _, r := range s {
		switch {
		case r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9':
			if up {
				r = []rune(strings.ToUpper(string(r)))[0]
				up = false
			}
			b.WriteRune(r)
		default:
			up = true
		}
	}
	out := b.String()
	if out == "" || out[0] >= '0' && out[0] <= '9' {
		out = "x" + out
	}
	return out
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func isIdent(s string) bool { return s != "" && ident(s) == s }

func isExported(s string) bool { return s != "" && s[0] >= 'A' && s[0] <= 'Z' }

// predeclared identifiers a generated name must not shadow.
var predeclared = []string{"any", "append", "bool", "byte", "cap", "clear", "close", "comparable",
	"complex", "complex128", "complex64", "copy", "delete", "error", "false", "float32", "float64",
	"imag", "int", "int16", "int32", "int64", "int8", "iota", "len", "make", "max", "min", "new",
	"nil", "panic", "print", "println", "real", "recover", "rune", "string", "true", "uint",
	"uint16", "uint32", "uint64", "uint8", "uintptr"}
