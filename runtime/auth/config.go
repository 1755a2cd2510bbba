// Package auth verifies Cognito access tokens locally, before any call to
// Cognito: RS256 signature against the user pool's JWKS, issuer, token_use,
// client_id and validity times. A token that fails is answered with
// runtime.ErrNotLinked at once, with no network call.
//
// The JOSE work is done by github.com/golang-jwt/jwt/v5; this package only
// decodes the pool's RSA keys from the JWKS document (base64url n and e).
package auth

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/skillgen/skillgen/internal/facts"
	"github.com/skillgen/skillgen/runtime"
)

// Environment variables read by ConfigFromEnv besides the ones the deploy
// template sets (facts.EnvUserPoolID, facts.EnvClientID, facts.EnvRegion).
// The overrides exist for local testing against cognito-local,
// whose tokens carry iss = http://<host>:<port>/<poolId>.
const (
	EnvIssuer  = "COGNITO_ISSUER"   // optional: overrides the issuer URL
	EnvJWKSURL = "COGNITO_JWKS_URL" // optional: overrides <issuer>/.well-known/jwks.json
)

// Defaults for Config fields left zero.
const (
	DefaultLeeway             = 5 * time.Second
	DefaultMinRefreshInterval = time.Minute
	DefaultFailureRetry       = time.Second
	DefaultFetchTimeout       = time.Second
	// MaxTokenBytes bounds the token length accepted for parsing. Cognito
	// access tokens are about 1 KB.
	MaxTokenBytes = 8 << 10
)

// Config configures a Verifier.
type Config struct {
	// UserPoolID is the pool that issues the tokens, e.g. us-east-1_AbC123.
	UserPoolID string
	// ClientID is the skill's app client: the token's client_id must match.
	ClientID string
	// Region of the pool. Default: the region prefix of UserPoolID
	// (facts.RegionOfPool).
	Region string
	// Issuer overrides https://cognito-idp.<Region>.amazonaws.com/<UserPoolID>.
	Issuer string
	// JWKSURL overrides <Issuer>/.well-known/jwks.json.
	JWKSURL string
	// HTTPClient fetches the JWKS. Default: a client without redirects.
	HTTPClient *http.Client
	// Leeway allowed on exp, nbf and iat. Default DefaultLeeway.
	Leeway time.Duration
	// MinRefreshInterval is the least time between two JWKS fetches caused
	// by unknown key IDs, so tokens with made-up kids cannot cause a fetch
	// storm. Default DefaultMinRefreshInterval.
	MinRefreshInterval time.Duration
	// FailureRetry is the least time between two attempts while no key set
	// has ever been loaded (the first fetch failed). Default DefaultFailureRetry.
	FailureRetry time.Duration
	// FetchTimeout bounds one JWKS fetch. Default DefaultFetchTimeout.
	FetchTimeout time.Duration
	// VerifiedTokens bounds the verified-token cache (see VerifyKey).
	// Default DefaultVerifiedTokens; negative: no cache.
	VerifiedTokens int
	// Now is the clock; default time.Now.
	Now func() time.Time
}

// ConfigFromEnv reads the configuration from the environment via getenv
// (os.Getenv in production). USER_POOL_ID and USER_POOL_CLIENT_ID are
// required; the region is facts.PoolRegion's (COGNITO_REGION, else the pool
// ID's prefix, else AWS_REGION), the one runtime/cognito calls GetUser in.
func ConfigFromEnv(getenv func(string) string) (Config, error) {
	c := Config{
		UserPoolID: strings.TrimSpace(getenv(facts.EnvUserPoolID)),
		ClientID:   strings.TrimSpace(getenv(facts.EnvClientID)),
		Region:     facts.PoolRegion(getenv),
		Issuer:     strings.TrimSpace(getenv(EnvIssuer)),
		JWKSURL:    strings.TrimSpace(getenv(EnvJWKSURL)),
	}
	var missing []string
	if c.UserPoolID == "" {
		missing = append(missing, facts.EnvUserPoolID)
	}
	if c.ClientID == "" {
		missing = append(missing, facts.EnvClientID)
	}
	if len(missing) > 0 {
		return Config{}, fmt.Errorf("auth: environment variable %s not set", strings.Join(missing, " and "))
	}
	// Bad values name their variable (runtime.SettingError).
	if r := strings.TrimSpace(getenv(facts.EnvRegion)); r != "" && !facts.IsRegion(r) {
		return Config{}, &runtime.SettingError{Pkg: "auth", Var: facts.EnvRegion, Value: r, Want: "want an AWS region such as eu-west-1"}
	}
	if strings.ContainsAny(c.UserPoolID, "/?#") {
		return Config{}, &runtime.SettingError{Pkg: "auth", Var: facts.EnvUserPoolID, Value: c.UserPoolID, Want: "want a user pool ID such as us-east-1_AbC123"}
	}
	for _, u := range []struct{ env, v string }{{EnvIssuer, c.Issuer}, {EnvJWKSURL, c.JWKSURL}} {
		if u.v != "" && checkURL("", u.v) != nil {
			return Config{}, &runtime.SettingError{Pkg: "auth", Var: u.env, Value: u.v, Want: "want an http(s) URL"}
		}
	}
	if _, _, err := c.endpoints(); err != nil {
		return Config{}, err
	}
	return c, nil
}

// endpoints returns the issuer and the JWKS URL.
func (c Config) endpoints() (issuer, jwksURL string, err error) {
	if c.UserPoolID == "" || strings.ContainsAny(c.UserPoolID, "/?#") {
		return "", "", fmt.Errorf("auth: invalid user pool ID %q", c.UserPoolID)
	}
	if c.ClientID == "" {
		return "", "", errors.New("auth: app client ID is empty")
	}
	issuer = strings.TrimSuffix(c.Issuer, "/")
	if issuer == "" {
		region := c.Region
		if region == "" {
			region = facts.RegionOfPool(c.UserPoolID)
		}
		if region == "" {
			return "", "", fmt.Errorf("auth: no region: set %s or use a pool ID of the form <region>_<id>", facts.EnvRegion)
		}
		issuer = "https://cognito-idp." + region + ".amazonaws.com/" + c.UserPoolID
	}
	if err := checkURL("issuer", issuer); err != nil {
		return "", "", err
	}
	jwksURL = c.JWKSURL
	if jwksURL == "" {
		jwksURL = issuer + "/.well-known/jwks.json"
	}
	if err := checkURL("JWKS URL", jwksURL); err != nil {
		return "", "", err
	}
	return issuer, jwksURL, nil
}

func checkURL(what, s string) error {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return fmt.Errorf("auth: %s %q is not an http(s) URL", what, s)
	}
	return nil
}
