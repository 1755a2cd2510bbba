package spec

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"github.com/skillgen/skillgen/generator/alexa"

	"github.com/invopop/jsonschema"
)

//go:generate go run ./internal/schemagen

// SchemaJSON is the committed JSON Schema of skill.yaml, generated from the
// Go types by `go generate` (see internal/schemagen) and checked by a test.
//
//go:embed skill.schema.json
var SchemaJSON []byte

// SchemaID is the schema's $id.
const SchemaID = "https://github.com/skillgen/skillgen/generator/spec/skill.schema.json"

// Reflect builds the JSON Schema from the Go types. srcDir is the directory
// of this package's source, for doc comments (empty: none).
func Reflect(srcDir string) ([]byte, error) {
	r := &jsonschema.Reflector{
		FieldNameTag:               "yaml",
		RequiredFromJSONSchemaTags: false,
		AllowAdditionalProperties:  false,
		DoNotReference:             false,
	}
	if srcDir != "" {
		if err := r.AddGoComments("github.com/skillgen/skillgen/generator/spec", srcDir); err != nil {
			return nil, err
		}
	}
	s := r.Reflect(&Spec{})
	nullable(s)
	for _, d := range s.Definitions {
		nullable(d)
	}
	s.ID = SchemaID
	s.Title = "skillgen skill.yaml"
	out, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return nil, err
	}
	out = bytes.ReplaceAll(out, []byte(`\u003c`), []byte("<"))
	out = bytes.ReplaceAll(out, []byte(`\u003e`), []byte(">"))
	out = bytes.ReplaceAll(out, []byte(`\u0026`), []byte("&"))
	return append(out, '\n'), nil
}

// nullable lets every property of s be null: in a variant, null removes the
// inherited key; elsewhere it is the same as leaving the key out.
func nullable(s *jsonschema.Schema) {
	if s == nil || s.Properties == nil {
		return
	}
	for p := s.Properties.Oldest(); p != nil; p = p.Next() {
		if p.Key == "extends" {
			continue
		}
		p.Value = &jsonschema.Schema{Description: p.Value.Description, AnyOf: []*jsonschema.Schema{p.Value, {Type: "null"}}}
	}
}

// A variant (a spec with extends) may leave out anything its base gives, so
// the schema requires the complete set of keys only of specs without
// extends, and names and ids everywhere.

// JSONSchemaExtend makes the top-level keys required unless the spec extends another.
func (Spec) JSONSchemaExtend(s *jsonschema.Schema) {
	required := s.Required
	s.Required = nil
	msgs := []string{"launch", "help", "stop", "fallback", "linkAccount", "missingAttribute", "error"}
	props := jsonschema.NewProperties()
	props.Set("messages", &jsonschema.Schema{Required: msgs})
	props.Set("skill", &jsonschema.Schema{Required: []string{"package", "name", "invocation"}})
	s.If = &jsonschema.Schema{Required: []string{"extends"}}
	s.Then = &jsonschema.Schema{Required: []string{"skill"}, Properties: jsonschema.NewProperties()}
	s.Then.Properties.Set("skill", &jsonschema.Schema{Required: []string{"package"}})
	s.Else = &jsonschema.Schema{Required: required, Properties: props}
}

func onlyRequired(s *jsonschema.Schema, keys ...string) { s.Required = keys }

// JSONSchemaExtend: only the package is required everywhere (see Spec).
func (Skill) JSONSchemaExtend(s *jsonschema.Schema) { onlyRequired(s) }

// JSONSchemaExtend: an override in a variant needs only the name.
func (Attribute) JSONSchemaExtend(s *jsonschema.Schema) { onlyRequired(s, "name") }

// JSONSchemaExtend: an override in a variant needs only the name.
func (SlotType) JSONSchemaExtend(s *jsonschema.Schema) { onlyRequired(s, "name") }

// JSONSchemaExtend: an override in a variant needs only the id.
func (SlotValue) JSONSchemaExtend(s *jsonschema.Schema) { onlyRequired(s, "id") }

// JSONSchemaExtend: an override in a variant needs only the name.
func (Intent) JSONSchemaExtend(s *jsonschema.Schema) { onlyRequired(s, "name") }

// JSONSchemaExtend: an override in a variant needs only the id.
func (Case) JSONSchemaExtend(s *jsonschema.Schema) { onlyRequired(s, "id") }

// JSONSchemaExtend: a variant may override some messages only (see Spec).
func (Messages) JSONSchemaExtend(s *jsonschema.Schema) { onlyRequired(s) }

// JSONSchemaExtend: a variant may override the slot or some cases only.
func (Answers) JSONSchemaExtend(s *jsonschema.Schema) { onlyRequired(s) }

// JSONSchemaExtend: a variant may override the title or the text only.
func (Card) JSONSchemaExtend(s *jsonschema.Schema) { onlyRequired(s) }

// JSONSchemaExtend: the category is one of the skill manifest's.
func (Publishing) JSONSchemaExtend(s *jsonschema.Schema) {
	if p, ok := s.Properties.Get("category"); ok {
		p.Pattern = ""
		for _, c := range alexa.Categories {
			p.Enum = append(p.Enum, c)
		}
	}
}
