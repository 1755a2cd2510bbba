// Package expand expands sample-utterance patterns:
//
//	{what is|what's} my {infoTypeRequested}   alternatives and a slot
//	[please] tell me my {infoTypeRequested}   an optional part
//	{give|tell} me [my] {info|}               an empty alternative
//
// A brace group with one bare identifier and no "|" is a slot reference and
// is kept as written; any other group lists alternatives, which may nest.
// Expansion is deterministic: alternatives in the order written, an optional
// part present before absent. Whitespace is collapsed.
package expand

import (
	"fmt"
	"strings"
)

// Error is a pattern problem at a byte offset of the pattern.
type Error struct {
	Offset int
	Msg    string
	Fix    string
}

func (e *Error) Error() string { return fmt.Sprintf("at offset %d: %s", e.Offset, e.Msg) }

// TooManyError reports that a pattern expands to more samples than allowed.
type TooManyError struct {
	Limit int
}

func (e *TooManyError) Error() string {
	return fmt.Sprintf("expands to more than %d samples", e.Limit)
}

// Node is a parsed pattern: a sequence of parts.
type Node []part

type part struct {
	text string // literal text (kind 0) or slot name (kind 1)
	kind int    // 0 literal, 1 slot, 2 alternatives, 3 optional
	alts []Node // alternatives (kind 2) or the optional body (kind 3, one alt)
}

const (
	kindText = iota
	kindSlot
	kindAlt
	kindOpt
)

// Parse parses a pattern.
func Parse(pattern string) (Node, error) {
	p := &parser{s: pattern}
	n, err := p.seq(0)
	if err != nil {
		return nil, err
	}
	if p.i < len(p.s) {
		return nil, p.unexpected()
	}
	return n, nil
}

type parser struct {
	s string
	i int
}

func (p *parser) unexpected() error {
	c := p.s[p.i]
	switch c {
	case '}':
		return &Error{Offset: p.i, Msg: `unmatched "}"`, Fix: `remove it or add the "{" it closes`}
	case ']':
		return &Error{Offset: p.i, Msg: `unmatched "]"`, Fix: `remove it or add the "[" it closes`}
	case '|':
		return &Error{Offset: p.i, Msg: `"|" outside a {…} group`, Fix: `put the alternatives in braces: {a|b}`}
	}
	return &Error{Offset: p.i, Msg: fmt.Sprintf("unexpected %q", c)}
}

// seq parses until a closing bracket or "|" at this depth.
func (p *parser) seq(depth int) (Node, error) {
	var n Node
	start := p.i
	flush := func() {
		if p.i > start {
			n = append(n, part{kind: kindText, text: p.s[start:p.i]})
		}
	}
	for p.i < len(p.s) {
		switch c := p.s[p.i]; c {
		case '{', '[':
			flush()
			open := p.i
			p.i++
			g, err := p.group(c, open, depth+1)
			if err != nil {
				return nil, err
			}
			n = append(n, g)
			start = p.i
		case '}', ']', '|':
			if depth == 0 {
				return nil, p.unexpected()
			}
			flush()
			return n, nil
		default:
			p.i++
		}
	}
	flush()
	return n, nil
}

func (p *parser) group(open byte, at, depth int) (part, error) {
	closer := byte('}')
	if open == '[' {
		closer = ']'
	}
	var alts []Node
	for {
		n, err := p.seq(depth)
		if err != nil {
			return part{}, err
		}
		alts = append(alts, n)
		if p.i >= len(p.s) {
			return part{}, &Error{Offset: at, Msg: fmt.Sprintf("%q is never closed", open), Fix: fmt.Sprintf("add the closing %q", closer)}
		}
		c := p.s[p.i]
		p.i++
		if c == '|' {
			if open == '[' {
				return part{}, &Error{Offset: p.i - 1, Msg: `"|" inside an optional [...] part`, Fix: "write [{a|b}] for an optional choice"}
			}
			continue
		}
		if c != closer {
			return part{}, &Error{Offset: p.i - 1, Msg: fmt.Sprintf("%q closes %q", c, open), Fix: fmt.Sprintf("close it with %q", closer)}
		}
		break
	}
	if open == '[' {
		if isBlank(alts[0]) {
			return part{}, &Error{Offset: at, Msg: "empty optional part []", Fix: "remove it or put words in it"}
		}
		return part{kind: kindOpt, alts: alts}, nil
	}
	if len(alts) == 1 {
		body := alts[0]
		if len(body) == 1 && body[0].kind == kindText && isIdent(body[0].text) {
			return part{kind: kindSlot, text: body[0].text}, nil
		}
		if isBlank(body) {
			return part{}, &Error{Offset: at, Msg: "empty {} group", Fix: "write a slot name {slot} or alternatives {a|b}"}
		}
		return part{}, &Error{Offset: at, Msg: fmt.Sprintf("{%s} is neither a slot name nor a list of alternatives", strings.TrimSpace(p.s[at+1:p.i-1])),
			Fix: "slot names are letters and underscores; separate alternatives with |"}
	}
	return part{kind: kindAlt, alts: alts}, nil
}

func isBlank(n Node) bool {
	for _, pt := range n {
		if pt.kind != kindText || strings.TrimSpace(pt.text) != "" {
			return false
		}
	}
	return true
}

func isIdent(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_') {
			return false
		}
	}
	return true
}

// Count returns how many samples n expands to, saturating at limit+1.
func (n Node) Count(limit int) int {
	total := 1
	for _, pt := range n {
		var c int
		switch pt.kind {
		case kindAlt:
			for _, a := range pt.alts {
				c += a.Count(limit)
			}
		case kindOpt:
			c = pt.alts[0].Count(limit) + 1
		default:
			continue
		}
		total *= c
		if total > limit {
			return limit + 1
		}
	}
	return total
}

// Slots returns the slot names n references, in order, with duplicates.
func (n Node) Slots() []string {
	var out []string
	for _, pt := range n {
		switch pt.kind {
		case kindSlot:
			out = append(out, pt.text)
		case kindAlt, kindOpt:
			for _, a := range pt.alts {
				out = append(out, a.Slots()...)
			}
		}
	}
	return out
}

// Expand expands a pattern into at most limit samples (whitespace collapsed,
// trimmed), appending them to dst. It returns a *TooManyError without
// expanding when there would be more, and an *Error for a bad pattern.
func Expand(dst []string, pattern string, limit int) ([]string, error) {
	if !strings.ContainsAny(pattern, "{}[]|") {
		return append(dst, collapse(pattern)), nil
	}
	n, err := Parse(pattern)
	if err != nil {
		return dst, err
	}
	if n.Count(limit) > limit {
		return dst, &TooManyError{Limit: limit}
	}
	return n.Expand(dst), nil
}

// Expand appends every sample of n to dst, in order; check Count first.
func (n Node) Expand(dst []string) []string {
	return n.product(dst, true)
}

// product appends every combination of n's parts' options to dst, with the
// last part turning fastest so the order is the written order.
func (n Node) product(dst []string, collapsed bool) []string {
	opts := make([][]string, 0, len(n))
	for _, pt := range n {
		switch pt.kind {
		case kindText:
			opts = append(opts, []string{pt.text})
		case kindSlot:
			opts = append(opts, []string{"{" + pt.text + "}"})
		case kindAlt:
			var o []string
			for _, a := range pt.alts {
				o = a.product(o, false)
			}
			opts = append(opts, o)
		case kindOpt:
			opts = append(opts, append(pt.alts[0].product(nil, false), ""))
		}
	}
	// All samples of the pattern share one backing string: one allocation
	// instead of one per sample (a large spec has a hundred thousand).
	idx := make([]int, len(opts))
	var buf []byte
	var arena strings.Builder
	count, width := 1, 0
	for _, o := range opts {
		count *= len(o)
		longest := 0
		for _, x := range o {
			longest = max(longest, len(x))
		}
		width += longest
	}
	arena.Grow(count * width)
	ends := make([]int, 0, count)
	for {
		buf = buf[:0]
		for i, o := range opts {
			buf = append(buf, o[idx[i]]...)
		}
		if collapsed {
			buf = collapseInPlace(buf)
		}
		arena.Write(buf)
		ends = append(ends, arena.Len())
		k := len(opts) - 1
		for ; k >= 0; k-- {
			idx[k]++
			if idx[k] < len(opts[k]) {
				break
			}
			idx[k] = 0
		}
		if k < 0 {
			break
		}
	}
	all, from := arena.String(), 0
	for _, end := range ends {
		dst = append(dst, all[from:end])
		from = end
	}
	return dst
}

// collapseInPlace trims b and turns every run of whitespace (space, tab,
// newline, carriage return) into one space, reusing b.
func collapseInPlace(b []byte) []byte {
	w := 0
	space := true // at the start or after a space: drop further spaces
	for _, c := range b {
		if c == ' ' || c == '\t' || c == '\n' || c == '\r' {
			if !space {
				b[w] = ' '
				w++
				space = true
			}
			continue
		}
		b[w] = c
		w++
		space = false
	}
	if w > 0 && b[w-1] == ' ' {
		w--
	}
	return b[:w]
}

// collapse is collapseInPlace for a string.
func collapse(s string) string { return string(collapseInPlace([]byte(s))) }
