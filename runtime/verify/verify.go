// Package verify checks that a request to a self-hosted Alexa endpoint comes
// from Alexa, as Amazon requires for skills hosted outside Lambda: the
// certificate-chain URL, the certificate chain, the Signature-256 header over
// the raw body, the request timestamp and the skill ID.
//
// A Verifier is safe for concurrent use. Any error it returns means the
// request must be refused with HTTP 400 and never reach the skill.
package verify

import (
	"bytes"
	"context"
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"net/url"
	"path"
	"slices"
	"strings"
	"sync"
	"time"
)

// The rules Amazon documents for self-hosted endpoints. They are kept in one
// place so they can be corrected.
const (
	// HeaderSignature carries the base64 RSA-SHA256 signature of the body.
	HeaderSignature = "Signature-256"
	// HeaderCertChainURL carries the URL of the PEM certificate chain.
	HeaderCertChainURL = "SignatureCertChainUrl"

	certHost       = "s3.amazonaws.com"
	certPathPrefix = "/echo.api/"
	certSAN        = "echo-api.amazon.com"

	// MaxRequestAge is how far a request timestamp may be from now.
	MaxRequestAge = 150 * time.Second
	// MaxSkillEventAge is the allowance for skill events (SkillEnabled,
	// SkillAccountLinked, …), which Alexa may deliver late.
	MaxSkillEventAge = time.Hour

	// maxCertChainBytes bounds a fetched certificate chain.
	maxCertChainBytes = 64 << 10
	// defaultCacheSize bounds the certificate cache and the cache of
	// failed certificate URLs.
	defaultCacheSize = 16
	// DefaultFailedCertTTL is how long a certificate URL whose fetch or
	// check failed is refused without another fetch.
	DefaultFailedCertTTL = 30 * time.Second
)

// Error is a verification failure. Reason is safe to log: it never contains
// the body, tokens or profile data.
type Error struct {
	Reason string
	Err    error // underlying cause, may be nil
}

func (e *Error) Error() string {
	if e.Err != nil {
		return "alexa request verification: " + e.Reason + ": " + e.Err.Error()
	}
	return "alexa request verification: " + e.Reason
}

func (e *Error) Unwrap() error { return e.Err }

func fail(reason string, err error) error { return &Error{Reason: reason, Err: err} }

// Fetcher returns the bytes found at a certificate-chain URL.
type Fetcher interface {
	Fetch(ctx context.Context, url string) ([]byte, error)
}

// FetcherFunc adapts a function to Fetcher.
type FetcherFunc func(ctx context.Context, url string) ([]byte, error)

// Fetch calls f.
func (f FetcherFunc) Fetch(ctx context.Context, url string) ([]byte, error) { return f(ctx, url) }

// Options configure a Verifier.
type Options struct {
	// SkillID is the skill's application ID; required.
	SkillID string
	// SkipSignature turns off the certificate and signature checks (local
	// testing only: clients such as virtual-alexa send no signature). The
	// timestamp and skill-ID checks still run.
	SkipSignature bool
	// Roots are the trusted roots; nil means the system roots.
	Roots *x509.CertPool
	// Fetcher fetches certificate chains; nil means HTTPFetcher(nil).
	Fetcher Fetcher
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// CacheSize bounds the certificate cache and the cache of failed
	// certificate URLs; 0 means 16.
	CacheSize int
	// FailedCertTTL is how long a certificate URL that failed (fetch,
	// chain or SAN check) is refused at once, without another fetch;
	// 0 means DefaultFailedCertTTL, negative turns it off.
	FailedCertTTL time.Duration
}

// Verifier verifies Alexa requests.
type Verifier struct {
	skillID   string
	skipSig   bool
	roots     *x509.CertPool
	fetcher   Fetcher
	now       func() time.Time
	cacheSize int
	failTTL   time.Duration

	mu       sync.Mutex
	cache    map[string]*cachedCert
	failed   map[string]failedCert // URLs that failed lately
	failSeq  uint64
	inflight map[string]*certCall // fetches under way, shared by concurrent requests
}

// failedCert is a certificate URL that failed, refused until until.
type failedCert struct {
	err   error
	until time.Time
	seq   uint64 // order of the failures, to forget the oldest
}

// certCall is one fetch-and-verify of a chain that concurrent requests for
// the same URL wait for.
type certCall struct {
	done chan struct{}
	leaf *x509.Certificate
	err  error
}

type cachedCert struct {
	leaf    *x509.Certificate
	expires time.Time // the earliest NotAfter of the verified chain
}

// New returns a Verifier.
func New(o Options) (*Verifier, error) {
	if strings.TrimSpace(o.SkillID) == "" {
		return nil, errors.New("verify: a skill ID is required to verify Alexa requests")
	}
	v := &Verifier{
		skillID:   o.SkillID,
		skipSig:   o.SkipSignature,
		roots:     o.Roots,
		fetcher:   o.Fetcher,
		now:       o.Now,
		cacheSize: o.CacheSize,
		failTTL:   o.FailedCertTTL,
		cache:     map[string]*cachedCert{},
		failed:    map[string]failedCert{},
		inflight:  map[string]*certCall{},
	}
	if v.fetcher == nil {
		v.fetcher = HTTPFetcher(nil)
	}
	if v.now == nil {
		v.now = time.Now
	}
	if v.cacheSize <= 0 {
		v.cacheSize = defaultCacheSize
	}
	if v.failTTL == 0 {
		v.failTTL = DefaultFailedCertTTL
	}
	return v, nil
}

// SignatureChecked reports whether the Verifier checks signatures.
func (v *Verifier) SignatureChecked() bool { return !v.skipSig }

// Verify checks one request: its timestamp and skill ID first (cheap, no
// network), then its signature headers (unless turned off), which may fetch
// the certificate chain. body is the raw request body as received.
func (v *Verifier) Verify(ctx context.Context, certURL, signature string, body []byte) error {
	if err := v.checkEnvelope(body); err != nil {
		return err
	}
	if v.skipSig {
		return nil
	}
	return v.checkSignature(ctx, certURL, signature, body)
}

// envelope holds the fields of a request the verifier reads.
type envelope struct {
	Context struct {
		System struct {
			Application struct {
				ApplicationID string `json:"applicationId"`
			} `json:"application"`
		} `json:"System"`
	} `json:"context"`
	Request struct {
		Type      string `json:"type"`
		Timestamp string `json:"timestamp"`
	} `json:"request"`
}

func (v *Verifier) checkEnvelope(body []byte) error {
	var env envelope
	if err := json.Unmarshal(body, &env); err != nil {
		return fail("body is not an Alexa request", err)
	}
	if env.Request.Type == "" {
		return fail("body has no request.type", nil)
	}
	if err := CheckTimestamp(env.Request.Type, env.Request.Timestamp, v.now()); err != nil {
		return err
	}
	if env.Context.System.Application.ApplicationID != v.skillID {
		return fail("context.System.application.applicationId is not this skill's ID", nil)
	}
	return nil
}

// CheckTimestamp checks a request timestamp against now: within 150 s, or
// within an hour for skill events (request types AlexaSkillEvent.*).
func CheckTimestamp(requestType, timestamp string, now time.Time) error {
	if timestamp == "" {
		return fail("request has no timestamp", nil)
	}
	ts, err := time.Parse(time.RFC3339, timestamp)
	if err != nil {
		return fail("request timestamp is not ISO 8601", err)
	}
	limit := MaxRequestAge
	if strings.HasPrefix(requestType, "AlexaSkillEvent.") {
		limit = MaxSkillEventAge
	}
	d := now.Sub(ts)
	if d < 0 {
		d = -d
	}
	if d > limit {
		return fail(fmt.Sprintf("request timestamp is %s away from now (limit %s)", d.Round(time.Second), limit), nil)
	}
	return nil
}

// NormalizeCertURL checks a SignatureCertChainUrl against Amazon's rules and
// returns the canonical URL to fetch: scheme https and host s3.amazonaws.com
// (both case-insensitive), port 443 if any, and a path that starts with
// /echo.api/ after removing "." and ".." segments. It is stricter than the
// rules where they are silent: no user info, query, fragment, percent-encoding
// or backslash, so that what is checked is exactly what is fetched.
func NormalizeCertURL(raw string) (string, error) {
	if raw == "" {
		return "", fail("missing "+HeaderCertChainURL+" header", nil)
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "", fail("certificate URL does not parse", err)
	}
	if !strings.EqualFold(u.Scheme, "https") {
		return "", fail("certificate URL scheme is not https", nil)
	}
	if u.Opaque != "" || u.User != nil {
		return "", fail("certificate URL has user info or an opaque part", nil)
	}
	if !strings.EqualFold(u.Hostname(), certHost) {
		return "", fail("certificate URL host is not "+certHost, nil)
	}
	if p := u.Port(); p != "" && p != "443" {
		return "", fail("certificate URL port is not 443", nil)
	}
	if strings.HasSuffix(u.Host, ":") {
		return "", fail("certificate URL has an empty port", nil)
	}
	if u.RawQuery != "" || u.ForceQuery || u.Fragment != "" || strings.ContainsAny(raw, "#?") {
		return "", fail("certificate URL has a query or fragment", nil)
	}
	escaped := u.EscapedPath()
	if strings.ContainsAny(escaped, `%\`) || strings.ContainsAny(u.Path, `\`) {
		return "", fail("certificate URL path has percent-encoding or a backslash", nil)
	}
	if !strings.HasPrefix(u.Path, "/") {
		return "", fail("certificate URL path is not absolute", nil)
	}
	clean := path.Clean(u.Path)
	if !strings.HasPrefix(clean, certPathPrefix) || len(clean) == len(certPathPrefix) {
		return "", fail("certificate URL path does not start with "+certPathPrefix, nil)
	}
	return "https://" + certHost + clean, nil
}

func (v *Verifier) checkSignature(ctx context.Context, certURL, signature string, body []byte) error {
	canon, err := NormalizeCertURL(certURL)
	if err != nil {
		return err
	}
	if signature == "" {
		return fail("missing "+HeaderSignature+" header", nil)
	}
	sig, err := base64.StdEncoding.DecodeString(strings.TrimSpace(signature))
	if err != nil {
		return fail(HeaderSignature+" is not base64", err)
	}
	leaf, err := v.certificate(ctx, canon)
	if err != nil {
		return err
	}
	pub, ok := leaf.PublicKey.(*rsa.PublicKey)
	if !ok {
		return fail("signing certificate key is not RSA", nil)
	}
	digest := sha256.Sum256(body)
	if err := rsa.VerifyPKCS1v15(pub, crypto.SHA256, digest[:], sig); err != nil {
		return fail("signature does not match the body", err)
	}
	return nil
}

// certificate returns the verified signing certificate for a canonical
// URL, from the cache while it is valid. Concurrent misses for one URL share
// a single fetch.
func (v *Verifier) certificate(ctx context.Context, canon string) (*x509.Certificate, error) {
	now := v.now()
	v.mu.Lock()
	if c, ok := v.cache[canon]; ok {
		if now.Before(c.expires) && !now.Before(c.leaf.NotBefore) {
			v.mu.Unlock()
			return c.leaf, nil
		}
		delete(v.cache, canon)
	}
	if f, ok := v.failed[canon]; ok {
		if now.Before(f.until) {
			v.mu.Unlock()
			return nil, f.err
		}
		delete(v.failed, canon)
	}
	if call, ok := v.inflight[canon]; ok {
		v.mu.Unlock()
		select {
		case <-call.done:
			return call.leaf, call.err
		case <-ctx.Done():
			return nil, fail("fetching the certificate chain", ctx.Err())
		}
	}
	call := &certCall{done: make(chan struct{})}
	v.inflight[canon] = call
	v.mu.Unlock()

	var expires time.Time
	data, err := v.fetcher.Fetch(ctx, canon)
	if err != nil {
		call.err = fail("fetching the certificate chain", err)
	} else {
		call.leaf, expires, call.err = verifyChain(data, v.roots, now)
	}

	v.mu.Lock()
	delete(v.inflight, canon)
	if call.err == nil {
		if len(v.cache) >= v.cacheSize {
			// Evict the entry that expires first (expired ones go first).
			var victim string
			var earliest time.Time
			for k, c := range v.cache {
				if victim == "" || c.expires.Before(earliest) {
					victim, earliest = k, c.expires
				}
			}
			delete(v.cache, victim)
		}
		v.cache[canon] = &cachedCert{leaf: call.leaf, expires: expires}
	} else if v.failTTL > 0 && ctx.Err() == nil {
		// Remember the failure (not one caused by this request's own
		// deadline): a bad URL costs one fetch per FailedCertTTL.
		if _, ok := v.failed[canon]; !ok && len(v.failed) >= v.cacheSize {
			// Forget the oldest failure.
			var victim string
			var oldest uint64
			for k, f := range v.failed {
				if victim == "" || f.seq < oldest {
					victim, oldest = k, f.seq
				}
			}
			delete(v.failed, victim)
		}
		v.failSeq++
		v.failed[canon] = failedCert{err: call.err, until: now.Add(v.failTTL), seq: v.failSeq}
	}
	v.mu.Unlock()
	close(call.done)
	return call.leaf, call.err
}

// verifyChain parses a PEM chain (leaf first), checks that every
// certificate is currently valid, that the leaf chains to a trusted root and
// that its SANs contain echo-api.amazon.com. It returns the leaf and the
// earliest NotAfter of the verified chain.
func verifyChain(data []byte, roots *x509.CertPool, now time.Time) (*x509.Certificate, time.Time, error) {
	var certs []*x509.Certificate
	rest := bytes.TrimSpace(data)
	for len(rest) > 0 {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			return nil, time.Time{}, fail("certificate chain is not PEM", nil)
		}
		if block.Type != "CERTIFICATE" {
			continue
		}
		c, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			return nil, time.Time{}, fail("certificate chain has an unparsable certificate", err)
		}
		certs = append(certs, c)
		rest = bytes.TrimSpace(rest)
	}
	if len(certs) == 0 {
		return nil, time.Time{}, fail("certificate chain is empty", nil)
	}
	for _, c := range certs {
		if now.Before(c.NotBefore) || now.After(c.NotAfter) {
			return nil, time.Time{}, fail("certificate chain is not currently valid", nil)
		}
	}
	leaf := certs[0]
	if !slices.ContainsFunc(leaf.DNSNames, func(n string) bool { return strings.EqualFold(n, certSAN) }) {
		return nil, time.Time{}, fail("signing certificate SANs do not contain "+certSAN, nil)
	}
	inter := x509.NewCertPool()
	for _, c := range certs[1:] {
		inter.AddCert(c)
	}
	chains, err := leaf.Verify(x509.VerifyOptions{
		Roots:         roots,
		Intermediates: inter,
		CurrentTime:   now,
		KeyUsages:     []x509.ExtKeyUsage{x509.ExtKeyUsageAny},
	})
	if err != nil {
		return nil, time.Time{}, fail("certificate chain is not trusted", err)
	}
	expires := leaf.NotAfter
	for _, c := range chains[0] {
		if c.NotAfter.Before(expires) {
			expires = c.NotAfter
		}
	}
	return leaf, expires, nil
}
