package verify_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/skillgen/skillgen/runtime/verify"
	"github.com/skillgen/skillgen/runtime/verify/verifytest"
)

const skillID = "amzn1.ask.skill.0000-test"

func TestNormalizeCertURL(t *testing.T) {
	good := map[string]string{
		"https://s3.amazonaws.com/echo.api/echo-api-cert.pem":                  "https://s3.amazonaws.com/echo.api/echo-api-cert.pem",
		"https://s3.amazonaws.com:443/echo.api/echo-api-cert.pem":              "https://s3.amazonaws.com/echo.api/echo-api-cert.pem",
		"https://s3.amazonaws.com/echo.api/../echo.api/echo-api-cert.pem":      "https://s3.amazonaws.com/echo.api/echo-api-cert.pem",
		"https://S3.AMAZONAWS.COM/echo.api/echo-api-cert.pem":                  "https://s3.amazonaws.com/echo.api/echo-api-cert.pem",
		"HTTPS://s3.amazonaws.com/echo.api/echo-api-cert.pem":                  "https://s3.amazonaws.com/echo.api/echo-api-cert.pem",
		"https://s3.amazonaws.com/echo.api/./sub/../echo-api-cert-12.pem":      "https://s3.amazonaws.com/echo.api/echo-api-cert-12.pem",
		"https://s3.amazonaws.com/other/../echo.api/echo-api-cert.pem":         "https://s3.amazonaws.com/echo.api/echo-api-cert.pem",
		"https://s3.amazonaws.com//echo.api//echo-api-cert.pem":                "https://s3.amazonaws.com/echo.api/echo-api-cert.pem",
		"https://s3.amazonaws.com/echo.api/echo-api-cert.pem/../cert-2017.pem": "https://s3.amazonaws.com/echo.api/cert-2017.pem",
	}
	for in, want := range good {
		got, err := verify.NormalizeCertURL(in)
		if err != nil {
			t.Errorf("NormalizeCertURL(%q): %v", in, err)
			continue
		}
		if got != want {
			t.Errorf("NormalizeCertURL(%q) = %q, want %q", in, got, want)
		}
	}
	bad := []string{
		"",
		"http://s3.amazonaws.com/echo.api/echo-api-cert.pem",
		"ftp://s3.amazonaws.com/echo.api/echo-api-cert.pem",
		"https://notamazon.com/echo.api/echo-api-cert.pem",
		"https://s3.amazonaws.com.evil.com/echo.api/echo-api-cert.pem",
		"https://evil.com/s3.amazonaws.com/echo.api/echo-api-cert.pem",
		"https://s3.amazonaws.com@evil.com/echo.api/echo-api-cert.pem",
		"https://user@s3.amazonaws.com/echo.api/echo-api-cert.pem",
		"https://s3.amazonaws.com/EcHo.aPi/echo-api-cert.pem",
		"https://s3.amazonaws.com/invalid.path/echo-api-cert.pem",
		"https://s3.amazonaws.com/echo.api",
		"https://s3.amazonaws.com/echo.api/",
		"https://s3.amazonaws.com/echo.api/../evil/cert.pem",
		"https://s3.amazonaws.com/echo.api/../../echo.apix/cert.pem",
		"https://s3.amazonaws.com/echo.api/%2e%2e/evil/cert.pem",
		"https://s3.amazonaws.com/echo.api/%2E%2E/echo.api/cert.pem",
		"https://s3.amazonaws.com/echo.api%2fcert.pem",
		"https://s3.amazonaws.com/echo.api/..%2fevil/cert.pem",
		`https://s3.amazonaws.com/echo.api/..\evil\cert.pem`,
		"https://s3.amazonaws.com:563/echo.api/echo-api-cert.pem",
		"https://s3.amazonaws.com:80/echo.api/echo-api-cert.pem",
		"https://s3.amazonaws.com:/echo.api/echo-api-cert.pem",
		"https://s3.amazonaws.com/echo.api/echo-api-cert.pem?x=1",
		"https://s3.amazonaws.com/echo.api/echo-api-cert.pem#frag",
		"https:s3.amazonaws.com/echo.api/echo-api-cert.pem",
		"//s3.amazonaws.com/echo.api/echo-api-cert.pem",
		"https://s3.amazonaws.com/echo.api/\x00.pem",
	}
	for _, in := range bad {
		if got, err := verify.NormalizeCertURL(in); err == nil {
			t.Errorf("NormalizeCertURL(%q) = %q, want an error", in, got)
		}
	}
}

func TestCheckTimestamp(t *testing.T) {
	now := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	cases := []struct {
		typ  string
		ts   string
		want bool
	}{
		{"IntentRequest", "2025-03-01T12:00:00Z", true},
		{"IntentRequest", "2025-03-01T11:57:31Z", true},
		{"IntentRequest", "2025-03-01T11:57:29Z", false},
		{"IntentRequest", "2025-03-01T12:02:29.999Z", true},
		{"IntentRequest", "2025-03-01T12:02:31Z", false},
		{"LaunchRequest", "2025-03-01T11:59:59.123Z", true},
		{"AlexaSkillEvent.SkillEnabled", "2025-03-01T11:01:00Z", true},
		{"AlexaSkillEvent.SkillAccountLinked", "2025-03-01T10:59:00Z", false},
		{"IntentRequest", "", false},
		{"IntentRequest", "yesterday", false},
		{"IntentRequest", "1740830400", false},
	}
	for _, c := range cases {
		err := verify.CheckTimestamp(c.typ, c.ts, now)
		if (err == nil) != c.want {
			t.Errorf("CheckTimestamp(%q, %q) = %v, want ok=%v", c.typ, c.ts, err, c.want)
		}
	}
}

type fixture struct {
	ca     *verifytest.CA
	cs     *verifytest.CertServer
	signer *verifytest.Signer
	url    string
	v      *verify.Verifier
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	f := &fixture{ca: verifytest.NewCA(t), cs: verifytest.NewCertServer(t)}
	f.signer = f.ca.Issue(t, verifytest.LeafOptions{})
	f.url = f.cs.Put("/echo.api/echo-api-cert.pem", f.signer.ChainPEM)
	v, err := verify.New(verify.Options{SkillID: skillID, Roots: f.ca.Roots(), Fetcher: f.cs.Fetcher()})
	if err != nil {
		t.Fatal(err)
	}
	f.v = v
	return f
}

func TestVerifyValidAndCached(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	for i := range 5 {
		body := verifytest.RequestBody(skillID, time.Now())
		if err := f.v.Verify(ctx, f.url, f.signer.Sign(t, body), body); err != nil {
			t.Fatalf("request %d: %v", i, err)
		}
	}
	// An equivalent spelling of the URL shares the cache entry.
	body := verifytest.RequestBody(skillID, time.Now())
	if err := f.v.Verify(ctx, "https://S3.amazonaws.com:443/echo.api/../echo.api/echo-api-cert.pem", f.signer.Sign(t, body), body); err != nil {
		t.Fatal(err)
	}
	if n := f.cs.Fetches(); n != 1 {
		t.Fatalf("certificate fetched %d times, want 1 (cached by URL)", n)
	}
}

func TestVerifyConcurrent(t *testing.T) {
	f := newFixture(t)
	body := verifytest.RequestBody(skillID, time.Now())
	sig := f.signer.Sign(t, body)
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for range 16 {
		wg.Go(func() {
			errs <- f.v.Verify(context.Background(), f.url, sig, body)
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if n := f.cs.Fetches(); n != 1 {
		t.Fatalf("16 concurrent first requests fetched the chain %d times, want 1", n)
	}
}

func TestCacheRespectsNotAfter(t *testing.T) {
	ca := verifytest.NewCA(t)
	cs := verifytest.NewCertServer(t)
	start := time.Now()
	signer := ca.Issue(t, verifytest.LeafOptions{NotAfter: start.Add(10 * time.Minute)})
	u := cs.Put("/echo.api/short.pem", signer.ChainPEM)
	now := start
	v, err := verify.New(verify.Options{SkillID: skillID, Roots: ca.Roots(), Fetcher: cs.Fetcher(), Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	body := verifytest.RequestBody(skillID, now)
	if err := v.Verify(context.Background(), u, signer.Sign(t, body), body); err != nil {
		t.Fatal(err)
	}
	now = start.Add(11 * time.Minute)
	body = verifytest.RequestBody(skillID, now)
	err = v.Verify(context.Background(), u, signer.Sign(t, body), body)
	if err == nil || !strings.Contains(err.Error(), "not currently valid") {
		t.Fatalf("after NotAfter: err = %v, want the chain rejected as expired", err)
	}
	if n := cs.Fetches(); n != 2 {
		t.Fatalf("fetches = %d, want 2 (the expired cache entry is refetched)", n)
	}
}

func TestCacheBounded(t *testing.T) {
	ca := verifytest.NewCA(t)
	cs := verifytest.NewCertServer(t)
	signer := ca.Issue(t, verifytest.LeafOptions{})
	v, err := verify.New(verify.Options{SkillID: skillID, Roots: ca.Roots(), Fetcher: cs.Fetcher(), CacheSize: 2})
	if err != nil {
		t.Fatal(err)
	}
	body := verifytest.RequestBody(skillID, time.Now())
	sig := signer.Sign(t, body)
	urls := []string{
		cs.Put("/echo.api/a.pem", signer.ChainPEM),
		cs.Put("/echo.api/b.pem", signer.ChainPEM),
		cs.Put("/echo.api/c.pem", signer.ChainPEM),
	}
	for range 2 {
		for _, u := range urls {
			if err := v.Verify(context.Background(), u, sig, body); err != nil {
				t.Fatal(err)
			}
		}
	}
	// With room for two entries, cycling three URLs must refetch.
	if n := cs.Fetches(); n <= 3 {
		t.Fatalf("fetches = %d, want more than 3 with a cache of 2", n)
	}
}

func TestVerifyRejects(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	now := time.Now()
	body := verifytest.RequestBody(skillID, now)
	sig := f.signer.Sign(t, body)

	expired := f.ca.Issue(t, verifytest.LeafOptions{NotBefore: now.Add(-48 * time.Hour), NotAfter: now.Add(-time.Hour)})
	notYet := f.ca.Issue(t, verifytest.LeafOptions{NotBefore: now.Add(time.Hour)})
	wrongSAN := f.ca.Issue(t, verifytest.LeafOptions{DNSNames: []string{"echo-api.amazon.com.evil.com", "evil.com"}})
	other := verifytest.NewCA(t).Issue(t, verifytest.LeafOptions{})
	leafOnly := f.ca.Issue(t, verifytest.LeafOptions{})
	leafOnlyPEM := leafOnly.ChainPEM[:strings.Index(string(leafOnly.ChainPEM), "-----END CERTIFICATE-----")+len("-----END CERTIFICATE-----\n")]

	expiredURL := f.cs.Put("/echo.api/expired.pem", expired.ChainPEM)
	notYetURL := f.cs.Put("/echo.api/notyet.pem", notYet.ChainPEM)
	wrongSANURL := f.cs.Put("/echo.api/wrongsan.pem", wrongSAN.ChainPEM)
	otherURL := f.cs.Put("/echo.api/untrusted.pem", other.ChainPEM)
	leafOnlyURL := f.cs.Put("/echo.api/leafonly.pem", leafOnlyPEM)
	garbageURL := f.cs.Put("/echo.api/garbage.pem", []byte("not a certificate"))
	f.cs.Put("/evil/cert.pem", f.signer.ChainPEM)

	tampered := []byte(strings.Replace(string(body), "LaunchRequest", "IntentRequest", 1))
	stale := verifytest.RequestBody(skillID, now.Add(-151*time.Second))
	wrongSkill := verifytest.RequestBody("amzn1.ask.skill.other", now)

	cases := []struct {
		name      string
		url, sig  string
		body      []byte
		wantInErr string
	}{
		{"scheme", strings.Replace(f.url, "https", "http", 1), sig, body, "scheme"},
		{"host", strings.Replace(f.url, "s3.amazonaws.com", "s3.amazonaws.com.evil.com", 1), sig, body, "host"},
		{"path", strings.Replace(f.url, "/echo.api/", "/EcHo.aPi/", 1), sig, body, "path"},
		{"port", strings.Replace(f.url, "s3.amazonaws.com", "s3.amazonaws.com:563", 1), sig, body, "port"},
		{"dotdot", "https://s3.amazonaws.com/echo.api/../evil/cert.pem", sig, body, "path"},
		{"encoded dotdot", "https://s3.amazonaws.com/echo.api/%2e%2e/evil/cert.pem", sig, body, "percent"},
		{"expired certificate", expiredURL, expired.Sign(t, body), body, "not currently valid"},
		{"certificate not yet valid", notYetURL, notYet.Sign(t, body), body, "not currently valid"},
		{"wrong SAN", wrongSANURL, wrongSAN.Sign(t, body), body, "SANs"},
		{"untrusted chain", otherURL, other.Sign(t, body), body, "not trusted"},
		{"missing intermediate", leafOnlyURL, leafOnly.Sign(t, body), body, "not trusted"},
		{"garbage chain", garbageURL, sig, body, "PEM"},
		{"missing chain", "https://s3.amazonaws.com/echo.api/missing.pem", sig, body, "fetching"},
		{"tampered body", f.url, sig, tampered, "signature"},
		{"signature of another body", f.url, f.signer.Sign(t, stale), body, "signature"},
		{"signature by another key", f.url, other.Sign(t, body), body, "signature"},
		{"signature not base64", f.url, "***", body, "base64"},
		{"missing signature", f.url, "", body, "missing"},
		{"missing URL", "", sig, body, "missing"},
		{"stale timestamp", f.url, f.signer.Sign(t, stale), stale, "timestamp"},
		{"wrong skill ID", f.url, f.signer.Sign(t, wrongSkill), wrongSkill, "applicationId"},
		{"not JSON", f.url, f.signer.Sign(t, []byte("hello")), []byte("hello"), "not an Alexa request"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := f.v.Verify(ctx, c.url, c.sig, c.body)
			if err == nil {
				t.Fatal("accepted, want rejected")
			}
			var ve *verify.Error
			if !errors.As(err, &ve) {
				t.Fatalf("error %T is not a *verify.Error: %v", err, err)
			}
			if !strings.Contains(err.Error(), c.wantInErr) {
				t.Fatalf("error %q does not mention %q", err, c.wantInErr)
			}
		})
	}
}

func TestSkipSignatureStillChecksEnvelope(t *testing.T) {
	v, err := verify.New(verify.Options{SkillID: skillID, SkipSignature: true, Fetcher: verify.FetcherFunc(func(context.Context, string) ([]byte, error) {
		t.Fatal("fetcher called with signature checking off")
		return nil, nil
	})})
	if err != nil {
		t.Fatal(err)
	}
	if v.SignatureChecked() {
		t.Fatal("SignatureChecked = true with SkipSignature")
	}
	ctx := context.Background()
	if err := v.Verify(ctx, "", "", verifytest.RequestBody(skillID, time.Now())); err != nil {
		t.Fatalf("unsigned request with signature checking off: %v", err)
	}
	if err := v.Verify(ctx, "", "", verifytest.RequestBody("amzn1.ask.skill.other", time.Now())); err == nil {
		t.Fatal("wrong skill ID accepted with signature checking off")
	}
	if err := v.Verify(ctx, "", "", verifytest.RequestBody(skillID, time.Now().Add(-time.Hour))); err == nil {
		t.Fatal("stale request accepted with signature checking off")
	}
}

func TestNewRequiresSkillID(t *testing.T) {
	if _, err := verify.New(verify.Options{}); err == nil {
		t.Fatal("New without a skill ID succeeded")
	}
}

// A stale request or one for another skill is refused before any
// certificate fetch, whatever its headers say.
func TestEnvelopeCheckedBeforeCertificateFetch(t *testing.T) {
	var fetches int
	v, err := verify.New(verify.Options{SkillID: skillID, Fetcher: verify.FetcherFunc(func(context.Context, string) ([]byte, error) {
		fetches++
		return nil, errors.New("unreachable")
	})})
	if err != nil {
		t.Fatal(err)
	}
	url := "https://s3.amazonaws.com/echo.api/echo-api-cert.pem"
	for name, body := range map[string][]byte{
		"stale":         verifytest.RequestBody(skillID, time.Now().Add(-time.Hour)),
		"future":        verifytest.RequestBody(skillID, time.Now().Add(time.Hour)),
		"another skill": verifytest.RequestBody("amzn1.ask.skill.other", time.Now()),
		"not JSON":      []byte("{"),
	} {
		if err := v.Verify(context.Background(), url, "c2ln", body); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if fetches != 0 {
		t.Fatalf("certificate fetched %d times for requests refused by timestamp or skill ID", fetches)
	}
}

// A certificate URL that failed is refused without another fetch for
// FailedCertTTL, then tried again; the list of failed URLs is bounded, and
// a fetch cut short by the request's own deadline is not held against the
// URL.
func TestFailedCertificateURLIsRemembered(t *testing.T) {
	ca := verifytest.NewCA(t)
	cs := verifytest.NewCertServer(t)
	signer := ca.Issue(t, verifytest.LeafOptions{})
	now := time.Now()
	var mu sync.Mutex
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	v, err := verify.New(verify.Options{SkillID: skillID, Roots: ca.Roots(), Fetcher: cs.Fetcher(), Now: clock,
		FailedCertTTL: time.Minute, CacheSize: 4})
	if err != nil {
		t.Fatal(err)
	}
	body := verifytest.RequestBody(skillID, now)
	sig := signer.Sign(t, body)
	missing := "https://s3.amazonaws.com/echo.api/missing.pem"
	for range 5 {
		if err := v.Verify(context.Background(), missing, sig, body); err == nil || !strings.Contains(err.Error(), "fetching") {
			t.Fatalf("missing chain: %v", err)
		}
	}
	if n := cs.Fetches(); n != 1 {
		t.Fatalf("fetches = %d within FailedCertTTL, want 1", n)
	}
	// The chain appears; after the TTL the URL is tried again and works.
	cs.Put("/echo.api/missing.pem", signer.ChainPEM)
	mu.Lock()
	now = now.Add(time.Minute + time.Second)
	mu.Unlock()
	body = verifytest.RequestBody(skillID, clock())
	if err := v.Verify(context.Background(), missing, signer.Sign(t, body), body); err != nil {
		t.Fatalf("after FailedCertTTL: %v", err)
	}
	if n := cs.Fetches(); n != 2 {
		t.Fatalf("fetches = %d, want 2", n)
	}
	// Many failing URLs: each is fetched once, and the memory stays bounded
	// (older failures are forgotten, so cycling through them refetches).
	before := cs.Fetches()
	for i := range 10 {
		u := "https://s3.amazonaws.com/echo.api/none-" + string(rune('a'+i)) + ".pem"
		_ = v.Verify(context.Background(), u, sig, body)
		_ = v.Verify(context.Background(), u, sig, body)
	}
	if n := cs.Fetches() - before; n != 10 {
		t.Fatalf("10 failing URLs asked twice each: %d fetches, want 10", n)
	}
	_ = v.Verify(context.Background(), "https://s3.amazonaws.com/echo.api/none-a.pem", sig, body)
	if n := cs.Fetches() - before; n != 11 {
		t.Fatalf("the oldest failure is still remembered with a bound of 4: %d fetches", n)
	}
	// A fetch that ends because the request's own context ended does not
	// mark the URL.
	slow := verify.FetcherFunc(func(ctx context.Context, _ string) ([]byte, error) {
		<-ctx.Done()
		return nil, ctx.Err()
	})
	var calls int
	v2, _ := verify.New(verify.Options{SkillID: skillID, Roots: ca.Roots(), Fetcher: verify.FetcherFunc(func(ctx context.Context, u string) ([]byte, error) {
		calls++
		if calls == 1 {
			return slow(ctx, u)
		}
		return signer.ChainPEM, nil
	})})
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	body = verifytest.RequestBody(skillID, time.Now())
	sig = signer.Sign(t, body)
	if err := v2.Verify(ctx, "https://s3.amazonaws.com/echo.api/c.pem", sig, body); err == nil {
		t.Fatal("timed-out fetch accepted")
	}
	if err := v2.Verify(context.Background(), "https://s3.amazonaws.com/echo.api/c.pem", sig, body); err != nil {
		t.Fatalf("after a fetch cut by the caller's deadline: %v", err)
	}
}
