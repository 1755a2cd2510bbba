package cache

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/skillgen/skillgen/runtime"
)

var t0 = time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)

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

// jwtWithExp builds a token-shaped string whose payload carries exp; the
// cache does not check signatures.
func jwtWithExp(sub string, exp time.Time) string {
	enc := base64.RawURLEncoding.EncodeToString
	return enc([]byte(`{"alg":"RS256","kid":"k"}`)) + "." +
		enc(fmt.Appendf(nil, `{"sub":%q,"exp":%d}`, sub, exp.Unix())) + ".c2lnbmF0dXJl"
}

// counting is a profile source double that counts calls (GetUser).
type counting struct {
	calls atomic.Int32
	fn    func(n int32, token string) (map[string]string, error)
}

func (s *counting) Profile(_ context.Context, token string) (map[string]string, error) {
	n := s.calls.Add(1)
	if s.fn != nil {
		return s.fn(n, token)
	}
	return map[string]string{"given_name": "Alice", "n": fmt.Sprint(n)}, nil
}

func newCache(src runtime.ProfileSource, cfg Config) (*Cache, *clock) {
	clk := &clock{t: t0}
	cfg.Now = clk.Now
	return New(src, cfg), clk
}

func TestHundredRequestsOneCall(t *testing.T) {
	src := &counting{}
	c, _ := newCache(src, Config{})
	tok := jwtWithExp("u1", t0.Add(time.Hour))
	for i := range 100 {
		p, err := c.Profile(context.Background(), tok)
		if err != nil || p["given_name"] != "Alice" {
			t.Fatalf("request %d: %v, %v", i, p, err)
		}
	}
	if n := src.calls.Load(); n != 1 {
		t.Errorf("GetUser calls = %d, want 1", n)
	}
}

func TestConcurrentFirstRequestsShareOneCall(t *testing.T) {
	release := make(chan struct{})
	src := &counting{fn: func(int32, string) (map[string]string, error) {
		<-release
		return map[string]string{"given_name": "Alice"}, nil
	}}
	c, _ := newCache(src, Config{})
	tok := jwtWithExp("u1", t0.Add(time.Hour))
	var started, done sync.WaitGroup
	errs := make(chan error, 32)
	for range 32 {
		started.Add(1)
		done.Add(1)
		go func() {
			defer done.Done()
			started.Done()
			p, err := c.Profile(context.Background(), tok)
			if err == nil && p["given_name"] != "Alice" {
				err = fmt.Errorf("profile %v", p)
			}
			errs <- err
		}()
	}
	started.Wait()
	// Let the 32 goroutines reach the cache before the call returns; if
	// they did not share the call, each would call the source.
	for deadline := time.Now().Add(2 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		c.mu.Lock()
		n := len(c.inflight)
		c.mu.Unlock()
		if n == 1 {
			break
		}
	}
	time.Sleep(20 * time.Millisecond)
	close(release)
	done.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	if n := src.calls.Load(); n != 1 {
		t.Errorf("GetUser calls = %d, want 1", n)
	}
}

func TestEntriesExpireWithToken(t *testing.T) {
	src := &counting{}
	c, clk := newCache(src, Config{TTL: 5 * time.Minute})
	short := jwtWithExp("u1", t0.Add(2*time.Minute))
	long := jwtWithExp("u2", t0.Add(time.Hour))
	for _, tok := range []string{short, long} {
		if _, err := c.Profile(context.Background(), tok); err != nil {
			t.Fatal(err)
		}
	}
	clk.Add(2*time.Minute - time.Second)
	c.Profile(context.Background(), short)
	c.Profile(context.Background(), long)
	if n := src.calls.Load(); n != 2 {
		t.Fatalf("calls before expiry = %d, want 2", n)
	}
	clk.Add(time.Second) // short token's exp: entry gone
	c.Profile(context.Background(), short)
	if n := src.calls.Load(); n != 3 {
		t.Errorf("calls after token expiry = %d, want 3", n)
	}
	clk.Add(3 * time.Minute) // past the TTL of the long token's entry
	c.Profile(context.Background(), long)
	if n := src.calls.Load(); n != 4 {
		t.Errorf("calls after TTL = %d, want 4", n)
	}
	// An already expired token is answered but not kept.
	gone := jwtWithExp("u3", clk.Now().Add(-time.Second))
	c.Profile(context.Background(), gone)
	c.Profile(context.Background(), gone)
	if n := src.calls.Load(); n != 6 {
		t.Errorf("calls for an expired token = %d, want 6", n)
	}
}

func TestTTLOnlyWithoutExp(t *testing.T) {
	src := &counting{}
	c, clk := newCache(src, Config{TTL: time.Minute})
	c.Profile(context.Background(), "opaque-token")
	clk.Add(59 * time.Second)
	c.Profile(context.Background(), "opaque-token")
	clk.Add(time.Second)
	c.Profile(context.Background(), "opaque-token")
	if n := src.calls.Load(); n != 2 {
		t.Errorf("calls = %d, want 2", n)
	}
}

func TestErrorsAreNotCached(t *testing.T) {
	boom := errors.New("TooManyRequestsException")
	src := &counting{fn: func(n int32, _ string) (map[string]string, error) {
		if n == 1 {
			return nil, boom
		}
		return map[string]string{"given_name": "Alice"}, nil
	}}
	c, _ := newCache(src, Config{})
	tok := jwtWithExp("u1", t0.Add(time.Hour))
	if _, err := c.Profile(context.Background(), tok); !errors.Is(err, boom) {
		t.Fatalf("err = %v", err)
	}
	if p, err := c.Profile(context.Background(), tok); err != nil || p["given_name"] != "Alice" {
		t.Fatalf("second: %v, %v", p, err)
	}
	if n := src.calls.Load(); n != 2 {
		t.Errorf("calls = %d, want 2", n)
	}
}

func TestNotLinkedCachedBriefly(t *testing.T) {
	notLinked := fmt.Errorf("NotAuthorizedException: %w", runtime.ErrNotLinked)
	src := &counting{fn: func(int32, string) (map[string]string, error) { return nil, notLinked }}
	c, clk := newCache(src, Config{NegativeTTL: 10 * time.Second})
	tok := jwtWithExp("u1", t0.Add(time.Hour))
	for range 5 {
		if _, err := c.Profile(context.Background(), tok); !errors.Is(err, runtime.ErrNotLinked) {
			t.Fatalf("err = %v", err)
		}
	}
	if n := src.calls.Load(); n != 1 {
		t.Errorf("calls = %d, want 1", n)
	}
	clk.Add(10 * time.Second)
	c.Profile(context.Background(), tok)
	if n := src.calls.Load(); n != 2 {
		t.Errorf("calls after NegativeTTL = %d, want 2", n)
	}

	src2 := &counting{fn: func(int32, string) (map[string]string, error) { return nil, notLinked }}
	off, _ := newCache(src2, Config{NegativeTTL: -1})
	off.Profile(context.Background(), tok)
	off.Profile(context.Background(), tok)
	if n := src2.calls.Load(); n != 2 {
		t.Errorf("calls with negative caching off = %d, want 2", n)
	}
	if _, err := off.Profile(context.Background(), ""); !errors.Is(err, runtime.ErrNotLinked) {
		t.Errorf("empty token: %v", err)
	}
	if n := src2.calls.Load(); n != 2 {
		t.Errorf("empty token reached the source")
	}
}

func TestLRUEviction(t *testing.T) {
	src := &counting{}
	c, _ := newCache(src, Config{MaxEntries: 2})
	a, b, d := jwtWithExp("a", t0.Add(time.Hour)), jwtWithExp("b", t0.Add(time.Hour)), jwtWithExp("d", t0.Add(time.Hour))
	ctx := context.Background()
	c.Profile(ctx, a)
	c.Profile(ctx, b)
	c.Profile(ctx, a) // a is now the most recent
	c.Profile(ctx, d) // evicts b
	if c.Len() != 2 {
		t.Errorf("Len = %d, want 2", c.Len())
	}
	c.Profile(ctx, a)
	if n := src.calls.Load(); n != 3 {
		t.Errorf("calls = %d, want 3 (a still cached)", n)
	}
	c.Profile(ctx, b)
	if n := src.calls.Load(); n != 4 {
		t.Errorf("calls = %d, want 4 (b evicted)", n)
	}
}

func TestReturnedMapIsACopy(t *testing.T) {
	c, _ := newCache(&counting{}, Config{})
	tok := jwtWithExp("u1", t0.Add(time.Hour))
	p, _ := c.Profile(context.Background(), tok)
	p["given_name"] = "Mallory"
	if q, _ := c.Profile(context.Background(), tok); q["given_name"] != "Alice" {
		t.Errorf("cached profile changed through a returned map: %v", q)
	}
}

func TestWaiterHonoursItsContext(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	src := &counting{fn: func(int32, string) (map[string]string, error) {
		<-release
		return map[string]string{}, nil
	}}
	c, _ := newCache(src, Config{})
	tok := jwtWithExp("u1", t0.Add(time.Hour))
	go c.Profile(context.Background(), tok)
	for deadline := time.Now().Add(2 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		c.mu.Lock()
		n := len(c.inflight)
		c.mu.Unlock()
		if n == 1 {
			break
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if _, err := c.Profile(ctx, tok); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("waiter err = %v, want DeadlineExceeded", err)
	}
}

func TestPanickingSourceReleasesWaiters(t *testing.T) {
	src := &counting{fn: func(n int32, _ string) (map[string]string, error) {
		if n == 1 {
			panic("boom")
		}
		return map[string]string{"given_name": "Alice"}, nil
	}}
	c, _ := newCache(src, Config{})
	tok := jwtWithExp("u1", t0.Add(time.Hour))
	func() {
		defer func() {
			if recover() == nil {
				t.Error("panic not propagated to the caller")
			}
		}()
		c.Profile(context.Background(), tok)
	}()
	if p, err := c.Profile(context.Background(), tok); err != nil || p["given_name"] != "Alice" {
		t.Errorf("after panic: %v, %v", p, err)
	}
}

func TestTokenExpiry(t *testing.T) {
	enc := base64.RawURLEncoding.EncodeToString
	if exp, ok := TokenExpiry(jwtWithExp("x", t0)); !ok || !exp.Equal(t0) {
		t.Errorf("TokenExpiry = %v, %v", exp, ok)
	}
	for _, tok := range []string{"", "a", "a.b", "a.!!!.c", "a." + enc([]byte(`{}`)) + ".c",
		"a." + enc([]byte(`{"exp":"soon"}`)) + ".c", "a." + enc([]byte(`{"exp":-1}`)) + ".c",
		"a." + enc([]byte(`{"exp":1e300}`)) + ".c", "a." + enc([]byte(`[`)) + ".c"} {
		if _, ok := TokenExpiry(tok); ok {
			t.Errorf("TokenExpiry(%q) ok", tok)
		}
	}
}

func FuzzTokenExpiry(f *testing.F) {
	f.Add(jwtWithExp("x", t0))
	f.Add("a.e30.c")
	f.Fuzz(func(t *testing.T, tok string) {
		if exp, ok := TokenExpiry(tok); ok && exp.Unix() <= 0 {
			t.Fatalf("non-positive expiry %v accepted", exp)
		}
	})
}

func BenchmarkHit(b *testing.B) {
	c := New(&counting{}, Config{})
	tok := jwtWithExp("u1", time.Now().Add(time.Hour))
	ctx := context.Background()
	c.Profile(ctx, tok)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Profile(ctx, tok); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkHitParallel(b *testing.B) {
	c := New(&counting{}, Config{})
	tok := jwtWithExp("u1", time.Now().Add(time.Hour))
	ctx := context.Background()
	c.Profile(ctx, tok)
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := c.Profile(ctx, tok); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// BenchmarkMissEvict measures a miss that stores and evicts (full cache).
func BenchmarkMissEvict(b *testing.B) {
	c := New(&counting{}, Config{MaxEntries: 100})
	exp := time.Now().Add(time.Hour)
	toks := make([]string, 1000)
	for i := range toks {
		toks[i] = jwtWithExp(fmt.Sprint("u", i), exp)
	}
	ctx := context.Background()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		c.Profile(ctx, toks[i%len(toks)])
		i++
	}
}

// Get takes the expiry the caller verified (here sooner than the TTL and
// than the token's own unverified exp); Lookup never fetches and sees what
// Get stored, until it expires.
func TestGetWithKnownExpiryAndLookup(t *testing.T) {
	src := &counting{}
	c, clk := newCache(src, Config{TTL: time.Hour})
	tok := jwtWithExp("u", t0.Add(2*time.Hour))
	k := KeyOf(tok)
	if _, _, ok := c.Lookup(k); ok {
		t.Fatal("Lookup hit on an empty cache")
	}
	if src.calls.Load() != 0 {
		t.Fatal("Lookup fetched")
	}
	if _, err := c.Get(context.Background(), k, tok, t0.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	p, err, ok := c.Lookup(k)
	if !ok || err != nil || p["given_name"] != "Alice" {
		t.Fatalf("Lookup = %v, %v, %v", p, err, ok)
	}
	p["given_name"] = "changed"
	if p2, _, _ := c.Lookup(k); p2["given_name"] != "Alice" {
		t.Fatal("Lookup returned the cached map itself")
	}
	clk.Add(time.Minute)
	if _, _, ok := c.Lookup(k); ok {
		t.Fatal("entry outlived the expiry given to Get")
	}
	if KeyOf(tok) != Key(sha256.Sum256([]byte(tok))) {
		t.Fatal("KeyOf is not the SHA-256 of the token")
	}
}
