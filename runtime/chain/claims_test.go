package chain

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"

	"github.com/golang-jwt/jwt/v5"

	"github.com/skillgen/skillgen/runtime"
)

var spoken = []string{"address", "email", "family_name", "given_name", "phone_number"}

// claimsChain is a token-mode chain whose profile source (GetUser) counts
// its calls.
func claimsChain(t *testing.T) (src runtime.ProfileSource, calls *atomic.Int32, issuer string) {
	t.Helper()
	calls = &atomic.Int32{}
	getUser := runtime.ProfileSourceFunc(func(context.Context, string) (map[string]string, error) {
		calls.Add(1)
		return map[string]string{"given_name": "From GetUser", "phone_number": "+15555550100"}, nil
	})
	issuer = jwks(t)
	c, err := New(getUser, Config{Auth: authConfig(issuer), ProfileClaims: spoken})
	if err != nil {
		t.Fatal(err)
	}
	return c.Source(), calls, issuer
}

func needs(names ...string) context.Context { return runtime.WithNeeds(context.Background(), names) }

func TestClaimsAnswerWithoutGetUser(t *testing.T) {
	src, calls, iss := claimsChain(t)
	tok := accessToken(t, iss, "ada", func(c jwt.MapClaims) {
		c["given_name"], c["email"] = "Ada", "ada@example.com"
		c["address"] = map[string]any{"formatted": "1 Main St"}
	})
	// Twice each: cold (verification) and warm (verified-token cache).
	for range 2 {
		p, err := src.Profile(needs("given_name"), tok)
		if err != nil || p["given_name"] != "Ada" {
			t.Fatalf("Profile = %v, %v", p, err)
		}
		p, err = src.Profile(needs("email", "given_name", "address"), tok)
		if err != nil || runtime.AddressText(p["address"]) != "1 Main St" {
			t.Fatalf("Profile = %v, %v", p, err)
		}
	}
	if n := calls.Load(); n != 0 {
		t.Errorf("GetUser calls = %d, want 0", n)
	}
	// An answer that needs phone_number, which the token lacks: GetUser,
	// once for the token (the profile cache).
	for range 3 {
		p, err := src.Profile(needs("phone_number"), tok)
		if err != nil || p["phone_number"] != "+15555550100" {
			t.Fatalf("Profile = %v, %v", p, err)
		}
	}
	if n := calls.Load(); n != 1 {
		t.Errorf("GetUser calls = %d, want 1", n)
	}
}

func TestClaimsWithoutNeedsWantEveryClaim(t *testing.T) {
	src, calls, iss := claimsChain(t)
	all := accessToken(t, iss, "ada", func(c jwt.MapClaims) {
		for _, n := range spoken {
			c[n] = "x"
		}
	})
	if _, err := src.Profile(context.Background(), all); err != nil || calls.Load() != 0 {
		t.Fatalf("all claims: %v, %d GetUser calls", err, calls.Load())
	}
	some := accessToken(t, iss, "bob", func(c jwt.MapClaims) { c["given_name"] = "Bob" })
	if _, err := src.Profile(context.Background(), some); err != nil || calls.Load() != 1 {
		t.Fatalf("some claims: %v, %d GetUser calls", err, calls.Load())
	}
}

func TestClaimsTokenWithoutClaimsFallsBack(t *testing.T) {
	src, calls, iss := claimsChain(t)
	tok := accessToken(t, iss, "ada", nil) // issued before the trigger existed
	for range 3 {
		p, err := src.Profile(needs("given_name"), tok)
		if err != nil || p["given_name"] != "From GetUser" {
			t.Fatalf("Profile = %v, %v", p, err)
		}
	}
	if n := calls.Load(); n != 1 {
		t.Errorf("GetUser calls = %d, want exactly 1", n)
	}
}

func TestClaimsOfARejectedTokenAreNeverRead(t *testing.T) {
	src, calls, iss := claimsChain(t)
	forged := accessToken(t, iss, "mallory", func(c jwt.MapClaims) {
		c["given_name"] = "Mallory"
		c["client_id"] = "another-client"
	})
	p, err := src.Profile(needs("given_name"), forged)
	if !errors.Is(err, runtime.ErrNotLinked) || p != nil {
		t.Fatalf("token of another client: %v, %v", p, err)
	}
	if n := calls.Load(); n != 0 {
		t.Errorf("GetUser calls = %d, want 0", n)
	}
}

// In getuser mode the claims are ignored even when the token has them.
func TestNoProfileClaimsMeansGetUser(t *testing.T) {
	var calls atomic.Int32
	getUser := runtime.ProfileSourceFunc(func(context.Context, string) (map[string]string, error) {
		calls.Add(1)
		return map[string]string{"given_name": "From GetUser"}, nil
	})
	iss := jwks(t)
	c, err := New(getUser, Config{Auth: authConfig(iss)})
	if err != nil {
		t.Fatal(err)
	}
	tok := accessToken(t, iss, "ada", func(c jwt.MapClaims) { c["given_name"] = "Ada" })
	p, err := c.Source().Profile(needs("given_name"), tok)
	if err != nil || p["given_name"] != "From GetUser" || calls.Load() != 1 {
		t.Fatalf("Profile = %v, %v, %d calls", p, err, calls.Load())
	}
}
