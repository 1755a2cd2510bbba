// Package skilltest runs conversation tests: YAML scripts in Bespoken's
// unit-test format (as far as it fits a skill without a backend of its
// own), each conversation sent through the skill's handlers by the same
// runtime that runs the Lambda, each answer checked against what the
// script expects. A failure names the file and line of the turn, shows the
// conversation so far, what was expected and what the skill said.
package skilltest

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/skillgen/skillgen/internal/dialog"
)

// File is one test file: a configuration and its conversations.
type File struct {
	Path    string
	Locales []string // from configuration.locale(s); empty: the runner's default
	Profile *Profile // the file's profile; nil: not linked
	// Persons are the household's members Alexa recognizes by voice, by
	// name (configuration.persons): each with their own linked profile, or
	// unlinked. A conversation's person speaks it.
	Persons       map[string]*Profile
	Conversations []*Conversation
	src           []byte
}

// Conversation is one test: turns in one session.
type Conversation struct {
	Name    string
	Line    int
	Tags    []string
	Skip    bool
	Only    bool
	Profile *Profile // overrides the file's
	// Person is the recognized speaker (a name in File.Persons); "" for a
	// speaker Alexa does not recognize.
	Person                string
	PersonLine, PersonCol int
	Turns                 []*Turn
}

// Turn is one thing the user does and what the skill should answer.
type Turn struct {
	Line  int
	Input string // an utterance, LaunchRequest, SessionEndedRequest or an intent name
	// Intent and Slots name the intent directly (the `intent:` element).
	Intent  string
	Slots   map[string]string
	Expects []*Expect
	// node is the YAML sequence item, for --update.
	node  *yaml.Node
	short bool // "utterance == value" short form or a bare utterance
}

// Expect is one assertion on the response.
type Expect struct {
	Line   int
	Col    int
	Path   string // prompt, reprompt, cardTitle, cardContent, cardImageURL, sessionEnded, or a JSON path
	Op     string // ==, !=, =~, >, >=, <, <=
	Values []string
	// Undefined expects the path to be absent (== undefined) or present
	// (!= undefined).
	Undefined bool
	node      *yaml.Node // the value node, for --update; nil in the short form
}

// Profile is the Cognito profile the skill sees.
type Profile struct {
	Linked bool
	Attrs  map[string]string
	// Without lists attributes taken out. A conversation's profile that
	// only takes attributes out starts from the file's profile.
	Without []string
	own     bool // Attrs come from its own file or attributes
	// Desc says where it came from: "unlinked", a file name, "inline".
	Desc string
	Line int
	Col  int
}

// Error is a positioned problem in a test file.
type Error struct {
	File      string
	Line, Col int
	Msg       string
}

func (e *Error) Error() string {
	if e.Line == 0 {
		return fmt.Sprintf("%s: %s", e.File, e.Msg)
	}
	if e.Col == 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg)
}

// Request types a turn may name instead of an utterance.
const (
	LaunchRequest       = "LaunchRequest"
	SessionEndedRequest = "SessionEndedRequest"
)

// CorePaths are the response fields Bespoken names without a JSON path.
var CorePaths = []string{"prompt", "reprompt", "cardTitle", "cardContent", "cardImageURL", "sessionEnded"}

var operators = []string{" == ", " =~ ", " != ", " >= ", " <= ", " > ", " < "}

// MaxFileBytes bounds a test file.
const MaxFileBytes = 4 << 20

// ParseFile reads and parses one test file.
func ParseFile(path string) (*File, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if st.Size() > MaxFileBytes {
		return nil, &Error{File: path, Msg: fmt.Sprintf("test file is %d bytes; the limit is %d", st.Size(), MaxFileBytes)}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(path, data)
}

// Parse parses a test file's contents. Profile files are read relative to
// the file.
func Parse(path string, data []byte) (*File, error) {
	f := &File{Path: path, src: data}
	p := &parser{f: f}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var docs []*yaml.Node
	for {
		var n yaml.Node
		err := dec.Decode(&n)
		if err != nil {
			if err.Error() == "EOF" {
				break
			}
			line := yamlErrLine(err)
			msg := strings.TrimPrefix(err.Error(), "yaml: ")
			msg = strings.TrimPrefix(msg, fmt.Sprintf("line %d: ", line))
			return nil, &Error{File: path, Line: line, Msg: msg}
		}
		if len(n.Content) == 0 {
			continue
		}
		docs = append(docs, n.Content[0])
	}
	for i, d := range docs {
		if i == 0 && d.Kind == yaml.MappingNode && mapGet(d, "configuration") != nil {
			if err := p.configuration(mapGet(d, "configuration")); err != nil {
				return nil, err
			}
			continue
		}
		if d.Kind != yaml.SequenceNode {
			return nil, p.errf(d, "a conversation is a list of turns (\"- open link demo\"); the configuration block comes first")
		}
		c, err := p.conversation(d, len(f.Conversations)+1)
		if err != nil {
			return nil, err
		}
		f.Conversations = append(f.Conversations, c)
	}
	if len(f.Conversations) == 0 {
		return nil, &Error{File: path, Line: 1, Msg: "no conversations; separate them with ---"}
	}
	return f, nil
}

var yamlLine = regexp.MustCompile(`line (\d+)`)

func yamlErrLine(err error) int {
	if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n
	}
	return 0
}

type parser struct{ f *File }

func (p *parser) errf(n *yaml.Node, format string, args ...any) error {
	return &Error{File: p.f.Path, Line: n.Line, Col: n.Column, Msg: fmt.Sprintf(format, args...)}
}

func mapGet(m *yaml.Node, key string) *yaml.Node {
	if m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// configuration reads the keys skillgen uses; Bespoken's other keys
// (handler, interactionModel, skillURL, accessToken, …) configure bst only
// and are ignored.
func (p *parser) configuration(n *yaml.Node) error {
	if n.Kind != yaml.MappingNode {
		return p.errf(n, "configuration is a mapping (locale: en-US)")
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		switch k.Value {
		case "locale", "locales":
			locs, err := p.locales(v)
			if err != nil {
				return err
			}
			p.f.Locales = locs
		case "profile":
			pr, err := p.profile(v)
			if err != nil {
				return err
			}
			p.f.Profile = pr
		case "persons":
			if v.Kind != yaml.MappingNode {
				return p.errf(v, "persons maps each household member's name to their own profile (erin: erin.yaml) or to unlinked")
			}
			p.f.Persons = map[string]*Profile{}
			for j := 0; j+1 < len(v.Content); j += 2 {
				nk, nv := v.Content[j], v.Content[j+1]
				if nk.Value == "" || strings.ContainsAny(nk.Value, ": \t") || nk.Value == "nobody" {
					return p.errf(nk, "%q is not a person's name: use a word without spaces or colons, other than nobody", nk.Value)
				}
				pr, err := p.profile(nv)
				if err != nil {
					return err
				}
				p.f.Persons[nk.Value] = pr
			}
		}
	}
	return nil
}

var localeRE = regexp.MustCompile(`^[a-z]{2}-[A-Z]{2}$`)

func (p *parser) locales(v *yaml.Node) ([]string, error) {
	var items []*yaml.Node
	switch v.Kind {
	case yaml.ScalarNode:
		for _, s := range strings.Split(v.Value, ",") {
			items = append(items, &yaml.Node{Kind: yaml.ScalarNode, Value: strings.TrimSpace(s), Line: v.Line, Column: v.Column})
		}
	case yaml.SequenceNode:
		items = v.Content
	default:
		return nil, p.errf(v, "locale is a locale code (en-US) or a list of them")
	}
	var out []string
	for _, it := range items {
		if it.Kind != yaml.ScalarNode || !localeRE.MatchString(it.Value) {
			return nil, p.errf(it, "%q is not a locale code; write it as en-US", it.Value)
		}
		out = append(out, it.Value)
	}
	return out, nil
}

// profile reads a profile: "unlinked", a profile file path, or a mapping
// with file, attributes and without.
func (p *parser) profile(v *yaml.Node) (*Profile, error) {
	pr := &Profile{Linked: true, Attrs: map[string]string{}, Line: v.Line, Col: v.Column}
	switch v.Kind {
	case yaml.ScalarNode:
		if v.Value == "unlinked" {
			return &Profile{Desc: "unlinked", Line: v.Line, Col: v.Column}, nil
		}
		if err := p.profileFile(pr, v); err != nil {
			return nil, err
		}
		return pr, nil
	case yaml.MappingNode:
	default:
		return nil, p.errf(v, "profile is `unlinked`, a profile file, or a mapping with file, attributes and without")
	}
	var desc []string
	if f := mapGet(v, "file"); f != nil {
		if err := p.profileFile(pr, f); err != nil {
			return nil, err
		}
		desc = append(desc, pr.Desc)
	}
	for i := 0; i+1 < len(v.Content); i += 2 {
		k, val := v.Content[i], v.Content[i+1]
		switch k.Value {
		case "file":
		case "attributes":
			if val.Kind != yaml.MappingNode {
				return nil, p.errf(val, "profile.attributes maps attribute names to values (given_name: Alice)")
			}
			for j := 0; j+1 < len(val.Content); j += 2 {
				ak, av := val.Content[j], val.Content[j+1]
				if av.Kind != yaml.ScalarNode {
					return nil, p.errf(av, "attribute %s: the value must be a scalar", ak.Value)
				}
				pr.Attrs[ak.Value] = av.Value
			}
			desc = append(desc, "inline attributes")
		case "without":
			var names []*yaml.Node
			switch val.Kind {
			case yaml.ScalarNode:
				names = []*yaml.Node{val}
			case yaml.SequenceNode:
				names = val.Content
			default:
				return nil, p.errf(val, "profile.without lists attribute names ([phone_number])")
			}
			for _, nm := range names {
				pr.Without = append(pr.Without, nm.Value)
			}
		case "linked":
			if val.Value == "false" {
				return nil, p.errf(val, "write `profile: unlinked` for a user who has not linked the account")
			}
		default:
			return nil, p.errf(k, "profile has no key %q; put attribute values under profile.attributes (keys: file, attributes, without)", k.Value)
		}
	}
	pr.own = len(desc) > 0
	for _, nm := range pr.Without {
		delete(pr.Attrs, nm)
	}
	if len(pr.Without) > 0 {
		desc = append(desc, "without "+strings.Join(pr.Without, ", "))
	}
	pr.Desc = strings.Join(desc, ", ")
	return pr, nil
}

func (p *parser) profileFile(pr *Profile, v *yaml.Node) error {
	if v.Kind != yaml.ScalarNode || v.Value == "" {
		return p.errf(v, "profile file: give a path relative to this test file")
	}
	path := v.Value
	if !filepath.IsAbs(path) {
		path = filepath.Join(filepath.Dir(p.f.Path), path)
	}
	attrs, err := dialog.LoadProfile(path)
	if err != nil {
		return p.errf(v, "profile: %v", err)
	}
	for k, val := range attrs {
		pr.Attrs[k] = val
	}
	pr.Desc = filepath.ToSlash(path)
	pr.own = true
	return nil
}

// conversation reads one `---` document: optional leading test, tags and
// profile items, then turns.
func (p *parser) conversation(seq *yaml.Node, index int) (*Conversation, error) {
	c := &Conversation{Name: fmt.Sprintf("Test %d", index), Line: seq.Line}
	items := seq.Content
	for len(items) > 0 {
		it := items[0]
		if it.Kind != yaml.MappingNode || len(it.Content) != 2 {
			break
		}
		k, v := it.Content[0], it.Content[1]
		switch k.Value {
		case "test", "test.only", "test.skip":
			c.Name = v.Value
			c.Line = k.Line
			c.Only = k.Value == "test.only"
			c.Skip = k.Value == "test.skip"
		case "tags":
			for _, t := range strings.Split(v.Value, ",") {
				if t = strings.TrimSpace(t); t != "" {
					c.Tags = append(c.Tags, t)
				}
			}
		case "profile":
			pr, err := p.profile(v)
			if err != nil {
				return nil, err
			}
			c.Profile = pr
		case "person":
			if v.Value != "nobody" {
				if _, ok := p.f.Persons[v.Value]; !ok {
					names := make([]string, 0, len(p.f.Persons))
					for n := range p.f.Persons {
						names = append(names, n)
					}
					slices.Sort(names)
					return nil, p.errf(v, "person %q is not in configuration.persons (%s); write nobody for a speaker Alexa does not recognize", v.Value, strings.Join(names, ", "))
				}
				c.Person = v.Value
			}
			c.PersonLine, c.PersonCol = v.Line, v.Column
		default:
			goto turns
		}
		items = items[1:]
	}
turns:
	for _, it := range items {
		t, err := p.turn(it)
		if err != nil {
			return nil, err
		}
		c.Turns = append(c.Turns, t)
	}
	if len(c.Turns) == 0 {
		return nil, p.errf(seq, "conversation %q has no turns", c.Name)
	}
	return c, nil
}

func (p *parser) turn(n *yaml.Node) (*Turn, error) {
	t := &Turn{Line: n.Line, node: n}
	switch n.Kind {
	case yaml.ScalarNode:
		t.short = true
		in, e, err := p.shortAssertion(n, n.Value, true)
		if err != nil {
			return nil, err
		}
		t.Input = in
		if e != nil {
			t.Expects = append(t.Expects, e)
		}
	case yaml.MappingNode:
		if len(n.Content) != 2 {
			return nil, p.errf(n, "a turn is one utterance with its expectations (- what is my name: ...)")
		}
		k, v := n.Content[0], n.Content[1]
		t.Input = strings.TrimSpace(k.Value)
		switch v.Kind {
		case yaml.ScalarNode:
			if v.Tag == "!!null" {
				break
			}
			e := p.valueExpect("prompt", v, []*yaml.Node{v})
			if err := e.check(); err != nil {
				return nil, p.errf(v, "%v", err)
			}
			t.Expects = append(t.Expects, e)
		case yaml.SequenceNode:
			for _, el := range v.Content {
				if err := p.element(t, el); err != nil {
					return nil, err
				}
			}
		default:
			return nil, p.errf(v, "expectations are a list (- prompt: ...) or the expected prompt")
		}
	default:
		return nil, p.errf(n, "a turn is an utterance, optionally with expectations")
	}
	if t.Input == "" {
		return nil, p.errf(n, "empty utterance")
	}
	return t, nil
}

// element reads one item under a turn.
func (p *parser) element(t *Turn, el *yaml.Node) error {
	switch el.Kind {
	case yaml.ScalarNode:
		if el.Value == "exit" {
			return p.errf(el, "`exit` is a Bespoken end-to-end assertion; check the session instead (sessionEnded: true)")
		}
		_, e, err := p.shortAssertion(el, el.Value, false)
		if err != nil {
			return err
		}
		t.Expects = append(t.Expects, e)
		return nil
	case yaml.MappingNode:
	default:
		return p.errf(el, "an expectation is `path: value` or `path == value`")
	}
	if in := mapGet(el, "intent"); in != nil {
		t.Intent = in.Value
		for i := 0; i+1 < len(el.Content); i += 2 {
			if k := el.Content[i].Value; k != "intent" {
				if t.Slots == nil {
					t.Slots = map[string]string{}
				}
				t.Slots[k] = el.Content[i+1].Value
			}
		}
		return nil
	}
	if len(el.Content) != 2 {
		return p.errf(el, "one expectation per item (- prompt: ...)")
	}
	k, v := el.Content[0], el.Content[1]
	switch k.Value {
	case "slots":
		if v.Kind != yaml.MappingNode {
			return p.errf(v, "slots maps slot names to values")
		}
		if t.Slots == nil {
			t.Slots = map[string]string{}
		}
		for i := 0; i+1 < len(v.Content); i += 2 {
			t.Slots[v.Content[i].Value] = v.Content[i+1].Value
		}
		return nil
	case "label", "goto":
		return p.errf(k, "%s is not supported by skillgen test: a conversation runs every turn in order", k.Value)
	}
	if strings.HasPrefix(k.Value, "request.") || strings.HasPrefix(k.Value, "$.request") {
		return p.errf(k, "request expressions are not supported by skillgen test; name the intent and slots instead (- intent: ...)")
	}
	if err := checkPath(k.Value); err != nil {
		return p.errf(k, "%v", err)
	}
	var vals []*yaml.Node
	switch v.Kind {
	case yaml.ScalarNode:
		vals = []*yaml.Node{v}
	case yaml.SequenceNode:
		for _, x := range v.Content {
			if x.Kind != yaml.ScalarNode {
				return p.errf(x, "expected values are strings")
			}
		}
		vals = v.Content
	default:
		return p.errf(v, "an expected value is a string, /regex/, undefined, or a list of them (any may match)")
	}
	e := p.valueExpect(k.Value, v, vals)
	if err := e.check(); err != nil {
		return p.errf(v, "%v", err)
	}
	t.Expects = append(t.Expects, e)
	return nil
}

func (p *parser) valueExpect(path string, v *yaml.Node, vals []*yaml.Node) *Expect {
	e := &Expect{Line: v.Line, Col: v.Column, Path: path, Op: "==", node: v}
	for _, x := range vals {
		s := x.Value
		if x.Tag == "!!null" || (x.Style == 0 && s == "undefined") {
			e.Undefined = true
			continue
		}
		e.Values = append(e.Values, s)
	}
	return e
}

// shortAssertion splits "a == b": with utterance, a is the utterance and
// the path is prompt; without, a is the path.
func (p *parser) shortAssertion(n *yaml.Node, s string, utterance bool) (string, *Expect, error) {
	op := ""
	at := -1
	for _, o := range operators {
		if i := strings.Index(s, o); i >= 0 {
			op, at = o, i
			break
		}
	}
	if op == "" {
		if utterance {
			return strings.TrimSpace(s), nil, nil
		}
		return "", nil, p.errf(n, "cannot read %q as an expectation; write `path == value` or `path: value`", s)
	}
	left, right := strings.TrimSpace(s[:at]), strings.TrimSpace(s[at+len(op):])
	e := &Expect{Line: n.Line, Col: n.Column, Op: strings.TrimSpace(op)}
	input := ""
	if utterance {
		input, e.Path = left, "prompt"
	} else {
		if err := checkPath(left); err != nil {
			return "", nil, p.errf(n, "%v", err)
		}
		e.Path = left
	}
	if right == "undefined" {
		e.Undefined = true
	} else {
		e.Values = []string{right}
	}
	if err := e.check(); err != nil {
		return "", nil, p.errf(n, "%v", err)
	}
	return input, e, nil
}

func (e *Expect) check() error {
	switch e.Op {
	case ">", ">=", "<", "<=":
		if len(e.Values) != 1 {
			return fmt.Errorf("%s needs one number", e.Op)
		}
		if _, err := strconv.ParseFloat(e.Values[0], 64); err != nil {
			return fmt.Errorf("%s needs a number, not %q", e.Op, e.Values[0])
		}
	}
	for _, v := range e.Values {
		if _, err := compileRegex(v, e.Op == "=~"); err != nil {
			return err
		}
	}
	return nil
}

var pathRE = regexp.MustCompile(`^(\$\.)?[A-Za-z_][A-Za-z0-9_]*(\[\d+\])*(\.[A-Za-z_][A-Za-z0-9_]*(\[\d+\])*)*$`)

func checkPath(p string) error {
	if !pathRE.MatchString(p) {
		return fmt.Errorf("%q is not a response path; use prompt, reprompt, cardTitle, cardContent, cardImageURL, sessionEnded or a JSON path such as response.card.type", p)
	}
	return nil
}
