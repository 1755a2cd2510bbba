package runtime_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"io"
	"math/big"
	"net/http"
	"net/http/httptest"
	"syscall"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/skillgen/skillgen/generated/linkedprofile"
	"github.com/skillgen/skillgen/runtime"
	"github.com/skillgen/skillgen/runtime/auth"
	"github.com/skillgen/skillgen/runtime/chain"
	"github.com/skillgen/skillgen/runtime/logging"
)

const (
	benchPool   = "us-east-1_BenchPool"
	benchClient = "benchclient"
	benchSkill  = "amzn1.ask.skill.bench-0000"
)

var benchProfile = map[string]string{"given_name": "Ada", "family_name": "Lovelace",
	"email": "ada@example.com", "phone_number": "+15555550100", "address": "12 Main St"}

// benchToken returns an RS256 access token and the issuer whose JWKS
// (served on 127.0.0.1) verifies it.
func benchToken(b *testing.B) (token, issuer string) {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		b.Fatal(err)
	}
	body, _ := json.Marshal(map[string]any{"keys": []any{map[string]string{
		"kty": "RSA", "kid": "k1", "use": "sig", "alg": "RS256",
		"n": base64.RawURLEncoding.EncodeToString(k.N.Bytes()),
		"e": base64.RawURLEncoding.EncodeToString(big.NewInt(int64(k.E)).Bytes()),
	}}})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write(body) }))
	b.Cleanup(srv.Close)
	issuer = srv.URL + "/" + benchPool
	now := time.Now()
	tok := jwt.NewWithClaims(jwt.SigningMethodRS256, jwt.MapClaims{"sub": "s", "iss": issuer, "client_id": benchClient,
		"token_use": "access", "scope": "aws.cognito.signin.user.admin", "iat": now.Unix(), "exp": now.Add(time.Hour).Unix(),
		"username": "ada", "jti": "0b8a3f1e-4f8c-4a7e-9d1a-2b3c4d5e6f70", "auth_time": now.Unix(), "origin_jti": "0b8a3f1e-4f8c-4a7e-9d1a-2b3c4d5e6f71",
		"event_id": "0b8a3f1e-4f8c-4a7e-9d1a-2b3c4d5e6f72", "version": 2})
	tok.Header["kid"] = "k1"
	token, err = tok.SignedString(k)
	if err != nil {
		b.Fatal(err)
	}
	return token, issuer
}

func benchRequest(token string) []byte {
	user := map[string]any{"userId": "amzn1.ask.account.BENCH", "accessToken": token}
	app := map[string]any{"applicationId": benchSkill}
	body, _ := json.Marshal(map[string]any{"version": "1.0",
		"session": map[string]any{"new": false, "sessionId": "amzn1.echo-api.session.bench", "application": app, "user": user},
		"context": map[string]any{"System": map[string]any{"application": app, "user": user,
			"device":      map[string]any{"deviceId": "amzn1.ask.device.BENCH", "supportedInterfaces": map[string]any{}},
			"apiEndpoint": "https://api.amazonalexa.com"}},
		"request": map[string]any{"type": "IntentRequest", "requestId": "amzn1.echo-api.request.bench",
			"timestamp": "2026-11-25T21:00:00Z", "locale": "en-US",
			"intent": map[string]any{"name": "RequestInfoIntent", "confirmationStatus": "NONE",
				"slots": map[string]any{"infoTypeRequested": map[string]any{"name": "infoTypeRequested", "value": "mobile number",
					"resolutions": map[string]any{"resolutionsPerAuthority": []any{map[string]any{
						"authority": "amzn1.er-authority.echo-sdk." + benchSkill + ".infoType",
						"status":    map[string]any{"code": "ER_SUCCESS_MATCH"},
						"values":    []any{map[string]any{"value": map[string]any{"name": "phone number", "id": "phoneNumber"}}}}}}}}}}})
	return body
}

// BenchmarkWarmHandler is the handler alone: raw request bytes to response
// bytes with the profile handed over from memory.
func BenchmarkWarmHandler(b *testing.B) {
	token, _ := benchToken(b)
	h, err := linkedprofile.New(runtime.ProfileSourceFunc(func(context.Context, string) (map[string]string, error) {
		return benchProfile, nil
	}), runtime.WithSkillID(benchSkill))
	if err != nil {
		b.Fatal(err)
	}
	body := benchRequest(token)
	run(b, h.Invoke, body)
}

// BenchmarkWarmChain is the whole warm Lambda path: raw event bytes to
// response bytes through the request log line, the time budget, the token
// check (verified-token cache warm), the profile cache (hit), rendering and
// encoding.
func BenchmarkWarmChain(b *testing.B) {
	token, issuer := benchToken(b)
	ch, err := chain.New(runtime.ProfileSourceFunc(func(context.Context, string) (map[string]string, error) {
		return benchProfile, nil
	}), chain.Config{Auth: auth.Config{UserPoolID: benchPool, ClientID: benchClient, Issuer: issuer}})
	if err != nil {
		b.Fatal(err)
	}
	log := logging.New(io.Discard)
	h, err := linkedprofile.New(ch.Source(), runtime.WithSkillID(benchSkill), runtime.WithLogger(log))
	if err != nil {
		b.Fatal(err)
	}
	run(b, ch.Wrap(h, log), benchRequest(token))
}

func run(b *testing.B, invoke func(context.Context, []byte) ([]byte, error), body []byte) {
	ctx := context.Background()
	out, err := invoke(ctx, body)
	if err != nil || !json.Valid(out) || len(out) < 100 {
		b.Fatalf("%s, %v", out, err)
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(body)))
	cpu0 := cpuTime()
	for b.Loop() {
		if _, err := invoke(ctx, body); err != nil {
			b.Fatal(err)
		}
	}
	// The process's CPU time per request (GC included) next to the wall
	// time: on a shared, loaded machine ns/op also counts the time spent
	// waiting for a core.
	b.ReportMetric(float64((cpuTime()-cpu0).Nanoseconds())/float64(b.N), "cpu-ns/op")
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkDecodeRequest is request decoding alone, on the warm
// benchmarks' request.
func BenchmarkDecodeRequest(b *testing.B) {
	token, _ := benchToken(b)
	body := benchRequest(token)
	b.ReportAllocs()
	b.SetBytes(int64(len(body)))
	var env runtime.RequestEnvelope
	cpu0 := cpuTime()
	for b.Loop() {
		if err := runtime.DecodeRequest(body, &env); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64((cpuTime()-cpu0).Nanoseconds())/float64(b.N), "cpu-ns/op")
}
