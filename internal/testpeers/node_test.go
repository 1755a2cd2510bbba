package testpeers_test

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/skillgen/skillgen/internal/testpeers"
)

func TestNodeModulesPinned(t *testing.T) {
	nm := testpeers.NodeModules(t)
	for name, want := range map[string]string{"cognito-local": "5.3.0", "virtual-alexa": "0.7.8", "ask-cli": "2.30.7", "antlr4ts": "0.5.0-alpha.4"} {
		b, err := os.ReadFile(filepath.Join(nm, name, "package.json"))
		if err != nil {
			t.Fatal(err)
		}
		var pkg struct{ Version string }
		if err := json.Unmarshal(b, &pkg); err != nil {
			t.Fatal(err)
		}
		if pkg.Version != want {
			t.Errorf("%s %s installed, want %s", name, pkg.Version, want)
		}
	}
}

// TestVirtualAlexaLoads requires virtual-alexa from a script outside
// testdata/peers through NODE_PATH, as the e2e tests do.
func TestVirtualAlexaLoads(t *testing.T) {
	nm := testpeers.NodeModules(t)
	script := filepath.Join(t.TempDir(), "probe.js")
	src := `const va = require("virtual-alexa");
console.log(typeof va.VirtualAlexa.Builder);`
	if err := os.WriteFile(script, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, testpeers.Node(t), script)
	// virtual-alexa loads aws-sdk v2, which warns on stderr about its end of
	// support; NODE_NO_WARNINGS=1 silences that.
	cmd.Env = append(os.Environ(), "NODE_PATH="+nm, "NODE_NO_WARNINGS=1")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node probe.js: %v\n%s%s", err, out, stderr.String())
	}
	if stderr.Len() != 0 {
		t.Errorf("unexpected stderr: %s", stderr.String())
	}
	if got := strings.TrimSpace(string(out)); got != "function" {
		t.Errorf("typeof VirtualAlexa.Builder = %q, want function", got)
	}
}
