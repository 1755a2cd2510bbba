package auth

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/skillgen/skillgen/runtime"
	"github.com/skillgen/skillgen/runtime/cache"
)

// Claims are the verified claims of a Cognito access token.
type Claims struct {
	Subject  string
	Username string
	ClientID string
	Scope    string
	IssuedAt time.Time
	Expires  time.Time
}

// accessClaims is the JSON shape of a Cognito access token's payload.
type accessClaims struct {
	jwt.RegisteredClaims
	TokenUse string `json:"token_use"`
	ClientID string `json:"client_id"`
	Username string `json:"username"`
	Scope    string `json:"scope"`
}

// RejectedError is the error for a token that fails verification. It
// matches runtime.ErrNotLinked with errors.Is. Reason never contains the
// token or its claims' values.
type RejectedError struct{ Reason string }

func (e *RejectedError) Error() string { return "access token rejected: " + e.Reason }

// RejectReason returns Reason (for logs).
func (e *RejectedError) RejectReason() string { return e.Reason }

// Unwrap makes errors.Is(err, runtime.ErrNotLinked) hold.
func (e *RejectedError) Unwrap() error { return runtime.ErrNotLinked }

func reject(reason string) error { return &RejectedError{Reason: reason} }

// Verifier checks Cognito access tokens locally. It is safe for concurrent
// use; keep one per process so the key set stays cached.
type Verifier struct {
	issuer   string
	clientID string
	leeway   time.Duration
	keys     *keySet
	parser   *jwt.Parser
	now      func() time.Time
	verified *verifiedTokens // nil: no cache
}

// NewVerifier validates cfg and returns a Verifier. It makes no network
// call; the key set is fetched on first use or by Prefetch.
func NewVerifier(cfg Config) (*Verifier, error) {
	issuer, jwksURL, err := cfg.endpoints()
	if err != nil {
		return nil, err
	}
	now := cfg.Now
	if now == nil {
		now = time.Now
	}
	client := cfg.HTTPClient
	if client == nil {
		client = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	}
	leeway := orDefault(cfg.Leeway, DefaultLeeway)
	return &Verifier{
		verified: newVerifiedTokens(cfg.VerifiedTokens),
		issuer:   issuer,
		clientID: cfg.ClientID,
		leeway:   leeway,
		now:      now,
		keys: &keySet{
			url:          jwksURL,
			client:       client,
			now:          now,
			minRefresh:   orDefault(cfg.MinRefreshInterval, DefaultMinRefreshInterval),
			failureRetry: orDefault(cfg.FailureRetry, DefaultFailureRetry),
			fetchTimeout: orDefault(cfg.FetchTimeout, DefaultFetchTimeout),
			fetching:     make(chan struct{}, 1),
		},
		parser: jwt.NewParser(
			jwt.WithValidMethods([]string{jwt.SigningMethodRS256.Alg()}),
			jwt.WithIssuer(issuer),
			jwt.WithExpirationRequired(),
			jwt.WithIssuedAt(),
			jwt.WithLeeway(leeway),
			jwt.WithTimeFunc(now),
		),
	}, nil
}

func orDefault(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}

// Issuer returns the issuer tokens must carry.
func (v *Verifier) Issuer() string { return v.issuer }

// JWKSURL returns the URL the key set is fetched from.
func (v *Verifier) JWKSURL() string { return v.keys.url }

// Prefetch loads the key set now (for a cold start's init phase). An error
// is not fatal: verification fetches again on demand.
func (v *Verifier) Prefetch(ctx context.Context) error {
	if err := v.keys.lock(ctx); err != nil {
		return err
	}
	defer v.keys.unlock()
	return v.keys.fetch(ctx)
}

// Verify checks token and returns its claims. A token that fails gives a
// *RejectedError (errors.Is runtime.ErrNotLinked); a key set that cannot be
// fetched gives ErrKeysUnavailable. Claims are checked before the key is
// looked up, so a malformed, foreign or expired token never causes a fetch.
func (v *Verifier) Verify(ctx context.Context, token string) (Claims, error) {
	if token == "" {
		return Claims{}, reject("no token")
	}
	if len(token) > MaxTokenBytes {
		return Claims{}, reject("token too long")
	}
	var fetchErr error
	var c accessClaims
	tok, err := v.parser.ParseWithClaims(token, &c, func(t *jwt.Token) (any, error) {
		// The payload is not verified yet: these checks only spare the
		// key lookup (and a fetch) for tokens that cannot pass anyway; the
		// parser repeats the time and issuer checks after the signature.
		if err := v.checkClaims(&c); err != nil {
			return nil, err
		}
		kid, _ := t.Header["kid"].(string)
		if kid == "" {
			return nil, reject("no key ID")
		}
		k, err := v.keys.key(ctx, kid)
		if err != nil {
			if errors.Is(err, ErrKeysUnavailable) {
				fetchErr = err
			}
			return nil, err
		}
		return k, nil
	})
	if fetchErr != nil {
		return Claims{}, fetchErr
	}
	if err != nil {
		var re *RejectedError
		if errors.As(err, &re) {
			return Claims{}, re
		}
		if tok != nil && tok.Method != nil && tok.Method.Alg() != jwt.SigningMethodRS256.Alg() {
			// alg none, HS256 signed with the public key, RS512, ...
			return Claims{}, reject("algorithm is not RS256")
		}
		return Claims{}, reject(reason(err))
	}
	// The signature is valid: check the Cognito claims again on the
	// verified payload (cheap; ParseWithClaims decoded it once).
	if err := v.checkClaims(&c); err != nil {
		return Claims{}, err
	}
	out := Claims{Subject: c.Subject, Username: c.Username, ClientID: c.ClientID, Scope: c.Scope}
	if c.IssuedAt != nil {
		out.IssuedAt = c.IssuedAt.Time
	}
	out.Expires = c.ExpiresAt.Time
	return out, nil
}

// checkClaims checks the claims the parser does not: token_use, client_id,
// and (early, before the key lookup) issuer and expiry.
func (v *Verifier) checkClaims(c *accessClaims) error {
	if c.TokenUse != "access" {
		return reject("token_use is not access")
	}
	if c.ClientID != v.clientID {
		return reject("client_id is not the skill's app client")
	}
	if c.Issuer != v.issuer {
		return reject("issuer is not the user pool")
	}
	if c.ExpiresAt == nil {
		return reject("no expiry")
	}
	if !v.now().Before(c.ExpiresAt.Add(v.leeway)) {
		return reject("expired")
	}
	return nil
}

// reason maps the parser's errors to short, token-free reasons.
func reason(err error) string {
	switch {
	case errors.Is(err, jwt.ErrTokenMalformed):
		return "malformed token"
	case errors.Is(err, errUnknownKey):
		return "unknown signing key"
	case errors.Is(err, jwt.ErrTokenUnverifiable):
		return "unverifiable token"
	case errors.Is(err, jwt.ErrTokenSignatureInvalid):
		return "invalid signature"
	case errors.Is(err, jwt.ErrTokenExpired):
		return "expired"
	case errors.Is(err, jwt.ErrTokenNotValidYet):
		return "not valid yet"
	case errors.Is(err, jwt.ErrTokenUsedBeforeIssued):
		return "issued in the future"
	case errors.Is(err, jwt.ErrTokenInvalidIssuer):
		return "issuer is not the user pool"
	case errors.Is(err, jwt.ErrTokenRequiredClaimMissing):
		return "required claim missing"
	case errors.Is(err, jwt.ErrTokenInvalidClaims):
		return "invalid claims"
	default:
		return "invalid token"
	}
}

// Wrap returns a ProfileSource that verifies the token (through the
// verified-token cache) and calls next only for a valid one. Rejected
// tokens give runtime.ErrNotLinked (as a *RejectedError) without calling
// next.
func (v *Verifier) Wrap(next runtime.ProfileSource) runtime.ProfileSource {
	return runtime.ProfileSourceFunc(func(ctx context.Context, token string) (map[string]string, error) {
		if _, err := v.VerifyKey(ctx, cache.KeyOf(token), token); err != nil {
			return nil, err
		}
		return next.Profile(ctx, token)
	})
}

// Reject returns the *RejectedError for reason (a fixed, token-free text).
func Reject(reason string) error { return reject(reason) }
