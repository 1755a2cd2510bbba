package skilltest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/skillgen/skillgen/generator/write"
)

// fileEdits are the answers --update writes into one file.
type fileEdits struct {
	// values by expectation: what each locale's run answered.
	values map[*Expect]map[string]bool
	adds   map[*Turn]map[string]bool // bare turns get a prompt
	order  []any
}

// record notes today's answers for t's exact expectations (and a prompt
// for a turn without any).
func (r *Report) record(f *File, t *Turn, resp map[string]any) {
	fe := r.edits[f]
	if fe == nil {
		fe = &fileEdits{values: map[*Expect]map[string]bool{}, adds: map[*Turn]map[string]bool{}}
		r.edits[f] = fe
	}
	if len(t.Expects) == 0 && t.short {
		if v, ok := value(resp, "prompt"); ok {
			if fe.adds[t] == nil {
				fe.adds[t] = map[string]bool{}
				fe.order = append(fe.order, t)
			}
			fe.adds[t][v] = true
		}
		return
	}
	for _, e := range t.Expects {
		if !e.Exact() {
			continue
		}
		v, ok := value(resp, e.Path)
		if !ok {
			continue
		}
		if fe.values[e] == nil {
			fe.values[e] = map[string]bool{}
			fe.order = append(fe.order, e)
		}
		fe.values[e][v] = true
	}
}

// Updated is what Apply changed in one file.
type Updated struct {
	File    string
	Changed int
	// Problems are answers that could not be written (a value that
	// differs between the file's locales, a multi-line scalar).
	Problems []string
}

// Apply writes the answers recorded by an Update run into the files: every
// exact expectation that no longer holds takes today's value, and a turn
// without expectations gets the prompt. Patterns (*, /regex/, lists) are
// left as written; the conversations they fail stay failed.
func (r *Report) Apply() ([]Updated, error) {
	var out []Updated
	files := make([]*File, 0, len(r.edits))
	for f := range r.edits {
		files = append(files, f)
	}
	slices.SortFunc(files, func(a, b *File) int { return strings.Compare(a.Path, b.Path) })
	for _, f := range files {
		src, u, err := r.rewrite(f)
		if err != nil {
			return out, err
		}
		if u.Changed > 0 {
			if err := writeFile(f.Path, src); err != nil {
				return out, err
			}
		}
		out = append(out, u)
	}
	return out, nil
}

// rewrite returns f's text with the recorded answers written in.
func (r *Report) rewrite(f *File) ([]byte, Updated, error) {
	fe := r.edits[f]
	u := Updated{File: f.Path}
	if fe == nil {
		return f.src, u, nil
	}
	type edit struct {
		start, end int
		text       string
	}
	var edits []edit
	// turnEdit rewrites a one-line turn as "utterance: value".
	turnEdit := func(t *Turn, v string) {
		s, e, ok := scalarSpan(f.src, t.node)
		if !ok {
			u.Problems = append(u.Problems, fmt.Sprintf("%s:%d: cannot rewrite this turn; write it on one line", f.Path, t.Line))
			return
		}
		edits = append(edits, edit{s, e, yamlString(t.Input) + ": " + yamlString(v)})
		u.Changed++
	}
	for _, x := range fe.order {
		switch x := x.(type) {
		case *Expect:
			vals := keys(fe.values[x])
			if len(vals) != 1 {
				u.Problems = append(u.Problems, fmt.Sprintf("%s:%d: %s differs between locales (%s); split the file per locale or use a pattern", f.Path, x.Line, x.Path, strings.Join(quoteAll(vals), " vs ")))
				continue
			}
			if len(x.Values) == 1 && x.Values[0] == vals[0] {
				continue
			}
			if x.node == nil {
				turnEdit(turnOf(f, x), vals[0])
				continue
			}
			s, e, ok := scalarSpan(f.src, x.node)
			if !ok {
				u.Problems = append(u.Problems, fmt.Sprintf("%s:%d: cannot rewrite a multi-line value; write it on one line", f.Path, x.Line))
				continue
			}
			edits = append(edits, edit{s, e, yamlString(vals[0])})
			u.Changed++
		case *Turn:
			vals := keys(fe.adds[x])
			if len(vals) != 1 {
				u.Problems = append(u.Problems, fmt.Sprintf("%s:%d: the prompt differs between locales (%s); split the file per locale", f.Path, x.Line, strings.Join(quoteAll(vals), " vs ")))
				continue
			}
			turnEdit(x, vals[0])
		}
	}
	slices.SortFunc(edits, func(a, b edit) int { return b.start - a.start })
	src := slices.Clone(f.src)
	for _, e := range edits {
		src = slices.Concat(src[:e.start], []byte(e.text), src[e.end:])
	}
	if _, err := Parse(f.Path, src); err != nil {
		return nil, u, fmt.Errorf("%s: the updated file would not parse (%v); nothing written", f.Path, err)
	}
	return src, u, nil
}

func turnOf(f *File, e *Expect) *Turn {
	for _, c := range f.Conversations {
		for _, t := range c.Turns {
			if slices.Contains(t.Expects, e) {
				return t
			}
		}
	}
	return nil
}

func keys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func quoteAll(vs []string) []string {
	var out []string
	for _, v := range vs {
		out = append(out, fmt.Sprintf("%q", v))
	}
	return out
}

// yamlString writes s as a one-line YAML scalar that Bespoken reads as the
// same literal: plain when YAML allows it, otherwise double-quoted.
func yamlString(s string) string {
	plain := s != "" && !strings.ContainsAny(s, "\n\r\t") && !strings.HasPrefix(s, "/") &&
		!strings.Contains(s, " == ") && !strings.Contains(s, " != ") && !strings.Contains(s, " =~ ") &&
		s != "undefined"
	if plain {
		b, err := yaml.Marshal(s)
		if err == nil {
			out := strings.TrimSuffix(string(b), "\n")
			if out == s {
				return out
			}
		}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	return strings.TrimSuffix(buf.String(), "\n")
}

// scalarSpan finds the bytes of a one-line scalar node in src.
func scalarSpan(src []byte, n *yaml.Node) (int, int, bool) {
	if n.Kind != yaml.ScalarNode || n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
		return 0, 0, false
	}
	lines := bytes.SplitAfter(src, []byte("\n"))
	if n.Line < 1 || n.Line > len(lines) {
		return 0, 0, false
	}
	off := 0
	for _, l := range lines[:n.Line-1] {
		off += len(l)
	}
	line := lines[n.Line-1]
	// yaml.v3 columns count characters.
	col := 0
	for i := 1; i < n.Column && col < len(line); i++ {
		_, size := utf8.DecodeRune(line[col:])
		col += size
	}
	rest := line[col:]
	end := -1
	switch {
	case n.Style&yaml.DoubleQuotedStyle != 0:
		for i := 1; i < len(rest); i++ {
			if rest[i] == '\\' {
				i++
				continue
			}
			if rest[i] == '"' {
				end = i + 1
				break
			}
		}
	case n.Style&yaml.SingleQuotedStyle != 0:
		for i := 1; i < len(rest); i++ {
			if rest[i] == '\'' {
				if i+1 < len(rest) && rest[i+1] == '\'' {
					i++
					continue
				}
				end = i + 1
				break
			}
		}
	default:
		text := strings.TrimRight(string(rest), "\r\n")
		if i := strings.Index(text, " #"); i >= 0 {
			text = text[:i]
		}
		text = strings.TrimRight(text, " \t")
		if text != n.Value {
			return 0, 0, false // a multi-line plain scalar, or flow context
		}
		end = len(text)
	}
	if end < 0 {
		return 0, 0, false
	}
	return off + col, off + col + end, true
}

// writeFile replaces a test file, keeping its mode.
func writeFile(path string, data []byte) error {
	st, err := os.Stat(path)
	if err != nil {
		return err
	}
	return write.File(path, data, st.Mode().Perm())
}
