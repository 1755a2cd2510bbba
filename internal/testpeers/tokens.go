package testpeers

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"math/big"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// TokenIssuer mints access tokens the way a Cognito user pool does, for
// tests of local token verification: RS256 with Key under Kid, iss Issuer,
// client_id ClientID. NewTokenIssuer serves its key set on 127.0.0.1;
// (*Cognito).TokenIssuer signs with cognito-local's own key instead.
type TokenIssuer struct {
	Key      *rsa.PrivateKey
	Kid      string
	Issuer   string
	ClientID string
	// JWKSURL is where the pool's key set is served.
	JWKSURL string
}

var (
	otherKeyOnce sync.Once
	otherKey     *rsa.PrivateKey
)

// OtherKey is an RSA key no pool publishes (generated once per test binary).
func OtherKey(t testing.TB) *rsa.PrivateKey {
	otherKeyOnce.Do(func() {
		k, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			panic(err)
		}
		otherKey = k
	})
	return otherKey
}

// NewTokenIssuer returns an issuer for pool and client with a fresh key,
// serving its JWKS at <Issuer>/.well-known/jwks.json on 127.0.0.1 until the
// test ends.
func NewTokenIssuer(t testing.TB, pool, client string) *TokenIssuer {
	t.Helper()
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := json.Marshal(map[string]any{"keys": []any{JWK("k1", &k.PublicKey)}})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/"+pool+"/.well-known/jwks.json" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
	}))
	t.Cleanup(srv.Close)
	iss := srv.URL + "/" + pool
	return &TokenIssuer{Key: k, Kid: "k1", Issuer: iss, ClientID: client, JWKSURL: iss + "/.well-known/jwks.json"}
}

// TokenIssuer returns an issuer for pool and client that signs with
// cognito-local's key, so its tokens verify against the pool's JWKS.
func (c *Cognito) TokenIssuer(t testing.TB, pool, client string) *TokenIssuer {
	t.Helper()
	k, err := cognitoLocalKey(RepoRoot(t))
	if err != nil {
		t.Fatalf("testpeers: %v", err)
	}
	return &TokenIssuer{Key: k, Kid: SigningKeyID, Issuer: c.Issuer(pool), ClientID: client, JWKSURL: c.JWKSURL(pool)}
}

// JWK is the JSON Web Key of an RSA signing key.
func JWK(kid string, pub *rsa.PublicKey) map[string]string {
	return map[string]string{"kty": "RSA", "kid": kid, "use": "sig", "alg": "RS256",
		"n": base64.RawURLEncoding.EncodeToString(pub.N.Bytes()),
		"e": base64.RawURLEncoding.EncodeToString(big.NewInt(int64(pub.E)).Bytes())}
}

// Claims returns the claims of a valid access token of user sub, valid
// for an hour from now.
func (ti *TokenIssuer) Claims(sub string) map[string]any {
	now := time.Now()
	return map[string]any{"sub": sub, "iss": ti.Issuer, "client_id": ti.ClientID, "token_use": "access",
		"scope": "aws.cognito.signin.user.admin", "auth_time": now.Unix(), "iat": now.Unix(),
		"exp": now.Add(time.Hour).Unix(), "jti": sub + "-" + now.Format(time.RFC3339Nano), "username": sub}
}

// Token returns a valid access token of user sub; edit, if not nil,
// changes the claims before signing.
func (ti *TokenIssuer) Token(t testing.TB, sub string, edit func(map[string]any)) string {
	t.Helper()
	c := ti.Claims(sub)
	if edit != nil {
		edit(c)
	}
	return ti.sign(t, map[string]any{"alg": "RS256", "typ": "JWT", "kid": ti.Kid}, c, ti.Key)
}

func (ti *TokenIssuer) sign(t testing.TB, hdr, claims map[string]any, key *rsa.PrivateKey) string {
	t.Helper()
	tok, err := signRS256With(key, hdr, claims)
	if err != nil {
		t.Fatalf("testpeers: sign token: %v", err)
	}
	return tok
}

// BadToken is a token local verification must reject.
type BadToken struct {
	Name  string
	Token string
}

// BadTokens is the one table of tokens that must get the LinkAccount card
// without any call to Cognito: expired, not yet valid, wrong issuer, wrong
// client, an ID token, an unknown key ID, a tampered payload, alg none, and
// HS256 signed with the pool's public key.
func (ti *TokenIssuer) BadTokens(t testing.TB) []BadToken {
	t.Helper()
	now := time.Now()
	hdr := func(alg, kid string) string {
		b, _ := json.Marshal(map[string]any{"alg": alg, "typ": "JWT", "kid": kid})
		return base64.RawURLEncoding.EncodeToString(b)
	}
	payload := func(c map[string]any) string {
		b, _ := json.Marshal(c)
		return base64.RawURLEncoding.EncodeToString(b)
	}
	good := ti.Token(t, "mallory", nil)
	parts := strings.Split(good, ".")
	evil := ti.Claims("mallory")
	evil["username"], evil["sub"] = "ada", "ada"
	tampered := parts[0] + "." + payload(evil) + "." + parts[2]

	pubDER, err := x509.MarshalPKIXPublicKey(&ti.Key.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	pubPEM := pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pubDER})
	hsInput := hdr("HS256", ti.Kid) + "." + payload(ti.Claims("mallory"))
	hs256 := hsInput + "." + base64.RawURLEncoding.EncodeToString(hmacSHA256(pubPEM, []byte(hsInput)))

	return []BadToken{
		{"expired", ti.Token(t, "u-expired", func(c map[string]any) {
			c["iat"], c["auth_time"], c["exp"] = now.Add(-2*time.Hour).Unix(), now.Add(-2*time.Hour).Unix(), now.Add(-time.Hour).Unix()
		})},
		{"not yet valid", ti.Token(t, "u-nbf", func(c map[string]any) { c["nbf"] = now.Add(10 * time.Minute).Unix() })},
		{"wrong issuer", ti.Token(t, "u-iss", func(c map[string]any) {
			c["iss"] = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_SomeoneElse"
		})},
		{"wrong client", ti.Token(t, "u-client", func(c map[string]any) { c["client_id"] = "another-app-client" })},
		{"ID token", ti.Token(t, "u-id", func(c map[string]any) {
			c["token_use"], c["aud"], c["email"] = "id", ti.ClientID, "mallory@example.com"
			delete(c, "client_id")
		})},
		{"unknown kid", ti.sign(t, map[string]any{"alg": "RS256", "typ": "JWT", "kid": "not-in-the-key-set"}, ti.Claims("u-kid"), OtherKey(t))},
		{"tampered payload", tampered},
		{"alg none", hdr("none", ti.Kid) + "." + payload(ti.Claims("u-none")) + "."},
		{"HS256 with the public key", hs256},
	}
}
