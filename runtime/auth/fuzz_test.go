package auth

import (
	"context"
	"encoding/json"
	"errors"
	"testing"

	"github.com/skillgen/skillgen/runtime"
	"github.com/skillgen/skillgen/runtime/cache"
)

// FuzzVerify: any string is either a valid token of the pool or rejected
// with ErrNotLinked; never a panic, never another error while the key set
// is reachable.
func FuzzVerify(f *testing.F) {
	fx := newFixture(f)
	k1, k2, _ := testKeys(f)
	valid := sign(f, k1, "kid-1", accessClaimsAt(fx.jwks.issuer(), t0))
	f.Add(valid)
	f.Add(sign(f, k2, "kid-2", accessClaimsAt(fx.jwks.issuer(), t0)))
	f.Add("eyJhbGciOiJub25lIn0.e30.")
	f.Add("a.b.c")
	f.Add("")
	f.Fuzz(func(t *testing.T, tok string) {
		c, err := fx.verifier.Verify(context.Background(), tok)
		if err != nil {
			if !errors.Is(err, runtime.ErrNotLinked) {
				t.Fatalf("error %v is not ErrNotLinked", err)
			}
			return
		}
		if c.ClientID != testClient || c.Expires.IsZero() {
			t.Fatalf("accepted token with claims %+v", c)
		}
	})
}

// FuzzParseJWKS: any document gives keys of at least 2048 bits or an error.
func FuzzParseJWKS(f *testing.F) {
	k1, _, _ := testKeys(f)
	doc, _ := json.Marshal(map[string]any{"keys": []any{jwkOf("kid-1", &k1.PublicKey)}})
	f.Add(doc)
	f.Add([]byte(`{"keys":[{"kty":"RSA","kid":"x","n":"AQAB","e":"AQAB"}]}`))
	f.Add([]byte(`{}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		keys, err := parseJWKS(data)
		if err != nil {
			return
		}
		if len(keys) == 0 {
			t.Fatal("no keys and no error")
		}
		for kid, k := range keys {
			if kid == "" || k.N.BitLen() < 2048 || k.E < 3 {
				t.Fatalf("weak or unnamed key %q accepted", kid)
			}
		}
	})
}

func BenchmarkVerify(b *testing.B) {
	fx := newFixture(b)
	k1, _, _ := testKeys(b)
	tok := sign(b, k1, "kid-1", accessClaimsAt(fx.jwks.issuer(), t0))
	ctx := context.Background()
	if _, err := fx.verifier.Verify(ctx, tok); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := fx.verifier.Verify(ctx, tok); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkVerifyRejectGarbage(b *testing.B) {
	fx := newFixture(b)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := fx.verifier.Verify(ctx, "eyJhbGciOiJIUzI1NiJ9.eyJ0b2tlbl91c2UiOiJhY2Nlc3MifQ.c2ln"); err == nil {
			b.Fatal("accepted")
		}
	}
}

// BenchmarkVerifyCached is a token verified before: a hash and a map
// lookup instead of BenchmarkVerify's RS256 check.
func BenchmarkVerifyCached(b *testing.B) {
	fx := newFixture(b)
	k1, _, _ := testKeys(b)
	tok := sign(b, k1, "kid-1", accessClaimsAt(fx.jwks.issuer(), t0))
	ctx := context.Background()
	if _, err := fx.verifier.VerifyKey(ctx, cache.KeyOf(tok), tok); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := fx.verifier.VerifyKey(ctx, cache.KeyOf(tok), tok); err != nil {
			b.Fatal(err)
		}
	}
}
