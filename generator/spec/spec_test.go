package spec_test

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/skillgen/skillgen/generator/alexa"
	"github.com/skillgen/skillgen/generator/lang"
	"github.com/skillgen/skillgen/generator/spec"
	"go.yaml.in/yaml/v3"
)

// TestSchemaUpToDate regenerates the schema from the Go types and compares
// it with the committed, embedded file.
func TestSchemaUpToDate(t *testing.T) {
	got, err := spec.Reflect(".")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, spec.SchemaJSON) {
		t.Fatal("skill.schema.json is stale: run go generate ./generator/spec")
	}
}

// TestSchemaCoversEveryKey checks that every YAML key of every spec type is a
// property in the schema, and that json and yaml names agree.
func TestSchemaCoversEveryKey(t *testing.T) {
	var doc struct {
		Defs map[string]struct {
			Properties map[string]json.RawMessage `json:"properties"`
		} `json:"$defs"`
	}
	if err := json.Unmarshal(spec.SchemaJSON, &doc); err != nil {
		t.Fatal(err)
	}
	for _, typ := range []any{spec.Spec{}, spec.Skill{}, spec.Output{}, spec.Attribute{}, spec.SlotType{}, spec.SlotValue{},
		spec.Intent{}, spec.Slot{}, spec.Answers{}, spec.Case{}, spec.Response{}, spec.Card{}, spec.Messages{},
		spec.Publishing{}, spec.Cognito{}, spec.Lambda{}} {
		rt := reflect.TypeOf(typ)
		def, ok := doc.Defs[rt.Name()]
		if !ok {
			t.Errorf("schema has no definition of %s", rt.Name())
			continue
		}
		for _, key := range spec.KnownKeys(rt) {
			if _, ok := def.Properties[key]; !ok {
				t.Errorf("%s.%s is missing from the schema", rt.Name(), key)
			}
		}
		for i := range rt.NumField() {
			f := rt.Field(i)
			y, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
			j, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if !f.Anonymous && y != j {
				t.Errorf("%s.%s: yaml name %q and json name %q differ", rt.Name(), f.Name, y, j)
			}
		}
	}
	var locales struct {
		Defs map[string]struct {
			Properties struct {
				Locales struct {
					AnyOf []struct {
						Items struct {
							Enum []string `json:"enum"`
						} `json:"items"`
					} `json:"anyOf"`
				} `json:"locales"`
			} `json:"properties"`
		} `json:"$defs"`
	}
	if err := json.Unmarshal(spec.SchemaJSON, &locales); err != nil {
		t.Fatal(err)
	}
	if any := locales.Defs["Spec"].Properties.Locales.AnyOf; len(any) == 0 || !slices.Equal(any[0].Items.Enum, alexa.Locales) {
		t.Errorf("schema locales %v differ from alexa.Locales %v", any, alexa.Locales)
	}
	if got := lang.Locales(); !slices.Equal(got, alexa.Locales) {
		t.Errorf("locales with language facts %v differ from alexa.Locales %v", got, alexa.Locales)
	}
}

// schemaRejects lists the invalid cases whose problem the JSON Schema can
// express; every other invalid case needs the Go validator (cross-references,
// expansion, Alexa rules the schema cannot state).
var schemaRejects = map[string]bool{
	"invalid-unknown-key":           true,
	"invalid-unknown-key-nested":    true,
	"invalid-wrong-kind":            true,
	"invalid-attribute-custom-type": true,
	"invalid-missing-message":       true,
	"invalid-vendor-id":             true,
	"invalid-intent-name":           true,
	"invalid-intent-reserved":       true,
	"invalid-locale-unknown":        true,
	"invalid-max-samples-range":     true,
	"invalid-publishing-category":   true,
	"invalid-attribute-say-as":      true,
}

// TestSchemaAgreesWithValidator: every valid spec passes the schema, and the
// invalid ones the schema can express fail it, so the two cannot drift.
func TestSchemaAgreesWithValidator(t *testing.T) {
	c := jsonschema.NewCompiler()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(spec.SchemaJSON))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.AddResource(spec.SchemaID, doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(spec.SchemaID)
	if err != nil {
		t.Fatal(err)
	}
	specs, _ := filepath.Glob("../../testdata/*/skill.yaml")
	specs = append(specs, "../../skill.yaml")
	more, _ := filepath.Glob("../../variants/*/skill.yaml")
	specs = append(specs, more...)
	checked := map[string]bool{}
	for _, p := range specs {
		name := filepath.Base(filepath.Dir(p))
		valid := !strings.HasPrefix(name, "invalid-")
		if !valid && !schemaRejects[name] {
			continue
		}
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		var v any
		if err := yaml.Unmarshal(data, &v); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		v = jsonable(t, v)
		err = sch.Validate(v)
		switch {
		case valid && err != nil:
			t.Errorf("%s is valid but the schema rejects it: %v", p, err)
		case !valid && err == nil:
			t.Errorf("%s is invalid and the schema should reject it", p)
		}
		checked[name] = true
	}
	for name := range schemaRejects {
		if !checked[name] {
			t.Errorf("case %s is listed in schemaRejects but does not exist", name)
		}
	}
}

// jsonable turns YAML-decoded values into JSON-model values.
func jsonable(t *testing.T, v any) any {
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	out, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestEnvOverrides checks the SKILLGEN_* precedence and where diagnostics
// about the values point, on the bundled skill and on the variant (whose
// values are merged from its base).
func TestEnvOverrides(t *testing.T) {
	for _, path := range []string{"../../skill.yaml", "../../variants/membercard/skill.yaml"} {
		base, err := spec.Load(path)
		if err != nil {
			t.Fatal(err)
		}
		fileVendor, fileVendorPos := base.Spec.Skill.VendorID, base.Index.Diag("skill.vendorId", "bad", "fix").Pos
		for _, c := range []struct {
			name      string
			set       bool
			env, want string
			fromEnv   bool
		}{
			{"unset", false, "", fileVendor, false},
			{"empty counts as unset", true, "", fileVendor, false},
			{"set", true, "ABC123", "ABC123", true},
		} {
			t.Run(path+"/"+c.name, func(t *testing.T) {
				t.Setenv(spec.EnvSkillgenVendorID, c.env)
				if !c.set {
					os.Unsetenv(spec.EnvSkillgenVendorID)
				}
				t.Setenv(spec.EnvSkillgenSkillID, "amzn1.ask.skill.not-a-uuid!")
				ld, err := spec.Load(path)
				if err != nil {
					t.Fatal(err)
				}
				if ld.Spec.Skill.VendorID != c.want {
					t.Errorf("vendor ID = %q, want %q", ld.Spec.Skill.VendorID, c.want)
				}
				pos := ld.Index.Diag("skill.vendorId", "bad", "fix").Pos
				if c.fromEnv && pos.File != "$"+spec.EnvSkillgenVendorID || !c.fromEnv && pos != fileVendorPos {
					t.Errorf("vendor ID reported at %v (file value at %v)", pos, fileVendorPos)
				}
				if ld.Spec.Skill.SkillID != "amzn1.ask.skill.not-a-uuid!" {
					t.Errorf("skill ID = %q, want the environment's", ld.Spec.Skill.SkillID)
				}
				d := ld.Index.Diag("skill.skillId", "bad", "fix")
				if d.Pos.File != "$"+spec.EnvSkillgenSkillID || d.Path != "skill.skillId" {
					t.Errorf("an overridden value is reported at %s %s; want the environment variable", d.Pos, d.Path)
				}
			})
		}
	}
}

// TestMergeVariant checks the extends merge rules on the bundled variant.
func TestMergeVariant(t *testing.T) {
	ld, err := spec.Load("../../variants/membercard/skill.yaml")
	if err != nil {
		t.Fatal(err)
	}
	s := ld.Spec
	var intents []string
	for _, in := range s.Intents {
		intents = append(intents, in.Name)
	}
	if want := []string{"RequestInfoIntent", "MemberNumberIntent", "PointsIntent"}; !slices.Equal(intents, want) {
		t.Errorf("intents = %v, want %v (SayHelloIntent omitted, base order first)", intents, want)
	}
	if len(s.Attributes) != 7 || s.Attributes[5].Name != "custom:member_id" {
		t.Errorf("attributes not merged by name: %+v", s.Attributes)
	}
	if s.Output != nil {
		t.Errorf("output was inherited from the base")
	}
	if got, _ := s.Messages.Stop.Speech.For("en-US"); !strings.Contains(got, "Good bye") {
		t.Errorf("messages.stop not inherited: %q", got)
	}
	if got, _ := s.Skill.Invocation.For("en-GB"); got != "membership card" {
		t.Errorf("en-GB invocation = %q", got)
	}
	if got := ld.Chain; len(got) != 2 || !strings.HasSuffix(got[1], "skill.yaml") {
		t.Errorf("chain = %v", got)
	}
	// A diagnostic on an inherited node points into the base file.
	if d := ld.Index.Diag("messages.stop.speech", "x", ""); !strings.HasSuffix(d.Pos.File, "../../skill.yaml") && d.Pos.File != "../../skill.yaml" {
		t.Errorf("inherited node reported in %s", d.Pos.File)
	}
}

type memFS map[string]string

func (m memFS) ReadFile(name string) ([]byte, error) {
	if s, ok := m[filepath.ToSlash(name)]; ok {
		return []byte(s), nil
	}
	return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
}

// A variant removes an inherited key with null or {omit: true}; omitting
// a key the base does not have is an error at the key.
func TestMergeRemovesKeys(t *testing.T) {
	base := "skill: {package: b, name: Base}\nlocales: [en-US]\npublishing: {category: NEWS, summary: S}\nmessages:\n  help: {speech: H, reprompt: R}\n"
	ld, err := spec.LoadFS(memFS{"base.yaml": base, "v.yaml": "extends: base.yaml\npublishing: {category: null}\nmessages: {help: {reprompt: {omit: true}}}\n"}, "v.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if ld.Spec.Publishing.Category != "" || ld.Spec.Publishing.Summary.IsSet() == false {
		t.Errorf("category not removed or summary lost: %+v", ld.Spec.Publishing)
	}
	if ld.Spec.Messages.Help.Reprompt.IsSet() || !ld.Spec.Messages.Help.Speech.IsSet() {
		t.Errorf("reprompt not removed or speech lost: %+v", ld.Spec.Messages.Help)
	}
	_, err = spec.LoadFS(memFS{"base.yaml": base, "v.yaml": "extends: base.yaml\nmessages: {help: {card: {omit: true}}}\n"}, "v.yaml")
	if err == nil || !strings.Contains(err.Error(), "v.yaml:2:") || !strings.Contains(err.Error(), "the base spec has no card") {
		t.Errorf("omitting a missing key: %v", err)
	}
}

// TestEmptyOrNotAMap: the fix names what a team has (skillgen init), not
// the checkout's bundled skill.yaml, which a team's repository lacks.
func TestEmptyOrNotAMap(t *testing.T) {
	for text, want := range map[string]string{
		"":         "skill.yaml:1:1: the spec is empty; start from the one skillgen init writes (in an empty directory)",
		"- a\n":    "skill.yaml:1:1: the spec must be a map of keys; start from the one skillgen init writes (in an empty directory)",
		"# only\n": "skill.yaml:1:1: the spec is empty; start from the one skillgen init writes",
	} {
		_, err := spec.LoadFS(memFS{"skill.yaml": text}, "skill.yaml")
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v, want %q", text, err, want)
		}
	}
}
