package logging

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/skillgen/skillgen/runtime"
)

const jwtLike = "eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0.eyJzdWIiOiJhYmMiLCJ0b2tlbl91c2UiOiJhY2Nlc3MifQ.c2lnbmF0dXJlLWJ5dGVz"

func TestContainsJWT(t *testing.T) {
	for s, want := range map[string]bool{
		jwtLike:                                true,
		"Bearer " + jwtLike + " trailing":      true,
		`{"accessToken":"` + jwtLike + `"}`:    true,
		"eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.": true, // alg none: empty signature
		"eyJ":                                  false,
		"eyJabc.def.ghi":                       false, // too short to be a token
		"hello eyJ world. and.":                false,
		"Atza|IwEBIN-opaque-amazon-token":      false,
		"":                                     false,
	} {
		if got := ContainsJWT(s); got != want {
			t.Errorf("ContainsJWT(%.30q) = %v, want %v", s, got, want)
		}
	}
}

func TestHandlerRedacts(t *testing.T) {
	var buf bytes.Buffer
	log := New(&buf)
	log.Info("m", slog.String("token", jwtLike), slog.Any("err", fmt.Errorf("bad %s", jwtLike)),
		slog.Any("raw", []byte(jwtLike)), slog.String("ok", "LaunchRequest"),
		slog.Group("g", slog.String("nested", "x "+jwtLike)))
	out := buf.String()
	if strings.Contains(out, "eyJ") {
		t.Errorf("token not redacted: %s", out)
	}
	if strings.Count(out, Redacted) != 4 || !strings.Contains(out, `"ok":"LaunchRequest"`) {
		t.Errorf("unexpected output: %s", out)
	}
}

type codedErr struct{}

func (codedErr) Error() string     { return "api error TooManyRequestsException: Rate exceeded" }
func (codedErr) ErrorCode() string { return "TooManyRequestsException" }

type rejected struct{}

func (rejected) Error() string        { return "rejected" }
func (rejected) RejectReason() string { return "expired" }
func (rejected) Unwrap() error        { return runtime.ErrNotLinked }

func TestErrorClass(t *testing.T) {
	for err, want := range map[error]string{
		fmt.Errorf("wrapped: %w", codedErr{}):                 "TooManyRequestsException",
		rejected{}:                                            "expired",
		fmt.Errorf("x: %w", context.DeadlineExceeded):         "timeout",
		context.Canceled:                                      "canceled",
		fmt.Errorf("%w: NotAuthorized", runtime.ErrNotLinked): "not_linked",
		errors.New("something " + jwtLike):                    "other",
	} {
		if got := ErrorClass(err); got != want {
			t.Errorf("ErrorClass(%v) = %q, want %q", err, got, want)
		}
	}
}

func TestStatsAndOutcomes(t *testing.T) {
	var buf bytes.Buffer
	log := New(&buf)
	cognito := Cognito(runtime.ProfileSourceFunc(func(ctx context.Context, tok string) (map[string]string, error) {
		switch tok {
		case "bad":
			return nil, rejected{}
		case "down":
			return nil, codedErr{}
		}
		return map[string]string{"given_name": "Secret"}, nil
	}))
	src := Profile(cognito)
	inv := Requests(log, func(ctx context.Context, payload []byte) ([]byte, error) {
		var env runtime.RequestEnvelope
		if err := runtime.DecodeRequest(payload, &env); err != nil {
			return nil, err
		}
		runtime.NoteRequest(ctx, &env) // as runtime.Handler does
		if _, err := src.Profile(ctx, env.AccessToken()); err != nil && !errors.Is(err, runtime.ErrNotLinked) {
			return []byte(`{"version":"1.0","response":{}}`), nil
		}
		return []byte(`{"version":"1.0","response":{}}`), nil
	})
	body := func(tok string) []byte {
		return []byte(`{"version":"1.0","context":{"System":{"application":{"applicationId":"a"},"user":{"userId":"u","accessToken":"` + tok + `"}}},"request":{"type":"IntentRequest","requestId":"rid","locale":"en-US","intent":{"name":"X"}}}`)
	}
	for _, tok := range []string{"good", "bad", "down"} {
		if _, err := inv(context.Background(), body(tok)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := inv(context.Background(), []byte("{")); err == nil {
		t.Fatal("bad request accepted")
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	want := []string{`"outcome":"answered"`, `"outcome":"link_account","reason":"expired"`,
		`"outcome":"profile_error","reason":"TooManyRequestsException"`, `"outcome":"bad_request"`}
	if len(lines) != len(want) {
		t.Fatalf("lines:\n%s", buf.String())
	}
	for i, w := range want {
		if !strings.Contains(lines[i], w) {
			t.Errorf("line %d = %s, want %s", i, lines[i], w)
		}
	}
	if !strings.Contains(lines[0], `"cognitoCalls":1`) || !strings.Contains(lines[0], `"intent":"X"`) {
		t.Errorf("line 0 = %s", lines[0])
	}
	if strings.Contains(buf.String(), "Secret") || strings.Contains(buf.String(), "good") {
		t.Errorf("secret in logs: %s", buf.String())
	}
}

// TestRequestContextPassesThrough: the context Requests hands on keeps the
// caller's deadline, cancellation and values, and carries the Stats and
// the Summary.
func TestRequestContextPassesThrough(t *testing.T) {
	type key struct{}
	parent, cancel := context.WithTimeout(context.WithValue(context.Background(), key{}, "v"), time.Hour)
	want, _ := parent.Deadline()
	inv := Requests(New(io.Discard), func(ctx context.Context, _ []byte) ([]byte, error) {
		if d, ok := ctx.Deadline(); !ok || !d.Equal(want) {
			t.Errorf("deadline %v %v, want %v", d, ok, want)
		}
		if ctx.Value(key{}) != "v" || StatsFrom(ctx) == nil {
			t.Errorf("values lost: %v, stats %v", ctx.Value(key{}), StatsFrom(ctx))
		}
		child, stop := context.WithCancel(ctx)
		defer stop()
		cancel()
		select {
		case <-child.Done():
		case <-time.After(5 * time.Second):
			t.Error("canceling the caller's context does not reach the request's")
		}
		return nil, ctx.Err()
	})
	if _, err := inv(parent, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v", err)
	}
}
