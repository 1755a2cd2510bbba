package spec

import (
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/skillgen/skillgen/generator/diag"
	"go.yaml.in/yaml/v3"
)

// Index maps spec paths to where they were written. Paths use [i] for list
// items ("intents[1].samples.en[0]"); each entry also has a display path that
// names items by their name or id ("intents.RequestInfoIntent.samples.en[0]").
type Index struct {
	entries map[string]indexEntry
}

type indexEntry struct {
	pos     diag.Pos
	display string
	quoted  bool // a quoted scalar: its text starts one column after pos
}

// Lookup returns the position and display path of the node at path, or of
// its nearest ancestor written in the spec when the node itself was not.
func (ix *Index) Lookup(path string) (diag.Pos, string) {
	if ix == nil {
		return diag.Pos{}, path
	}
	p := path
	for {
		if e, ok := ix.entries[p]; ok {
			return e.pos, e.display + path[len(p):]
		}
		cut := max(strings.LastIndexByte(p, '.'), strings.LastIndexByte(p, '['))
		if cut <= 0 {
			// Not written at all: report it at the top of the spec.
			return ix.entries[""].pos, path
		}
		p = p[:cut]
	}
}

// DiagAt builds a diagnostic for a byte offset inside the scalar at path, so
// the column points at the offending character.
func (ix *Index) DiagAt(path string, offset int, msg, fix string) diag.Diagnostic {
	d := ix.Diag(path, msg, fix)
	if e, ok := ix.entries[path]; ok && d.Pos.Line > 0 {
		d.Pos.Col += offset
		if e.quoted {
			d.Pos.Col++
		}
	}
	return d
}

// Diag builds a diagnostic for the node at path.
func (ix *Index) Diag(path, msg, fix string) diag.Diagnostic {
	pos, display := ix.Lookup(path)
	return diag.Diagnostic{Pos: pos, Path: display, Msg: msg, Fix: fix}
}

// Set records a position for a path that has no node, such as a value that
// came from the environment.
func (ix *Index) Set(path string, pos diag.Pos) {
	e := ix.entries[path]
	if e.display == "" {
		_, e.display = ix.Lookup(path)
	}
	e.pos = pos
	ix.entries[path] = e
}

// decoder decodes a yaml.Node tree into the spec types, strictly: unknown
// keys, duplicate keys and wrong kinds are all reported, with positions.
type decoder struct {
	files map[*yaml.Node]string
	index *Index
	diags diag.List
}

func newDecoder(files map[*yaml.Node]string) *decoder {
	return &decoder{files: files, index: &Index{entries: map[string]indexEntry{}}}
}

func (d *decoder) pos(n *yaml.Node) diag.Pos {
	return diag.Pos{File: d.files[n], Line: n.Line, Col: n.Column}
}

func (d *decoder) errorf(n *yaml.Node, display, fix, format string, args ...any) {
	d.diags = append(d.diags, diag.Diagnostic{Pos: d.pos(n), Path: display, Msg: fmt.Sprintf(format, args...), Fix: fix})
}

func (d *decoder) record(n *yaml.Node, path, display string) {
	quoted := n.Kind == yaml.ScalarNode && n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0
	d.index.entries[path] = indexEntry{pos: d.pos(n), display: display, quoted: quoted}
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// nodeDecoder is implemented by types with their own YAML forms.
type nodeDecoder interface {
	decodeNode(d *decoder, n *yaml.Node, path, display string)
}

var nodeDecoderType = reflect.TypeFor[nodeDecoder]()

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a map"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return "empty"
		}
		return "a scalar"
	case yaml.AliasNode:
		if n.Alias == nil {
			return fmt.Sprintf("the alias *%s, which names no anchor", n.Value)
		}
		return fmt.Sprintf("the alias *%s, which is %s", n.Value, kindName(n.Alias))
	case yaml.DocumentNode:
		return "a document"
	}
	return "an unknown YAML node"
}

// deref follows an alias to the node it names.
func deref(n *yaml.Node) *yaml.Node {
	for i := 0; n.Kind == yaml.AliasNode && n.Alias != nil && i < 100; i++ {
		n = n.Alias
	}
	return n
}

func (d *decoder) decode(n *yaml.Node, v reflect.Value, path, display string) {
	if n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	d.record(n, path, display)
	if v.CanAddr() && v.Addr().Type().Implements(nodeDecoderType) {
		v.Addr().Interface().(nodeDecoder).decodeNode(d, n, path, display)
		return
	}
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return // an empty value leaves the zero value
	}
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		d.decode(n, v.Elem(), path, display)
	case reflect.Struct:
		d.decodeStruct(n, v, path, display)
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			d.errorf(n, display, "write it as a YAML list ([a, b] or one \"- item\" per line)", "must be a list, not %s", kindName(n))
			return
		}
		names := itemNames(n)
		s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
		for i, item := range n.Content {
			ip := fmt.Sprintf("%s[%d]", path, i)
			idisp := fmt.Sprintf("%s[%d]", display, i)
			if names[i] != "" {
				idisp = join(display, names[i])
			}
			d.decode(item, s.Index(i), ip, idisp)
		}
		v.Set(s)
	case reflect.String:
		if n.Kind != yaml.ScalarNode {
			d.errorf(n, display, "write a single value", "must be a string, not %s", kindName(n))
			return
		}
		v.SetString(n.Value)
	case reflect.Bool:
		b, err := strconv.ParseBool(n.Value)
		if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" || err != nil {
			d.errorf(n, display, "write true or false", "must be true or false, not %s", describe(n))
			return
		}
		v.SetBool(b)
	case reflect.Int:
		i, err := strconv.Atoi(n.Value)
		if n.Kind != yaml.ScalarNode || n.Tag != "!!int" || err != nil {
			d.errorf(n, display, "write a whole number", "must be a whole number, not %s", describe(n))
			return
		}
		v.SetInt(int64(i))
	default:
		// Only a spec type this decoder does not know reaches here; report
		// it like any other problem rather than crash.
		d.errorf(n, display, "report this as a skillgen bug", "skillgen cannot decode a %s here", v.Type())
	}
}

func describe(n *yaml.Node) string {
	if n.Kind == yaml.ScalarNode {
		return strconv.Quote(n.Value)
	}
	return kindName(n)
}

// itemNames returns, for each item of a list of maps, the value of its name
// or id key when that value is unique in the list.
func itemNames(n *yaml.Node) []string {
	names := make([]string, len(n.Content))
	count := map[string]int{}
	for i, item := range n.Content {
		if item.Kind != yaml.MappingNode {
			continue
		}
		for j := 0; j+1 < len(item.Content); j += 2 {
			k, val := item.Content[j], item.Content[j+1]
			if (k.Value == "name" || k.Value == "id") && val.Kind == yaml.ScalarNode && val.Value != "" && !strings.ContainsAny(val.Value, ".[] ") {
				names[i] = val.Value
				count[val.Value]++
				break
			}
		}
	}
	for i, name := range names {
		if count[name] > 1 {
			names[i] = ""
		}
	}
	return names
}

// field is one YAML key of a struct, possibly inside an inlined struct.
type field struct {
	name  string
	index []int
}

var fieldCache sync.Map // reflect.Type → []field

func fieldsOf(t reflect.Type) []field {
	if f, ok := fieldCache.Load(t); ok {
		return f.([]field)
	}
	var out []field
	for i := range t.NumField() {
		sf := t.Field(i)
		if !sf.IsExported() {
			continue
		}
		tag := sf.Tag.Get("yaml")
		name, opts, _ := strings.Cut(tag, ",")
		if name == "-" {
			continue
		}
		if strings.Contains(opts, "inline") {
			for _, inner := range fieldsOf(sf.Type) {
				out = append(out, field{name: inner.name, index: append([]int{i}, inner.index...)})
			}
			continue
		}
		out = append(out, field{name: name, index: []int{i}})
	}
	fieldCache.Store(t, out)
	return out
}

// KnownKeys returns the YAML keys of a spec struct type, for messages and tests.
func KnownKeys(t reflect.Type) []string {
	var keys []string
	for _, f := range fieldsOf(t) {
		keys = append(keys, f.name)
	}
	return keys
}

func (d *decoder) decodeStruct(n *yaml.Node, v reflect.Value, path, display string) {
	if n.Kind != yaml.MappingNode {
		d.errorf(n, display, "write key: value pairs under it", "must be a map, not %s", kindName(n))
		return
	}
	fields := fieldsOf(v.Type())
	seen := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		key := k.Value
		kdisp := join(display, key)
		if first, dup := seen[key]; dup {
			d.errorf(k, kdisp, "remove one of them", "key %q is given twice (first at line %d)", key, first.Line)
			continue
		}
		seen[key] = k
		idx := slices.IndexFunc(fields, func(f field) bool { return f.name == key })
		if idx < 0 {
			d.errorf(k, kdisp, unknownKeyFix(key, fields), "unknown key %q", key)
			continue
		}
		d.decode(val, v.FieldByIndex(fields[idx].index), join(path, key), kdisp)
	}
}

func unknownKeyFix(key string, fields []field) string {
	var names []string
	best, bestDist := "", 1<<30
	for _, f := range fields {
		names = append(names, f.name)
		if dist := diag.Distance(strings.ToLower(key), strings.ToLower(f.name)); dist < bestDist {
			best, bestDist = f.name, dist
		}
	}
	if bestDist <= max(2, len(key)/3) {
		return fmt.Sprintf("did you mean %q?", best)
	}
	slices.Sort(names)
	return "valid keys here: " + strings.Join(names, ", ")
}

var tagRe = regexp.MustCompile(TagPattern)

const tagFix = `use a language such as "en" or a locale such as "en-GB"`

func (t *Text) decodeNode(d *decoder, n *yaml.Node, path, display string) {
	switch n.Kind {
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return
		}
		t.All, t.set = n.Value, true
	case yaml.MappingNode:
		t.ByTag = map[string]string{}
		d.decodeTagged(n, path, display, func(tag string, val *yaml.Node, vp, vd string) {
			if r := deref(val); r.Kind == yaml.ScalarNode && r.Tag != "!!null" {
				val = r
			}
			if val.Kind != yaml.ScalarNode || val.Tag == "!!null" {
				d.errorf(val, vd, "write the text as a string", "must be text, not %s", kindName(val))
				return
			}
			t.ByTag[tag] = val.Value
		})
	default:
		d.errorf(n, display, "write a string, or a map from language or locale to string", "must be text, not %s", kindName(n))
	}
}

func (t *TextList) decodeNode(d *decoder, n *yaml.Node, path, display string) {
	switch n.Kind {
	case yaml.SequenceNode:
		t.All, t.set = d.stringList(n, path, display), true
	case yaml.MappingNode:
		t.ByTag = map[string][]string{}
		d.decodeTagged(n, path, display, func(tag string, val *yaml.Node, vp, vd string) {
			if r := deref(val); r.Kind == yaml.SequenceNode {
				val = r
			}
			if val.Kind != yaml.SequenceNode {
				d.errorf(val, vd, "write a YAML list of strings", "must be a list, not %s", kindName(val))
				return
			}
			t.ByTag[tag] = d.stringList(val, vp, vd)
		})
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return
		}
		fallthrough
	default:
		d.errorf(n, display, "write a list, or a map from language or locale to a list", "must be a list, not %s", kindName(n))
	}
}

func (d *decoder) decodeTagged(n *yaml.Node, path, display string, each func(tag string, val *yaml.Node, vp, vd string)) {
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		vd := join(display, k.Value)
		if !tagRe.MatchString(k.Value) {
			d.errorf(k, vd, tagFix, "%q is not a language or locale", k.Value)
			continue
		}
		if line, dup := seen[k.Value]; dup {
			d.errorf(k, vd, "remove one of them", "key %q is given twice (first at line %d)", k.Value, line)
			continue
		}
		seen[k.Value] = k.Line
		vp := join(path, k.Value)
		d.record(val, vp, vd)
		each(k.Value, val, vp, vd)
	}
}

func (d *decoder) stringList(n *yaml.Node, path, display string) []string {
	out := make([]string, 0, len(n.Content))
	for i, item := range n.Content {
		ip, id := fmt.Sprintf("%s[%d]", path, i), fmt.Sprintf("%s[%d]", display, i)
		d.record(item, ip, id)
		if r := deref(item); r.Kind == yaml.ScalarNode && r.Tag != "!!null" {
			item = r
		}
		if item.Kind != yaml.ScalarNode || item.Tag == "!!null" {
			d.errorf(item, id, "write each item as a string", "must be a string, not %s", kindName(item))
			out = append(out, "")
			continue
		}
		out = append(out, item.Value)
	}
	return out
}

func reflectValue(s *Spec) reflect.Value { return reflect.ValueOf(s).Elem() }
