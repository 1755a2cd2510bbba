// Package logtest captures the runtime's logs in tests and checks that no
// secret (access token, profile value) appears in them.
package logtest

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/skillgen/skillgen/runtime/logging"
)

// Sink is a concurrency-safe log buffer.
type Sink struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

// Write appends p.
func (s *Sink) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.Write(p)
}

// Logger returns a logger like the runtime's (JSON, redacting, level Debug)
// writing into s.
func (s *Sink) Logger() *slog.Logger {
	return slog.New(logging.NewHandler(s, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// String returns everything written.
func (s *Sink) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.String()
}

// Lines returns the non-empty lines written.
func (s *Sink) Lines() []string {
	var out []string
	for _, l := range strings.Split(s.String(), "\n") {
		if l != "" {
			out = append(out, l)
		}
	}
	return out
}

// CaptureDefault routes slog.Default() into s until the test ends, so logs
// of code that uses the default logger are checked too.
func (s *Sink) CaptureDefault(t testing.TB) {
	t.Helper()
	old := slog.Default()
	slog.SetDefault(s.Logger())
	t.Cleanup(func() { slog.SetDefault(old) })
}

// AssertClean fails t if any secret appears in the logs, in plain text or
// JSON-escaped. It names secrets by position only, never by value.
func (s *Sink) AssertClean(t testing.TB, secrets ...string) {
	t.Helper()
	for i, n := range Leaks(s.String(), secrets...) {
		if n {
			t.Errorf("logs contain secret #%d (of %d)", i, len(secrets))
		}
	}
}

// Leaks reports, for each secret, whether it appears in logs: as is, as
// the body of a JSON string the way slog's JSON handler (and the runtime's
// request line) escapes it, the way encoding/json escapes it by default
// (HTML characters too), or Go-quoted, the way slog's text handler quotes
// it. Empty secrets never leak.
func Leaks(logs string, secrets ...string) []bool {
	out := make([]bool, len(secrets))
	for i, sec := range secrets {
		if sec == "" {
			continue
		}
		for _, form := range []string{sec, slogJSONBody(sec), htmlJSONBody(sec), goQuotedBody(sec)} {
			if strings.Contains(logs, form) {
				out[i] = true
				break
			}
		}
	}
	return out
}

// slogJSONBody is s as slog's JSON handler writes a string value, without
// the quotes.
func slogJSONBody(s string) string {
	var b bytes.Buffer
	slog.New(slog.NewJSONHandler(&b, &slog.HandlerOptions{ReplaceAttr: func(g []string, a slog.Attr) slog.Attr {
		if len(g) == 0 && a.Key != "v" {
			return slog.Attr{} // drop time, level and msg
		}
		return a
	}})).Info("", "v", s)
	return strings.TrimSuffix(strings.TrimPrefix(b.String(), `{"v":"`), "\"}\n")
}

// htmlJSONBody is s as encoding/json writes it by default, without the
// quotes.
func htmlJSONBody(s string) string {
	j, _ := json.Marshal(s)
	return string(j[1 : len(j)-1])
}

// goQuotedBody is s as slog's text handler quotes it, without the quotes.
func goQuotedBody(s string) string {
	q := strconv.Quote(s)
	return q[1 : len(q)-1]
}
