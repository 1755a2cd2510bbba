package testpeers

import (
	"crypto"
	"crypto/hmac"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// SigningKeyID is the "kid" of the only key cognito-local signs with and
// serves in every pool's JWKS.
const SigningKeyID = "CognitoLocal"

// SignToken returns an RS256 JWT over claims, signed with cognito-local's own
// private key (shipped in the npm package) and header kid "CognitoLocal", so
// it verifies against JWKSURL of any pool. Use it to build tokens cognito-local
// will not issue: expired, wrong issuer, wrong client_id, wrong token_use.
// Start from Claims of a real token and change what the test needs.
func (c *Cognito) SignToken(t testing.TB, claims map[string]any) string {
	t.Helper()
	key, err := cognitoLocalKey(RepoRoot(t))
	if err != nil {
		t.Fatalf("testpeers: %v", err)
	}
	tok, err := signRS256(key, claims)
	if err != nil {
		t.Fatalf("testpeers: sign token: %v", err)
	}
	return tok
}

// Claims decodes the payload of a JWT without verifying it (numbers decode as
// float64, as encoding/json does). The test fails if token is not a JWT.
func Claims(t testing.TB, token string) map[string]any {
	t.Helper()
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		t.Fatalf("testpeers: not a JWT: %d dot-separated parts", len(parts))
	}
	b, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatalf("testpeers: JWT payload: %v", err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("testpeers: JWT payload: %v", err)
	}
	return m
}

func cognitoLocalKey(root string) (*rsa.PrivateKey, error) {
	path := filepath.Join(peersDir(root), "node_modules", "cognito-local", "lib", "keys", "cognitoLocal.private.json")
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read cognito-local signing key: %w", err)
	}
	var f struct {
		PEM string `json:"pem"`
	}
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, fmt.Errorf("parse %s: %w", path, err)
	}
	blk, _ := pem.Decode([]byte(f.PEM))
	if blk == nil {
		return nil, fmt.Errorf("%s: no PEM block in \"pem\"", path)
	}
	if k, err := x509.ParsePKCS1PrivateKey(blk.Bytes); err == nil {
		return k, nil
	}
	k, err := x509.ParsePKCS8PrivateKey(blk.Bytes)
	if err != nil {
		return nil, fmt.Errorf("%s: parse private key: %w", path, err)
	}
	rk, ok := k.(*rsa.PrivateKey)
	if !ok {
		return nil, errors.New(path + ": not an RSA key")
	}
	return rk, nil
}

func signRS256(key *rsa.PrivateKey, claims map[string]any) (string, error) {
	return signRS256With(key, map[string]any{"alg": "RS256", "typ": "JWT", "kid": SigningKeyID}, claims)
}

func signRS256With(key *rsa.PrivateKey, header, claims map[string]any) (string, error) {
	hdr, err := json.Marshal(header)
	if err != nil {
		return "", err
	}
	payload, err := json.Marshal(claims)
	if err != nil {
		return "", err
	}
	signing := base64.RawURLEncoding.EncodeToString(hdr) + "." + base64.RawURLEncoding.EncodeToString(payload)
	sum := sha256.Sum256([]byte(signing))
	sig, err := rsa.SignPKCS1v15(rand.Reader, key, crypto.SHA256, sum[:])
	if err != nil {
		return "", err
	}
	return signing + "." + base64.RawURLEncoding.EncodeToString(sig), nil
}

func hmacSHA256(key, msg []byte) []byte {
	m := hmac.New(sha256.New, key)
	m.Write(msg)
	return m.Sum(nil)
}
