package auth

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/skillgen/skillgen/runtime"
	"github.com/skillgen/skillgen/runtime/cache"
)

// A verified token is accepted again without a signature check, until its
// exp and no longer.
func TestVerifiedTokenCache(t *testing.T) {
	f := newFixture(t)
	k1, _, _ := testKeys(t)
	tok := sign(t, k1, "kid-1", accessClaimsAt(f.jwks.issuer(), t0))
	k := cache.KeyOf(tok)
	first, err := f.verifier.VerifyKey(context.Background(), k, tok)
	if err != nil {
		t.Fatal(err)
	}
	if n := f.verifier.VerifiedTokens(); n != 1 {
		t.Fatalf("verified tokens = %d, want 1", n)
	}
	// Without its parser the verifier cannot check a signature: only the
	// cache can answer now.
	parser := f.verifier.parser
	f.verifier.parser = nil
	f.clock.Add(59 * time.Minute)
	again, err := f.verifier.VerifyKey(context.Background(), k, tok)
	if err != nil || again != first {
		t.Fatalf("cached: %+v, %v; want %+v", again, err, first)
	}
	// At exp the entry is dead: the token is checked again (the leeway
	// applies there, and a token past it is rejected).
	f.verifier.parser = parser
	f.clock.Add(time.Minute + DefaultLeeway)
	if _, err := f.verifier.VerifyKey(context.Background(), k, tok); !errors.Is(err, runtime.ErrNotLinked) {
		t.Fatalf("after exp: %v, want rejected", err)
	}
	// A tampered copy has another key and is verified (and rejected).
	bad := tok[:len(tok)-4] + "AAAA"
	f.clock.Add(-time.Hour)
	if _, err := f.verifier.VerifyKey(context.Background(), cache.KeyOf(bad), bad); !errors.Is(err, runtime.ErrNotLinked) {
		t.Fatalf("tampered: %v, want rejected", err)
	}
}

// The cache is bounded, and rejected tokens are never stored.
func TestVerifiedTokenCacheBounded(t *testing.T) {
	f := newFixture(t)
	k1, _, _ := testKeys(t)
	v, err := NewVerifier(Config{UserPoolID: testPool, ClientID: testClient, Issuer: f.jwks.issuer(), Now: f.clock.Now, VerifiedTokens: 3})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 10 {
		c := accessClaimsAt(f.jwks.issuer(), t0)
		c["jti"] = fmt.Sprint("jti-", i)
		tok := sign(t, k1, "kid-1", c)
		if _, err := v.VerifyKey(context.Background(), cache.KeyOf(tok), tok); err != nil {
			t.Fatal(err)
		}
		if n := v.VerifiedTokens(); n > 3 {
			t.Fatalf("verified tokens = %d after %d tokens, bound 3", n, i+1)
		}
	}
	expired := accessClaimsAt(f.jwks.issuer(), t0.Add(-2*time.Hour))
	tok := sign(t, k1, "kid-1", jwt.MapClaims(expired))
	off, _ := NewVerifier(Config{UserPoolID: testPool, ClientID: testClient, Issuer: f.jwks.issuer(), Now: f.clock.Now})
	if _, err := off.VerifyKey(context.Background(), cache.KeyOf(tok), tok); err == nil || off.VerifiedTokens() != 0 {
		t.Fatalf("expired token: %v, cached %d", err, off.VerifiedTokens())
	}
}

// A request waiting for another request's key-set fetch gives up when its
// own context ends.
func TestKeySetWaitIsBounded(t *testing.T) {
	f := newFixture(t)
	k1, _, _ := testKeys(t)
	if err := f.verifier.keys.lock(context.Background()); err != nil { // a fetch under way
		t.Fatal(err)
	}
	defer f.verifier.keys.unlock()
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := f.verifier.Verify(ctx, sign(t, k1, "kid-1", accessClaimsAt(f.jwks.issuer(), t0)))
	if !errors.Is(err, ErrKeysUnavailable) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want ErrKeysUnavailable after the deadline", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Fatalf("waited %v for a 50 ms deadline", d)
	}
}
