package auth

import (
	"context"
	"errors"
	"reflect"
	"sync/atomic"
	"testing"

	"github.com/golang-jwt/jwt/v5"

	"github.com/skillgen/skillgen/runtime"
)

var spoken = []string{"address", "custom:member_id", "custom:points", "email", "given_name", "phone_number"}

// withClaims is a valid access token of the fixture's pool carrying extra
// claims, as the pre token generation trigger adds them.
func withClaims(t *testing.T, f *fixture, extra jwt.MapClaims) string {
	t.Helper()
	k1, _, _ := testKeys(t)
	c := accessClaimsAt(f.jwks.issuer(), t0)
	for k, v := range extra {
		c[k] = v
	}
	return sign(t, k1, "kid-1", c)
}

func TestProfileClaims(t *testing.T) {
	f := newFixture(t)
	tok := withClaims(t, f, jwt.MapClaims{
		"given_name":       `O'Brien <&>`,
		"email":            "",
		"address":          map[string]any{"formatted": "1 Main St"},
		"custom:member_id": "AB12",
		"custom:points":    1200,
		"phone_number":     nil,
		"family_name":      "not asked for",
	})
	got, err := ProfileClaims(tok, append(spoken, "sub"))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"given_name":       `O'Brien <&>`,
		"email":            "",
		"address":          `{"formatted":"1 Main St"}`,
		"custom:member_id": "AB12",
		"custom:points":    "1200",
		"sub":              "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ProfileClaims\n got %v\nwant %v", got, want)
	}
	if a := runtime.AddressText(got["address"]); a != "1 Main St" {
		t.Errorf("address speaks as %q", a)
	}
	for _, bad := range []string{"", "a.b", "a.!!!.c", "a.bm90IGpzb24.c"} {
		if _, err := ProfileClaims(bad, spoken); err == nil {
			t.Errorf("ProfileClaims(%q) succeeded", bad)
		}
	}
}

// claimsChain is the token-mode chain with a counting GetUser behind it.
func claimsChain(f *fixture) (runtime.ProfileSource, *atomic.Int32) {
	var calls atomic.Int32
	getUser := runtime.ProfileSourceFunc(func(context.Context, string) (map[string]string, error) {
		calls.Add(1)
		return map[string]string{"given_name": "From GetUser", "phone_number": "+15555550100"}, nil
	})
	return f.verifier.WrapClaims(spoken, getUser), &calls
}

func TestClaimsAnswerWithoutGetUser(t *testing.T) {
	f := newFixture(t)
	src, calls := claimsChain(f)
	tok := withClaims(t, f, jwt.MapClaims{"given_name": "Ada", "email": "ada@example.com"})

	// The answer needs given_name: the token has it.
	p, err := src.Profile(runtime.WithNeeds(context.Background(), []string{"given_name"}), tok)
	if err != nil || p["given_name"] != "Ada" {
		t.Fatalf("Profile = %v, %v", p, err)
	}
	// Needs given_name and email: both there.
	if _, err := src.Profile(runtime.WithNeeds(context.Background(), []string{"email", "given_name"}), tok); err != nil {
		t.Fatal(err)
	}
	if n := calls.Load(); n != 0 {
		t.Errorf("GetUser calls = %d, want 0", n)
	}
	// Needs phone_number, which the token lacks: GetUser.
	p, err = src.Profile(runtime.WithNeeds(context.Background(), []string{"phone_number"}), tok)
	if err != nil || p["phone_number"] != "+15555550100" {
		t.Fatalf("Profile = %v, %v", p, err)
	}
	if n := calls.Load(); n != 1 {
		t.Errorf("GetUser calls = %d, want 1", n)
	}
	// Without needs in the context every spoken claim must be there.
	if _, err := src.Profile(context.Background(), tok); err != nil {
		t.Fatal(err)
	}
	if n := calls.Load(); n != 2 {
		t.Errorf("GetUser calls = %d, want 2", n)
	}
}

func TestClaimsTokenWithoutClaimsFallsBack(t *testing.T) {
	f := newFixture(t)
	src, calls := claimsChain(f)
	tok := withClaims(t, f, nil) // issued before the trigger existed
	p, err := src.Profile(runtime.WithNeeds(context.Background(), []string{"given_name"}), tok)
	if err != nil || p["given_name"] != "From GetUser" {
		t.Fatalf("Profile = %v, %v", p, err)
	}
	if n := calls.Load(); n != 1 {
		t.Errorf("GetUser calls = %d, want 1", n)
	}
}

func TestClaimsRejectedTokenReachesNothing(t *testing.T) {
	f := newFixture(t)
	src, calls := claimsChain(f)
	_, k2, _ := testKeys(t)
	c := accessClaimsAt(f.jwks.issuer(), t0)
	c["given_name"] = "Mallory"
	forged := sign(t, k2, "kid-1", c) // right kid, wrong key
	p, err := src.Profile(runtime.WithNeeds(context.Background(), []string{"given_name"}), forged)
	if !errors.Is(err, runtime.ErrNotLinked) || p != nil {
		t.Fatalf("forged token: %v, %v", p, err)
	}
	if n := calls.Load(); n != 0 {
		t.Errorf("GetUser calls = %d, want 0", n)
	}
}

// FuzzProfileClaims: any token string gives claims or an error, never a
// panic; every value returned is a requested name.
func FuzzProfileClaims(f *testing.F) {
	fx := newFixture(f)
	k1, _, _ := testKeys(f)
	c := accessClaimsAt(fx.jwks.issuer(), t0)
	c["given_name"], c["address"], c["custom:points"] = "Ada", map[string]any{"formatted": "x"}, 3
	f.Add(sign(f, k1, "kid-1", c))
	f.Add("a.e30.c")
	f.Add("a.bnVsbA.c")
	f.Add("")
	f.Fuzz(func(t *testing.T, tok string) {
		p, err := ProfileClaims(tok, spoken)
		if err != nil {
			return
		}
		for k := range p {
			found := false
			for _, n := range spoken {
				found = found || n == k
			}
			if !found {
				t.Fatalf("claim %q was not asked for", k)
			}
		}
	})
}
