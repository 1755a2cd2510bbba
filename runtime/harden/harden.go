// Package harden assembles the hardened profile chain and request wrapper
// the Lambda function runs:
//
//	request → logging.Requests → Policy.Bound (time budget) → runtime.Handler
//	profile → logging.Profile → auth (local token check)
//	        [→ the token's claims, when the profile travels in it]
//	        → cache → resilience.Retry → logging.Cognito → Cognito GetUser
//
// Configuration comes from the environment the deploy template sets
// (USER_POOL_ID, USER_POOL_CLIENT_ID, COGNITO_REGION) plus optional tuning
// variables; see ConfigFromEnv.
package harden

import (
	"context"
	"fmt"
	"log/slog"
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

// Config is the whole hardening configuration.
type Config struct {
	Auth   auth.Config
	Policy resilience.Policy
	Cache  cache.Config
	// ProfileClaims are the attributes the access token carries
	// (runtime.Skill.ProfileClaims); when set, answers read them from the
	// verified token and reach GetUser only when a needed one is absent.
	ProfileClaims []string
}

// ConfigFromEnv reads Config via getenv (os.Getenv in production):
// auth.ConfigFromEnv, resilience.PolicyFromEnv, PROFILE_CACHE_TTL and
// PROFILE_CACHE_SIZE. Every problem is reported.
func ConfigFromEnv(getenv func(string) string) (Config, error) {
	var c Config
	var errs []string
	var err error
	if c.Auth, err = auth.ConfigFromEnv(getenv); err != nil {
		errs = append(errs, err.Error())
	}
	if c.Policy, err = resilience.PolicyFromEnv(getenv); err != nil {
		errs = append(errs, err.Error())
	}
	if s := strings.TrimSpace(getenv(EnvCacheTTL)); s != "" {
		d, err := time.ParseDuration(s)
		if err != nil || d <= 0 || d > 24*time.Hour {
			errs = append(errs, fmt.Sprintf("harden: %s=%q: want a duration in (0s, 24h], e.g. 5m", EnvCacheTTL, s))
		}
		c.Cache.TTL = d
	}
	if s := strings.TrimSpace(getenv(EnvCacheSize)); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 1_000_000 {
			errs = append(errs, fmt.Sprintf("harden: %s=%q: want a number from 1 to 1000000", EnvCacheSize, s))
		}
		c.Cache.MaxEntries = n
	}
	if len(errs) > 0 {
		return Config{}, fmt.Errorf("%s", strings.Join(errs, "; "))
	}
	return c, nil
}

// Chain is the assembled profile chain.
type Chain struct {
	// Source is the hardened ProfileSource to hand to runtime.NewHandler.
	Source runtime.ProfileSource
	// Verifier checks tokens; call Prefetch at cold start.
	Verifier *auth.Verifier
	// Cache holds profiles.
	Cache *cache.Cache
	// Policy is the budget and retry policy (with defaults filled in).
	Policy resilience.Policy
}

// NewChain wraps getUser (the Cognito GetUser source, best built with the
// SDK retryer off: resilience.NoSDKRetries) in verification, cache, retries
// and instrumentation.
func NewChain(getUser runtime.ProfileSource, cfg Config) (*Chain, error) {
	v, err := auth.NewVerifier(cfg.Auth)
	if err != nil {
		return nil, err
	}
	pol := cfg.Policy.WithDefaults()
	c := cache.New(resilience.Retry(logging.Cognito(getUser), pol), cfg.Cache)
	src := v.Wrap(c)
	if len(cfg.ProfileClaims) > 0 {
		src = v.WrapClaims(cfg.ProfileClaims, c)
	}
	return &Chain{
		Source:   logging.Profile(src),
		Verifier: v,
		Cache:    c,
		Policy:   pol,
	}, nil
}

// Invoker is an Invoke function that satisfies aws-lambda-go's
// lambda.Handler.
type Invoker func(ctx context.Context, payload []byte) ([]byte, error)

// Invoke calls f.
func (f Invoker) Invoke(ctx context.Context, payload []byte) ([]byte, error) { return f(ctx, payload) }

// Wrap returns h's Invoke under the chain's time budget, logging one line
// per request to log.
func (c *Chain) Wrap(h *runtime.Handler, log *slog.Logger) Invoker {
	return Invoker(logging.Requests(log, logging.InvokeFunc(c.Policy.Bound(h.Invoke))))
}

// Prefetch loads the pool's key set within timeout, for the cold start's
// init phase; a failure is logged, not fatal (verification fetches again).
func (c *Chain) Prefetch(ctx context.Context, timeout time.Duration, log *slog.Logger) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if err := c.Verifier.Prefetch(ctx); err != nil {
		log.LogAttrs(ctx, slog.LevelWarn, "user pool key set not loaded at start",
			slog.String("jwksUrl", c.Verifier.JWKSURL()), slog.String("error", err.Error()))
	}
}
