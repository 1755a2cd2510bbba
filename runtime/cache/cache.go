// Package cache keeps Cognito profiles in memory so one warm instance makes
// at most one GetUser per access token while the entry lives.
//
// Entries are keyed by the SHA-256 of the token (the token itself is never
// stored), live for a TTL that never reaches past the token's expiry, and
// are evicted least-recently-used beyond a size bound. Concurrent first
// requests for one token share one call to the wrapped source. Errors are
// not cached, except runtime.ErrNotLinked for a short NegativeTTL (a revoked
// token is not asked about again at every utterance).
//
// Put the cache behind local token verification: it reads the token's exp
// claim without checking the signature.
package cache

import (
	"container/list"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"maps"
	"strings"
	"sync"
	"time"
	"unsafe"

	"github.com/skillgen/skillgen/runtime"
)

// Defaults for Config fields left zero.
const (
	DefaultTTL         = 5 * time.Minute
	DefaultNegativeTTL = 30 * time.Second
	DefaultMaxEntries  = 1000
)

// Config configures a Cache.
type Config struct {
	// TTL of a profile entry. Default DefaultTTL.
	TTL time.Duration
	// NegativeTTL of an ErrNotLinked answer. Default DefaultNegativeTTL;
	// negative: not cached.
	NegativeTTL time.Duration
	// MaxEntries bounds the entries kept. Default DefaultMaxEntries.
	MaxEntries int
	// Expiry returns the token's expiry (ok false: unknown, TTL only).
	// Default: the exp claim of the JWT payload, decoded without
	// verification.
	Expiry func(ctx context.Context, token string) (exp time.Time, ok bool)
	// Now is the clock; default time.Now.
	Now func() time.Time
}

// Key identifies a token in the caches: its SHA-256, so no cache keeps the
// token itself. The chain computes it once per request (KeyOf) and hands it
// to the verified-token cache and to the profile cache.
type Key [sha256.Size]byte

// KeyOf returns the key of token. It hashes the string's bytes in place
// (Sum256 only reads them): converting a 1 KB token to []byte would copy it
// on every request.
func KeyOf(token string) Key {
	return Key(sha256.Sum256(unsafe.Slice(unsafe.StringData(token), len(token))))
}

// Lookup returns the live entry for k without fetching: ok false on a
// miss. It is the chain's fast path for a warm request.
func (c *Cache) Lookup(k Key) (profile map[string]string, err error, ok bool) {
	now := c.now()
	c.mu.Lock()
	el, found := c.entries[k]
	if !found {
		c.mu.Unlock()
		return nil, nil, false
	}
	e := el.Value.(*entry)
	if !now.Before(e.expires) {
		c.mu.Unlock()
		return nil, nil, false
	}
	c.lru.MoveToFront(el)
	c.mu.Unlock()
	if e.err != nil {
		return nil, e.err, true
	}
	return maps.Clone(e.profile), nil, true
}

type key = Key

type entry struct {
	k       key
	profile map[string]string
	err     error // ErrNotLinked answers only
	expires time.Time
}

// call is one in-flight fetch shared by concurrent requests for a key.
type call struct {
	done    chan struct{}
	profile map[string]string
	err     error
}

// Cache is a runtime.ProfileSource that caches another one.
type Cache struct {
	next   runtime.ProfileSource
	ttl    time.Duration
	negTTL time.Duration
	max    int
	expiry func(context.Context, string) (time.Time, bool)
	now    func() time.Time

	mu       sync.Mutex
	lru      *list.List // of *entry, most recent first
	entries  map[key]*list.Element
	inflight map[key]*call
}

var _ runtime.ProfileSource = (*Cache)(nil)

// New returns a Cache in front of next.
func New(next runtime.ProfileSource, cfg Config) *Cache {
	c := &Cache{
		next:     next,
		ttl:      cfg.TTL,
		negTTL:   cfg.NegativeTTL,
		max:      cfg.MaxEntries,
		expiry:   cfg.Expiry,
		now:      cfg.Now,
		lru:      list.New(),
		entries:  make(map[key]*list.Element),
		inflight: make(map[key]*call),
	}
	if c.ttl <= 0 {
		c.ttl = DefaultTTL
	}
	if c.negTTL == 0 {
		c.negTTL = DefaultNegativeTTL
	}
	if c.max <= 0 {
		c.max = DefaultMaxEntries
	}
	if c.expiry == nil {
		c.expiry = func(_ context.Context, token string) (time.Time, bool) { return TokenExpiry(token) }
	}
	if c.now == nil {
		c.now = time.Now
	}
	return c
}

// Profile returns the cached profile for token, or fetches it once from the
// wrapped source. The returned map is the caller's own copy.
func (c *Cache) Profile(ctx context.Context, token string) (map[string]string, error) {
	if token == "" {
		return nil, runtime.ErrNotLinked
	}
	return c.get(ctx, KeyOf(token), token, time.Time{})
}

// Get is Profile for a token whose key (KeyOf) and expiry the caller
// already knows, e.g. from verifying it: the entry never outlives exp. A
// zero exp means unknown (Config.Expiry decides).
func (c *Cache) Get(ctx context.Context, k Key, token string, exp time.Time) (map[string]string, error) {
	if token == "" {
		return nil, runtime.ErrNotLinked
	}
	return c.get(ctx, k, token, exp)
}

func (c *Cache) get(ctx context.Context, k Key, token string, exp time.Time) (map[string]string, error) {
	now := c.now()

	c.mu.Lock()
	if el, ok := c.entries[k]; ok {
		e := el.Value.(*entry)
		if now.Before(e.expires) {
			c.lru.MoveToFront(el)
			c.mu.Unlock()
			if e.err != nil {
				return nil, e.err
			}
			return maps.Clone(e.profile), nil
		}
		c.remove(el)
	}
	cl, shared := c.inflight[k]
	if !shared {
		cl = &call{done: make(chan struct{})}
		c.inflight[k] = cl
	}
	c.mu.Unlock()

	if shared {
		select {
		case <-cl.done:
			if cl.err != nil {
				return nil, cl.err
			}
			return maps.Clone(cl.profile), nil
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	c.fetch(ctx, k, token, exp, cl)
	if cl.err != nil {
		return nil, cl.err
	}
	return maps.Clone(cl.profile), nil
}

// fetch runs the shared call and stores its result; it releases waiters
// even if the wrapped source panics.
func (c *Cache) fetch(ctx context.Context, k key, token string, exp time.Time, cl *call) {
	finished := false
	defer func() {
		if !finished {
			cl.err = errors.New("cache: profile source panicked")
		}
		c.mu.Lock()
		delete(c.inflight, k)
		if finished {
			c.store(ctx, k, token, exp, cl)
		}
		c.mu.Unlock()
		close(cl.done)
	}()
	cl.profile, cl.err = c.next.Profile(ctx, token)
	finished = true
}

// store caches a profile or an ErrNotLinked answer; c.mu is held.
func (c *Cache) store(ctx context.Context, k key, token string, exp time.Time, cl *call) {
	ttl := c.ttl
	if cl.err != nil {
		if !errors.Is(cl.err, runtime.ErrNotLinked) || c.negTTL < 0 {
			return
		}
		ttl = c.negTTL
	}
	now := c.now()
	expires := now.Add(ttl)
	if exp.IsZero() {
		var ok bool
		if exp, ok = c.expiry(ctx, token); !ok {
			exp = time.Time{}
		}
	}
	if !exp.IsZero() && exp.Before(expires) {
		expires = exp
	}
	if !now.Before(expires) {
		return
	}
	e := &entry{k: k, profile: cl.profile, err: cl.err, expires: expires}
	if el, ok := c.entries[k]; ok {
		c.remove(el)
	}
	for c.lru.Len() >= c.max {
		c.remove(c.lru.Back())
	}
	c.entries[k] = c.lru.PushFront(e)
}

func (c *Cache) remove(el *list.Element) {
	c.lru.Remove(el)
	delete(c.entries, el.Value.(*entry).k)
}

// Len returns the number of entries held (live or not yet purged).
func (c *Cache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lru.Len()
}

// TokenExpiry returns the exp claim of a JWT without verifying it; ok is
// false when the token is not a JWT or has no numeric exp.
func TokenExpiry(token string) (time.Time, bool) {
	_, rest, ok := strings.Cut(token, ".")
	if !ok {
		return time.Time{}, false
	}
	payload, _, ok := strings.Cut(rest, ".")
	if !ok {
		return time.Time{}, false
	}
	raw, err := base64.RawURLEncoding.DecodeString(payload)
	if err != nil {
		return time.Time{}, false
	}
	var claims struct {
		Exp *json.Number `json:"exp"`
	}
	if err := json.Unmarshal(raw, &claims); err != nil || claims.Exp == nil {
		return time.Time{}, false
	}
	f, err := claims.Exp.Float64()
	if err != nil || f <= 0 || f > 1e11 {
		return time.Time{}, false
	}
	return time.Unix(int64(f), 0), true
}
