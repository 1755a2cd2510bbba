package auth

import (
	"context"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"sync"
	"time"
)

// maxJWKSBytes bounds the JWKS document read from the network.
const maxJWKSBytes = 1 << 20

// errUnknownKey: the token names a key the pool does not publish (after a
// refresh, or while refreshing is rate-limited).
var errUnknownKey = errors.New("unknown signing key")

// ErrKeysUnavailable means the pool's key set could not be fetched: the
// token cannot be judged, which is not the user's fault (not ErrNotLinked).
var ErrKeysUnavailable = errors.New("auth: user pool key set unavailable")

// keySet holds the pool's RSA signing keys by kid, fetched once and
// refreshed on an unknown kid at most once per minRefresh.
type keySet struct {
	url          string
	client       *http.Client
	now          func() time.Time
	minRefresh   time.Duration
	failureRetry time.Duration
	fetchTimeout time.Duration

	mu          sync.RWMutex
	keys        map[string]*rsa.PublicKey
	loaded      bool      // a fetch has succeeded once
	lastAttempt time.Time // of the last fetch, successful or not
	lastErr     error

	// fetching is a one-slot semaphore: one fetch at a time. A request
	// waiting for it gives up when its context ends (its time budget),
	// unlike a mutex.
	fetching chan struct{}
	fetches  int // fetches started (for tests), while holding fetching
}

// lock takes the fetch slot, or fails when ctx ends first.
func (s *keySet) lock(ctx context.Context) error {
	select {
	case s.fetching <- struct{}{}:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("%w: waiting for the key set fetch: %w", ErrKeysUnavailable, ctx.Err())
	}
}

func (s *keySet) unlock() { <-s.fetching }

// key returns the key for kid, fetching the set when it is not loaded yet or
// does not know kid, within the rate limits.
func (s *keySet) key(ctx context.Context, kid string) (*rsa.PublicKey, error) {
	if k, ok := s.lookup(kid); ok {
		return k, nil
	}
	if err := s.lock(ctx); err != nil {
		return nil, err
	}
	defer s.unlock()
	// Another request may have fetched while this one waited.
	s.mu.RLock()
	k, known := s.keys[kid]
	loaded, last, lastErr := s.loaded, s.lastAttempt, s.lastErr
	s.mu.RUnlock()
	if known {
		return k, nil
	}
	wait := s.minRefresh
	if !loaded {
		wait = s.failureRetry
	}
	if !last.IsZero() && s.now().Sub(last) < wait {
		if !loaded {
			return nil, fmt.Errorf("%w: %v", ErrKeysUnavailable, lastErr)
		}
		return nil, errUnknownKey
	}
	if err := s.fetch(ctx); err != nil {
		if !loaded {
			return nil, fmt.Errorf("%w: %v", ErrKeysUnavailable, err)
		}
		// The old set stays in force; the kid is unknown to it.
		return nil, errUnknownKey
	}
	if k, ok := s.lookup(kid); ok {
		return k, nil
	}
	return nil, errUnknownKey
}

func (s *keySet) lookup(kid string) (*rsa.PublicKey, bool) {
	s.mu.RLock()
	k, ok := s.keys[kid]
	s.mu.RUnlock()
	return k, ok
}

// fetch loads the set; the caller holds the fetch slot.
func (s *keySet) fetch(ctx context.Context) error {
	s.fetches++
	ctx, cancel := context.WithTimeout(ctx, s.fetchTimeout)
	defer cancel()
	keys, err := s.get(ctx)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lastAttempt = s.now()
	s.lastErr = err
	if err != nil {
		return err
	}
	s.keys, s.loaded = keys, true
	return nil
}

func (s *keySet) get(ctx context.Context) (map[string]*rsa.PublicKey, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.url, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	resp, err := s.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: HTTP %d", s.url, resp.StatusCode)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxJWKSBytes+1))
	if err != nil {
		return nil, fmt.Errorf("GET %s: %w", s.url, err)
	}
	if len(body) > maxJWKSBytes {
		return nil, fmt.Errorf("GET %s: key set larger than %d bytes", s.url, maxJWKSBytes)
	}
	return parseJWKS(body)
}

// jwk is the subset of RFC 7517 members used for RSA signing keys.
type jwk struct {
	Kty string `json:"kty"`
	Kid string `json:"kid"`
	Use string `json:"use"`
	Alg string `json:"alg"`
	N   string `json:"n"`
	E   string `json:"e"`
}

// parseJWKS decodes a JWKS document into RS256 verification keys by kid.
// Keys that are not RSA signing keys for RS256, or weaker than 2048 bits,
// are skipped; a set with no usable key is an error.
func parseJWKS(data []byte) (map[string]*rsa.PublicKey, error) {
	var doc struct {
		Keys []jwk `json:"keys"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("key set: %w", err)
	}
	keys := make(map[string]*rsa.PublicKey, len(doc.Keys))
	for _, k := range doc.Keys {
		if k.Kty != "RSA" || k.Kid == "" || (k.Use != "" && k.Use != "sig") || (k.Alg != "" && k.Alg != "RS256") {
			continue
		}
		pub, err := rsaKey(k.N, k.E)
		if err != nil {
			continue
		}
		keys[k.Kid] = pub
	}
	if len(keys) == 0 {
		return nil, errors.New("key set has no RS256 signing key")
	}
	return keys, nil
}

func rsaKey(n64, e64 string) (*rsa.PublicKey, error) {
	nb, err := base64.RawURLEncoding.DecodeString(n64)
	if err != nil {
		return nil, err
	}
	eb, err := base64.RawURLEncoding.DecodeString(e64)
	if err != nil {
		return nil, err
	}
	n := new(big.Int).SetBytes(nb)
	if n.BitLen() < 2048 || n.BitLen() > 8192 {
		return nil, errors.New("RSA modulus size out of range")
	}
	if len(eb) == 0 || len(eb) > 4 {
		return nil, errors.New("RSA exponent out of range")
	}
	var e int
	for _, b := range eb {
		e = e<<8 | int(b)
	}
	if e < 3 || e%2 == 0 {
		return nil, errors.New("RSA exponent invalid")
	}
	return &rsa.PublicKey{N: n, E: e}, nil
}
