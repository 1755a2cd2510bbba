package logtest

import (
	"log/slog"
	"strings"
	"testing"

	"github.com/skillgen/skillgen/runtime/logging"
)

// TestLeaksSeesEveryForm: a secret logged through the runtime's JSON
// handler, its text handler, or slog's own handlers is found, however
// those escape it; values that were not logged are not.
func TestLeaksSeesEveryForm(t *testing.T) {
	secrets := []string{`Zoë "Zed" & <Co>`, "tab\there\u2028", "bad \xff utf8", "plain-value", `back\slash`, "nbsp\u00a0x"}
	for name, mk := range map[string]func(*Sink) slog.Handler{
		"runtime json": func(s *Sink) slog.Handler { return logging.NewHandler(s, nil) },
		"runtime text": func(s *Sink) slog.Handler { return logging.NewTextHandler(s, nil) },
		"slog json":    func(s *Sink) slog.Handler { return slog.NewJSONHandler(s, nil) },
		"slog text":    func(s *Sink) slog.Handler { return slog.NewTextHandler(s, nil) },
	} {
		for i, sec := range secrets {
			s := &Sink{}
			slog.New(mk(s)).Info("m", "v", sec, "other", "x")
			if got := Leaks(s.String(), sec, "not-logged"); !got[0] || got[1] {
				t.Errorf("%s: secret #%d logged as %s: Leaks = %v, want [true false]", name, i, strings.TrimSpace(s.String()), got)
			}
		}
	}
	if got := Leaks("anything", ""); got[0] {
		t.Error("an empty secret leaks")
	}
}

func TestSinkLines(t *testing.T) {
	s := &Sink{}
	log := s.Logger()
	log.Debug("one")
	log.Info("two", "k", "v")
	if l := s.Lines(); len(l) != 2 || !strings.Contains(l[0], `"msg":"one"`) || !strings.Contains(l[1], `"k":"v"`) {
		t.Errorf("lines = %q", l)
	}
}
