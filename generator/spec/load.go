package spec

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"

	"github.com/skillgen/skillgen/generator/diag"
	"go.yaml.in/yaml/v3"
)

// Loaded is a decoded spec with everything needed to report on it.
type Loaded struct {
	Spec  *Spec
	Path  string   // the spec file, as given (relative to the working directory)
	Dir   string   // its directory
	Chain []string // the spec file first, then each file it extends
	Index *Index   // positions of every node
	// Bases are the specs this one extends, nearest first, with the output
	// directories each would generate into (for the "own output" rule).
	Bases []Base
}

// Base is a spec that a variant extends.
type Base struct {
	Path    string  // as displayed
	Dir     string  // its directory
	Package string  // its skill.package
	Output  *Output // its output key, if any
}

// Environment variables that override deployment values of the spec:
// skill.vendorId and skill.skillId.
const (
	EnvSkillgenVendorID = "SKILLGEN_VENDOR_ID"
	EnvSkillgenSkillID  = "SKILLGEN_SKILL_ID"
)

// Load reads a spec file and every file it extends, merges them and decodes
// the result strictly. Its errors are a diag.List.
func Load(path string) (*Loaded, error) {
	return LoadFS(osFS{}, path)
}

// FS is what Load reads files with; tests may substitute it.
type FS interface {
	ReadFile(name string) ([]byte, error)
}

type osFS struct{}

func (osFS) ReadFile(name string) ([]byte, error) { return os.ReadFile(name) }

// LoadFS is Load with a file system.
func LoadFS(fsys FS, path string) (*Loaded, error) {
	l := &loader{fsys: fsys, files: map[*yaml.Node]string{}}
	root := l.load(filepath.Clean(path), nil, diag.Pos{})
	if root == nil {
		return nil, l.diags.Err()
	}
	d := newDecoder(l.files)
	s := &Spec{}
	d.decode(root, reflectValue(s), "", "")
	d.diags = append(d.diags, l.diags...)
	ld := &Loaded{Spec: s, Path: diag.RelPath(path), Dir: filepath.Dir(path), Chain: l.chain, Index: d.index, Bases: l.bases}
	if len(d.diags) == 0 {
		applyEnv(ld)
	}
	if err := d.diags.Err(); err != nil {
		return ld, err
	}
	return ld, nil
}

type loader struct {
	fsys  FS
	files map[*yaml.Node]string
	chain []string
	bases []Base
	diags diag.List
}

var yamlLineRe = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// load parses one file and, through extends, the files below it, and
// returns the merged tree. stack holds the files being loaded, for cycles.
func (l *loader) load(path string, stack []string, from diag.Pos) *yaml.Node {
	display := diag.RelPath(path)
	abs, _ := filepath.Abs(path)
	for i, s := range stack {
		if s == abs {
			var cycle []string
			for _, c := range stack[i:] {
				cycle = append(cycle, diag.RelPath(c))
			}
			cycle = append(cycle, display)
			l.diags = append(l.diags, diag.Diagnostic{Pos: from, Path: "extends",
				Msg: "extends forms a cycle: " + strings.Join(cycle, " → "), Fix: "make the base spec not extend its variant"})
			return nil
		}
	}
	stack = append(stack, abs)
	l.chain = append(l.chain, display)

	data, err := l.fsys.ReadFile(path)
	if err != nil {
		d := diag.Diagnostic{Pos: from, Msg: fmt.Sprintf("cannot read %s: %v", display, unwrapPathErr(err))}
		if from.File != "" {
			d.Path = "extends"
			d.Fix = "give the base spec's path relative to this file"
		}
		if errors.Is(err, fs.ErrNotExist) {
			d.Msg = fmt.Sprintf("spec file %s does not exist", display)
			if from.File == "" {
				d.Pos = diag.Pos{File: display}
				d.Fix = "pass an existing spec with -f"
			}
		}
		l.diags = append(l.diags, d)
		return nil
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		l.diags = append(l.diags, syntaxDiag(display, data, err))
		return nil
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		l.diags = append(l.diags, diag.Diagnostic{Pos: diag.Pos{File: display, Line: 1, Col: 1}, Msg: "the spec is empty", Fix: "start from the one skillgen init writes (in an empty directory)"})
		return nil
	}
	root := doc.Content[0]
	markFile(root, display, l.files)
	if len(stack) > 1 {
		l.bases = append(l.bases, baseInfo(path, display, root))
	}
	if root.Kind != yaml.MappingNode {
		l.diags = append(l.diags, diag.Diagnostic{Pos: diag.Pos{File: display, Line: root.Line, Col: root.Column}, Msg: "the spec must be a map of keys", Fix: "start from the one skillgen init writes (in an empty directory)"})
		return nil
	}
	ext := mapValue(root, "extends")
	if ext == nil {
		return root
	}
	if ext.Kind != yaml.ScalarNode || ext.Value == "" {
		l.diags = append(l.diags, diag.Diagnostic{Pos: diag.Pos{File: display, Line: ext.Line, Col: ext.Column}, Path: "extends",
			Msg: "must be the path of a spec file", Fix: "write extends: ../skill.yaml"})
		return root
	}
	basePath := ext.Value
	if !filepath.IsAbs(basePath) {
		basePath = filepath.Join(filepath.Dir(path), basePath)
	}
	base := l.load(basePath, stack, diag.Pos{File: display, Line: ext.Line, Col: ext.Column})
	if base == nil {
		return root
	}
	merged := l.merge(base, root, "")
	return merged
}

// baseInfo decodes the parts of a base spec that a variant's output rule needs.
func baseInfo(path, display string, root *yaml.Node) Base {
	b := Base{Path: display, Dir: filepath.Dir(path)}
	if root.Kind != yaml.MappingNode {
		return b
	}
	if sk := mapValue(root, "skill"); sk != nil && sk.Kind == yaml.MappingNode {
		if p := mapValue(sk, "package"); p != nil {
			b.Package = p.Value
		}
	}
	if out := mapValue(root, "output"); out != nil {
		d := newDecoder(map[*yaml.Node]string{})
		b.Output = &Output{}
		d.decode(out, reflect.ValueOf(b.Output).Elem(), "output", "output")
	}
	return b
}

func unwrapPathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func syntaxDiag(file string, data []byte, err error) diag.Diagnostic {
	msg := err.Error()
	line := 1
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg = te.Errors[0]
	}
	if m := yamlLineRe.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = m[2]
	}
	msg = strings.TrimPrefix(msg, "yaml: ")
	return diag.Diagnostic{Pos: diag.Pos{File: file, Line: line, Col: syntaxColumn(data, line, msg)}, Msg: "invalid YAML: " + msg, Fix: "fix the YAML syntax (indentation, quotes, colons)"}
}

// syntaxColumn finds the column of a YAML syntax error on its line. The
// YAML library reports the line only; the column is recovered from the
// line's text by the same rule the scanner applied: the character that
// cannot start a token, the tab, the second ": " of "a: b: c", else the
// first character of the construct.
func syntaxColumn(data []byte, line int, msg string) int {
	lines := strings.Split(string(data), "\n")
	if line < 1 || line > len(lines) {
		return 1
	}
	text := strings.TrimRight(lines[line-1], "\r")
	first := len(text) - len(strings.TrimLeft(text, " "))
	col := func(byteOff int) int { return len([]rune(text[:byteOff])) + 1 }
	switch {
	case strings.Contains(msg, "tab"):
		if i := strings.IndexByte(text, '\t'); i >= 0 {
			return col(i)
		}
	case strings.Contains(msg, "cannot start any token"):
		if i := strings.IndexAny(text[first:], "\t@`%"); i >= 0 {
			return col(first + i)
		}
	case strings.Contains(msg, "mapping values are not allowed"):
		quoted := byte(0)
		seen := 0
		for i := first; i < len(text); i++ {
			c := text[i]
			switch {
			case quoted != 0:
				if c == quoted {
					quoted = 0
				}
			case c == '"' || c == '\'':
				quoted = c
			case c == '#' && i > 0 && text[i-1] == ' ':
				i = len(text)
			case c == ':' && (i+1 == len(text) || text[i+1] == ' '):
				if seen++; seen == 2 {
					return col(i)
				}
			}
		}
	case strings.Contains(msg, "did not find expected"), strings.Contains(msg, "could not find expected"):
		// the construct the parser was reading starts at the line's
		// first character; an unclosed flow or quote ends the line
		if i := strings.LastIndexAny(text, "[{\"'"); i >= first && (strings.Contains(msg, "','") || strings.Contains(msg, "quote")) {
			return col(i)
		}
	}
	return col(first)
}

func markFile(n *yaml.Node, file string, files map[*yaml.Node]string) {
	files[n] = file
	for _, c := range n.Content {
		markFile(c, file, files)
	}
}

func mapValue(n *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// notInherited are top-level keys a variant never takes from its base.
var notInherited = map[string]bool{"extends": true, "output": true}

// merge overlays over on base: maps merge key by key, lists of named maps
// merge by name (an item with omit: true removes the base item), anything
// else is replaced. Neither input is modified.
func (l *loader) merge(base, over *yaml.Node, path string) *yaml.Node {
	if base.Kind == yaml.AliasNode {
		base = base.Alias
	}
	if over.Kind == yaml.AliasNode {
		over = over.Alias
	}
	switch {
	case base.Kind == yaml.MappingNode && over.Kind == yaml.MappingNode:
		out := l.shallow(over)
		out.Content = nil
		overKeys := map[string]int{}
		for i := 0; i+1 < len(over.Content); i += 2 {
			overKeys[over.Content[i].Value] = i
		}
		for i := 0; i+1 < len(base.Content); i += 2 {
			k, v := base.Content[i], base.Content[i+1]
			if path == "" && notInherited[k.Value] {
				continue
			}
			if j, ok := overKeys[k.Value]; ok {
				delete(overKeys, k.Value)
				if removes(over.Content[j+1]) {
					continue // "key: null" or "key: {omit: true}" removes the inherited key
				}
				out.Content = append(out.Content, over.Content[j], l.merge(v, over.Content[j+1], join(path, k.Value)))
				continue
			}
			out.Content = append(out.Content, k, v)
		}
		for i := 0; i+1 < len(over.Content); i += 2 {
			if _, ok := overKeys[over.Content[i].Value]; ok {
				if isOmitMap(over.Content[i+1]) {
					l.diags = append(l.diags, diag.Diagnostic{Pos: diag.Pos{File: l.files[over.Content[i]], Line: over.Content[i].Line, Col: over.Content[i].Column},
						Path: join(path, over.Content[i].Value), Msg: "omit: true removes an inherited key, but the base spec has no " + over.Content[i].Value, Fix: "delete the key"})
					continue
				}
				out.Content = append(out.Content, over.Content[i], over.Content[i+1])
			}
		}
		return out
	case base.Kind == yaml.SequenceNode && over.Kind == yaml.SequenceNode && named(base) && named(over):
		out := l.shallow(over)
		out.Content = nil
		byName := map[string]*yaml.Node{}
		for _, item := range over.Content {
			byName[itemName(item)] = item
		}
		for _, item := range base.Content {
			name := itemName(item)
			o, ok := byName[name]
			if !ok {
				out.Content = append(out.Content, item)
				continue
			}
			delete(byName, name)
			if isOmitted(o) {
				continue
			}
			out.Content = append(out.Content, l.merge(item, o, path))
		}
		for _, item := range over.Content {
			if _, ok := byName[itemName(item)]; ok {
				out.Content = append(out.Content, item)
			}
		}
		return out
	}
	return over
}

func (l *loader) shallow(n *yaml.Node) *yaml.Node {
	c := *n
	l.files[&c] = l.files[n]
	return &c
}

// named reports whether every item of a list is a map with a name or id.
func named(seq *yaml.Node) bool {
	for _, item := range seq.Content {
		if itemName(item) == "" {
			return false
		}
	}
	return true
}

func itemName(item *yaml.Node) string {
	if item.Kind != yaml.MappingNode {
		return ""
	}
	for _, key := range []string{"name", "id"} {
		if v := mapValue(item, key); v != nil && v.Kind == yaml.ScalarNode {
			return key + "=" + v.Value
		}
	}
	return ""
}

// removes reports whether a variant's value removes the inherited key:
// an explicit null ("key: null", "key: ~") or a map of only omit: true.
func removes(n *yaml.Node) bool {
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n.Kind == yaml.ScalarNode && n.Tag == "!!null" && n.Value != "" || isOmitMap(n)
}

// isOmitMap reports whether n is the map {omit: true}.
func isOmitMap(n *yaml.Node) bool {
	return n.Kind == yaml.MappingNode && len(n.Content) == 2 && n.Content[0].Value == "omit" && isOmitted(n)
}

func isOmitted(item *yaml.Node) bool {
	v := mapValue(item, "omit")
	return v != nil && v.Kind == yaml.ScalarNode && v.Value == "true"
}

// applyEnv applies the SKILLGEN_* overrides of the deployment values (the
// file's values, or for a variant the merged ones): a variable that is set
// and not empty wins, and diagnostics about the value point at it. An empty
// variable counts as unset.
func applyEnv(ld *Loaded) {
	override := func(path, env string, value *string) {
		if v, ok := os.LookupEnv(env); ok && v != "" {
			*value = v
			ld.Index.Set(path, diag.Pos{File: "$" + env})
		}
	}
	override("skill.vendorId", EnvSkillgenVendorID, &ld.Spec.Skill.VendorID)
	override("skill.skillId", EnvSkillgenSkillID, &ld.Spec.Skill.SkillID)
}
