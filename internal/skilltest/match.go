package skilltest

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// value returns the response's value at path as text, and whether it is
// defined. prompt and reprompt are the SSML inside <speak> (or the plain
// text), the part Bespoken's prompt contains.
func value(resp map[string]any, path string) (string, bool) {
	get := func(keys ...string) (any, bool) {
		var cur any = resp
		for _, k := range keys {
			m, ok := cur.(map[string]any)
			if !ok {
				return nil, false
			}
			if cur, ok = m[k]; !ok {
				return nil, false
			}
		}
		return cur, cur != nil
	}
	speech := func(keys ...string) (string, bool) {
		if v, ok := get(append(keys, "ssml")...); ok {
			return unspeak(text(v)), true
		}
		if v, ok := get(append(keys, "text")...); ok {
			return text(v), true
		}
		return "", false
	}
	var v any
	var ok bool
	switch path {
	case "prompt":
		return speech("response", "outputSpeech")
	case "reprompt":
		return speech("response", "reprompt", "outputSpeech")
	case "cardTitle":
		v, ok = get("response", "card", "title")
	case "cardContent":
		if v, ok = get("response", "card", "content"); !ok {
			v, ok = get("response", "card", "text")
		}
	case "cardImageURL":
		v, ok = get("response", "card", "image", "largeImageUrl")
	case "sessionEnded":
		v, ok = get("response", "shouldEndSession")
	default:
		v, ok = jsonPath(resp, path)
	}
	if !ok {
		return "", false
	}
	return text(v), true
}

func unspeak(s string) string {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "<speak>") && strings.HasSuffix(s, "</speak>") {
		return s[len("<speak>") : len(s)-len("</speak>")]
	}
	return s
}

func text(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case nil:
		return ""
	}
	b, _ := json.Marshal(v)
	return string(b)
}

var segRE = regexp.MustCompile(`^([A-Za-z_][A-Za-z0-9_]*)((?:\[\d+\])*)$`)
var idxRE = regexp.MustCompile(`\[(\d+)\]`)

// jsonPath follows a dotted path with [n] indexes ($. optional).
func jsonPath(root any, path string) (any, bool) {
	path = strings.TrimPrefix(path, "$.")
	cur := root
	for _, seg := range strings.Split(path, ".") {
		m := segRE.FindStringSubmatch(seg)
		if m == nil {
			return nil, false
		}
		obj, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		if cur, ok = obj[m[1]]; !ok {
			return nil, false
		}
		for _, im := range idxRE.FindAllStringSubmatch(m[2], -1) {
			i, _ := strconv.Atoi(im[1])
			arr, ok := cur.([]any)
			if !ok || i >= len(arr) {
				return nil, false
			}
			cur = arr[i]
		}
	}
	return cur, cur != nil
}

// compileRegex compiles an expected value: /re/flags is a regular
// expression found anywhere in the value (as in Bespoken); with regex set
// (the =~ operator) a bare value is one too; otherwise nil.
func compileRegex(v string, regex bool) (*regexp.Regexp, error) {
	body, flags := v, ""
	if len(v) >= 2 && strings.HasPrefix(v, "/") && strings.LastIndex(v, "/") > 0 {
		end := strings.LastIndex(v, "/")
		body, flags = v[1:end], v[end+1:]
	} else if !regex {
		return nil, nil
	}
	prefix := ""
	for _, f := range flags {
		switch f {
		case 'i', 's', 'm':
			prefix += string(f)
		case 'g', 'u':
		default:
			return nil, fmt.Errorf("regular expression %s: unknown flag %q", v, f)
		}
	}
	if prefix != "" {
		body = "(?" + prefix + ")" + body
	}
	re, err := regexp.Compile(body)
	if err != nil {
		return nil, fmt.Errorf("regular expression %s: %v", v, err)
	}
	return re, nil
}

// matchOne reports whether actual matches one expected value: a /regex/
// anywhere in it, else the whole value with * matching any text.
func matchOne(expected, actual string, op string) bool {
	if re, _ := compileRegex(expected, op == "=~"); re != nil {
		return re.MatchString(actual)
	}
	return wildcard(strings.TrimSpace(expected), strings.TrimSpace(actual))
}

// wildcard matches s against pattern p where * is any text.
func wildcard(p, s string) bool {
	parts := strings.Split(p, "*")
	if len(parts) == 1 {
		return p == s
	}
	if !strings.HasPrefix(s, parts[0]) {
		return false
	}
	s = s[len(parts[0]):]
	for _, mid := range parts[1 : len(parts)-1] {
		i := strings.Index(s, mid)
		if i < 0 {
			return false
		}
		s = s[i+len(mid):]
	}
	return strings.HasSuffix(s, parts[len(parts)-1])
}

// Eval checks an expectation against a response; it returns the actual
// value (and whether it was defined) and whether the expectation holds.
func (e *Expect) Eval(resp map[string]any) (actual string, defined, ok bool) {
	actual, defined = value(resp, e.Path)
	switch e.Op {
	case "==", "=~":
		if !defined {
			return actual, defined, e.Undefined
		}
		for _, v := range e.Values {
			if matchOne(v, actual, e.Op) {
				return actual, defined, true
			}
		}
		return actual, defined, false
	case "!=":
		if e.Undefined {
			return actual, defined, defined
		}
		if !defined {
			return actual, defined, true
		}
		for _, v := range e.Values {
			if re, _ := compileRegex(v, false); re != nil {
				if re.MatchString(actual) {
					return actual, defined, false
				}
			} else if strings.Contains(actual, v) {
				return actual, defined, false
			}
		}
		return actual, defined, true
	default:
		want, _ := strconv.ParseFloat(e.Values[0], 64)
		got, err := strconv.ParseFloat(actual, 64)
		if !defined || err != nil {
			return actual, defined, false
		}
		switch e.Op {
		case ">":
			return actual, defined, got > want
		case ">=":
			return actual, defined, got >= want
		case "<":
			return actual, defined, got < want
		default:
			return actual, defined, got <= want
		}
	}
}

// Exact reports whether the expectation is one literal value compared for
// equality: --update replaces those that fail.
func (e *Expect) Exact() bool {
	if e.Op != "==" || len(e.Values) != 1 || e.Undefined {
		return false
	}
	re, _ := compileRegex(e.Values[0], false)
	return re == nil && !strings.Contains(e.Values[0], "*")
}

// Describe is the expectation as a person reads it.
func (e *Expect) Describe() string {
	vs := append([]string(nil), e.Values...)
	if e.Undefined {
		vs = append(vs, "undefined")
	}
	switch {
	case len(vs) == 1 && e.Op == "==":
		return vs[0]
	case len(vs) == 1:
		return e.Op + " " + vs[0]
	case e.Op == "==" || e.Op == "=~":
		return "one of: " + strings.Join(vs, " | ")
	}
	return e.Op + " any of: " + strings.Join(vs, " | ")
}

// WordDiff marks what changed from want to got, word by word:
// [-removed-] {+added+}.
func WordDiff(want, got string) string {
	a, b := strings.Fields(want), strings.Fields(got)
	if len(a)*len(b) > 1<<20 {
		return "[-" + want + "-] {+" + got + "+}"
	}
	// LCS table.
	n, m := len(a), len(b)
	l := make([][]int, n+1)
	for i := range l {
		l[i] = make([]int, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i] == b[j] {
				l[i][j] = l[i+1][j+1] + 1
			} else {
				l[i][j] = max(l[i+1][j], l[i][j+1])
			}
		}
	}
	var out []string
	var del, add []string
	flush := func() {
		if len(del) > 0 {
			out = append(out, "[-"+strings.Join(del, " ")+"-]")
		}
		if len(add) > 0 {
			out = append(out, "{+"+strings.Join(add, " ")+"+}")
		}
		del, add = nil, nil
	}
	i, j := 0, 0
	for i < n || j < m {
		switch {
		case i < n && j < m && a[i] == b[j]:
			flush()
			out = append(out, a[i])
			i++
			j++
		case j < m && (i == n || l[i][j+1] >= l[i+1][j]):
			add = append(add, b[j])
			j++
		default:
			del = append(del, a[i])
			i++
		}
	}
	flush()
	return elide(out)
}

// elide shortens long runs of unchanged words to their ends.
func elide(ws []string) string {
	const keep = 4
	changed := func(w string) bool {
		return strings.HasPrefix(w, "[-") || strings.HasPrefix(w, "{+")
	}
	var out []string
	for i := 0; i < len(ws); {
		if changed(ws[i]) {
			out = append(out, ws[i])
			i++
			continue
		}
		j := i
		for j < len(ws) && !changed(ws[j]) {
			j++
		}
		run := ws[i:j]
		head, tail := keep, keep
		if i == 0 {
			head = 0
		}
		if j == len(ws) {
			tail = 0
		}
		if len(run) > head+tail+1 {
			out = append(out, run[:head]...)
			out = append(out, "…")
			out = append(out, run[len(run)-tail:]...)
		} else {
			out = append(out, run...)
		}
		i = j
	}
	return strings.Join(out, " ")
}
