package write

import (
	"bytes"
	"encoding/json"
)

// JSON encodes v with 2-space indentation, no HTML escaping and a trailing
// newline: the form of every JSON file skillgen writes.
func JSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
