package testpeers_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/skillgen/skillgen/internal/testpeers"
)

// echoBootstrap is a minimal Lambda custom runtime in node (always present
// with the peers): it answers every event with the event itself and the
// value of $TESTPEERS_MARKER, over the real Runtime API.
const echoBootstrap = `#!/usr/bin/env node
const http = require("http");
const api = process.env.AWS_LAMBDA_RUNTIME_API;
function next() {
  http.get("http://" + api + "/2018-06-01/runtime/invocation/next", (res) => {
    let body = "";
    res.setEncoding("utf8");
    res.on("data", (d) => (body += d));
    res.on("end", () => {
      const id = res.headers["lambda-runtime-aws-request-id"];
      const out = JSON.stringify({ echo: JSON.parse(body), marker: process.env.TESTPEERS_MARKER || "", pid: process.pid });
      const req = http.request("http://" + api + "/2018-06-01/runtime/invocation/" + id + "/response", { method: "POST" }, (r) => {
        r.resume();
        r.on("end", next);
      });
      req.end(out);
    });
  });
}
next();
`

func TestRIEInvoke(t *testing.T) {
	if _, err := os.Stat(testpeers.RIE(t)); err != nil {
		t.Fatal(err)
	}
	testpeers.Node(t) // the bootstrap's interpreter must be on PATH
	boot := filepath.Join(t.TempDir(), "bootstrap")
	if err := os.WriteFile(boot, []byte(echoBootstrap), 0o755); err != nil {
		t.Fatal(err)
	}
	var bootPID int
	// Registered before StartRIE, so it runs after the emulator's cleanup:
	// the bootstrap (in a process group of its own) must be gone too.
	t.Cleanup(func() {
		if bootPID == 0 {
			return
		}
		for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
			st, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", bootPID))
			if err != nil || strings.Contains(string(st), ") Z ") {
				return
			}
		}
		t.Errorf("bootstrap pid %d still running after the emulator stopped", bootPID)
	})
	url := testpeers.StartRIE(t, boot, []string{"TESTPEERS_MARKER=from-env"})

	// Concurrent callers: Invoke must serialize them, or the emulator crashes.
	const n = 4
	var wg sync.WaitGroup
	results := make([][]byte, n)
	errs := make([]error, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i], errs[i] = testpeers.TryInvoke(url, []byte(fmt.Sprintf(`{"n":%d}`, i)))
		}()
	}
	wg.Wait()
	// And one more from the test goroutine, after the burst.
	if b := testpeers.Invoke(t, url, []byte(`{"n":7}`)); !strings.Contains(string(b), `{"n":7}`) {
		t.Errorf("Invoke answered %q", b)
	}
	for i, b := range results {
		if errs[i] != nil {
			t.Fatalf("invocation %d: %v", i, errs[i])
		}
		var got struct {
			Echo   struct{ N int } `json:"echo"`
			Marker string          `json:"marker"`
			PID    int             `json:"pid"`
		}
		if err := json.Unmarshal(b, &got); err != nil {
			t.Fatalf("invocation %d: %v in %q", i, err, b)
		}
		if got.Echo.N != i || got.Marker != "from-env" || got.PID == 0 {
			t.Errorf("invocation %d answered %s, want echo n=%d, marker from-env and a pid", i, b, i)
		}
		bootPID = got.PID
	}
}
