package chainflags

import (
	"flag"
	"io"
	"strings"
	"testing"

	"github.com/skillgen/skillgen/internal/facts"
)

func parse(t *testing.T, args ...string) *Flags {
	t.Helper()
	fs := flag.NewFlagSet("x", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	f := Register(fs, true)
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	return f
}

func TestEnvLayersFlagsOverTheEnvironment(t *testing.T) {
	env := map[string]string{"USER_POOL_ID": "us-east-1_Env", "USER_POOL_CLIENT_ID": "envclient", "SKILL_TIME_BUDGET": "2s"}
	getenv := func(k string) string { return env[k] }

	// Flags win; the spec's region is the last default; cognito-local's
	// issuer follows from the endpoint and the pool.
	g := parse(t, "--user-pool-id", "local_Flag", "--cognito-endpoint", "http://127.0.0.1:9229/", "--budget", "1500ms").Env(getenv, "eu-west-1")
	for k, want := range map[string]string{
		"USER_POOL_ID":        "local_Flag",
		"USER_POOL_CLIENT_ID": "envclient",
		"COGNITO_REGION":      "eu-west-1",
		"COGNITO_ISSUER":      "http://127.0.0.1:9229/local_Flag",
		"SKILL_TIME_BUDGET":   "1.5s",
		"AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER": "http://127.0.0.1:9229/",
	} {
		if got := g(k); got != want {
			t.Errorf("%s = %q, want %q", k, got, want)
		}
	}
	// Without flags the environment stands; no endpoint, no issuer guess.
	g = parse(t).Env(getenv, "eu-west-1")
	if g("USER_POOL_ID") != "us-east-1_Env" || g("SKILL_TIME_BUDGET") != "2s" || g("COGNITO_ISSUER") != "" {
		t.Errorf("env not kept: pool %q budget %q issuer %q", g("USER_POOL_ID"), g("SKILL_TIME_BUDGET"), g("COGNITO_ISSUER"))
	}
	// An explicit region in the environment beats the spec's.
	env["COGNITO_REGION"] = "ap-south-1"
	if g := parse(t).Env(getenv, "eu-west-1"); g("COGNITO_REGION") != "ap-south-1" {
		t.Errorf("region %q", g("COGNITO_REGION"))
	}
}

// TestRegionFollowsThePool: with no region given, the pool ID's own region
// beats the spec's default, for the token issuer and GetUser alike
// (facts.PoolRegion); a pool ID without one takes the spec's.
func TestRegionFollowsThePool(t *testing.T) {
	env := map[string]string{"AWS_REGION": "us-west-2"}
	getenv := func(k string) string { return env[k] }
	g := parse(t, "--user-pool-id", "eu-west-1_Pool").Env(getenv, "us-east-1")
	if r := facts.PoolRegion(g); r != "eu-west-1" {
		t.Errorf("region %q, want the pool's eu-west-1", r)
	}
	if r := facts.PoolRegion(parse(t, "--user-pool-id", "local_Pool").Env(getenv, "us-east-1")); r != "us-east-1" {
		t.Errorf("region %q, want the spec's us-east-1", r)
	}
	if r := facts.PoolRegion(parse(t, "--user-pool-id", "eu-west-1_Pool", "--region", "ap-south-1").Env(getenv, "us-east-1")); r != "ap-south-1" {
		t.Errorf("region %q, want the flag's ap-south-1", r)
	}
	t.Setenv("COGNITO_REGION", "")
	t.Setenv("USER_POOL_CLIENT_ID", "")
	c, err := parse(t, "--user-pool-id", "eu-west-1_Pool", "--client-id", "c").Chain("us-east-1", nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Pool"; c.Verifier().Issuer() != want {
		t.Errorf("issuer %q, want %q", c.Verifier().Issuer(), want)
	}
}

func TestChainNeedsPoolAndClient(t *testing.T) {
	t.Setenv("USER_POOL_ID", "")
	t.Setenv("USER_POOL_CLIENT_ID", "")
	_, err := parse(t).Chain("us-east-1", nil)
	if err == nil || !strings.Contains(err.Error(), "--user-pool-id and --client-id") {
		t.Fatalf("err = %v", err)
	}
	c, err := parse(t, "--user-pool-id", "us-east-1_X", "--client-id", "c", "--budget", "2s").Chain("us-east-1", nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.Policy().Budget.String() != "2s" || c.Verifier().Issuer() != "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_X" {
		t.Errorf("budget %v, issuer %q", c.Policy().Budget, c.Verifier().Issuer())
	}
}

// TestBadFlagValuesNameTheFlag: a bad value given by a flag is reported
// under the flag's name, never the environment variable it stands in for
// (the same value from the environment keeps the variable's name); 0 and
// negative durations are refused, not ignored; every problem is reported.
func TestBadFlagValuesNameTheFlag(t *testing.T) {
	for _, k := range []string{"COGNITO_REGION", "USER_POOL_ID", "USER_POOL_CLIENT_ID", "COGNITO_ISSUER", "COGNITO_JWKS_URL",
		"SKILL_TIME_BUDGET", "PROFILE_CACHE_TTL", "AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER", "AWS_ENDPOINT_URL"} {
		t.Setenv(k, "")
	}
	ok := []string{"--user-pool-id", "us-east-1_X", "--client-id", "c"}
	for _, tc := range []struct {
		args []string
		want string
		env  string // the variable the flag stands in for: must not be named
	}{
		{[]string{"--budget", "20s"}, `invalid value "20s" for --budget: want a duration in (0s, 8s]`, "SKILL_TIME_BUDGET"},
		{[]string{"--budget", "0s"}, `invalid value "0s" for --budget`, "SKILL_TIME_BUDGET"},
		{[]string{"--budget", "-1s"}, `invalid value "-1s" for --budget`, "SKILL_TIME_BUDGET"},
		{[]string{"--profile-cache-ttl", "48h0m0s"}, `invalid value "48h0m0s" for --profile-cache-ttl: want a duration in (0s, 24h]`, "PROFILE_CACHE_TTL"},
		{[]string{"--profile-cache-ttl", "0s"}, `invalid value "0s" for --profile-cache-ttl`, "PROFILE_CACHE_TTL"},
		{[]string{"--issuer", "ftp://x/y"}, `invalid value "ftp://x/y" for --issuer: want an http(s) URL`, "COGNITO_ISSUER"},
		{[]string{"--jwks-url", "/relative"}, `invalid value "/relative" for --jwks-url: want an http(s) URL`, "COGNITO_JWKS_URL"},
		{[]string{"--region", "Not A Region"}, `invalid value "Not A Region" for --region: want an AWS region`, "COGNITO_REGION"},
		{[]string{"--user-pool-id", "us-east-1_X/../y"}, `invalid value "us-east-1_X/../y" for --user-pool-id`, "USER_POOL_ID"},
		{[]string{"--cognito-endpoint", "localhost:9229"}, `invalid value "localhost:9229" for --cognito-endpoint: want an http(s) URL`, "AWS_ENDPOINT_URL"},
		{[]string{"--budget", "9s", "--profile-cache-ttl", "-5m"}, `invalid value "9s" for --budget: want a duration in (0s, 8s], e.g. 3s; invalid value "-5m0s" for --profile-cache-ttl`, "SKILL_TIME_BUDGET"},
	} {
		_, err := parse(t, append(append([]string{}, ok...), tc.args...)...).Chain("us-east-1", nil)
		if err == nil || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), tc.env) {
			t.Errorf("%q: err = %v; want %q, not naming %s", tc.args, err, tc.want, tc.env)
		}
	}
	// The same bad value from the environment names the variable.
	t.Setenv("SKILL_TIME_BUDGET", "20s")
	if _, err := parse(t, ok...).Chain("us-east-1", nil); err == nil || !strings.Contains(err.Error(), `SKILL_TIME_BUDGET="20s"`) {
		t.Errorf("env budget: err = %v", err)
	}
	// A good flag over a bad environment value wins.
	if _, err := parse(t, append(ok, "--budget", "2s")...).Chain("us-east-1", nil); err != nil {
		t.Errorf("--budget 2s over SKILL_TIME_BUDGET=20s: %v", err)
	}
}
