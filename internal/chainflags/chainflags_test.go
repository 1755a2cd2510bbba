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
