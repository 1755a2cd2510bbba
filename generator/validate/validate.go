// Package validate checks a loaded spec against the Alexa interaction-model
// rules and Cognito's constraints, and builds the normalized IR. It reports
// every problem at once, positioned, with the fix.
package validate

import (
	"fmt"
	"go/token"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/skillgen/skillgen/generator/alexa"
	"github.com/skillgen/skillgen/generator/diag"
	"github.com/skillgen/skillgen/generator/ir"
	"github.com/skillgen/skillgen/generator/lang"
	"github.com/skillgen/skillgen/generator/spec"
)

// Build validates a loaded spec and returns its IR. The error, if any, is a
// diag.List holding every problem found.
func Build(ld *spec.Loaded) (*ir.Skill, error) {
	b := &builder{
		sink:    sink{ix: ld.Index},
		ld:      ld,
		s:       ld.Spec,
		attrs:   map[string]*ir.Attribute{},
		types:   map[string]*ir.SlotType{},
		parsed:  map[string]*ir.Template{},
		samples: map[string]*sampleJob{},
		facts:   map[string]*lang.Facts{},
	}
	b.build()
	if err := b.diags.Err(); err != nil {
		return nil, err
	}
	return b.out, nil
}

type builder struct {
	sink
	ld  *spec.Loaded
	s   *spec.Spec
	out *ir.Skill

	locales []string
	primary string                 // the primary locale: skill.primaryLocale, else the first listed
	facts   map[string]*lang.Facts // by locale
	attrs   map[string]*ir.Attribute
	types   map[string]*ir.SlotType
	parsed  map[string]*ir.Template // by spec path of the text, parsed once
	samples map[string]*sampleJob   // by spec path of the sample list, expanded once
}

// sink collects diagnostics; concurrent checks each get their own.
type sink struct {
	ix    *spec.Index
	diags diag.List
}

func (k *sink) errf(path, fix, format string, args ...any) {
	k.diags = append(k.diags, k.ix.Diag(path, fmt.Sprintf(format, args...), fix))
}

func (k *sink) errAt(path string, offset int, fix, format string, args ...any) {
	k.diags = append(k.diags, k.ix.DiagAt(path, offset, fmt.Sprintf(format, args...), fix))
}

func (b *builder) build() {
	b.out = &ir.Skill{SpecPath: filepath.ToSlash(b.ld.Path)}
	b.skill()
	b.localesList()
	b.invocation()
	b.output()
	b.personalization()
	b.attributes()
	b.slotTypes()
	b.intents()
	b.messages()
	b.publishing()
	b.cognito()
	b.lambda()
	if al := b.s.AccountLinking; al != nil {
		b.out.SkipOnEnablement = al.SkipOnEnablement
	}
}

var (
	packageRe   = regexp.MustCompile(`^[a-z][a-z0-9]*$`)
	vendorRe    = regexp.MustCompile(`^[A-Z0-9]+$`)
	skillIDRe   = regexp.MustCompile(`^amzn1\.ask\.skill\.[0-9a-f-]+$`)
	nameRe      = regexp.MustCompile(`^[A-Za-z_]+$`)
	valueIDRe   = regexp.MustCompile(`^[A-Za-z0-9_.-]+$`)
	customRe    = regexp.MustCompile(`^custom:[A-Za-z0-9_]+$`)
	domainPfxRe = regexp.MustCompile(`^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$`)
)

// reservedPackages are the package names a skill cannot take besides Go's
// keywords: the generated package imports runtime, and main is a command.
var reservedPackages = map[string]bool{"runtime": true, "main": true}

// PackageName reports whether name is a skill.package the generator
// accepts: a Go package name, not a keyword, not reserved.
func PackageName(name string) bool {
	return packageRe.MatchString(name) && !token.IsKeyword(name) && !reservedPackages[name]
}

func (b *builder) skill() {
	sk := b.s.Skill
	switch {
	case sk.Package == "":
		b.errf("skill.package", "add skill.package: a short lowercase name such as linkedprofile", "is missing")
	case !PackageName(sk.Package):
		b.errf("skill.package", "use lowercase letters and digits, starting with a letter, not a Go keyword", "%q is not a valid package name", sk.Package)
	}
	b.out.Package = sk.Package
	if sk.VendorID != "" && !vendorRe.MatchString(sk.VendorID) {
		b.errf("skill.vendorId", "copy it from the developer console (uppercase letters and digits, e.g. M12AB34CD56EF7)", "%q is not a vendor ID", sk.VendorID)
	}
	if sk.SkillID != "" && !skillIDRe.MatchString(sk.SkillID) {
		b.errf("skill.skillId", "copy it from the developer console: amzn1.ask.skill.<uuid>", "%q is not a skill ID", sk.SkillID)
	}
	b.out.VendorID, b.out.SkillID = sk.VendorID, sk.SkillID
}

func (b *builder) localesList() {
	if len(b.s.Locales) == 0 {
		b.errf("locales", "list at least one locale, e.g. locales: [en-US]", "no locales")
		return
	}
	seen := map[string]bool{}
	for i, loc := range b.s.Locales {
		p := fmt.Sprintf("locales[%d]", i)
		switch {
		case seen[loc]:
			b.errf(p, "remove the duplicate", "locale %s is listed twice", loc)
		case !slices.Contains(alexa.Locales, loc):
			fix := "use one of " + strings.Join(alexa.Locales, ", ")
			if i := slices.IndexFunc(alexa.Locales, func(l string) bool { return strings.EqualFold(l, loc) }); i >= 0 {
				fix = fmt.Sprintf("write it as %s", alexa.Locales[i])
			}
			b.errf(p, fix, "%q is not an Alexa locale", loc)
		case lang.ForLocale(loc) == nil:
			b.errf(p, "remove it, or use one of "+strings.Join(lang.Locales(), ", "), "skillgen does not know the launch phrases, built-in phrases and invocation rules of %s, so it cannot check or try a skill in it", loc)
		default:
			seen[loc] = true
			b.locales = append(b.locales, loc)
			b.facts[loc] = lang.ForLocale(loc)
			if b.primary == "" {
				b.primary = loc
			}
		}
	}
	if pl := b.s.Skill.PrimaryLocale; pl != "" {
		if seen[pl] {
			b.primary = pl
		} else {
			b.errf("skill.primaryLocale", "name one of the locales listed under locales", "%q is not one of the skill's locales", pl)
		}
	}
	slices.Sort(b.locales)
	for _, loc := range b.locales {
		b.out.Locales = append(b.out.Locales, &ir.Locale{Code: loc, Language: spec.Language(loc)})
	}
	b.out.PrimaryLocale = b.primary
	b.checkTags("skill.name", b.s.Skill.Name.Tags())
	if name, ok := b.text(b.s.Skill.Name, "skill.name", "the skill's name"); ok && b.primary != "" {
		b.out.Name = name[b.primary]
	}
}

// checkTags reports map keys that match none of the skill's locales.
func (b *builder) checkTags(path string, tags []string) {
	for _, tag := range tags {
		if b.inherited(path + "." + tag) {
			continue // a variant that narrows locales drops its base's text for them
		}
		if !slices.ContainsFunc(b.locales, func(l string) bool { return l == tag || spec.Language(l) == tag }) {
			b.errf(path+"."+tag, "add the locale to locales or remove this entry", "%s matches none of the skill's locales", tag)
		}
	}
}

// inherited reports whether the node at path was written in a base spec
// rather than in the spec itself.
func (b *builder) inherited(path string) bool {
	pos, _ := b.ix.Lookup(path)
	return len(b.ld.Chain) > 1 && pos.File != "" && pos.File != b.ld.Chain[0]
}

// text resolves localized text for every locale; a locale without text is
// reported. what names the text in messages.
func (b *builder) text(t spec.Text, path, what string) (map[string]string, bool) {
	out := make(map[string]string, len(b.locales))
	ok := true
	for _, loc := range b.locales {
		s, found := t.For(loc)
		if !found || strings.TrimSpace(s) == "" {
			if !found {
				_, disp := b.ix.Lookup(path)
				b.errf(path, fmt.Sprintf("add %s: or %s: under %s", loc, spec.Language(loc), disp), "%s has no text for locale %s", what, loc)
			} else {
				b.errf(textPath(path, t.TagFor(loc)), "write the text", "%s is empty", what)
			}
			ok = false
			continue
		}
		out[loc] = s
	}
	return out, ok
}

func textPath(path, tag string) string {
	if tag == "" {
		return path
	}
	return path + "." + tag
}

func (b *builder) invocation() {
	inv := b.s.Skill.Invocation
	if !inv.IsSet() {
		b.errf("skill.invocation", "add skill.invocation, e.g. invocation: link demo", "is missing")
		return
	}
	b.checkTags("skill.invocation", inv.Tags())
	names, _ := b.text(inv, "skill.invocation", "the invocation name")
	checked := map[string]bool{}
	for _, l := range b.out.Locales {
		name, ok := names[l.Code]
		if !ok {
			continue
		}
		l.Invocation = name
		p := textPath("skill.invocation", inv.TagFor(l.Code))
		f := b.facts[l.Code]
		if checked[p+"|"+f.Code] {
			continue
		}
		checked[p+"|"+f.Code] = true
		b.checkInvocation(p, name, f)
	}
}

// checkInvocation applies Amazon's invocation-name requirements for the
// language: its characters, no wake or launch words, no connecting word at
// either end, articles only in names of three words or more, spoken
// letters written "a. b. c.", at least two words unless a brand.
func (b *builder) checkInvocation(p, name string, f *lang.Facts) {
	n := len([]rune(name))
	if n < alexa.MinInvocationChars || n > alexa.MaxInvocationChars {
		b.errf(p, fmt.Sprintf("use %d to %d characters", alexa.MinInvocationChars, alexa.MaxInvocationChars), "invocation name %q has %d characters", name, n)
	}
	for i, r := range name {
		switch {
		case r >= '0' && r <= '9', unicode.IsDigit(r):
			b.errAt(p, i, `spell numbers out, e.g. "two" for "2"`, "invocation name %q contains the digit %q", name, r)
			return
		case unicode.IsUpper(r):
			b.errAt(p, i, fmt.Sprintf("write it in lowercase: %q", strings.ToLower(name)), "invocation name %q contains uppercase letters", name)
			return
		case r == ' ', r == '\'', r == '.':
		case unicode.IsLetter(r) || unicode.IsMark(r):
			if !f.InScript(r) {
				b.errAt(p, i, fmt.Sprintf("write %s invocation names in %s", f.Name, f.ScriptNames), "invocation name %q contains %q, which is not written in %s", name, r, f.ScriptNames)
				return
			}
		case r == '’':
			b.errAt(p, i, "write the apostrophe as '", "invocation name %q contains a typographic apostrophe", name)
			return
		default:
			b.errAt(p, i, "use lowercase letters, spaces, apostrophes and periods only", "invocation name %q contains %q", name, r)
			return
		}
	}
	words := strings.Fields(name)
	switch part, kind := f.ForbiddenIn(name); kind {
	case "wake word":
		b.errf(p, "choose a name without it: it wakes Alexa", "invocation name %q contains the wake word %q", name, part)
		return
	case "launch word":
		b.errf(p, fmt.Sprintf("choose a name without it: %s users say it to open a skill", f.Name), "invocation name %q contains the launch word %q", name, part)
		return
	}
	if f.Unspaced {
		// Japanese names are one run of characters: a name ending in a
		// particle runs into the launch phrase.
		for _, c := range f.Connectors {
			if strings.HasSuffix(name, c) && name != c {
				b.errf(p, "end the name with a noun, not a particle", "invocation name %q ends with the particle %q", name, c)
				return
			}
		}
		return
	}
	if len(words) > 0 {
		for _, end := range []string{words[0], words[len(words)-1]} {
			if slices.Contains(f.Connectors, end) && len(words) > 1 {
				b.errf(p, "drop it: Alexa takes it for the word joining the name and the request", "invocation name %q begins or ends with the connecting word %q", name, end)
				return
			}
		}
	}
	if len(words) == 2 {
		for _, w := range words {
			if slices.Contains(f.Articles, w) {
				b.errf(p, "use a name of two other words, or three words or more", "the two-word invocation name %q contains the article or preposition %q", name, w)
				return
			}
		}
	}
	letters := 0
	for _, w := range words {
		if len([]rune(w)) == 1 && unicode.IsLetter([]rune(w)[0]) {
			if letters++; letters == 2 {
				b.errf(p, `write spoken letters with a period and a space each, e.g. "a. b. c."`, "invocation name %q spells letters without periods", name)
				return
			}
		} else {
			letters = 0
		}
	}
	if len(words) < 2 && !b.s.Skill.BrandInvocation && !f.CompoundNames {
		b.errf(p, "use at least two words, or set skill.brandInvocation: true if it is your brand", "invocation name %q is a single word", name)
	}
	for _, w := range words {
		if strings.Contains(w, ".") && !isInitialism(w) {
			b.errf(p, `periods are only for spoken initialisms such as "a. b. c."`, "invocation name %q has a period in %q", name, w)
			return
		}
	}
}

func isInitialism(w string) bool { r := []rune(w); return len(r) == 2 && r[1] == '.' }

func (b *builder) output() {
	out := b.s.Output
	if out == nil {
		out = &spec.Output{}
	}
	models, code := resolveOutput(b.ld.Dir, out, b.s.Skill.Package)
	b.out.Output = ir.Output{Models: models, Code: code}
	if models == code {
		b.errf("output", "give models and code different directories", "models and code both go to %s", models)
	}
	for _, base := range b.ld.Bases {
		bm, bc := resolveOutput(base.Dir, base.Output, base.Package)
		for _, clash := range [][2]string{{models, bm}, {code, bc}, {models, bc}, {code, bm}} {
			if clash[0] == clash[1] {
				at := "output"
				if b.s.Output == nil {
					at = "extends"
				}
				b.errf(at, "give the variant its own output: set output.models and output.code, or a different skill.package", "this variant would generate into %s, which %s generates into", clash[0], base.Path)
				return
			}
		}
	}
}

func resolveOutput(dir string, out *spec.Output, pkg string) (models, code string) {
	m, c := "models", "generated/"+pkg
	if out != nil && out.Models != "" {
		m = out.Models
	}
	if out != nil && out.Code != "" {
		c = out.Code
	}
	return diag.RelPath(filepath.Join(dir, filepath.FromSlash(m))), diag.RelPath(filepath.Join(dir, filepath.FromSlash(c)))
}
