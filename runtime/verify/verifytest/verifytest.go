// Package verifytest makes what tests of Alexa request verification need: a
// test CA with an intermediate, signing certificates with chosen SANs and
// validity, request signatures, and a certificate server on 127.0.0.1 that
// answers for the s3.amazonaws.com URLs the verifier sees.
package verifytest

import (
	"context"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/pem"
	"fmt"
	"math/big"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/skillgen/skillgen/runtime/verify"
)

// CA is a test root with an intermediate that issues signing certificates.
type CA struct {
	Root     *x509.Certificate
	rootKey  *rsa.PrivateKey
	Inter    *x509.Certificate
	interKey *rsa.PrivateKey
	serial   atomic.Int64
}

// NewCA makes a root and an intermediate valid from an hour ago for a year.
func NewCA(t testing.TB) *CA {
	t.Helper()
	ca := &CA{}
	ca.serial.Store(1)
	now := time.Now()
	ca.rootKey = newKey(t)
	root := &x509.Certificate{
		SerialNumber:          big.NewInt(ca.serial.Add(1)),
		Subject:               pkix.Name{CommonName: "skillgen test root"},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(365 * 24 * time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
	}
	ca.Root = create(t, root, root, &ca.rootKey.PublicKey, ca.rootKey)
	ca.interKey = newKey(t)
	inter := &x509.Certificate{
		SerialNumber:          big.NewInt(ca.serial.Add(1)),
		Subject:               pkix.Name{CommonName: "skillgen test intermediate"},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(365 * 24 * time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
	}
	ca.Inter = create(t, inter, ca.Root, &ca.interKey.PublicKey, ca.rootKey)
	return ca
}

// Roots returns a pool holding only the root.
func (ca *CA) Roots() *x509.CertPool {
	p := x509.NewCertPool()
	p.AddCert(ca.Root)
	return p
}

// LeafOptions shape a signing certificate. Zero values mean SAN
// echo-api.amazon.com, valid from an hour ago for a day.
type LeafOptions struct {
	DNSNames  []string
	NotBefore time.Time
	NotAfter  time.Time
}

// Signer is a signing certificate with its key and PEM chain (leaf, then
// intermediate).
type Signer struct {
	Leaf     *x509.Certificate
	Key      *rsa.PrivateKey
	ChainPEM []byte
}

// Issue makes a signing certificate.
func (ca *CA) Issue(t testing.TB, o LeafOptions) *Signer {
	t.Helper()
	now := time.Now()
	if o.DNSNames == nil {
		o.DNSNames = []string{"echo-api.amazon.com"}
	}
	if o.NotBefore.IsZero() {
		o.NotBefore = now.Add(-time.Hour)
	}
	if o.NotAfter.IsZero() {
		o.NotAfter = now.Add(24 * time.Hour)
	}
	key := newKey(t)
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(ca.serial.Add(1)),
		Subject:      pkix.Name{CommonName: "echo-api.amazon.com"},
		DNSNames:     o.DNSNames,
		NotBefore:    o.NotBefore,
		NotAfter:     o.NotAfter,
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth},
	}
	leaf := create(t, tmpl, ca.Inter, &key.PublicKey, ca.interKey)
	var chain []byte
	chain = append(chain, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: leaf.Raw})...)
	chain = append(chain, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: ca.Inter.Raw})...)
	return &Signer{Leaf: leaf, Key: key, ChainPEM: chain}
}

// Sign returns the Signature-256 header value for body.
func (s *Signer) Sign(t testing.TB, body []byte) string {
	t.Helper()
	digest := sha256.Sum256(body)
	sig, err := rsa.SignPKCS1v15(rand.Reader, s.Key, crypto.SHA256, digest[:])
	if err != nil {
		t.Fatalf("signing: %v", err)
	}
	return base64.StdEncoding.EncodeToString(sig)
}

// CertServer serves certificate chains over TLS on 127.0.0.1. Its Fetcher
// takes the https://s3.amazonaws.com/... URLs the verifier checks and
// fetches the same path from this server, through the real HTTP fetcher.
type CertServer struct {
	srv     *httptest.Server
	mu      sync.Mutex
	files   map[string][]byte
	fetches atomic.Int64
}

// NewCertServer starts a CertServer; it stops when the test ends.
func NewCertServer(t testing.TB) *CertServer {
	t.Helper()
	cs := &CertServer{files: map[string][]byte{}}
	cs.srv = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cs.fetches.Add(1)
		cs.mu.Lock()
		data, ok := cs.files[r.URL.Path]
		cs.mu.Unlock()
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/x-pem-file")
		_, _ = w.Write(data)
	}))
	cs.srv.StartTLS()
	t.Cleanup(cs.srv.Close)
	return cs
}

// Put serves data at path (e.g. /echo.api/echo-api-cert.pem) and returns the
// s3 URL for it.
func (cs *CertServer) Put(path string, data []byte) string {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	cs.files[path] = data
	return "https://s3.amazonaws.com" + path
}

// Fetches counts requests the server answered.
func (cs *CertServer) Fetches() int64 { return cs.fetches.Load() }

// Fetcher returns a Fetcher that maps s3.amazonaws.com URLs to this server.
func (cs *CertServer) Fetcher() verify.Fetcher {
	inner := verify.HTTPFetcher(cs.srv.Client())
	return verify.FetcherFunc(func(ctx context.Context, raw string) ([]byte, error) {
		u, err := url.Parse(raw)
		if err != nil {
			return nil, err
		}
		if !strings.EqualFold(u.Hostname(), "s3.amazonaws.com") {
			return nil, fmt.Errorf("test fetcher: unexpected host %q", u.Host)
		}
		return inner.Fetch(ctx, cs.srv.URL+u.EscapedPath())
	})
}

// RequestBody returns an Alexa LaunchRequest body for skillID at ts.
func RequestBody(skillID string, ts time.Time) []byte {
	return RequestBodyWithToken(skillID, "", ts)
}

// RequestBodyWithToken returns an Alexa LaunchRequest body for skillID at
// ts carrying an account-linking access token ("" for none).
func RequestBodyWithToken(skillID, token string, ts time.Time) []byte {
	user := `{"userId":"amzn1.ask.account.test"}`
	if token != "" {
		user = fmt.Sprintf(`{"userId":"amzn1.ask.account.test","accessToken":%q}`, token)
	}
	return fmt.Appendf(nil, `{"version":"1.0","session":{"new":true,"sessionId":"amzn1.echo-api.session.test","application":{"applicationId":%q},"user":%s},"context":{"System":{"application":{"applicationId":%q},"user":%s,"device":{"deviceId":"test","supportedInterfaces":{}},"apiEndpoint":"https://api.amazonalexa.com"}},"request":{"type":"LaunchRequest","requestId":"amzn1.echo-api.request.test","timestamp":%q,"locale":"en-US"}}`,
		skillID, user, skillID, user, ts.UTC().Format(time.RFC3339))
}

func newKey(t testing.TB) *rsa.PrivateKey {
	t.Helper()
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatalf("generating key: %v", err)
	}
	return k
}

func create(t testing.TB, tmpl, parent *x509.Certificate, pub *rsa.PublicKey, key *rsa.PrivateKey) *x509.Certificate {
	t.Helper()
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, pub, key)
	if err != nil {
		t.Fatalf("creating certificate: %v", err)
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatalf("parsing certificate: %v", err)
	}
	return c
}
