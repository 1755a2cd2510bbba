package auth

import (
	"reflect"
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
