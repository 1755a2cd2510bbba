// Package chain is the runtime's composition root: the one chain every host
// of a skill runs, alike on the Lambda function (runtime/lambdamain), in
// `skillgen serve` and in `skillgen dialog` with a real Cognito:
//
//	request bytes
//	  → one log line per request (logging.Requests)
//	  → the time budget, which bounds the whole answer (resilience.Policy.Bound;
//	    a host may start the same clock earlier, e.g. serve at arrival)
//	  → runtime.Handler: decode, skill ID, answer, render, encode
//	      profile (only for answers that need one)
//	        → profile deadline: the budget less Policy.Reserve, so rendering,
//	          encoding and the log line still fit
//	        → token key: SHA-256 of the token, once per request
//	        → local token verification (auth) behind the verified-token
//	          cache: bounded, never past the token's exp
//	        → the token's own claims, when the skill's profile travels in
//	          the access token (Config.ProfileClaims): an answer whose needs
//	          they hold ends here, with no network call
//	        → profile cache (cache), bounded, with one shared first call per
//	          token
//	        → retries with per-attempt timeouts inside the deadline
//	          (resilience.Retry)
//	        → the profile source: Cognito GetUser (runtime/cognito)
//
// The profile source is a parameter (New), so a host can get profiles from
// elsewhere (a file, the token's own claims) behind the same verification,
// cache and budget. The token is whatever the handler hands to the source
// (the request's account-linking token today).
//
// Configuration comes from the environment the deploy template sets
// (USER_POOL_ID, USER_POOL_CLIENT_ID, COGNITO_REGION) plus optional tuning
// variables; see ConfigFromEnv.
package chain

import (
	"context"
	"errors"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/skillgen/skillgen/runtime"
	"github.com/skillgen/skillgen/runtime/auth"
	"github.com/skillgen/skillgen/runtime/cache"
	"github.com/skillgen/skillgen/runtime/logging"
	"github.com/skillgen/skillgen/runtime/resilience"
)

// Tuning variables of the profile cache.
const (
	EnvCacheTTL  = "PROFILE_CACHE_TTL"  // Go duration, default 5m; "0s" is not allowed
	EnvCacheSize = "PROFILE_CACHE_SIZE" // entries, default 1000
)

// Config is the whole chain configuration.
type Config struct {
	Auth   auth.Config
	Policy resilience.Policy
	Cache  cache.Config
	// ProfileClaims are the attributes the access token carries
	// (runtime.Skill.ProfileClaims, cognito.profileSource token): answers
	// read them from the verified token and reach the profile source only
	// when one they need is absent. Empty: every profile comes from the
	// source.
	ProfileClaims []string
}

// ConfigFromEnv reads Config via getenv (os.Getenv in production):
// auth.ConfigFromEnv, resilience.PolicyFromEnv, PROFILE_CACHE_TTL and
// PROFILE_CACHE_SIZE. Every problem is reported (runtime.Errors; a bad
// value is a *runtime.SettingError).
func ConfigFromEnv(getenv func(string) string) (Config, error) {
	var c Config
	var errs runtime.Errors
	var err error
	if c.Auth, err = auth.ConfigFromEnv(getenv); err != nil {
		errs = append(errs, err)
	}
	if c.Policy, err = resilience.PolicyFromEnv(getenv); err != nil {
		errs = append(errs, err)
	}
	if s := strings.TrimSpace(getenv(EnvCacheTTL)); s != "" {
		d, err := time.ParseDuration(s)
		if err != nil || d <= 0 || d > 24*time.Hour {
			errs = append(errs, &runtime.SettingError{Pkg: "chain", Var: EnvCacheTTL, Value: s, Want: "want a duration in (0s, 24h], e.g. 5m"})
		}
		c.Cache.TTL = d
	}
	if s := strings.TrimSpace(getenv(EnvCacheSize)); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 1_000_000 {
			errs = append(errs, &runtime.SettingError{Pkg: "chain", Var: EnvCacheSize, Value: s, Want: "want a number from 1 to 1000000"})
		}
		c.Cache.MaxEntries = n
		c.Auth.VerifiedTokens = n
	}
	if len(errs) > 0 {
		return Config{}, errs
	}
	return c, nil
}

// Chain is the assembled chain. It is safe for concurrent use; keep one per
// process so its caches stay warm.
type Chain struct {
	verifier *auth.Verifier
	cache    *cache.Cache
	policy   resilience.Policy
	source   runtime.ProfileSource
	claims   []string // Config.ProfileClaims
}

// New assembles the chain around profiles, the source a verified token's
// profile comes from: Cognito GetUser in production, best built with the
// SDK's retryer off (resilience.NoSDKRetries), since the chain retries
// inside the budget. It makes no network call.
func New(profiles runtime.ProfileSource, cfg Config) (*Chain, error) {
	if profiles == nil {
		return nil, errors.New("chain: nil profile source")
	}
	v, err := auth.NewVerifier(cfg.Auth)
	if err != nil {
		return nil, err
	}
	pol := cfg.Policy.WithDefaults()
	c := &Chain{
		verifier: v,
		cache:    cache.New(resilience.Retry(logging.Cognito(profiles), pol), cfg.Cache),
		policy:   pol,
		claims:   slices.Clone(cfg.ProfileClaims),
	}
	c.source = logging.Profile(runtime.ProfileSourceFunc(c.profile))
	return c, nil
}

// Source is the ProfileSource to hand to runtime.NewHandler.
func (c *Chain) Source() runtime.ProfileSource { return c.source }

// Policy returns the budget and retry policy, defaults filled in.
func (c *Chain) Policy() resilience.Policy { return c.policy }

// Verifier returns the token verifier.
func (c *Chain) Verifier() *auth.Verifier { return c.verifier }

// Cache returns the profile cache.
func (c *Chain) Cache() *cache.Cache { return c.cache }

// profile is the profile half of the chain (see the package comment).
func (c *Chain) profile(ctx context.Context, token string) (map[string]string, error) {
	if token == "" {
		return nil, auth.Reject("no token")
	}
	k := cache.KeyOf(token)
	// Warm path: a token verified before and a profile in the cache; nothing
	// waits, so no deadline is needed.
	if _, ok := c.verifier.Verified(k); ok {
		if p, ok := c.fromClaims(ctx, token); ok {
			return p, nil
		}
		if p, err, ok := c.cache.Lookup(k); ok {
			return p, err
		}
	}
	ctx, cancel := c.policy.Reserved(ctx)
	defer cancel()
	claims, err := c.verifier.VerifyKey(ctx, k, token)
	if err != nil {
		return nil, err
	}
	if p, ok := c.fromClaims(ctx, token); ok {
		return p, nil
	}
	return c.cache.Get(ctx, k, token, claims.Expires)
}

// fromClaims is the profile in a verified token's claims, when the skill
// puts it there and the claims hold every attribute the answer needs
// (runtime.NeedsFrom; without needs in ctx, every profile claim). A token
// without them (issued before the pre token generation trigger existed, or
// a user without the attribute) goes on to the profile source, once per
// token (the cache).
func (c *Chain) fromClaims(ctx context.Context, token string) (map[string]string, bool) {
	if len(c.claims) == 0 {
		return nil, false
	}
	p, err := auth.ProfileClaims(token, c.claims)
	if err != nil {
		return nil, false
	}
	needs, ok := runtime.NeedsFrom(ctx)
	if !ok {
		needs = c.claims
	}
	for _, n := range needs {
		if _, ok := p[n]; !ok {
			return nil, false
		}
	}
	return p, true
}

// Invoker is an Invoke function; it satisfies aws-lambda-go's
// lambda.Handler and runtime/httpserver's Invoker.
type Invoker func(ctx context.Context, payload []byte) ([]byte, error)

// Invoke calls f.
func (f Invoker) Invoke(ctx context.Context, payload []byte) ([]byte, error) { return f(ctx, payload) }

// Handler is what Wrap wraps: *runtime.Handler.
type Handler interface {
	Invoke(ctx context.Context, payload []byte) ([]byte, error)
}

// Wrap returns h's Invoke under the time budget, logging one line per
// request to log. The budget bounds the whole answer: the profile part of
// the chain stops Policy.Reserve before it, which leaves the time to render
// the answer (the error message when the profile did not come in time),
// encode it and log.
func (c *Chain) Wrap(h Handler, log *slog.Logger) Invoker {
	return Invoker(logging.Requests(log, logging.InvokeFunc(c.policy.Bound(h.Invoke))))
}

// Prefetch loads the pool's key set within timeout, for the cold start's
// init phase; a failure is logged, not fatal (verification fetches again).
// Canceling ctx stops it quietly.
// Requests that need the key set meanwhile wait for this fetch within their
// own budget.
func (c *Chain) Prefetch(ctx context.Context, timeout time.Duration, log *slog.Logger) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if err := c.verifier.Prefetch(ctx); err != nil && !errors.Is(ctx.Err(), context.Canceled) {
		log.LogAttrs(ctx, slog.LevelWarn, "user pool key set not loaded at start",
			slog.String("jwksUrl", c.verifier.JWKSURL()), slog.String("error", err.Error()))
	}
}
