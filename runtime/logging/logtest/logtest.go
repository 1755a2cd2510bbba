// Package logtest captures the runtime's logs in tests and checks that no
// secret (access token, profile value) appears in them.
package logtest

import (
	"bytes"
	"log/slog"
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

// Leaks reports, for each secret, whether it appears in logs (plain or as
// a JSON string body). Empty secrets never leak.
func Leaks(logs string, secrets ...string) []bool {
	out := make([]bool, len(secrets))
	for i, sec := range secrets {
		if sec == "" {
			continue
		}
		out[i] = strings.Contains(logs, sec) || strings.Contains(logs, jsonBody(sec))
	}
	return out
}

func jsonBody(s string) string {
	var b bytes.Buffer
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '<':
			b.WriteString(`\u003c`)
		case r == '>':
			b.WriteString(`\u003e`)
		case r == '&':
			b.WriteString(`\u0026`)
		case r < 0x20:
			b.WriteString(`\u00`)
			b.WriteByte("0123456789abcdef"[r>>4])
			b.WriteByte("0123456789abcdef"[r&0xf])
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
