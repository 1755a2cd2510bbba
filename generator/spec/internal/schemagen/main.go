// Command schemagen writes skill.schema.json from the spec's Go types. It
// runs through `go generate` in generator/spec.
package main

import (
	"fmt"
	"os"

	"github.com/skillgen/skillgen/generator/spec"
)

func main() {
	out, err := spec.Reflect(".")
	if err != nil {
		fmt.Fprintln(os.Stderr, "schemagen:", err)
		os.Exit(1)
	}
	if old, err := os.ReadFile("skill.schema.json"); err == nil && string(old) == string(out) {
		return
	}
	if err := os.WriteFile("skill.schema.json", out, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "schemagen:", err)
		os.Exit(1)
	}
}
