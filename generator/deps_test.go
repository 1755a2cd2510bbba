package generator_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestPurePipeline: generator/... is the pure pipeline (spec → validate →
// IR → plan → emit → write): it imports neither the runtime the generated
// code runs on nor the AWS SDK, and no tool (internal/...); internal/facts,
// the standard-library-only leaf of facts generator and runtime share, is
// the one internal package it may use.
func TestPurePipeline(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	out, err := exec.Command("go", "list", "-deps", "-test=false", "github.com/skillgen/skillgen/generator/...").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	deps := strings.Fields(string(out))
	if len(deps) < 10 {
		t.Fatalf("go list listed %d packages: %s", len(deps), out)
	}
	for _, p := range deps {
		if p == "github.com/skillgen/skillgen/internal/facts" {
			continue
		}
		for _, banned := range []string{"github.com/skillgen/skillgen/runtime", "github.com/skillgen/skillgen/internal/", "github.com/aws/"} {
			if p == banned || strings.HasPrefix(p, strings.TrimSuffix(banned, "/")+"/") {
				t.Errorf("generator/... depends on %s", p)
			}
		}
	}
}
