package validate

import (
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"github.com/skillgen/skillgen/generator/alexa"
	"github.com/skillgen/skillgen/generator/expand"
	"github.com/skillgen/skillgen/generator/ir"
	"github.com/skillgen/skillgen/generator/lang"
	"github.com/skillgen/skillgen/generator/spec"
)

func (b *builder) intents() {
	if n := len(b.s.Intents) + len(alexa.BuiltinIntents); n > alexa.MaxIntents {
		b.errf("intents", fmt.Sprintf("keep at most %d custom intents", alexa.MaxIntents-len(alexa.BuiltinIntents)),
			"the model would have %d intents (with %d built-ins), more than Alexa's %d", n, len(alexa.BuiltinIntents), alexa.MaxIntents)
	}
	seen := map[string]bool{}
	for i := range b.s.Intents {
		in := &b.s.Intents[i]
		p := fmt.Sprintf("intents[%d]", i)
		if in.Omit {
			b.errf(p+".omit", "omit only removes an intent inherited through extends; delete the entry instead", "no inherited intent %q to omit", in.Name)
			continue
		}
		if !b.checkName(p+".name", in.Name, "intent") {
			continue
		}
		if seen[in.Name] {
			b.errf(p+".name", "remove or rename the duplicate", "intent %q is declared twice", in.Name)
			continue
		}
		seen[in.Name] = true
		b.out.Intents = append(b.out.Intents, b.intent(p, in))
	}
	b.expandAll()
	b.conflicts()
}

func (b *builder) intent(p string, in *spec.Intent) *ir.Intent {
	out := &ir.Intent{Name: in.Name, Samples: map[string][]string{}}
	slotNames := map[string]*ir.Slot{}
	for j, sl := range in.Slots {
		sp := fmt.Sprintf("%s.slots[%d]", p, j)
		if !b.checkName(sp+".name", sl.Name, "slot") {
			continue
		}
		if slotNames[sl.Name] != nil {
			b.errf(sp+".name", "remove or rename the duplicate", "slot %q is declared twice in %s", sl.Name, in.Name)
			continue
		}
		s := &ir.Slot{Name: sl.Name, Type: sl.Type}
		switch {
		case sl.Type == "":
			b.errf(sp, "add type: with a slot type name", "slot %q has no type", sl.Name)
		case strings.HasPrefix(sl.Type, "AMAZON."):
			if !nameRe.MatchString(strings.TrimPrefix(sl.Type, "AMAZON.")) {
				b.errf(sp+".type", "built-in slot types look like AMAZON.FirstName", "%q is not a built-in slot type name", sl.Type)
			}
		default:
			s.Enum = b.types[sl.Type]
			if s.Enum == nil {
				b.errf(sp+".type", b.typeFix(sl.Type), "slot type %q is not declared", sl.Type)
			}
		}
		slotNames[sl.Name] = s
		out.Slots = append(out.Slots, s)
	}
	b.intentSamples(p, in, out, slotNames)

	needs := map[string]bool{}
	for j, n := range in.Needs {
		np := fmt.Sprintf("%s.needs[%d]", p, j)
		if b.attrs[n] == nil {
			b.errf(np, "declare it under attributes, or remove it ("+b.specAttrNames()+")", "attribute %q is not declared", n)
			continue
		}
		needs[n] = true
	}
	if !in.Response.Speech.IsSet() {
		what := "speech is missing"
		if in.Answers != nil {
			what = "speech is missing (with answers, it is the answer when the slot matches no case)"
		}
		b.errf(p, "add speech: with the answer", "%s", what)
	}
	out.Response = b.response(p, &in.Response, responseRules{})
	if in.Answers != nil {
		out.Answers = b.answers(p+".answers", in.Answers, slotNames)
	}
	var all []*ir.Attribute
	all = append(all, out.Response.Needs...)
	if out.Answers != nil {
		for _, c := range out.Answers.Cases {
			all = append(all, c.Response.Needs...)
		}
	}
	for _, a := range all {
		if len(in.Needs) > 0 && !needs[a.Name] {
			b.errf(p+".needs", fmt.Sprintf("add %s to needs, or remove needs to derive it from the templates", a.Name), "a template of %s uses {%s}, which needs does not list", in.Name, a.Name)
			needs[a.Name] = true
		}
		needs[a.Name] = true
	}
	for _, a := range b.out.Attributes {
		if needs[a.Name] {
			out.Needs = append(out.Needs, a)
		}
	}
	return out
}

func (b *builder) typeFix(name string) string {
	for t := range b.types {
		if strings.EqualFold(t, name) {
			return fmt.Sprintf("the declared type is spelled %q", t)
		}
	}
	return "declare it under slotTypes, or use a built-in type such as AMAZON.FirstName"
}

// intentSamples expands and checks the intent's samples for every locale.
func (b *builder) intentSamples(p string, in *spec.Intent, out *ir.Intent, slots map[string]*ir.Slot) {
	base := p + ".samples"
	if !in.Samples.IsSet() {
		b.errf(p, "add samples: with what users say, e.g. samples: {en: [\"what is my {infoTypeRequested}\"]}", "intent %s has no samples", in.Name)
		return
	}
	b.checkTags(base, in.Samples.Tags())
	limit := in.MaxSamples
	switch {
	case limit == 0:
		limit = alexa.DefaultMaxSamples
	case limit < 1 || limit > alexa.MaxMaxSamples:
		b.errf(p+".maxSamples", fmt.Sprintf("use 1 to %d: a model holds at most %d characters", alexa.MaxMaxSamples, alexa.MaxModelChars), "maxSamples %d is out of range", limit)
		limit = alexa.DefaultMaxSamples
	}
	for _, loc := range b.locales {
		patterns, ok := in.Samples.For(loc)
		lp := textPath(base, in.Samples.TagFor(loc))
		if !ok {
			b.errf(base, fmt.Sprintf("add %s: or %s: under samples", loc, spec.Language(loc)), "intent %s has no samples for locale %s", in.Name, loc)
			continue
		}
		if len(patterns) == 0 {
			b.errf(lp, "add at least one sample", "intent %s has no samples for locale %s", in.Name, loc)
			continue
		}
		job := b.samples[lp]
		if job == nil {
			job = &sampleJob{lp: lp, in: in, patterns: patterns, limit: limit, slots: slots, sink: sink{ix: b.ix}}
			b.samples[lp] = job
		}
		if f := b.facts[loc]; !slices.Contains(job.langs, f) {
			job.langs = append(job.langs, f)
		}
		job.targets = append(job.targets, sampleTarget{out, loc})
	}
}

// sampleJob expands one list of sample patterns (shared by every locale
// that falls back to it) and checks it; jobs run concurrently.
type sampleJob struct {
	sink
	lp       string
	in       *spec.Intent
	patterns []string
	limit    int
	slots    map[string]*ir.Slot
	targets  []sampleTarget
	langs    []*lang.Facts // the languages of the locales that use the list
	expanded []string
}

type sampleTarget struct {
	intent *ir.Intent
	locale string
}

// expandAll runs the sample jobs on every core, then collects their
// diagnostics in a fixed order, so the result does not depend on scheduling.
func (b *builder) expandAll() {
	jobs := make([]*sampleJob, 0, len(b.samples))
	for _, j := range b.samples {
		jobs = append(jobs, j)
	}
	slices.SortFunc(jobs, func(x, y *sampleJob) int { return strings.Compare(x.lp, y.lp) })
	parallel(len(jobs), func(i int) {
		j := jobs[i]
		j.expanded = j.expandList(j.lp, j.in, j.patterns, j.limit, j.slots, j.langs)
	})
	for _, j := range jobs {
		for _, t := range j.targets {
			t.intent.Samples[t.locale] = j.expanded
		}
		b.diags = append(b.diags, j.diags...)
	}
}

// parallel calls f(0..n-1) on GOMAXPROCS goroutines.
func parallel(n int, f func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	if workers <= 1 {
		for i := range n {
			f(i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
				f(i)
			}
		})
	}
	wg.Wait()
}

func (b *sink) expandList(lp string, in *spec.Intent, patterns []string, limit int, slots map[string]*ir.Slot, langs []*lang.Facts) []string {
	type parsed struct {
		n  expand.Node
		pp string
	}
	nodes := make([]parsed, 0, len(patterns))
	total := 0
	for k, pat := range patterns {
		pp := lp + "[" + strconv.Itoa(k) + "]"
		if !b.checkSampleText(pp, pat, slots, langs) {
			continue
		}
		n, err := expand.Parse(pat)
		if err != nil {
			var pe *expand.Error
			if errors.As(err, &pe) {
				b.errAt(pp, pe.Offset, pe.Fix, "%s", pe.Msg)
			} else {
				b.errf(pp, "", "%v", err)
			}
			continue
		}
		bad := false
		for _, name := range n.Slots() {
			if slots[name] != nil {
				continue
			}
			bad = true
			off := strings.Index(pat, "{"+name+"}")
			fix := fmt.Sprintf("declare it under slots of %s, or fix the name", in.Name)
			for s := range slots {
				if strings.EqualFold(s, name) {
					fix = fmt.Sprintf("slot names are case-sensitive: write {%s}", s)
				}
			}
			b.errAt(pp, max(off, 0), fix, "{%s} is not a slot of %s", name, in.Name)
		}
		if bad {
			continue
		}
		if c := n.Count(limit - total); c > limit-total {
			b.errf(pp, fmt.Sprintf("raise maxSamples (now %d) or trim the alternatives", limit), "samples of %s expand to more than %d", in.Name, limit)
			return nil
		} else {
			total += c
		}
		nodes = append(nodes, parsed{n, pp})
	}
	out := make([]string, 0, total)
	for _, pn := range nodes {
		start := len(out)
		out = pn.n.Expand(out)
		for _, s := range out[start:] {
			if s == "" {
				b.errf(pn.pp, "make sure every alternative leaves some words", "the pattern expands to an empty sample")
				break
			}
			if isCatchAllOnly(s, slots) {
				b.errf(pn.pp, `add carrier words around the slot, e.g. "search for {query}"`, "sample %q is only a catch-all slot", s)
				break
			}
			if msg, fix := slotUse(s, slots); msg != "" {
				b.errf(pn.pp, fix, "sample %q %s", s, msg)
				break
			}
		}
	}
	// Repeats inside the intent are found with the conflicts across intents.
	return out
}

// slotUse checks the slots of one expanded sample: each at most once, and
// a catch-all slot (AMAZON.SearchQuery) beside no other slot.
func slotUse(s string, slots map[string]*ir.Slot) (msg, fix string) {
	if !strings.Contains(s, "{") {
		return "", ""
	}
	var names []string
	for rest := s; ; {
		i := strings.IndexByte(rest, '{')
		if i < 0 {
			break
		}
		j := strings.IndexByte(rest[i:], '}')
		if j < 0 {
			break
		}
		names = append(names, rest[i+1:i+j])
		rest = rest[i+j+1:]
	}
	seen := map[string]bool{}
	for _, n := range names {
		if seen[n] {
			return fmt.Sprintf("uses the slot {%s} twice", n), "Alexa fills a slot once per utterance: add a second slot of the same type, or drop one"
		}
		seen[n] = true
	}
	if len(names) > 1 {
		for _, n := range names {
			if sl := slots[n]; sl != nil && alexa.CatchAllSlotTypes[sl.Type] {
				return fmt.Sprintf("puts the %s slot {%s} beside other slots", sl.Type, n), "a sample with an AMAZON.SearchQuery slot may hold no other slot: give the query its own sample"
			}
		}
	}
	return "", ""
}

func isCatchAllOnly(s string, slots map[string]*ir.Slot) bool {
	if len(s) < 3 || s[0] != '{' || s[len(s)-1] != '}' || strings.ContainsAny(s[1:len(s)-1], "{} ") {
		return false
	}
	sl := slots[s[1:len(s)-1]]
	return sl != nil && alexa.CatchAllSlotTypes[sl.Type]
}

// checkSampleText checks the characters of a pattern outside slot names,
// with the character rules of each language that uses it.
func (b *sink) checkSampleText(pp, pat string, slots map[string]*ir.Slot, langs []*lang.Facts) bool {
	inSlot := false
	var prev rune
	for i, r := range pat {
		next, _ := utf8.DecodeRuneInString(pat[i+utf8.RuneLen(r):])
		switch {
		case r == '{':
			// a slot reference is "{name}" with no "|"; skip its name
			end := strings.IndexAny(pat[i+1:], "{}|[]")
			inSlot = end >= 0 && pat[i+1+end] == '}' && nameRe.MatchString(pat[i+1:i+1+end])
		case r == '}':
			inSlot = false
		case inSlot, r == '[', r == ']', r == '|':
		case unicode.IsDigit(r):
			b.errAt(pp, i, `spell numbers out, e.g. "two" for "2"`, "sample %q contains the digit %q", pat, r)
			return false
		case r == '?' || r == '!':
			b.errAt(pp, i, "remove the punctuation", "sample %q contains %q", pat, r)
			return false
		case r == '’' || r == '‘':
			b.errAt(pp, i, "write the apostrophe as '", "sample %q contains a typographic apostrophe", pat)
			return false
		case r == ' ':
			for _, f := range langs {
				if f.Unspaced {
					b.errAt(pp, i, fmt.Sprintf("write %s samples without spaces", f.Name), "sample %q contains a space", pat)
					return false
				}
			}
		case r == '\'':
			for _, f := range langs {
				if f.Elision && !(unicode.IsLetter(prev) && unicode.IsLetter(next)) {
					b.errAt(pp, i, fmt.Sprintf(`in %s an apostrophe joins an elided word to the next: write "l'adresse", not "l' adresse"`, f.Name), "sample %q has an apostrophe that joins no two letters", pat)
					return false
				}
			}
		case r == '.', r == '_', r == '-':
		case unicode.IsLetter(r), unicode.IsMark(r):
			for _, f := range langs {
				if unicode.IsLetter(r) && !f.InScript(r) {
					b.errAt(pp, i, fmt.Sprintf("write %s samples in %s", f.Name, f.ScriptNames), "sample %q contains %q, which is not written in %s", pat, r, f.ScriptNames)
					return false
				}
			}
		case r == utf8.RuneError:
			b.errAt(pp, i, "save the file as UTF-8", "sample contains invalid UTF-8")
			return false
		default:
			b.errAt(pp, i, "samples may hold letters, spaces, periods, underscores, apostrophes and hyphens", "sample %q contains %q", pat, r)
			return false
		}
		prev = r
	}
	return true
}

// conflicts reports samples that two intents share, or that a built-in
// intent already understands. Slots compare by type: "what is {a}" in one
// intent and "what is {b}" in another are the same phrase when a and b have
// the same type.
func (b *builder) conflicts() {
	// Locales whose samples come from the same lists conflict alike: check
	// each distinct set once, the sets concurrently.
	var sets []string // one locale per distinct set
	done := map[string]bool{}
	for _, loc := range b.locales {
		var sig strings.Builder
		sig.WriteString(spec.Language(loc))
		for _, in := range b.s.Intents {
			sig.WriteString("|" + in.Samples.TagFor(loc))
		}
		for _, st := range b.s.SlotTypes {
			for _, v := range st.Values {
				sig.WriteString("|" + v.Value.TagFor(loc) + "," + v.Synonyms.TagFor(loc))
			}
		}
		if !done[sig.String()] {
			done[sig.String()] = true
			sets = append(sets, loc)
		}
	}
	sinks := make([]sink, len(sets))
	parallel(len(sets), func(i int) {
		sinks[i].ix = b.ix
		b.conflictsIn(&sinks[i], sets[i])
	})
	for _, k := range sinks {
		b.diags = append(b.diags, k.diags...)
	}
}

// conflictsIn checks one locale's samples across intents and built-ins.
func (b *builder) conflictsIn(k *sink, loc string) {
	total := 0
	for _, in := range b.out.Intents {
		total += len(in.Samples[loc])
	}
	// The map is reused across locales: a large model's map is most of a
	// megabyte, and fresh memory costs page faults.
	owner, _ := ownerMaps.Get().(map[string]int)
	if owner == nil {
		owner = make(map[string]int, total)
	}
	defer func() {
		clear(owner)
		ownerMaps.Put(owner)
	}()
	f := b.facts[loc]
	for idx, in := range b.out.Intents {
		for _, s := range in.Samples[loc] {
			key := normalize(s, in)
			o, ok := owner[key]
			if !ok {
				owner[key] = idx
				if !strings.Contains(s, "{") {
					if bi, isBuiltin := f.BuiltinPhrase(s); isBuiltin {
						k.errf(b.samplePath(in, loc, s), fmt.Sprintf("remove it: %s already handles it in %s", bi, f.Name), "sample %q of %s is a phrase of %s", s, in.Name, bi)
					}
				}
				continue
			}
			if o == idx {
				b.repeated(k, in, loc, s)
			} else {
				k.errf(b.samplePath(in, loc, s), "keep the phrase in one intent only", "sample %q of %s is also a sample of %s: the model is ambiguous", s, in.Name, b.out.Intents[o].Name)
			}
		}
	}
	b.valueConflicts(k, loc, owner)
}

// maxValueCombinations bounds the slot-value combinations tried for one
// sample with several custom slots.
const maxValueCombinations = 4096

// valueConflicts reports a sample without slots that another intent's
// sample also says once its custom slots are filled with a value or
// synonym: "what is my email" in one intent and "what is my {infoType}" in
// another, where "email" is a synonym of infoType. owner maps the
// normalized samples of loc to their intents.
func (b *builder) valueConflicts(k *sink, loc string, owner map[string]int) {
	for idx, in := range b.out.Intents {
		if !slices.ContainsFunc(in.Slots, func(s *ir.Slot) bool { return s.Enum != nil }) {
			continue
		}
		for _, s := range in.Samples[loc] {
			if !strings.Contains(s, "{") {
				continue
			}
			fillSlots(s, in, loc, func(filled, value string, slot *ir.Slot) bool {
				o, ok := owner[strings.ToLower(filled)]
				if !ok || o == idx {
					return true
				}
				other := b.out.Intents[o]
				k.errf(b.samplePath(other, loc, filled), fmt.Sprintf("remove the sample, or remove %q from slot type %s", value, slot.Enum.Name),
					"sample %q of %s is also heard as %q of %s, since %q is a value or synonym of %s: the model is ambiguous", filled, other.Name, s, in.Name, value, slot.Enum.Name)
				return false
			})
		}
	}
}

// fillSlots calls yield with s filled in with every combination of values
// and synonyms of its custom slots (up to maxValueCombinations), as long as
// yield returns true. Samples with a built-in slot type are skipped: their
// values are not known.
func fillSlots(s string, in *ir.Intent, loc string, yield func(filled, value string, slot *ir.Slot) bool) {
	type part struct {
		lit  string
		slot *ir.Slot
	}
	var parts []part
	combos := 1
	for rest := s; ; {
		i := strings.IndexByte(rest, '{')
		j := strings.IndexByte(rest[max(i, 0):], '}')
		if i < 0 || j < 0 {
			parts = append(parts, part{lit: rest})
			break
		}
		name := rest[i+1 : i+j]
		si := slices.IndexFunc(in.Slots, func(sl *ir.Slot) bool { return sl.Name == name })
		if si < 0 || in.Slots[si].Enum == nil {
			return
		}
		sl := in.Slots[si]
		n := 0
		for _, v := range sl.Enum.Values {
			n += 1 + len(v.Synonyms[loc])
		}
		if combos *= max(n, 1); combos > maxValueCombinations {
			return
		}
		parts = append(parts, part{lit: rest[:i]}, part{slot: sl})
		rest = rest[i+j+1:]
	}
	var sb []byte
	var rec func(i int, value string, slot *ir.Slot) bool
	rec = func(i int, value string, slot *ir.Slot) bool {
		if i == len(parts) {
			return yield(string(sb), value, slot)
		}
		p := parts[i]
		if p.slot == nil {
			n := len(sb)
			sb = append(sb, p.lit...)
			ok := rec(i+1, value, slot)
			sb = sb[:n]
			return ok
		}
		for _, v := range p.slot.Enum.Values {
			for _, phrase := range append([]string{v.Value[loc]}, v.Synonyms[loc]...) {
				n := len(sb)
				sb = append(sb, strings.Join(strings.Fields(phrase), " ")...)
				ok := rec(i+1, phrase, p.slot)
				sb = sb[:n]
				if !ok {
					return false
				}
			}
		}
		return true
	}
	rec(0, "", nil)
}

var ownerMaps sync.Pool // map[string]int, sample key → intent index

// repeated reports a sample that an intent has twice, at the last pattern
// that produces it.
func (b *builder) repeated(k *sink, in *ir.Intent, loc, sample string) {
	paths := b.samplePaths(in, loc, sample)
	if len(paths) == 0 {
		return
	}
	last, from := paths[len(paths)-1], ""
	if paths[0] != last {
		_, disp := b.ix.Lookup(paths[0])
		from = " (also from " + disp + ")"
	}
	k.errf(last, "remove the repeat or narrow the alternatives", "sample %q appears twice in %s%s", sample, in.Name, from)
}

// samplePath finds the pattern that produced a sample, for the message.
func (b *builder) samplePath(in *ir.Intent, loc, sample string) string {
	if paths := b.samplePaths(in, loc, sample); len(paths) > 0 {
		return paths[0]
	}
	return "intents"
}

// samplePaths lists the patterns of an intent that produce a sample (the
// same phrase, slots compared by type). Only used to report errors.
func (b *builder) samplePaths(in *ir.Intent, loc, sample string) []string {
	key := normalize(sample, in)
	for i := range b.s.Intents {
		si := &b.s.Intents[i]
		if si.Name != in.Name || si.Omit {
			continue
		}
		lp := textPath(fmt.Sprintf("intents[%d].samples", i), si.Samples.TagFor(loc))
		patterns, _ := si.Samples.For(loc)
		var out []string
		for k, pat := range patterns {
			expanded, err := expand.Expand(nil, pat, alexa.MaxMaxSamples)
			if err != nil {
				continue
			}
			for _, s := range expanded {
				if normalize(s, in) == key {
					out = append(out, fmt.Sprintf("%s[%d]", lp, k))
				}
			}
		}
		if len(out) == 0 {
			out = append(out, lp)
		}
		return out
	}
	return nil
}

// normalize lowercases a sample and replaces each slot by its type.
func normalize(s string, in *ir.Intent) string {
	if !strings.Contains(s, "{") {
		return strings.ToLower(s)
	}
	var sb strings.Builder
	for {
		i := strings.IndexByte(s, '{')
		if i < 0 {
			sb.WriteString(strings.ToLower(s))
			return sb.String()
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			sb.WriteString(strings.ToLower(s))
			return sb.String()
		}
		sb.WriteString(strings.ToLower(s[:i]))
		name := s[i+1 : i+j]
		typ := name
		for _, sl := range in.Slots {
			if sl.Name == name {
				typ = sl.Type
			}
		}
		sb.WriteString("{" + typ + "}")
		s = s[i+j+1:]
	}
}

func (b *builder) answers(p string, a *spec.Answers, slots map[string]*ir.Slot) *ir.Answers {
	out := &ir.Answers{}
	sl := slots[a.Slot]
	switch {
	case a.Slot == "":
		b.errf(p, "add slot: naming the slot whose value picks the answer", "answers has no slot")
		return out
	case sl == nil:
		b.errf(p+".slot", "name one of the intent's slots", "%q is not a slot of this intent", a.Slot)
		return out
	case sl.Enum == nil:
		b.errf(p+".slot", "answers need a custom slot type with value ids", "slot %q has type %s, which has no value ids", a.Slot, sl.Type)
		return out
	}
	out.Slot = sl
	ids := map[string]bool{}
	for i := range a.Cases {
		c := &a.Cases[i]
		cp := fmt.Sprintf("%s.cases[%d]", p, i)
		if c.Omit {
			b.errf(cp+".omit", "omit only removes a case inherited through extends; delete the entry instead", "no inherited case %q to omit", c.ID)
			continue
		}
		if !slices.ContainsFunc(sl.Enum.Values, func(v *ir.SlotValue) bool { return v.ID == c.ID }) {
			var known []string
			for _, v := range sl.Enum.Values {
				known = append(known, v.ID)
			}
			b.errf(cp+".id", "use one of "+strings.Join(known, ", "), "%q is not a value id of slot type %s", c.ID, sl.Type)
			continue
		}
		if ids[c.ID] {
			b.errf(cp+".id", "merge the two cases", "case %q is given twice", c.ID)
			continue
		}
		ids[c.ID] = true
		if !c.Speech.IsSet() {
			b.errf(cp, "add speech: with the answer", "case %q has no speech", c.ID)
		}
		out.Cases = append(out.Cases, &ir.Case{ID: c.ID, Response: b.response(cp, &c.Response, responseRules{})})
	}
	return out
}
