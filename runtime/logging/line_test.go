package logging

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/skillgen/skillgen/runtime"
)

// hostile are string values a request can put into the line (request ID,
// type, locale, intent name, Lambda request ID).
var hostile = []string{
	"", "amzn1.echo-api.request.0f1e", `say "hi"`, `back\slash`, "tab\tnew\nline\rcr",
	"\x00\x01\x07\b\f\x1b\x1f\x7f", "line\u2028para\u2029sep", "bad \xff\xfe utf8", "cut \xe2\x80", "\xc0\xaf overlong",
	"<script>alert(1)</script>&amp;", "key=value with spaces", "日本語 ümlaut", "nbsp\u00a0here", "zero\u200bwidth",
	"emoji 😀", "bom\ufeff", "\ufffd literal", "x " + jwtLike, jwtLike,
}

type field struct {
	kind byte // s, b, i, f
	k    string
	s    string
	b    bool
	i    int
	f    float64
}

func (f field) attr() slog.Attr {
	switch f.kind {
	case 'b':
		return slog.Bool(f.k, f.b)
	case 'i':
		return slog.Int(f.k, f.i)
	case 'f':
		return slog.Float64(f.k, f.f)
	}
	return slog.String(f.k, f.s)
}

func (f field) put(w fields) {
	switch f.kind {
	case 'b':
		w.boolean(f.k, f.b)
	case 'i':
		w.integer(f.k, f.i)
	case 'f':
		w.float(f.k, f.f)
	default:
		w.str(f.k, f.s)
	}
}

// lines writes one line with fs through the fast path of a handler made by
// mk, and the same record through slog's own handler of that kind with the
// redaction the runtime has always used.
func lines(t *testing.T, text bool, tm time.Time, level slog.Level, fs []field) (fast, ref string) {
	t.Helper()
	var a, b bytes.Buffer
	h := newHandler(&a, nil, text).(*handler)
	if err := h.writeLine(tm, level, "request", func(w fields) {
		for _, f := range fs {
			f.put(w)
		}
	}); err != nil {
		t.Fatal(err)
	}
	opts := &slog.HandlerOptions{ReplaceAttr: Redact}
	var rh slog.Handler = slog.NewJSONHandler(&b, opts)
	if text {
		rh = slog.NewTextHandler(&b, opts)
	}
	r := slog.NewRecord(tm, level, "request", 0)
	for _, f := range fs {
		r.AddAttrs(f.attr())
	}
	if err := rh.Handle(context.Background(), r); err != nil {
		t.Fatal(err)
	}
	return a.String(), b.String()
}

// TestFastLineMatchesSlog: the request line written without slog is byte
// for byte what slog's JSON (Lambda, CloudWatch) and text (serve, dialog)
// handlers write for the same record, for hostile strings, every value
// kind and level, and times in and out of UTC.
func TestFastLineMatchesSlog(t *testing.T) {
	times := []time.Time{
		time.Date(2026, 11, 26, 3, 4, 5, 123456789, time.UTC),
		time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC),
		time.Date(2026, 6, 30, 23, 59, 59, 999999999, time.FixedZone("X", -(3*3600+30*60))),
		time.Date(2026, 6, 30, 12, 0, 0, 100000, time.FixedZone("Y", 5*3600+45*60)),
	}
	floats := []float64{0, 0.001, 1.5, 2.25, 1234567.891, 3000, 1e-7, 1e21, 123456789012345678901234.0, -0.5}
	levels := []slog.Level{slog.LevelInfo, slog.LevelWarn, slog.LevelError, slog.LevelDebug}
	for _, text := range []bool{false, true} {
		for i, s := range hostile {
			fs := []field{{kind: 's', k: "requestId", s: s}, {kind: 'b', k: "linked", b: i%2 == 0},
				{kind: 's', k: "intent", s: hostile[(i+7)%len(hostile)]}, {kind: 'i', k: "cognitoCalls", i: i - 3},
				{kind: 'f', k: "cognitoMs", f: floats[i%len(floats)]}, {kind: 'f', k: "totalMs", f: floats[(i+3)%len(floats)]}}
			fast, ref := lines(t, text, times[i%len(times)], levels[i%len(levels)], fs)
			if fast != ref {
				t.Errorf("text=%v value %d (%q):\nfast %s\nslog %s", text, i, s, fast, ref)
			}
		}
		fast, ref := lines(t, text, times[0], slog.LevelInfo, nil)
		if fast != ref {
			t.Errorf("text=%v no fields:\nfast %s\nslog %s", text, fast, ref)
		}
	}
}

// TestFastLineIsJSON: every line is one valid JSON object whose strings
// decode to what encoding/json decodes from its own encoding of the value
// (invalid UTF-8 becomes U+FFFD); no raw control character, U+2028 or
// U+2029 is left in the line, and a JWT-shaped value is redacted.
func TestFastLineIsJSON(t *testing.T) {
	for i, s := range hostile {
		fast, _ := lines(t, false, time.Now(), slog.LevelInfo, []field{{kind: 's', k: "requestId", s: s}})
		if !strings.HasSuffix(fast, "}\n") || strings.Count(fast, "\n") != 1 {
			t.Errorf("value %d: not one line: %q", i, fast)
		}
		line := strings.TrimSuffix(fast, "\n")
		if !json.Valid([]byte(line)) {
			t.Errorf("value %d: invalid JSON: %s", i, line)
			continue
		}
		for _, c := range line {
			if c < 0x20 || c == '\u2028' || c == '\u2029' || c == utf8.RuneError && !strings.Contains(s, "\ufffd") {
				t.Errorf("value %d: raw %U left in %q", i, c, line)
			}
		}
		var got map[string]any
		if err := json.Unmarshal([]byte(line), &got); err != nil {
			t.Fatal(err)
		}
		want := s
		if ContainsJWT(s) {
			want = Redacted
		}
		enc, _ := json.Marshal(want)
		var dec string
		_ = json.Unmarshal(enc, &dec)
		if got["requestId"] != dec || got["msg"] != "request" || got["level"] != "INFO" {
			t.Errorf("value %d: decoded %q, want %q (%s)", i, got["requestId"], dec, line)
		}
	}
}

// FuzzJSONString: appendJSONString writes exactly what slog's JSON handler
// writes for any string, and that decodes to what encoding/json decodes
// from its own encoding (which since Go 1.26 writes \b and \f where slog
// writes \u0008 and \u000c: the same string).
func FuzzJSONString(f *testing.F) {
	for _, s := range hostile {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var buf bytes.Buffer
		slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{ReplaceAttr: func(g []string, a slog.Attr) slog.Attr {
			if len(g) == 0 && a.Key != "v" {
				return slog.Attr{}
			}
			return a
		}})).Info("", "v", s)
		want := strings.TrimSuffix(strings.TrimPrefix(buf.String(), `{"v":`), "}\n")
		got := appendJSONString(nil, s)
		if string(got) != want {
			t.Fatalf("appendJSONString(%q) = %s, slog %s", s, got, want)
		}
		enc, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		var a, b string
		if err := json.Unmarshal(got, &a); err != nil {
			t.Fatalf("appendJSONString(%q) = %s: %v", s, got, err)
		}
		if err := json.Unmarshal(enc, &b); err != nil || a != b {
			t.Fatalf("appendJSONString(%q) = %s decodes to %q; encoding/json's %s to %q", s, got, a, enc, b)
		}
	})
}

// TestFastPathOnlyWhereItMatches: a caller ReplaceAttr, AddSource, a
// derived logger or a foreign handler take slog's path (and still get the
// line); levels are honoured on both paths.
func TestFastPathOnlyWhereItMatches(t *testing.T) {
	var buf bytes.Buffer
	for name, log := range map[string]*slog.Logger{"json": New(&buf), "text": slog.New(NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelWarn}))} {
		if fastFor(log) == nil {
			t.Errorf("%s: the runtime's handler does not take the fast path", name)
		}
	}
	for name, log := range map[string]*slog.Logger{
		"replace":   slog.New(NewHandler(&buf, &slog.HandlerOptions{ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr { return a }})),
		"source":    slog.New(NewHandler(&buf, &slog.HandlerOptions{AddSource: true})),
		"with":      New(&buf).With("host", "h"),
		"foreign":   slog.New(slog.NewJSONHandler(&buf, nil)),
		"textGroup": slog.New(NewTextHandler(&buf, nil)).WithGroup("g"),
	} {
		if fastFor(log) != nil {
			t.Errorf("%s: fast path taken", name)
		}
	}
	for _, text := range []bool{false, true} {
		buf.Reset()
		log := slog.New(newHandler(&buf, &slog.HandlerOptions{Level: slog.LevelWarn}, text))
		inv := Requests(log, func(ctx context.Context, _ []byte) ([]byte, error) { return []byte(`{}`), nil })
		if _, err := inv(context.Background(), nil); err != nil {
			t.Fatal(err)
		}
		if buf.Len() != 0 {
			t.Errorf("text=%v: an Info line written at level Warn: %s", text, buf.String())
		}
		inv = Requests(log, func(ctx context.Context, _ []byte) ([]byte, error) { return nil, runtime.ErrBadRequest })
		_, _ = inv(context.Background(), nil)
		if want := map[bool]string{false: `"level":"WARN","msg":"request","outcome":"bad_request"`, true: "level=WARN msg=request outcome=bad_request"}[text]; !strings.Contains(buf.String(), want) {
			t.Errorf("text=%v: %s, want %s", text, buf.String(), want)
		}
	}
}

// A handler made on a Synced writer takes its lock rather than adding a
// second one, so the program's own writes and the log lines share it.
func TestSyncedWriterShared(t *testing.T) {
	var buf bytes.Buffer
	w := Synced(&buf)
	for name, h := range map[string]slog.Handler{"json": NewHandler(w, nil), "text": NewTextHandler(w, nil)} {
		if got := h.(*handler).w; got != w {
			t.Errorf("%s: the handler wraps the synced writer again", name)
		}
	}
	if h := NewHandler(&buf, nil).(*handler); h.w == nil || h.w.w != &buf {
		t.Errorf("a plain writer is not wrapped once")
	}
}
