package e2e

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/skillgen/skillgen/generated/linkedprofile"
)

// BenchmarkInvoke measures one request from raw request bytes to response
// bytes through the generated bundled skill, with the profile already
// fetched (the source returns it from memory, as a cache hit would).
// Target: ≤ 10 µs and ≤ 60 allocations per request.
func BenchmarkInvoke(b *testing.B) {
	h, err := linkedprofile.New(mapSource{"ada": ada})
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name string
		req  alexa
	}{
		{"launch", alexa{typ: "LaunchRequest", locale: "en-US", token: "ada", newSess: true}},
		{"RequestInfo-phone", alexa{typ: "IntentRequest", locale: "en-GB", token: "ada", intent: "RequestInfoIntent", slot: "infoTypeRequested", value: "mobile number", id: "phoneNumber"}},
		{"RequestInfo-fullProfile", alexa{typ: "IntentRequest", locale: "en-US", token: "ada", intent: "RequestInfoIntent", slot: "infoTypeRequested", value: "all my info", id: "fullProfile"}},
		{"RequestInfo-phone-person", alexa{typ: "IntentRequest", locale: "en-GB", token: "nobody", intent: "RequestInfoIntent", slot: "infoTypeRequested", value: "mobile number", id: "phoneNumber",
			personID: "amzn1.ask.person.AEXAMPLEPERSONID", personToken: "ada"}},
		{"help", alexa{typ: "IntentRequest", locale: "en-US", intent: "AMAZON.HelpIntent"}},
		{"link-account", alexa{typ: "LaunchRequest", locale: "en-US", newSess: true}},
	} {
		body := c.req.body(b)
		ctx := context.Background()
		if _, err := h.Invoke(ctx, body); err != nil {
			b.Fatal(err)
		}
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(body)))
			for b.Loop() {
				if _, err := h.Invoke(ctx, body); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkColdStart starts the bootstrap binary 10 times against a minimal
// Lambda Runtime API on 127.0.0.1 and reports the median time from process
// start to the first response, and the largest peak RSS. Two first
// requests: help (no profile), and launch with a real cognito-local token
// (key-set fetch, token verification and GetUser against cognito-local).
// "floor" is the smallest aws-lambda-go function on the same machine, for
// scale. Targets: ≤ 20 ms and ≤ 20 MB. Run: scripts/bench-runtime.sh.
func BenchmarkColdStart(b *testing.B) {
	u := startCognito(b)
	boot := buildBootstrap(b, "generated/linkedprofile/lambda")
	floor := buildBootstrap(b, "runtime/e2e/testdata/floor")
	// the environment Lambda gives a provided.al2023 function, not this
	// machine's (which sets AWS_CA_BUNDLE: the SDK would parse a CA bundle
	// at every start, ~10 ms that Lambda does not spend)
	env := append([]string{"PATH=/usr/local/bin:/usr/bin:/bin", "LANG=en_US.UTF-8", "TZ=:UTC",
		"AWS_REGION=us-east-1", "AWS_DEFAULT_REGION=us-east-1", "AWS_EXECUTION_ENV=AWS_Lambda_provided.al2023"}, u.lambdaEnv()...)
	for _, c := range []struct {
		name string
		boot string
		req  alexa
	}{
		{"floor", floor, alexa{typ: "IntentRequest", locale: "en-US", intent: "AMAZON.HelpIntent"}},
		{"help", boot, alexa{typ: "IntentRequest", locale: "en-US", intent: "AMAZON.HelpIntent"}},
		{"launch-GetUser", boot, alexa{typ: "LaunchRequest", locale: "en-US", token: u.adaToken, newSess: true}},
	} {
		body := c.req.body(b)
		boot := c.boot
		b.Run(c.name, func(b *testing.B) {
			var times, inits []time.Duration
			var rss int64
			for b.Loop() {
				times, inits = times[:0], inits[:0]
				for range 10 {
					d, init, r, out := coldStart(b, boot, env, body)
					if !strings.Contains(string(out), "outputSpeech") {
						b.Fatalf("first response: %s", out)
					}
					times = append(times, d)
					inits = append(inits, init)
					rss = max(rss, r)
				}
			}
			slices.Sort(times)
			slices.Sort(inits)
			ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
			b.ReportMetric(ms((times[4]+times[5])/2), "ms-median")
			b.ReportMetric(ms(times[9]), "ms-max")
			b.ReportMetric(ms((inits[4]+inits[5])/2), "ms-init-median")
			b.ReportMetric(float64(rss)/1024, "MB-peak-rss")
		})
	}
}

// coldStart runs boot once with a fake Runtime API serving body as the
// first event. It returns the time from process start to the response, the
// process's peak RSS in KiB, and the response.
func coldStart(b *testing.B, boot string, env []string, body []byte) (time.Duration, time.Duration, int64, []byte) {
	b.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	type result struct {
		at   time.Time
		body []byte
		err  string
	}
	done := make(chan result, 1)
	served := false
	var polled time.Time
	mux := http.NewServeMux()
	mux.HandleFunc("GET /2018-06-01/runtime/invocation/next", func(w http.ResponseWriter, r *http.Request) {
		if served { // hold the second poll until the process is stopped
			<-r.Context().Done()
			return
		}
		served = true
		polled = time.Now()
		w.Header().Set("Lambda-Runtime-Aws-Request-Id", "req-1")
		w.Header().Set("Lambda-Runtime-Deadline-Ms", fmt.Sprint(time.Now().Add(7*time.Second).UnixMilli()))
		w.Header().Set("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:us-east-1:123456789012:function:ask-linked-profile")
		w.Header().Set("Lambda-Runtime-Trace-Id", "Root=1-5759e988-bd862e3fe1be46a994272793")
		_, _ = w.Write(body)
	})
	mux.HandleFunc("POST /2018-06-01/runtime/invocation/{id}/response", func(w http.ResponseWriter, r *http.Request) {
		at := time.Now()
		out, _ := io.ReadAll(r.Body)
		w.WriteHeader(http.StatusAccepted)
		done <- result{at: at, body: out}
	})
	fail := func(w http.ResponseWriter, r *http.Request) {
		out, _ := io.ReadAll(r.Body)
		w.WriteHeader(http.StatusAccepted)
		done <- result{err: r.URL.Path + ": " + string(out)}
	}
	mux.HandleFunc("POST /2018-06-01/runtime/invocation/{id}/error", fail)
	mux.HandleFunc("POST /2018-06-01/runtime/init/error", fail)
	srv := &http.Server{Handler: mux}
	go func() { _ = srv.Serve(ln) }()
	defer srv.Close()

	cmd := exec.Command(boot)
	cmd.Env = append(env, "AWS_LAMBDA_RUNTIME_API="+ln.Addr().String(), "AWS_LAMBDA_FUNCTION_NAME=ask-linked-profile",
		"AWS_LAMBDA_FUNCTION_MEMORY_SIZE=128", "AWS_LAMBDA_FUNCTION_VERSION=$LATEST")
	cmd.Stderr = io.Discard
	start := time.Now()
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	var res result
	select {
	case res = <-done:
	case <-time.After(10 * time.Second):
		res.err = "no response within 10 s"
	}
	// Peak RSS of the bootstrap's own image: VmHWM (the wait4 rusage would
	// count the test process's pages shared before exec).
	rss := vmHWM(cmd.Process.Pid)
	_ = cmd.Process.Kill() // our own child, by PID
	_ = cmd.Wait()
	if res.err != "" {
		b.Fatalf("bootstrap: %s", res.err)
	}
	if rss == 0 {
		b.Fatal("no VmHWM in /proc/<pid>/status")
	}
	return res.at.Sub(start), polled.Sub(start), rss, res.body
}

// vmHWM returns the peak resident set of process pid in KiB, 0 if unknown.
func vmHWM(pid int) int64 {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			var kb int64
			fmt.Sscanf(strings.TrimSpace(v), "%d", &kb)
			return kb
		}
	}
	return 0
}
