package auth

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"math/big"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/skillgen/skillgen/internal/facts"
	"github.com/skillgen/skillgen/runtime"
)

const (
	testPool   = "us-east-1_TestPool1"
	testClient = "skillclient123"
)

var (
	keyOnce          sync.Once
	key1, key2, key3 *rsa.PrivateKey
)

// testKeys returns three 2048-bit RSA key pairs, generated once per run.
func testKeys(t testing.TB) (*rsa.PrivateKey, *rsa.PrivateKey, *rsa.PrivateKey) {
	t.Helper()
	keyOnce.Do(func() {
		var err error
		for _, k := range []**rsa.PrivateKey{&key1, &key2, &key3} {
			if *k, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
				panic(err)
			}
		}
	})
	return key1, key2, key3
}

func jwkOf(kid string, pub *rsa.PublicKey) map[string]string {
	return map[string]string{
		"kty": "RSA", "kid": kid, "use": "sig", "alg": "RS256",
		"n": base64.RawURLEncoding.EncodeToString(pub.N.Bytes()),
		"e": base64.RawURLEncoding.EncodeToString(big.NewInt(int64(pub.E)).Bytes()),
	}
}

// jwksServer serves a JWKS on 127.0.0.1 and counts fetches. Its keys can
// be replaced (rotation) and it can be made to fail.
type jwksServer struct {
	*httptest.Server
	mu      sync.Mutex
	keys    []map[string]string
	status  int
	fetches atomic.Int32
}

func newJWKSServer(t testing.TB, keys ...map[string]string) *jwksServer {
	t.Helper()
	s := &jwksServer{keys: keys, status: http.StatusOK}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.fetches.Add(1)
		s.mu.Lock()
		defer s.mu.Unlock()
		if r.URL.Path != "/"+testPool+"/.well-known/jwks.json" {
			http.NotFound(w, r)
			return
		}
		if s.status != http.StatusOK {
			w.WriteHeader(s.status)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"keys": s.keys})
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *jwksServer) set(status int, keys ...map[string]string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.status, s.keys = status, keys
}

func (s *jwksServer) issuer() string { return s.URL + "/" + testPool }

// clock is a settable clock for the verifier.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

var t0 = time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)

func accessClaimsAt(iss string, now time.Time) jwt.MapClaims {
	return jwt.MapClaims{
		"sub":       "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
		"iss":       iss,
		"client_id": testClient,
		"token_use": "access",
		"scope":     "aws.cognito.signin.user.admin",
		"auth_time": now.Unix(),
		"iat":       now.Unix(),
		"exp":       now.Add(time.Hour).Unix(),
		"jti":       "jti-1",
		"username":  "alice",
	}
}

func sign(t testing.TB, k *rsa.PrivateKey, kid string, c jwt.MapClaims) string {
	t.Helper()
	tok := jwt.NewWithClaims(jwt.SigningMethodRS256, c)
	if kid != "" {
		tok.Header["kid"] = kid
	}
	s, err := tok.SignedString(k)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

type fixture struct {
	jwks     *jwksServer
	clock    *clock
	verifier *Verifier
	calls    atomic.Int32 // calls reaching the wrapped source (GetUser)
	source   runtime.ProfileSource
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	k1, _, _ := testKeys(t)
	f := &fixture{clock: &clock{t: t0}}
	f.jwks = newJWKSServer(t, jwkOf("kid-1", &k1.PublicKey))
	v, err := NewVerifier(Config{
		UserPoolID: testPool, ClientID: testClient,
		Issuer: f.jwks.issuer(), Now: f.clock.Now,
	})
	if err != nil {
		t.Fatal(err)
	}
	f.verifier = v
	f.source = v.Wrap(runtime.ProfileSourceFunc(func(context.Context, string) (map[string]string, error) {
		f.calls.Add(1)
		return map[string]string{"given_name": "Alice"}, nil
	}))
	return f
}

func TestValidTokenPasses(t *testing.T) {
	f := newFixture(t)
	k1, _, _ := testKeys(t)
	tok := sign(t, k1, "kid-1", accessClaimsAt(f.jwks.issuer(), t0))
	c, err := f.verifier.Verify(context.Background(), tok)
	if err != nil {
		t.Fatalf("Verify: %v", err)
	}
	if c.Username != "alice" || c.ClientID != testClient || !c.Expires.Equal(t0.Add(time.Hour)) || !c.IssuedAt.Equal(t0) {
		t.Errorf("claims = %+v", c)
	}
	p, err := f.source.Profile(context.Background(), tok)
	if err != nil || p["given_name"] != "Alice" {
		t.Fatalf("Profile = %v, %v", p, err)
	}
	if n := f.calls.Load(); n != 1 {
		t.Errorf("GetUser calls = %d, want 1", n)
	}
	if n := f.jwks.fetches.Load(); n != 1 {
		t.Errorf("JWKS fetches = %d, want 1 (cached)", n)
	}
	// Within the leeway after exp the token still passes; beyond it, not.
	f.clock.Add(time.Hour + 4*time.Second)
	if _, err := f.verifier.Verify(context.Background(), tok); err != nil {
		t.Errorf("within leeway: %v", err)
	}
}

func TestRejectedTokens(t *testing.T) {
	k1, k2, _ := testKeys(t)
	pubPEM := pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: must(x509.MarshalPKIXPublicKey(&k1.PublicKey))})
	pubDER := x509.MarshalPKCS1PublicKey(&k1.PublicKey)
	type tc struct {
		name   string
		token  func(iss string) string
		reason string
	}
	mod := func(iss string, f func(jwt.MapClaims)) jwt.MapClaims {
		c := accessClaimsAt(iss, t0)
		f(c)
		return c
	}
	cases := []tc{
		{"expired", func(iss string) string {
			return sign(t, k1, "kid-1", mod(iss, func(c jwt.MapClaims) {
				c["iat"] = t0.Add(-2 * time.Hour).Unix()
				c["exp"] = t0.Add(-time.Minute).Unix()
			}))
		}, "expired"},
		{"not yet valid (nbf)", func(iss string) string {
			return sign(t, k1, "kid-1", mod(iss, func(c jwt.MapClaims) { c["nbf"] = t0.Add(time.Minute).Unix() }))
		}, "not valid yet"},
		{"issued in the future", func(iss string) string {
			return sign(t, k1, "kid-1", mod(iss, func(c jwt.MapClaims) { c["iat"] = t0.Add(time.Minute).Unix() }))
		}, "issued in the future"},
		{"no exp", func(iss string) string {
			return sign(t, k1, "kid-1", mod(iss, func(c jwt.MapClaims) { delete(c, "exp") }))
		}, "no expiry"},
		{"wrong issuer", func(iss string) string {
			return sign(t, k1, "kid-1", mod(iss, func(c jwt.MapClaims) {
				c["iss"] = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other"
			}))
		}, "issuer is not the user pool"},
		{"wrong client", func(iss string) string {
			return sign(t, k1, "kid-1", mod(iss, func(c jwt.MapClaims) { c["client_id"] = "otherclient" }))
		}, "client_id is not the skill's app client"},
		{"ID token", func(iss string) string {
			return sign(t, k1, "kid-1", mod(iss, func(c jwt.MapClaims) {
				c["token_use"] = "id"
				c["aud"] = testClient
				delete(c, "client_id")
				c["email"] = "alice@example.com"
			}))
		}, "token_use is not access"},
		{"unknown kid", func(iss string) string { return sign(t, k2, "kid-2", accessClaimsAt(iss, t0)) }, "unknown signing key"},
		{"no kid", func(iss string) string { return sign(t, k1, "", accessClaimsAt(iss, t0)) }, "no key ID"},
		{"signed by another key under a known kid", func(iss string) string {
			return sign(t, k2, "kid-1", accessClaimsAt(iss, t0))
		}, "invalid signature"},
		{"tampered payload", func(iss string) string {
			tok := sign(t, k1, "kid-1", accessClaimsAt(iss, t0))
			parts := strings.Split(tok, ".")
			evil := accessClaimsAt(iss, t0)
			evil["username"] = "mallory"
			b, _ := json.Marshal(evil)
			parts[1] = base64.RawURLEncoding.EncodeToString(b)
			return strings.Join(parts, ".")
		}, "invalid signature"},
		{"alg none", func(iss string) string {
			tok := jwt.NewWithClaims(jwt.SigningMethodNone, accessClaimsAt(iss, t0))
			tok.Header["kid"] = "kid-1"
			s, err := tok.SignedString(jwt.UnsafeAllowNoneSignatureType)
			if err != nil {
				t.Fatal(err)
			}
			return s
		}, "algorithm is not RS256"},
		{"alg none, hand-made with empty signature", func(iss string) string {
			h := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"none","typ":"JWT","kid":"kid-1"}`))
			b, _ := json.Marshal(accessClaimsAt(iss, t0))
			return h + "." + base64.RawURLEncoding.EncodeToString(b) + "."
		}, "algorithm is not RS256"},
		{"HS256 with the public key PEM as secret", func(iss string) string {
			tok := jwt.NewWithClaims(jwt.SigningMethodHS256, accessClaimsAt(iss, t0))
			tok.Header["kid"] = "kid-1"
			return must(tok.SignedString(pubPEM))
		}, "algorithm is not RS256"},
		{"HS256 with the public key DER as secret", func(iss string) string {
			tok := jwt.NewWithClaims(jwt.SigningMethodHS256, accessClaimsAt(iss, t0))
			tok.Header["kid"] = "kid-1"
			return must(tok.SignedString(pubDER))
		}, "algorithm is not RS256"},
		{"RS512", func(iss string) string {
			tok := jwt.NewWithClaims(jwt.SigningMethodRS512, accessClaimsAt(iss, t0))
			tok.Header["kid"] = "kid-1"
			return must(tok.SignedString(k1))
		}, "algorithm is not RS256"},
		{"garbage", func(string) string { return "not-a-jwt" }, "malformed token"},
		{"empty", func(string) string { return "" }, "no token"},
		{"too long", func(string) string { return strings.Repeat("a", MaxTokenBytes+1) }, "token too long"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t)
			tok := c.token(f.jwks.issuer())
			p, err := f.source.Profile(context.Background(), tok)
			if !errors.Is(err, runtime.ErrNotLinked) {
				t.Fatalf("Profile = %v, %v; want ErrNotLinked", p, err)
			}
			var re *RejectedError
			if !errors.As(err, &re) || re.Reason != c.reason {
				t.Errorf("error = %v, want reason %q", err, c.reason)
			}
			if n := f.calls.Load(); n != 0 {
				t.Errorf("GetUser calls = %d, want 0", n)
			}
			if tok != "" && strings.Contains(err.Error(), tok) {
				t.Errorf("error message contains the token")
			}
		})
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// A flood of tokens with made-up kids causes at most one refresh per
// MinRefreshInterval.
func TestUnknownKidRefreshIsRateLimited(t *testing.T) {
	f := newFixture(t)
	k1, k2, _ := testKeys(t)
	good := sign(t, k1, "kid-1", accessClaimsAt(f.jwks.issuer(), t0))
	if _, err := f.verifier.Verify(context.Background(), good); err != nil {
		t.Fatal(err)
	}
	// Right after a fetch, even one refresh is too early.
	if _, err := f.verifier.Verify(context.Background(), sign(t, k2, "kid-2", accessClaimsAt(f.jwks.issuer(), t0))); !errors.Is(err, runtime.ErrNotLinked) {
		t.Fatalf("unknown kid: %v", err)
	}
	if n := f.jwks.fetches.Load(); n != 1 {
		t.Errorf("JWKS fetches = %d, want 1", n)
	}
	f.clock.Add(DefaultMinRefreshInterval)
	var wg sync.WaitGroup
	for i := range 100 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tok := sign(t, k2, "garbage-"+string(rune('a'+i%26))+strings.Repeat("x", i), accessClaimsAt(f.jwks.issuer(), t0))
			if _, err := f.verifier.Verify(context.Background(), tok); !errors.Is(err, runtime.ErrNotLinked) {
				t.Errorf("unknown kid: %v", err)
			}
		}()
	}
	wg.Wait()
	if n := f.jwks.fetches.Load(); n != 2 {
		t.Errorf("JWKS fetches = %d, want 2 (initial + one refresh)", n)
	}
	// Tokens that fail the claim checks never cause a fetch, even after the
	// interval.
	f.clock.Add(2 * DefaultMinRefreshInterval)
	bad := accessClaimsAt("https://elsewhere.example/pool", t0)
	if _, err := f.verifier.Verify(context.Background(), sign(t, k2, "kid-9", bad)); !errors.Is(err, runtime.ErrNotLinked) {
		t.Fatal(err)
	}
	if n := f.jwks.fetches.Load(); n != 2 {
		t.Errorf("JWKS fetches after foreign token = %d, want 2", n)
	}
}

// After a key rotation, a token with the new kid is accepted once the set
// is refreshed; the refresh happens when the rate limit allows.
func TestKeyRotation(t *testing.T) {
	f := newFixture(t)
	k1, k2, _ := testKeys(t)
	if _, err := f.verifier.Verify(context.Background(), sign(t, k1, "kid-1", accessClaimsAt(f.jwks.issuer(), t0))); err != nil {
		t.Fatal(err)
	}
	f.jwks.set(http.StatusOK, jwkOf("kid-1", &k1.PublicKey), jwkOf("kid-2", &k2.PublicKey))
	f.clock.Add(DefaultMinRefreshInterval)
	tok := sign(t, k2, "kid-2", accessClaimsAt(f.jwks.issuer(), f.clock.Now()))
	if _, err := f.verifier.Verify(context.Background(), tok); err != nil {
		t.Fatalf("rotated key: %v", err)
	}
	if n := f.jwks.fetches.Load(); n != 2 {
		t.Errorf("JWKS fetches = %d, want 2", n)
	}
}

// An unreachable key set is not the user's fault: ErrKeysUnavailable, not
// ErrNotLinked, no GetUser, and retries are spaced by FailureRetry.
func TestKeySetUnavailable(t *testing.T) {
	f := newFixture(t)
	k1, _, _ := testKeys(t)
	f.jwks.set(http.StatusInternalServerError)
	tok := sign(t, k1, "kid-1", accessClaimsAt(f.jwks.issuer(), t0))
	for range 5 {
		_, err := f.source.Profile(context.Background(), tok)
		if !errors.Is(err, ErrKeysUnavailable) || errors.Is(err, runtime.ErrNotLinked) {
			t.Fatalf("err = %v, want ErrKeysUnavailable", err)
		}
	}
	if n := f.jwks.fetches.Load(); n != 1 {
		t.Errorf("JWKS fetches = %d, want 1 within FailureRetry", n)
	}
	f.jwks.set(http.StatusOK, jwkOf("kid-1", &k1.PublicKey))
	f.clock.Add(DefaultFailureRetry)
	if _, err := f.source.Profile(context.Background(), tok); err != nil {
		t.Fatalf("after recovery: %v", err)
	}
	if n := f.calls.Load(); n != 1 {
		t.Errorf("GetUser calls = %d, want 1", n)
	}
}

func TestPrefetch(t *testing.T) {
	f := newFixture(t)
	if err := f.verifier.Prefetch(context.Background()); err != nil {
		t.Fatal(err)
	}
	k1, _, _ := testKeys(t)
	if _, err := f.verifier.Verify(context.Background(), sign(t, k1, "kid-1", accessClaimsAt(f.jwks.issuer(), t0))); err != nil {
		t.Fatal(err)
	}
	if n := f.jwks.fetches.Load(); n != 1 {
		t.Errorf("JWKS fetches = %d, want 1", n)
	}
}

func TestParseJWKS(t *testing.T) {
	k1, _, _ := testKeys(t)
	weak, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	good := jwkOf("good", &k1.PublicKey)
	enc := jwkOf("enc", &k1.PublicKey)
	enc["use"] = "enc"
	ps := jwkOf("ps", &k1.PublicKey)
	ps["alg"] = "PS256"
	doc, _ := json.Marshal(map[string]any{"keys": []any{
		good, enc, ps, jwkOf("weak", &weak.PublicKey), jwkOf("", &k1.PublicKey),
		map[string]string{"kty": "EC", "kid": "ec", "crv": "P-256", "x": "AA", "y": "AA"},
		map[string]string{"kty": "RSA", "kid": "badn", "n": "!!", "e": "AQAB"},
		map[string]string{"kty": "RSA", "kid": "bade", "n": good["n"], "e": "AAAAAAAB"},
		map[string]string{"kty": "RSA", "kid": "evene", "n": good["n"], "e": "Ag"},
	}})
	keys, err := parseJWKS(doc)
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) != 1 || keys["good"] == nil || keys["good"].N.Cmp(k1.N) != 0 || keys["good"].E != 65537 {
		t.Errorf("keys = %v, want only good", keys)
	}
	for _, bad := range []string{``, `{`, `{"keys":[]}`, `{"keys":"x"}`, `null`} {
		if _, err := parseJWKS([]byte(bad)); err == nil {
			t.Errorf("parseJWKS(%q): no error", bad)
		}
	}
}

func TestConfigFromEnv(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	c, err := ConfigFromEnv(env(map[string]string{facts.EnvUserPoolID: "eu-west-1_AbC", facts.EnvClientID: "cid"}))
	if err != nil {
		t.Fatal(err)
	}
	v, err := NewVerifier(c)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := v.Issuer(), "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC"; got != want {
		t.Errorf("issuer = %q, want %q", got, want)
	}
	if got, want := v.JWKSURL(), "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC/.well-known/jwks.json"; got != want {
		t.Errorf("JWKS URL = %q, want %q", got, want)
	}
	// cognito-local: pool IDs have no region; issuer and JWKS come from env.
	c, err = ConfigFromEnv(env(map[string]string{facts.EnvUserPoolID: "local_5wmE", facts.EnvClientID: "cid",
		EnvIssuer: "http://127.0.0.1:9229/local_5wmE"}))
	if err != nil {
		t.Fatal(err)
	}
	v, _ = NewVerifier(c)
	if v.JWKSURL() != "http://127.0.0.1:9229/local_5wmE/.well-known/jwks.json" {
		t.Errorf("JWKS URL = %q", v.JWKSURL())
	}
	c, err = ConfigFromEnv(env(map[string]string{facts.EnvUserPoolID: "local_5wmE", facts.EnvClientID: "cid", "AWS_REGION": "us-west-2"}))
	if err != nil {
		t.Fatal(err)
	}
	if v, _ = NewVerifier(c); v.Issuer() != "https://cognito-idp.us-west-2.amazonaws.com/local_5wmE" {
		t.Errorf("issuer = %q", v.Issuer())
	}
	for name, m := range map[string]map[string]string{
		"no pool":      {facts.EnvClientID: "cid"},
		"no client":    {facts.EnvUserPoolID: "us-east-1_X"},
		"no region":    {facts.EnvUserPoolID: "local_X", facts.EnvClientID: "cid"},
		"bad issuer":   {facts.EnvUserPoolID: "us-east-1_X", facts.EnvClientID: "cid", EnvIssuer: "ftp://x/y"},
		"bad jwks":     {facts.EnvUserPoolID: "us-east-1_X", facts.EnvClientID: "cid", EnvJWKSURL: "/relative"},
		"pool with /":  {facts.EnvUserPoolID: "us-east-1_X/../y", facts.EnvClientID: "cid"},
		"empty values": {facts.EnvUserPoolID: " ", facts.EnvClientID: " "},
	} {
		if _, err := ConfigFromEnv(env(m)); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
