package serve_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/skillgen/skillgen/generator"
	"github.com/skillgen/skillgen/internal/serve"
	"github.com/skillgen/skillgen/internal/testpeers"
	"github.com/skillgen/skillgen/runtime"
	"github.com/skillgen/skillgen/runtime/auth"
	"github.com/skillgen/skillgen/runtime/chain"
	"github.com/skillgen/skillgen/runtime/httpserver"
	"github.com/skillgen/skillgen/runtime/verify"
	"github.com/skillgen/skillgen/runtime/verify/verifytest"
)

// TestLoad sends 20,000 signed requests at concurrency 32 to the endpoint on
// loopback, with signature verification on (certificate cached) and
// profiles cached, and reports requests/s and latency percentiles. It
// asserts only that every request succeeds; the numbers are for reading.
func TestLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("load test")
	}
	const total, concurrency = 20000, 32
	s, err := generator.Build(specPath)
	if err != nil {
		t.Fatal(err)
	}
	var fetches atomic.Int64
	profile := map[string]string{"given_name": "Alice", "family_name": "Liddell", "email": "alice@example.com",
		"phone_number": "+15555550100", "address": "12 Rabbit Hole Lane, Oxford"}
	// The real chain (token verification and its cache, profile cache,
	// retries, budget) around a profile source in memory: each token is
	// fetched once.
	iss := testpeers.NewTokenIssuer(t, "us-east-1_Load", "loadclient")
	ch, err := chain.New(runtime.ProfileSourceFunc(func(context.Context, string) (map[string]string, error) {
		fetches.Add(1)
		return profile, nil
	}), chain.Config{Auth: auth.Config{UserPoolID: "us-east-1_Load", ClientID: "loadclient", Issuer: iss.Issuer}})
	if err != nil {
		t.Fatal(err)
	}
	signedAt := time.Now()
	ca := verifytest.NewCA(t)
	cs := verifytest.NewCertServer(t)
	signer := ca.Issue(t, verifytest.LeafOptions{})
	certURL := cs.Put("/echo.api/echo-api-cert.pem", signer.ChainPEM)
	h, err := serve.Handler(s, ch, serve.Options{SkillID: skillID, Log: slog.New(slog.DiscardHandler),
		// The bodies are signed once, below: the verifier's clock stays at
		// their timestamp, so a slow run (-race on a loaded machine) does
		// not outlive the 150 s timestamp window.
		Verify: verify.Options{Roots: ca.Roots(), Fetcher: cs.Fetcher(), Now: func() time.Time { return signedAt }}})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- httpserver.Serve(ctx, httpserver.Config{Listener: ln, Handler: h, Log: slog.New(slog.DiscardHandler)})
	}()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
	}()

	// Pre-signed bodies: launch and intents, 8 users.
	type signed struct {
		body []byte
		sig  string
	}
	var bodies []signed
	now := signedAt
	for u := range 8 {
		tok := iss.Token(t, fmt.Sprintf("user-%d", u), nil)
		for _, b := range [][]byte{
			verifytest.RequestBodyWithToken(skillID, tok, now),
			bytes.Replace(verifytest.RequestBodyWithToken(skillID, tok, now), []byte(`"type":"LaunchRequest"`),
				[]byte(`"type":"IntentRequest","intent":{"name":"RequestInfoIntent","slots":{"infoTypeRequested":{"name":"infoTypeRequested","value":"number","resolutions":{"resolutionsPerAuthority":[{"authority":"a","status":{"code":"ER_SUCCESS_MATCH"},"values":[{"value":{"name":"phone number","id":"phoneNumber"}}]}]}}}}`), 1),
		} {
			bodies = append(bodies, signed{b, signer.Sign(t, b)})
		}
	}
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: concurrency, MaxConnsPerHost: concurrency}}
	url := "http://" + ln.Addr().String() + "/"
	var next, failures atomic.Int64
	lat := make([][]time.Duration, concurrency)
	var firstErr atomic.Value
	start := time.Now()
	var wg sync.WaitGroup
	for w := range concurrency {
		wg.Go(func() {
			for {
				i := next.Add(1) - 1
				if i >= total {
					return
				}
				b := bodies[int(i)%len(bodies)]
				req, _ := http.NewRequest(http.MethodPost, url, bytes.NewReader(b.body))
				req.Header.Set(verify.HeaderCertChainURL, certURL)
				req.Header.Set(verify.HeaderSignature, b.sig)
				t0 := time.Now()
				resp, err := client.Do(req)
				if err != nil {
					failures.Add(1)
					firstErr.CompareAndSwap(nil, err.Error())
					continue
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				lat[w] = append(lat[w], time.Since(t0))
				if resp.StatusCode != 200 {
					failures.Add(1)
					firstErr.CompareAndSwap(nil, resp.Status)
				}
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	var all []time.Duration
	for _, l := range lat {
		all = append(all, l...)
	}
	slices.Sort(all)
	pct := func(p float64) time.Duration { return all[int(float64(len(all)-1)*p)] }
	t.Logf("load: %d requests, concurrency %d, %d errors, %.0f requests/s, p50 %v, p99 %v, max %v; profile fetches %d, certificate fetches %d",
		total, concurrency, failures.Load(), float64(total)/elapsed.Seconds(), pct(0.50), pct(0.99), all[len(all)-1], fetches.Load(), cs.Fetches())
	if failures.Load() != 0 {
		t.Fatalf("%d requests failed, first: %v", failures.Load(), firstErr.Load())
	}
	if fetches.Load() != 8 || cs.Fetches() != 1 {
		t.Fatalf("profile fetches %d (want 8, one per token), certificate fetches %d (want 1)", fetches.Load(), cs.Fetches())
	}
}
