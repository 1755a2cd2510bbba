package e2e

import (
	"context"
	"crypto/rand"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/skillgen/skillgen/generated/linkedprofile"
	"github.com/skillgen/skillgen/internal/testpeers"
	"github.com/skillgen/skillgen/runtime/lambdamain"
)

// BenchmarkProfileSource measures one warm instance of the bundled skill
// (lambdamain.Handler: the chain the function runs) answering "all my
// info" (every spoken attribute) with a new access token on every request,
// so no cache helps: token mode reads the verified token's claims, getuser
// mode calls GetUser on a real cognito-local on 127.0.0.1. Tokens are
// signed with cognito-local's key before the clock starts (one per
// request); each is verified (RS256) inside the measured request. It
// reports requests per second; run it with a fixed count, e.g.
// -benchtime=2000x, since every round mints its tokens first.
func BenchmarkProfileSource(b *testing.B) {
	u := startCognito(b)
	base := map[string]any{}
	for k, v := range claimsOf(b, u) {
		base[k] = v
	}
	profile := map[string]any{
		"given_name": ada["given_name"], "family_name": ada["family_name"], "email": ada["email"],
		"phone_number": ada["phone_number"], "address": map[string]any{"formatted": ada["address"]},
	}
	for _, k := range u.lambdaEnv() {
		name, val, _ := strings.Cut(k, "=")
		b.Setenv(name, val)
	}
	b.Setenv("SKILL_ID", appID)
	for _, mode := range []string{"token", "getuser"} {
		b.Run(mode, func(b *testing.B) {
			s := *linkedprofile.Skill
			if mode == "getuser" {
				s.ProfileClaims = nil
			}
			h, err := lambdamain.Handler(context.Background(), &s, slog.New(slog.NewTextHandler(io.Discard, nil)))
			if err != nil {
				b.Fatal(err)
			}
			mint := func() string {
				c := map[string]any{}
				for k, v := range base {
					c[k] = v
				}
				now := time.Now()
				c["jti"], c["iat"], c["auth_time"], c["exp"] = rand.Text(), now.Unix(), now.Unix(), now.Add(time.Hour).Unix()
				if mode == "token" {
					for k, v := range profile {
						c[k] = v
					}
				}
				return u.peer.SignToken(b, c)
			}
			req := func(tok string) []byte {
				return alexa{typ: "IntentRequest", locale: "en-US", token: tok, intent: "RequestInfoIntent", slot: "infoTypeRequested", value: "all my info", id: "fullProfile"}.body(b)
			}
			// Warm the instance (key set, SDK client, connections).
			for range 3 {
				out, err := h.Invoke(context.Background(), req(mint()))
				if err != nil {
					b.Fatal(err)
				}
				if r := parse(b, out); !strings.Contains(r.speech(), adaPhone) {
					b.Fatalf("%s mode answers %s", mode, r.speech())
				}
			}
			bodies := make([][]byte, b.N)
			for i := range bodies {
				bodies[i] = req(mint())
			}
			b.ReportAllocs()
			b.ResetTimer()
			start := time.Now()
			for i := 0; i < b.N; i++ {
				if _, err := h.Invoke(context.Background(), bodies[i]); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "req/s")
		})
	}
}

// claimsOf is the payload of ada's real cognito-local access token.
func claimsOf(b *testing.B, u *cognitoUsers) map[string]any {
	b.Helper()
	return testpeers.Claims(b, u.adaToken)
}
