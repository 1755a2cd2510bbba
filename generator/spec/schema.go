package spec

import (
	"bytes"
	_ "embed"
	"encoding/json"

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
