// Package chainflags gives `skillgen serve` and `skillgen dialog` the flags
// that configure the runtime chain (runtime/chain) against a real Cognito,
// and builds that chain: the same one the Lambda function runs, from the
// same environment variables, which the flags override.
package chainflags

import (
	"errors"
	"flag"
	"fmt"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/skillgen/skillgen/internal/facts"
	"github.com/skillgen/skillgen/runtime"
	"github.com/skillgen/skillgen/runtime/auth"
	"github.com/skillgen/skillgen/runtime/chain"
	"github.com/skillgen/skillgen/runtime/cognito"
	"github.com/skillgen/skillgen/runtime/resilience"
)

// Flags are the chain's flags.
type Flags struct {
	fs       *flag.FlagSet
	Endpoint *string
	region   *string
	pool     *string
	client   *string
	issuer   *string
	jwksURL  *string
	budget   *time.Duration
	cacheTTL *time.Duration // nil: not a flag of this command
}

// Register adds the flags to fs. withCache adds --profile-cache-ttl (serve,
// which answers many requests; dialog asks once per utterance).
func Register(fs *flag.FlagSet, withCache bool) *Flags {
	f := &Flags{
		fs:       fs,
		Endpoint: fs.String("cognito-endpoint", "", "Cognito endpoint URL for GetUser, e.g. cognito-local (default: $"+cognito.EnvEndpoint+", else AWS)"),
		region:   fs.String("region", "", "Cognito region (default: $"+facts.EnvRegion+", else the user pool ID's region prefix, else the spec's cognito.region)"),
		pool:     fs.String("user-pool-id", "", "user pool whose access tokens are accepted (default: $"+facts.EnvUserPoolID+")"),
		client:   fs.String("client-id", "", "app client the access tokens must be issued to (default: $"+facts.EnvClientID+")"),
		issuer:   fs.String("issuer", "", "token issuer (default: $"+auth.EnvIssuer+"; with --cognito-endpoint <endpoint>/<pool>, as cognito-local issues; else Cognito's)"),
		jwksURL:  fs.String("jwks-url", "", "key set URL (default: $"+auth.EnvJWKSURL+", else <issuer>/.well-known/jwks.json)"),
		budget:   fs.Duration("budget", 0, "time for one whole answer (default: $"+resilience.EnvBudget+", else 3s)"),
	}
	if withCache {
		f.cacheTTL = fs.Duration("profile-cache-ttl", 0, "how long a fetched profile is reused for the same token (default: $"+chain.EnvCacheTTL+", else 5m)")
	}
	return f
}

// Env returns getenv with the flags laid over it: what the Lambda function
// reads from its environment, these commands read from flags first.
// specRegion is the spec's cognito.region, the last default.
func (f *Flags) Env(getenv func(string) string, specRegion string) func(string) string {
	over := map[string]string{}
	set := func(k, v string) {
		if v != "" {
			over[k] = v
		}
	}
	set(facts.EnvUserPoolID, *f.pool)
	pool := *f.pool
	if pool == "" {
		pool = getenv(facts.EnvUserPoolID)
	}
	// The spec's region ranks after the pool ID's own (facts.PoolRegion).
	region := *f.region
	if region == "" && getenv(facts.EnvRegion) == "" && facts.RegionOfPool(strings.TrimSpace(pool)) == "" {
		region = specRegion
	}
	set(facts.EnvRegion, region)
	set(facts.EnvClientID, *f.client)
	set(auth.EnvIssuer, *f.issuer)
	set(auth.EnvJWKSURL, *f.jwksURL)
	// A duration flag given is passed on whatever its value, so that 0s or
	// -1s is refused by the check the environment variable gets, not
	// ignored.
	if f.given("budget") {
		set(resilience.EnvBudget, f.budget.String())
	}
	if f.cacheTTL != nil && f.given("profile-cache-ttl") {
		set(chain.EnvCacheTTL, f.cacheTTL.String())
	}
	endpoint := *f.Endpoint
	if endpoint == "" {
		endpoint = cognito.Endpoint(getenv)
	}
	set(cognito.EnvEndpoint, endpoint)
	// cognito-local issues tokens with iss = <endpoint>/<pool>.
	if endpoint != "" && over[auth.EnvIssuer] == "" && getenv(auth.EnvIssuer) == "" {
		if pool != "" {
			set(auth.EnvIssuer, strings.TrimSuffix(endpoint, "/")+"/"+pool)
		}
	}
	return func(k string) string {
		if v, ok := over[k]; ok {
			return v
		}
		return getenv(k)
	}
}

// Chain builds the runtime chain with Cognito GetUser (SDK retries off: the
// chain retries inside its budget) from the flags over the process
// environment. profileClaims are the attributes the skill's access tokens
// carry (plan.ProfileClaims; nil in getuser mode), read from the verified
// token as the Lambda function does.
func (f *Flags) Chain(specRegion string, profileClaims []string) (*chain.Chain, error) {
	// First, as the issuer of cognito-local's tokens is derived from it.
	if f.given("cognito-endpoint") {
		if u, err := url.Parse(*f.Endpoint); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, fmt.Errorf("invalid value %q for --cognito-endpoint: want an http(s) URL, e.g. http://127.0.0.1:9229", *f.Endpoint)
		}
	}
	getenv := f.Env(os.Getenv, specRegion)
	cfg, err := chain.ConfigFromEnv(getenv)
	if err != nil {
		var missing []string
		if getenv(facts.EnvUserPoolID) == "" {
			missing = append(missing, "--user-pool-id")
		}
		if getenv(facts.EnvClientID) == "" {
			missing = append(missing, "--client-id")
		}
		if len(missing) > 0 {
			return nil, errors.New("access tokens are verified locally, as the Lambda function does: give " +
				strings.Join(missing, " and ") + " (or set " + facts.EnvUserPoolID + " and " + facts.EnvClientID + ")")
		}
		return nil, f.nameFlags(err)
	}
	getUser := cognito.NewAt(facts.PoolRegion(getenv), getenv(cognito.EnvEndpoint), resilience.NoSDKRetries)
	cfg.ProfileClaims = profileClaims
	return chain.New(getUser, cfg)
}

// flagOf names the flag that stands for each environment variable.
var flagOf = map[string]string{
	cognito.EnvEndpoint:  "cognito-endpoint",
	facts.EnvRegion:      "region",
	facts.EnvUserPoolID:  "user-pool-id",
	facts.EnvClientID:    "client-id",
	auth.EnvIssuer:       "issuer",
	auth.EnvJWKSURL:      "jwks-url",
	resilience.EnvBudget: "budget",
	chain.EnvCacheTTL:    "profile-cache-ttl",
}

// given reports whether the flag name was on the command line.
func (f *Flags) given(name string) bool {
	found := false
	f.fs.Visit(func(fl *flag.Flag) { found = found || fl.Name == name })
	return found
}

// nameFlags rewrites err, from chain.ConfigFromEnv over Env, so that a bad
// value that came from a flag names the flag rather than the environment
// variable it stands in for; values from the environment keep the
// variable's name.
func (f *Flags) nameFlags(err error) error {
	var out runtime.Errors
	var walk func(error)
	walk = func(err error) {
		if many, ok := err.(interface{ Unwrap() []error }); ok {
			for _, e := range many.Unwrap() {
				walk(e)
			}
			return
		}
		var se *runtime.SettingError
		if errors.As(err, &se) {
			if name, ok := flagOf[se.Var]; ok && f.given(name) {
				out = append(out, fmt.Errorf("invalid value %q for --%s: %s", se.Value, name, se.Want))
				return
			}
		}
		out = append(out, err)
	}
	walk(err)
	if len(out) == 1 {
		return out[0]
	}
	return out
}
