// Package handlers emits the Go code of a skill: a package under
// Output.Code with the typed profile, one handler per intent and every
// response template compiled to calls on runtime.Writer, plus a Lambda
// entry (Output.Code/lambda) that runs it.
package handlers

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/skillgen/skillgen/generator/ir"
)

// Import paths of the runtime the generated code calls.
const (
	runtimePath    = "github.com/skillgen/skillgen/runtime"
	lambdamainPath = "github.com/skillgen/skillgen/runtime/lambdamain"
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
	for root := wd; ; {
		data, err := os.ReadFile(filepath.Join(root, "go.mod"))
		if err == nil {
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
		parent := filepath.Dir(root)
		if parent == root {
			return "", fmt.Errorf("handlers: no go.mod in %s or above; run skillgen inside the Go module that will hold %s", wd, dir)
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
	if err := checkSkill(s); err != nil {
		return nil, err
	}
	g := newGen(s)
	skill, err := render(g.skillFile(importPath), path.Join(s.Output.Code, SkillFile))
	if err != nil {
		return nil, err
	}
	lambda, err := render(g.lambdaFile(importPath), path.Join(s.Output.Code, LambdaFile))
	if err != nil {
		return nil, err
	}
	return map[string][]byte{
		path.Join(s.Output.Code, SkillFile):  skill,
		path.Join(s.Output.Code, LambdaFile): lambda,
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

// checkSkill reports IR the emitter cannot compile.
func checkSkill(s *ir.Skill) error {
	var errs []error
	if s.Package == "" || !isIdent(s.Package) {
		errs = append(errs, fmt.Errorf("package %q is not a Go identifier", s.Package))
	}
	if s.Output.Code == "" {
		errs = append(errs, errors.New("output.code is empty"))
	}
	if len(s.Locales) == 0 {
		errs = append(errs, errors.New("no locales"))
	}
	for _, a := range s.Attributes {
		if !isIdent(a.GoName) || !isExported(a.GoName) {
			errs = append(errs, fmt.Errorf("attribute %s: GoName %q is not an exported Go identifier", a.Name, a.GoName))
		}
	}
	checkResp := func(where string, r *ir.Response) {
		if r == nil {
			errs = append(errs, fmt.Errorf("%s: no response", where))
			return
		}
		for _, l := range s.Locales {
			if r.Speech[l.Code] == nil {
				errs = append(errs, fmt.Errorf("%s: no speech for locale %s", where, l.Code))
			}
			if r.Reprompt != nil && r.Reprompt[l.Code] == nil {
				errs = append(errs, fmt.Errorf("%s: no reprompt for locale %s", where, l.Code))
			}
			if r.CardTitle != nil && r.CardTitle[l.Code] == nil {
				errs = append(errs, fmt.Errorf("%s: no card title for locale %s", where, l.Code))
			}
			if r.CardText != nil && r.CardText[l.Code] == nil {
				errs = append(errs, fmt.Errorf("%s: no card text for locale %s", where, l.Code))
			}
		}
	}
	m := s.Messages
	for _, x := range []struct {
		n string
		r *ir.Response
	}{{"launch", m.Launch}, {"help", m.Help}, {"stop", m.Stop}, {"fallback", m.Fallback},
		{"linkAccount", m.LinkAccount}, {"missingAttribute", m.MissingAttribute}, {"error", m.Error}} {
		checkResp("messages."+x.n, x.r)
	}
	for _, in := range s.Intents {
		checkResp("intent "+in.Name, in.Response)
		if in.Answers != nil {
			if in.Answers.Slot == nil {
				errs = append(errs, fmt.Errorf("intent %s: answers without a slot", in.Name))
			}
			for _, c := range in.Answers.Cases {
				checkResp(fmt.Sprintf("intent %s case %s", in.Name, c.ID), c.Response)
			}
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("handlers: %s: %w", s.SpecPath, errors.Join(errs...))
	}
	return nil
}

// gen holds the state of one skill's emission.
type gen struct {
	s     *ir.Skill
	names map[string]bool
	field map[*ir.Attribute]string // attribute → Field variable
	tmpls map[string]string        // template key → function name
	decls []jen.Code               // template functions, in order
}

func newGen(s *ir.Skill) *gen {
	g := &gen{s: s, names: map[string]bool{}, field: map[*ir.Attribute]string{}, tmpls: map[string]string{}}
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
	if isKeyword(want) {
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
	s := g.s
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
			if a.Name == "address" {
				v = rt("AddressText").Call(v)
			}
			gr.Id("p").Dot(a.GoName).Op("=").Add(v)
		}
	})

	// Fields answers can need.
	var used []*ir.Attribute
	for _, a := range s.Attributes {
		if g.needed(a) {
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
					kv{"Label", g.label(a)},
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
		r    *ir.Response
	}
	var answers []answer
	m := s.Messages
	msg := func(n, doc string, r *ir.Response) string {
		name := g.name(n)
		answers = append(answers, answer{name, doc, r})
		return name
	}
	launch := msg("msgLaunch", "answers a LaunchRequest and AMAZON.NavigateHomeIntent.", m.Launch)
	help := msg("msgHelp", "answers AMAZON.HelpIntent.", m.Help)
	stop := msg("msgStop", "answers AMAZON.StopIntent and AMAZON.CancelIntent.", m.Stop)
	fallback := msg("msgFallback", "answers AMAZON.FallbackIntent and intents the skill does not know.", m.Fallback)
	link := msg("msgLinkAccount", "is spoken with a LinkAccount card when the account is not linked or Cognito rejects the token.", m.LinkAccount)
	missing := msg("msgMissingAttribute", "is spoken when the profile lacks an attribute the answer needs.", m.MissingAttribute)
	failure := msg("msgError", "is spoken when the profile cannot be fetched.", m.Error)

	type handler struct {
		fn     string
		intent *ir.Intent
		def    string
		cases  []string
	}
	var handlers []handler
	for _, in := range s.Intents {
		h := handler{fn: g.name("handle" + in.Name), intent: in}
		base := lowerFirst(ident(in.Name))
		if in.Answers == nil {
			h.def = msg(base, "answers "+in.Name+".", in.Response)
		} else {
			h.def = msg(base, fmt.Sprintf("answers %s when slot %s has no resolved value.", in.Name, in.Answers.Slot.Name), in.Response)
			for _, c := range in.Answers.Cases {
				h.cases = append(h.cases, msg(base+upperFirst(ident(c.ID)),
					fmt.Sprintf("answers %s when slot %s resolves to %s.", in.Name, in.Answers.Slot.Name, c.ID), c.Response))
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
		locales[i] = jen.Lit(l.Code)
	}
	var id jen.Code
	if s.SkillID != "" {
		id = jen.Lit(s.SkillID)
	}
	f.Comment(fmt.Sprintf("Skill is the compiled %s skill.", s.Name))
	f.Var().Id("Skill").Op("=").Op("&").Add(generic("Skill")).Values(fields(
		kv{"Name", jen.Lit(s.Name)},
		kv{"ID", id},
		kv{"Locales", jen.Index().String().Values(locales...)},
		kv{"Decode", jen.Id("decodeProfile")},
		kv{"Intents", jen.Map(jen.String()).Add(generic("IntentHandler")).Values(intents)},
		kv{"Launch", jen.Id(launch)},
		kv{"Help", jen.Id(help)},
		kv{"Stop", jen.Id(stop)},
		kv{"Fallback", jen.Id(fallback)},
		kv{"LinkAccount", jen.Id(link)},
		kv{"MissingAttribute", jen.Id(missing)},
		kv{"Error", jen.Id(failure)},
		kv{"Personalization", personalization(s)},
	)...)
	f.Comment("New returns the skill's request handler, which reads profiles from src.")
	f.Func().Id("New").Params(jen.Id("src").Add(rt("ProfileSource")), jen.Id("opts").Op("...").Add(rt("Option"))).
		Params(jen.Op("*").Add(rt("Handler")), jen.Error()).Block(
		jen.Return(rt("NewHandler").Call(jen.Id("Skill"), jen.Id("src"), jen.Id("opts").Op("..."))))

	// Intent handlers.
	for _, h := range handlers {
		in := h.intent
		if in.Answers == nil {
			f.Comment(fmt.Sprintf("%s answers %s.", h.fn, in.Name))
			f.Func().Id(h.fn).Params(jen.Op("*").Add(rt("Intent"))).Op("*").Add(generic("Answer")).Block(
				jen.Return(jen.Id(h.def)))
			continue
		}
		f.Comment(fmt.Sprintf("%s answers %s by the resolved id of slot %s.", h.fn, in.Name, in.Answers.Slot.Name))
		f.Func().Id(h.fn).Params(jen.Id("in").Op("*").Add(rt("Intent"))).Op("*").Add(generic("Answer")).Block(
			jen.Switch(jen.Id("in").Dot("SlotID").Call(jen.Lit(in.Answers.Slot.Name))).BlockFunc(func(gr *jen.Group) {
				for i, c := range in.Answers.Cases {
					gr.Case(jen.Lit(c.ID)).Block(jen.Return(jen.Id(h.cases[i])))
				}
			}),
			jen.Return(jen.Id(h.def)),
		)
	}

	// Answers and their templates.
	for _, a := range answers {
		f.Comment(a.name + " " + a.doc)
		f.Var().Id(a.name).Op("=").Op("&").Add(generic("Answer")).Values(g.answer(a.name, a.r)...)
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

// needed reports whether any answer reads a.
func (g *gen) needed(a *ir.Attribute) bool {
	s := g.s
	has := func(r *ir.Response) bool { return r != nil && slices.Contains(r.Needs, a) }
	m := s.Messages
	for _, r := range []*ir.Response{m.Launch, m.Help, m.Stop, m.Fallback, m.LinkAccount, m.MissingAttribute, m.Error} {
		if has(r) {
			return true
		}
	}
	for _, in := range s.Intents {
		if has(in.Response) {
			return true
		}
		if in.Answers != nil {
			for _, c := range in.Answers.Cases {
				if has(c.Response) {
					return true
				}
			}
		}
	}
	return false
}

// label is the runtime.Label of a: the most common label as default, the
// locales that differ listed.
func (g *gen) label(a *ir.Attribute) jen.Code {
	codes := g.s.LocaleCodes()
	lbl := func(code string) string {
		if l, ok := a.Label[code]; ok && l != "" {
			return l
		}
		return strings.ReplaceAll(strings.TrimPrefix(a.Name, "custom:"), "_", " ")
	}
	count := map[string]int{}
	def := ""
	for _, c := range codes {
		l := lbl(c)
		count[l]++
		if count[l] > count[def] {
			def = l
		}
	}
	d := jen.Dict{jen.Id("Default"): jen.Lit(def)}
	others := jen.Dict{}
	for _, c := range codes {
		if l := lbl(c); l != def {
			others[jen.Lit(c)] = jen.Lit(l)
		}
	}
	if len(others) > 0 {
		d[jen.Id("Locales")] = jen.Map(jen.String()).String().Values(others)
	}
	return jen.Qual(runtimePath, "Label").Values(d)
}

// answer returns the fields of the runtime.Answer for r.
func (g *gen) answer(name string, r *ir.Response) []jen.Code {
	var needs, reprompt, title, text, end jen.Code
	if len(r.Needs) > 0 {
		var ns []jen.Code
		for _, a := range r.Needs {
			ns = append(ns, jen.Id(g.field[a]))
		}
		needs = jen.Index().Op("*").Qual(runtimePath, "Field").Types(jen.Id("Profile")).Values(ns...)
	}
	speech := jen.Id(g.template(name+"Speech", r.Speech, false))
	if r.Reprompt != nil {
		reprompt = jen.Id(g.template(name+"Reprompt", r.Reprompt, false))
	}
	if r.CardTitle != nil {
		title = jen.Id(g.template(name+"CardTitle", r.CardTitle, true))
	}
	if r.CardText != nil {
		text = jen.Id(g.template(name+"CardText", r.CardText, true))
	}
	if r.EndSession {
		end = jen.True()
	}
	return fields(kv{"Needs", needs}, kv{"Speech", speech}, kv{"Reprompt", reprompt},
		kv{"CardTitle", title}, kv{"CardText", text}, kv{"EndSession", end})
}

// personalization returns the skill's runtime.Personalization literal, or
// nil when personalization is off.
func personalization(s *ir.Skill) jen.Code {
	p := s.Personalization
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

// step is one compiled template segment.
type step struct {
	text    string
	attr    *ir.Attribute
	missing bool
	speaker bool
}

func (st step) key() string {
	switch {
	case st.attr != nil:
		return "a:" + st.attr.Name
	case st.missing:
		return "m:"
	case st.speaker:
		return "s:"
	}
	return "t:" + st.text
}

// compile turns a template into steps; plain templates (cards) get their
// literal SSML reduced to text.
func compile(t *ir.Template, plain bool) []step {
	var out []step
	for _, seg := range t.Segments {
		switch {
		case seg.Attr != nil:
			out = append(out, step{attr: seg.Attr})
		case seg.Missing:
			out = append(out, step{missing: true})
		case seg.Speaker:
			out = append(out, step{speaker: true})
		default:
			text := seg.Text
			if plain {
				text = PlainText(text)
			}
			if text == "" {
				continue
			}
			if n := len(out); n > 0 && out[n-1].attr == nil && !out[n-1].missing && !out[n-1].speaker {
				out[n-1].text += text
				continue
			}
			out = append(out, step{text: text})
		}
	}
	return out
}

// template emits (once) the function rendering ts and returns its name.
// Locales with the same text share one body; the largest group is the
// default of the locale switch.
func (g *gen) template(want string, ts map[string]*ir.Template, plain bool) string {
	type group struct {
		locales []string
		steps   []step
		key     string
	}
	var groups []*group
	byKey := map[string]*group{}
	usesP := false
	for _, l := range g.s.Locales {
		steps := compile(ts[l.Code], plain)
		var kb strings.Builder
		for _, st := range steps {
			kb.WriteString(st.key())
			kb.WriteByte(0)
			if st.attr != nil {
				usesP = true
			}
		}
		k := kb.String()
		gr := byKey[k]
		if gr == nil {
			gr = &group{steps: steps, key: k}
			byKey[k] = gr
			groups = append(groups, gr)
		}
		gr.locales = append(gr.locales, l.Code)
	}
	var full strings.Builder
	fmt.Fprintf(&full, "%v|", plain)
	for _, gr := range groups {
		fmt.Fprintf(&full, "%q=%q;", gr.locales, gr.key)
	}
	if n, ok := g.tmpls[full.String()]; ok {
		return n
	}
	name := g.name(want)
	g.tmpls[full.String()] = name

	// the default group: most locales, first in locale order on a tie
	def := 0
	for i, gr := range groups {
		if len(gr.locales) > len(groups[def].locales) {
			def = i
		}
	}
	body := func(steps []step) []jen.Code {
		var out []jen.Code
		for _, st := range steps {
			switch {
			case st.attr != nil && st.attr.SayAs != "":
				out = append(out, jen.Id("w").Dot("SayAs").Call(jen.Id("p").Dot(st.attr.GoName), jen.Lit(st.attr.SayAs)))
			case st.attr != nil:
				out = append(out, jen.Id("w").Dot("Value").Call(jen.Id("p").Dot(st.attr.GoName)))
			case st.missing:
				out = append(out, jen.Id("w").Dot("Missing").Call())
			case st.speaker:
				out = append(out, jen.Id("w").Dot("Speaker").Call())
			default:
				out = append(out, jen.Id("w").Dot("Text").Call(jen.Lit(st.text)))
			}
		}
		return out
	}
	var stmts []jen.Code
	if len(groups) == 1 {
		stmts = body(groups[0].steps)
	} else {
		stmts = []jen.Code{jen.Switch(jen.Id("w").Dot("Locale").Call()).BlockFunc(func(sw *jen.Group) {
			for i, gr := range groups {
				if i == def {
					continue
				}
				var cs []jen.Code
				for _, l := range gr.locales {
					cs = append(cs, jen.Lit(l))
				}
				sw.Case(cs...).Block(body(gr.steps)...)
			}
			sw.Default().Block(body(groups[def].steps)...)
		})}
	}
	p := jen.Id("_")
	if usesP {
		p = jen.Id("p")
	}
	kind := "speech"
	if plain {
		kind = "card text"
	}
	src := ts[groups[def].locales[0]].Source
	if r := []rune(src); len(r) > 100 {
		src = string(r[:99]) + "…"
	}
	doc := fmt.Sprintf("%s renders the %s %q.", name, kind, src)
	if len(groups) > 1 {
		doc = fmt.Sprintf("%s renders the %s %q (%s), or its translation.", name, kind, src, groups[def].locales[0])
	}
	g.decls = append(g.decls, jen.Comment(doc), jen.Func().Id(name).Params(jen.Id("w").Op("*").Qual(runtimePath, "Writer"), p.Op("*").Id("Profile")).Block(stmts...))
	return name
}

func (g *gen) lambdaFile(importPath string) *jen.File {
	s := g.s
	f := jen.NewFile("main")
	f.HeaderComment(header(s))
	f.ImportName(lambdamainPath, "lambdamain")
	f.ImportName(importPath, s.Package)
	f.PackageComment(fmt.Sprintf("Command lambda is the AWS Lambda function of the %s skill (runtime provided.al2023).", s.Name))
	f.PackageComment(fmt.Sprintf("Build the deployable zip with: scripts/build-lambda.sh %s/lambda <arm64|amd64>", s.Output.Code))
	f.Func().Id("main").Params().Block(jen.Qual(lambdamainPath, "Main").Call(jen.Qual(importPath, "Skill")))
	return f
}

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

func header(s *ir.Skill) string {
	src := s.SpecPath
	if src == "" {
		src = "skill.yaml"
	}
	return fmt.Sprintf("Code generated by skillgen from %s. DO NOT EDIT.", src)
}

// PlainText reduces literal SSML to card text: tags dropped, entities
// decoded, runs of spaces left by dropped tags collapsed. The dialog
// interpreter uses it too, so cards read the same as from generated code.
func PlainText(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		switch s[i] {
		case '<':
			if e := strings.IndexByte(s[i:], '>'); e >= 0 {
				i += e + 1
				continue
			}
		case '&':
			if e := strings.IndexByte(s[i:], ';'); e > 0 {
				if r, ok := entity(s[i+1 : i+e]); ok {
					b.WriteString(r)
					i += e + 1
					continue
				}
			}
		}
		b.WriteByte(s[i])
		i++
	}
	out := b.String()
	for strings.Contains(out, "  ") {
		out = strings.ReplaceAll(out, "  ", " ")
	}
	return out
}

func entity(name string) (string, bool) {
	switch name {
	case "amp":
		return "&", true
	case "lt":
		return "<", true
	case "gt":
		return ">", true
	case "quot":
		return `"`, true
	case "apos":
		return "'", true
	}
	var r rune
	var n int
	var err error
	switch {
	case strings.HasPrefix(name, "#x"), strings.HasPrefix(name, "#X"):
		_, err = fmt.Sscanf(name[2:], "%x", &r)
		n = 1
	case strings.HasPrefix(name, "#"):
		_, err = fmt.Sscanf(name[1:], "%d", &r)
		n = 1
	}
	if n == 0 || err != nil || r <= 0 || r > 0x10FFFF {
		return "", false
	}
	return string(r), true
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

var keywords = []string{"break", "case", "chan", "const", "continue", "default", "defer", "else",
	"fallthrough", "for", "func", "go", "goto", "if", "import", "interface", "map", "package",
	"range", "return", "select", "struct", "switch", "type", "var"}

func isKeyword(s string) bool {
	i := sort.SearchStrings(keywords, s)
	return i < len(keywords) && keywords[i] == s
}

// predeclared identifiers a generated name must not shadow.
var predeclared = []string{"any", "append", "bool", "byte", "cap", "clear", "close", "comparable",
	"complex", "complex128", "complex64", "copy", "delete", "error", "false", "float32", "float64",
	"imag", "int", "int16", "int32", "int64", "int8", "iota", "len", "make", "max", "min", "new",
	"nil", "panic", "print", "println", "real", "recover", "rune", "string", "true", "uint",
	"uint16", "uint32", "uint64", "uint8", "uintptr"}
