package auth

import (
	"context"
	"sync"
	"time"

	"github.com/skillgen/skillgen/runtime/cache"
)

// DefaultVerifiedTokens bounds the verified-token cache when
// Config.VerifiedTokens is zero.
const DefaultVerifiedTokens = 1000

// verifiedTokens remembers tokens whose signature and claims passed, by the
// SHA-256 of the token (the token itself is not kept), until the token's
// exp: a warm request with a known token costs a map lookup instead of an
// RS256 verification. It is bounded; when full, expired entries go first,
// then an arbitrary one (map order), so a flood of valid tokens cannot
// grow it.
type verifiedTokens struct {
	max int
	mu  sync.RWMutex
	m   map[cache.Key]Claims
}

func newVerifiedTokens(max int) *verifiedTokens {
	if max == 0 {
		max = DefaultVerifiedTokens
	}
	if max < 0 {
		return nil
	}
	return &verifiedTokens{max: max, m: make(map[cache.Key]Claims)}
}

// get returns the claims of a verified token that has not expired at now.
func (t *verifiedTokens) get(k cache.Key, now time.Time) (Claims, bool) {
	t.mu.RLock()
	c, ok := t.m[k]
	t.mu.RUnlock()
	if !ok || !now.Before(c.Expires) {
		return Claims{}, false
	}
	return c, true
}

func (t *verifiedTokens) put(k cache.Key, c Claims, now time.Time) {
	if !now.Before(c.Expires) {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if _, ok := t.m[k]; !ok && len(t.m) >= t.max {
		for old, oc := range t.m {
			if !now.Before(oc.Expires) {
				delete(t.m, old)
			}
		}
		for old := range t.m {
			if len(t.m) < t.max {
				break
			}
			delete(t.m, old)
		}
	}
	t.m[k] = c
}

func (t *verifiedTokens) len() int {
	t.mu.RLock()
	defer t.mu.RUnlock()
	return len(t.m)
}

// VerifyKey is Verify with a verified-token cache in front: k must be
// cache.KeyOf(token) (the chain computes it once per request and shares it
// with the profile cache). A token verified before is accepted without
// another signature check until its exp (no leeway); a rejected token is
// checked again every time (claims first, so most cost no RSA work).
func (v *Verifier) VerifyKey(ctx context.Context, k cache.Key, token string) (Claims, error) {
	if v.verified == nil {
		return v.Verify(ctx, token)
	}
	now := v.now()
	if c, ok := v.verified.get(k, now); ok {
		return c, nil
	}
	c, err := v.Verify(ctx, token)
	if err != nil {
		return Claims{}, err
	}
	v.verified.put(k, c, now)
	return c, nil
}

// Verified returns the claims of a token already verified and not yet
// expired, by its key, without verifying anything: ok false means the token
// must go through VerifyKey.
func (v *Verifier) Verified(k cache.Key) (Claims, bool) {
	if v.verified == nil {
		return Claims{}, false
	}
	return v.verified.get(k, v.now())
}

// VerifiedTokens returns the number of tokens in the verified-token cache.
func (v *Verifier) VerifiedTokens() int {
	if v.verified == nil {
		return 0
	}
	return v.verified.len()
}
