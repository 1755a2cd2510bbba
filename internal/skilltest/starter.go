package skilltest

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/skillgen/skillgen/generator/ir"
	"github.com/skillgen/skillgen/internal/dialog"
	"github.com/skillgen/skillgen/internal/facts"
)

// exampleValues are believable values for Cognito's standard attributes.
var exampleValues = map[string]string{
	"given_name": "Alice", "family_name": "Liddell", "middle_name": "Pleasance", "nickname": "Ali",
	"name": "Alice Liddell", "preferred_username": "alice", "email": "alice@example.com",
	"phone_number": "+15555550100", "address": "12 Rabbit Hole Lane, Oxford", "birthdate": "1852-05-04",
	"gender": "female", "locale": "en-GB", "zoneinfo": "Europe/London", "website": "https://example.com",
	"profile": "https://example.com/alice", "picture": "https://example.com/alice.png", "updated_at": "1700000000",
}

// ExampleValue is a value for attribute a in a starter profile.
func ExampleValue(a *ir.Attribute) string {
	if v, ok := exampleValues[a.Name]; ok {
		return v
	}
	switch a.Type {
	case "Number":
		return "42"
	case "Boolean":
		return "true"
	case "DateTime":
		return "2024-01-01T00:00:00Z"
	}
	return "example " + facts.DefaultLabel(a.Name)
}

// StarterPath is where generate puts the starter file of a spec.
func StarterPath(specPath, pkg string) string {
	return filepath.Join(filepath.Dir(specPath), "tests", pkg+".test.yml")
}

// Starter writes the text of a starter test file for s at path (it is
// read back relative to path): a launch, each intent (each answer case)
// with a full profile, an unlinked user and a user missing an attribute,
// with the answers the skill gives today filled in. It returns the text
// and how many conversations it holds.
func Starter(ctx context.Context, s *ir.Skill, path string) ([]byte, int, error) {
	loc := dialog.DefaultLocale(s)
	var b strings.Builder
	fmt.Fprintf(&b, `# Conversation tests for %s, in Bespoken's unit-test format.
# skillgen test runs them through the skill's handlers offline;
# skillgen test --update rewrites the expected answers from what the skill
# says today, so a change to skill.yaml shows up here as a diff.
# Each turn is an utterance (or LaunchRequest, or an intent name) and what
# the answer must be: prompt, reprompt, cardTitle, cardContent,
# sessionEnded or a JSON path; text matches exactly, * is any text,
# /regex/ searches, undefined means absent.
---
configuration:
  locale: %s
  # The Cognito profile the skill sees: unlinked, a profile file, or
  # attributes (and "without: [name]" to leave one out). A conversation
  # may start with its own "- profile: ..." item.
  profile:
    attributes:
`, s.Name, loc)
	for _, a := range s.Attributes {
		fmt.Fprintf(&b, "      %s: %s\n", yamlKey(a.Name), yamlString(ExampleValue(a)))
	}
	res, err := dialog.NewResolver(s, loc, dialog.DefaultSkillID)
	if err != nil {
		return nil, 0, err
	}
	n := 0
	conv := func(name string, lines ...string) {
		n++
		fmt.Fprintf(&b, "---\n- test: %s\n", yamlString(name))
		for _, l := range lines {
			fmt.Fprintf(&b, "- %s\n", l)
		}
	}
	// The launch turn says the primary locale's own launch phrase ("open
	// …", "öffne …", "ouvre …", "…を開いて"): an English "open" in a German
	// skill's test lands in FallbackIntent.
	launch := dialog.LaunchPhrase(s, loc)
	conv("launch", yamlString(launch))
	for _, in := range s.Intents {
		if in.Answers == nil {
			u, ok := utterance(res, in, nil, loc)
			if !ok {
				conv(in.Name, yamlString(launch), in.Name)
			} else {
				conv(in.Name, yamlString(launch), yamlString(u))
			}
			continue
		}
		for _, c := range in.Answers.Cases {
			if u, ok := utterance(res, in, c, loc); ok {
				conv(in.Name+" "+c.ID, yamlString(launch), yamlString(u))
			}
		}
	}
	conv("help and stop", yamlString(launch), "AMAZON.HelpIntent", "AMAZON.StopIntent")
	// The unlinked user and the missing attribute ask for something that
	// needs an attribute the launch does not.
	if in, c, missing := needing(s); in != nil {
		u, ok := utterance(res, in, c, loc)
		if !ok {
			u = in.Name
		}
		n++
		fmt.Fprintf(&b, "---\n- test: an unlinked user is asked to link the account\n- profile: unlinked\n- %s\n", yamlString(u))
		n++
		fmt.Fprintf(&b, "---\n- test: %s\n- profile:\n    without: [%s]\n", yamlString("a user without "+missing.Name), yamlKey(missing.Name))
		fmt.Fprintf(&b, "- %s\n- %s\n", yamlString(launch), yamlString(u))
	}
	text := []byte(b.String())
	f, err := Parse(path, text)
	if err != nil {
		return nil, 0, fmt.Errorf("starter tests: %w", err)
	}
	rep, err := Run(ctx, s, []*File{f}, Options{Update: true})
	if err != nil {
		return nil, 0, err
	}
	filled, _, err := rep.rewrite(f)
	if err != nil {
		return nil, 0, err
	}
	return filled, n, nil
}

// needing finds an answer (an intent, or one of its cases) that needs an
// attribute the launch message does not, and that attribute.
func needing(s *ir.Skill) (*ir.Intent, *ir.Case, *ir.Attribute) {
	launch := s.Messages.Launch.Needs
	pick := func(r *ir.Response) *ir.Attribute {
		for i := len(r.Needs) - 1; i >= 0; i-- {
			if !slices.Contains(launch, r.Needs[i]) {
				return r.Needs[i]
			}
		}
		return nil
	}
	for _, in := range s.Intents {
		if in.Answers != nil {
			for _, c := range in.Answers.Cases {
				if a := pick(c.Response); a != nil {
					return in, c, a
				}
			}
		}
		if a := pick(in.Response); a != nil && in.Answers == nil {
			return in, nil, a
		}
	}
	return nil, nil, nil
}

func yamlKey(s string) string { return yamlString(s) }

// utterance picks a sample of in that resolves back to it (and to case c
// through its slot), filling slots with a value of their type.
func utterance(res *dialog.Resolver, in *ir.Intent, c *ir.Case, loc string) (string, bool) {
	for _, sm := range in.Samples[loc] {
		words := strings.Fields(sm)
		ok := true
		for i, w := range words {
			if !strings.HasPrefix(w, "{") {
				continue
			}
			name := strings.Trim(w, "{}")
			j := slices.IndexFunc(in.Slots, func(s *ir.Slot) bool { return s.Name == name })
			if j < 0 || in.Slots[j].Enum == nil {
				ok = false
				break
			}
			sl := in.Slots[j]
			v := ""
			for _, sv := range sl.Enum.Values {
				if c == nil || (in.Answers != nil && in.Answers.Slot == sl && sv.ID == c.ID) || (in.Answers != nil && in.Answers.Slot != sl) {
					v = sv.Value[loc]
					break
				}
			}
			if v == "" {
				ok = false
				break
			}
			words[i] = v
		}
		if !ok {
			continue
		}
		u := strings.Join(words, " ")
		r := res.Resolve(u)
		if r.Intent != in.Name {
			continue
		}
		if c != nil && in.Answers != nil {
			hit := slices.ContainsFunc(r.Slots, func(sv dialog.SlotValue) bool { return sv.Name == in.Answers.Slot.Name && sv.ID == c.ID })
			if !hit {
				continue
			}
		}
		return u, true
	}
	return "", false
}
