package httpserver_test

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"encoding/pem"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/skillgen/skillgen/runtime"
	"github.com/skillgen/skillgen/runtime/httpserver"
	"github.com/skillgen/skillgen/runtime/verify"
	"github.com/skillgen/skillgen/runtime/verify/verifytest"
)

const skillID = "amzn1.ask.skill.0000-httpserver"

type profile struct{ given string }

func text(s string) runtime.Template[profile] {
	return func(w *runtime.Writer, _ *profile) { w.Text(s) }
}

// testSkill is a small compiled skill run by the real runtime: the launch
// greets the user by the given_name of the profile.
func testSkill() *runtime.Skill[profile] {
	given := &runtime.Field[profile]{Name: "given_name", Label: runtime.Label{Default: "first name"}, Get: func(p *profile) string { return p.given }}
	msg := func(s string) *runtime.Answer[profile] { return &runtime.Answer[profile]{Speech: text(s)} }
	return &runtime.Skill[profile]{
		Name:    "test",
		ID:      skillID,
		Locales: []string{"en-US"},
		Decode:  func(p *profile, a map[string]string) { p.given = a["given_name"] },
		Launch: &runtime.Answer[profile]{
			Needs:  []*runtime.Field[profile]{given},
			Speech: func(w *runtime.Writer, p *profile) { w.Text("Hello "); w.Value(p.given); w.Text(".") },
		},
		Help: msg("Help."), Stop: msg("Bye."), Fallback: msg("Sorry."),
		LinkAccount: msg("Please link."), MissingAttribute: msg("Missing."), Error: msg("Error."),
	}
}

// countingInvoker counts the requests that reach the skill.
type countingInvoker struct {
	inner httpserver.Invoker
	n     atomic.Int64
}

func (c *countingInvoker) Invoke(ctx context.Context, b []byte) ([]byte, error) {
	c.n.Add(1)
	return c.inner.Invoke(ctx, b)
}

func newInvoker(t testing.TB) *countingInvoker {
	t.Helper()
	src := runtime.ProfileSourceFunc(func(_ context.Context, token string) (map[string]string, error) {
		if token != "token-alice" {
			return nil, runtime.ErrNotLinked
		}
		return map[string]string{"given_name": "Alice & Bob"}, nil
	})
	h, err := runtime.NewHandler(testSkill(), src, runtime.WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		t.Fatal(err)
	}
	return &countingInvoker{inner: h}
}

// body returns a signed-request body with an access token.
func body(id string, ts time.Time) []byte {
	return verifytest.RequestBodyWithToken(id, "token-alice", ts)
}

type env struct {
	ca     *verifytest.CA
	cs     *verifytest.CertServer
	signer *verifytest.Signer
	url    string
	inv    *countingInvoker
	base   string
	logs   *bytes.Buffer
}

func start(t *testing.T, skip bool) *env {
	t.Helper()
	e := &env{ca: verifytest.NewCA(t), cs: verifytest.NewCertServer(t), inv: newInvoker(t), logs: new(bytes.Buffer)}
	e.signer = e.ca.Issue(t, verifytest.LeafOptions{})
	e.url = e.cs.Put("/echo.api/echo-api-cert.pem", e.signer.ChainPEM)
	v, err := verify.New(verify.Options{SkillID: skillID, SkipSignature: skip, Roots: e.ca.Roots(), Fetcher: e.cs.Fetcher()})
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(e.logs, nil))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	e.base = "http://" + ln.Addr().String()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- httpserver.Serve(ctx, httpserver.Config{Listener: ln, Handler: httpserver.Handler(e.inv, v, httpserver.Options{Log: log}), Log: log})
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Serve: %v", err)
		}
	})
	return e
}

func (e *env) post(t *testing.T, certURL, sig string, b []byte) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, e.base+"/", bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if certURL != "" {
		req.Header.Set("SignatureCertChainUrl", certURL)
	}
	if sig != "" {
		req.Header.Set("Signature-256", sig)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(out)
}

func TestValidRequestIsAnswered(t *testing.T) {
	e := start(t, false)
	b := body(skillID, time.Now())
	status, out := e.post(t, e.url, e.signer.Sign(t, b), b)
	if status != 200 {
		t.Fatalf("status %d: %s", status, out)
	}
	var resp runtime.ResponseEnvelope
	if err := json.Unmarshal([]byte(out), &resp); err != nil {
		t.Fatalf("response %q: %v", out, err)
	}
	if got := resp.Response.OutputSpeech.SSML; got != "<speak>Hello Alice &amp; Bob.</speak>" {
		t.Fatalf("speech = %q", got)
	}
	if e.inv.n.Load() != 1 {
		t.Fatalf("skill ran %d times", e.inv.n.Load())
	}
}

func TestRejectedRequestsNeverReachTheSkill(t *testing.T) {
	e := start(t, false)
	now := time.Now()
	b := body(skillID, now)
	sig := e.signer.Sign(t, b)
	expired := e.ca.Issue(t, verifytest.LeafOptions{NotBefore: now.Add(-48 * time.Hour), NotAfter: now.Add(-time.Minute)})
	wrongSAN := e.ca.Issue(t, verifytest.LeafOptions{DNSNames: []string{"echo-api.amazon.co"}})
	untrusted := verifytest.NewCA(t).Issue(t, verifytest.LeafOptions{})
	expiredURL := e.cs.Put("/echo.api/expired.pem", expired.ChainPEM)
	wrongSANURL := e.cs.Put("/echo.api/wrongsan.pem", wrongSAN.ChainPEM)
	untrustedURL := e.cs.Put("/echo.api/untrusted.pem", untrusted.ChainPEM)
	// The same valid chain under paths the rules forbid: were the URL not
	// checked, these would verify.
	e.cs.Put("/evil/cert.pem", e.signer.ChainPEM)
	tampered := bytes.Replace(b, []byte("LaunchRequest"), []byte("IntentRequest"), 1)
	stale := body(skillID, now.Add(-151*time.Second))
	future := body(skillID, now.Add(200*time.Second))
	other := body("amzn1.ask.skill.other", now)

	cases := []struct {
		name     string
		url, sig string
		body     []byte
	}{
		{"bad URL scheme", strings.Replace(e.url, "https:", "http:", 1), sig, b},
		{"bad URL host", strings.Replace(e.url, "s3.amazonaws.com", "s3.amazonaws.com.evil.example", 1), sig, b},
		{"bad URL path", strings.Replace(e.url, "/echo.api/", "/echo.api.evil/", 1), sig, b},
		{"bad URL port", strings.Replace(e.url, "s3.amazonaws.com", "s3.amazonaws.com:8443", 1), sig, b},
		{"dot-dot path", "https://s3.amazonaws.com/echo.api/../evil/cert.pem", sig, b},
		{"encoded dot-dot path", "https://s3.amazonaws.com/echo.api/%2e%2e/evil/cert.pem", sig, b},
		{"expired certificate", expiredURL, expired.Sign(t, b), b},
		{"wrong SAN", wrongSANURL, wrongSAN.Sign(t, b), b},
		{"untrusted chain", untrustedURL, untrusted.Sign(t, b), b},
		{"tampered body", e.url, sig, tampered},
		{"stale timestamp", e.url, e.signer.Sign(t, stale), stale},
		{"future timestamp", e.url, e.signer.Sign(t, future), future},
		{"wrong skill ID", e.url, e.signer.Sign(t, other), other},
		{"no signature headers", "", "", b},
		{"not an Alexa request", e.url, e.signer.Sign(t, []byte(`{"a":1}`)), []byte(`{"a":1}`)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			status, out := e.post(t, c.url, c.sig, c.body)
			if status != http.StatusBadRequest {
				t.Fatalf("status %d (%s), want 400", status, out)
			}
		})
	}
	if n := e.inv.n.Load(); n != 0 {
		t.Fatalf("the skill ran %d times for rejected requests", n)
	}
	if strings.Contains(e.logs.String(), "token-alice") {
		t.Fatal("the log contains the access token")
	}
	// And the valid request still passes on the same server.
	if status, out := e.post(t, e.url, sig, b); status != 200 {
		t.Fatalf("valid request after rejections: %d %s", status, out)
	}
}

func TestBodyLimitAndMethods(t *testing.T) {
	e := start(t, true)
	big := append(body(skillID, time.Now()), bytes.Repeat([]byte(" "), httpserver.MaxBodyBytes)...)
	if status, _ := e.post(t, "", "", big); status != http.StatusRequestEntityTooLarge {
		t.Fatalf("oversized body: status %d, want 413", status)
	}
	resp, err := http.Get(e.base + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Fatalf("GET /: %d", resp.StatusCode)
	}
	resp, err = http.Get(e.base + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("GET /healthz: %d", resp.StatusCode)
	}
	if n := e.inv.n.Load(); n != 0 {
		t.Fatalf("skill ran %d times", n)
	}
}

func TestSkipSignatureStillChecksSkillAndTime(t *testing.T) {
	e := start(t, true)
	b := body(skillID, time.Now())
	if status, out := e.post(t, "", "", b); status != 200 {
		t.Fatalf("unsigned request with checking off: %d %s", status, out)
	}
	if status, _ := e.post(t, "", "", body("amzn1.ask.skill.other", time.Now())); status != 400 {
		t.Fatalf("wrong skill with checking off: %d", status)
	}
	if status, _ := e.post(t, "", "", body(skillID, time.Now().Add(-time.Hour))); status != 400 {
		t.Fatalf("stale with checking off: %d", status)
	}
	if n := e.inv.n.Load(); n != 1 {
		t.Fatalf("skill ran %d times, want 1", n)
	}
}

func TestServeTLSAndGracefulShutdown(t *testing.T) {
	// A self-signed server certificate from the test CA.
	ca := verifytest.NewCA(t)
	leaf := ca.Issue(t, verifytest.LeafOptions{DNSNames: []string{"localhost"}})
	dir := t.TempDir()
	certFile, keyFile := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	if err := os.WriteFile(certFile, leaf.ChainPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509MarshalKey(leaf)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER}), 0o600); err != nil {
		t.Fatal(err)
	}

	// A skill whose answer waits until released, to have a request in
	// flight during shutdown.
	release := make(chan struct{})
	entered := make(chan struct{}, 1)
	slow := invokerFunc(func(ctx context.Context, b []byte) ([]byte, error) {
		entered <- struct{}{}
		<-release
		return []byte(`{"version":"1.0","response":{}}`), nil
	})
	v, err := verify.New(verify.Options{SkillID: skillID, SkipSignature: true})
	if err != nil {
		t.Fatal(err)
	}
	addrc := make(chan net.Addr, 1)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() {
		done <- httpserver.Serve(ctx, httpserver.Config{
			Addr: "127.0.0.1:0", TLSCert: certFile, TLSKey: keyFile,
			Handler: httpserver.Handler(slow, v, httpserver.Options{Log: slog.New(slog.DiscardHandler)}),
			Log:     slog.New(slog.DiscardHandler), ShutdownTimeout: 5 * time.Second,
			Ready: func(a net.Addr) { addrc <- a },
		})
	}()
	var addr net.Addr
	select {
	case addr = <-addrc:
	case err := <-done:
		t.Fatalf("Serve: %v", err)
	}
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: ca.Roots(), ServerName: "localhost"}}}
	type reply struct {
		status int
		err    error
	}
	replies := make(chan reply, 1)
	go func() {
		resp, err := client.Post("https://"+addr.String()+"/", "application/json", bytes.NewReader(body(skillID, time.Now())))
		if err != nil {
			replies <- reply{err: err}
			return
		}
		resp.Body.Close()
		replies <- reply{status: resp.StatusCode}
	}()
	select {
	case <-entered:
	case r := <-replies:
		t.Fatalf("request ended before reaching the skill: %+v", r)
	}
	cancel() // as SIGTERM does in skillgen serve
	time.Sleep(100 * time.Millisecond)
	// New connections are refused while the request in flight finishes.
	if c, err := net.DialTimeout("tcp", addr.String(), time.Second); err == nil {
		c.Close()
		t.Fatal("server still accepts connections after shutdown began")
	}
	close(release)
	r := <-replies
	if r.err != nil || r.status != 200 {
		t.Fatalf("in-flight request during shutdown: %+v", r)
	}
	if err := <-done; err != nil {
		t.Fatalf("Serve after graceful shutdown: %v", err)
	}
}

type invokerFunc func(ctx context.Context, b []byte) ([]byte, error)

func (f invokerFunc) Invoke(ctx context.Context, b []byte) ([]byte, error) { return f(ctx, b) }

func TestServeRejectsHalfTLSConfig(t *testing.T) {
	err := httpserver.Serve(context.Background(), httpserver.Config{Addr: "127.0.0.1:0", TLSCert: "x.pem", Handler: http.NotFoundHandler()})
	if err == nil || !strings.Contains(err.Error(), "both") {
		t.Fatalf("err = %v", err)
	}
}

// The budget starts when the request arrives: verification (here a slow
// certificate fetch) uses it up, and the skill gets only what is left.
func TestBudgetStartsAtArrival(t *testing.T) {
	ca := verifytest.NewCA(t)
	cs := verifytest.NewCertServer(t)
	signer := ca.Issue(t, verifytest.LeafOptions{})
	url := cs.Put("/echo.api/echo-api-cert.pem", signer.ChainPEM)
	slowFetch := verify.FetcherFunc(func(ctx context.Context, u string) ([]byte, error) {
		time.Sleep(50 * time.Millisecond)
		return cs.Fetcher().Fetch(ctx, u)
	})
	v, err := verify.New(verify.Options{SkillID: skillID, Roots: ca.Roots(), Fetcher: slowFetch})
	if err != nil {
		t.Fatal(err)
	}
	const budget = 2 * time.Second
	deadlines, invoked := make(chan time.Time, 1), make(chan time.Time, 1)
	inv := invokerFunc(func(ctx context.Context, _ []byte) ([]byte, error) {
		dl, _ := ctx.Deadline()
		deadlines <- dl
		invoked <- time.Now()
		return []byte(`{"version":"1.0","response":{}}`), nil
	})
	srv := httptestServer(t, httpserver.Handler(inv, v, httpserver.Options{Log: slog.New(slog.DiscardHandler), Budget: budget}))
	b := body(skillID, time.Now())
	req, _ := http.NewRequest(http.MethodPost, srv+"/", bytes.NewReader(b))
	req.Header.Set(verify.HeaderCertChainURL, url)
	req.Header.Set(verify.HeaderSignature, signer.Sign(t, b))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
	dl, at := <-deadlines, <-invoked
	// The 50 ms fetch happened between arrival and the skill's call.
	if left := dl.Sub(at); dl.IsZero() || left > budget-50*time.Millisecond {
		t.Fatalf("the skill got %v of a %v budget after a 50 ms verification: the clock did not start at arrival", left, budget)
	}
}

func httptestServer(t *testing.T, h http.Handler) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return "http://" + ln.Addr().String()
}
