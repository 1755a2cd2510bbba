package logging

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"math"
	"strconv"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"
)

// handler is the runtime's slog handler: slog's own JSON or text handler
// with redaction (every log line but the request line goes through it),
// plus what the request line's fast path needs to write that line itself,
// byte for byte as the slog handler would (see appendRequest).
type handler struct {
	slog.Handler
	w    *syncWriter
	text bool
	fast bool // no caller ReplaceAttr and no AddSource: the fast path may write
}

// NewTextHandler returns slog's text handler on w with the redaction
// NewHandler adds, and the same fast request line; the form `skillgen
// serve` and `skillgen dialog` log in.
func NewTextHandler(w io.Writer, opts *slog.HandlerOptions) slog.Handler {
	return newHandler(w, opts, true)
}

func newHandler(w io.Writer, opts *slog.HandlerOptions, text bool) slog.Handler {
	var o slog.HandlerOptions
	if opts != nil {
		o = *opts
	}
	sw, ok := w.(*syncWriter)
	if !ok {
		sw = &syncWriter{w: w}
	}
	h := &handler{w: sw, text: text, fast: o.ReplaceAttr == nil && !o.AddSource}
	inner := o.ReplaceAttr
	o.ReplaceAttr = func(groups []string, a slog.Attr) slog.Attr {
		if inner != nil {
			a = inner(groups, a)
		}
		return redactAttr(a)
	}
	if text {
		h.Handler = slog.NewTextHandler(h.w, &o)
	} else {
		h.Handler = slog.NewJSONHandler(h.w, &o)
	}
	return h
}

// Synced returns w with its writes serialized, for a program that writes
// to the log's writer itself too (serve's messages on stderr): a handler
// made on the result shares its lock, so lines never interleave.
func Synced(w io.Writer) io.Writer { return &syncWriter{w: w} }

// syncWriter serializes the writes of the slog handler and of the fast
// path, so lines never interleave.
type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}

// fields receives a log line's attributes in order. Both the fast path
// (lineBuf) and the slog path (attrList) implement it, so the request
// line's fields are listed once (requestLine.fields).
type fields interface {
	str(key, v string)
	boolean(key string, v bool)
	integer(key string, v int)
	float(key string, v float64)
}

// attrList collects the fields as slog attributes.
type attrList []slog.Attr

func (a *attrList) str(k, v string)           { *a = append(*a, slog.String(k, v)) }
func (a *attrList) boolean(k string, v bool)  { *a = append(*a, slog.Bool(k, v)) }
func (a *attrList) integer(k string, v int)   { *a = append(*a, slog.Int(k, v)) }
func (a *attrList) float(k string, v float64) { *a = append(*a, slog.Float64(k, v)) }

// lineBuf writes the fields straight into a buffer in the form slog's
// JSON handler (or text handler) writes them, with the same redaction.
// Keys are the request line's constant identifiers, which need neither
// escaping nor quoting.
type lineBuf struct {
	b    []byte
	text bool
}

var linePool = sync.Pool{New: func() any { return &lineBuf{b: make([]byte, 0, 512)} }}

// writeLine writes one line with message msg and the fields f puts, as
// h's slog handler would write the record (time t, level) with those
// attributes.
func (h *handler) writeLine(t time.Time, level slog.Level, msg string, put func(fields)) error {
	lb := linePool.Get().(*lineBuf)
	lb.text = h.text
	b := lb.b[:0]
	if h.text {
		b = append(b, "time="...)
		b = appendRFC3339Millis(b, t)
		b = append(b, " level="...)
		b = appendText(b, level.String())
		b = append(b, " msg="...)
		b = appendText(b, msg)
	} else {
		b = append(b, `{"time":"`...)
		b = t.AppendFormat(b, time.RFC3339Nano)
		b = append(b, `","level":`...)
		b = appendJSONString(b, level.String())
		b = append(b, `,"msg":`...)
		b = appendJSONString(b, msg)
	}
	lb.b = b
	put(lb)
	if h.text {
		lb.b = append(lb.b, '\n')
	} else {
		lb.b = append(lb.b, "}\n"...)
	}
	_, err := h.w.Write(lb.b)
	if cap(lb.b) <= 16<<10 { // keep only small buffers, as slog does
		linePool.Put(lb)
	}
	return err
}

func (lb *lineBuf) key(k string) {
	if lb.text {
		lb.b = append(lb.b, ' ')
		lb.b = append(lb.b, k...)
		lb.b = append(lb.b, '=')
	} else {
		lb.b = append(lb.b, ',', '"')
		lb.b = append(lb.b, k...)
		lb.b = append(lb.b, '"', ':')
	}
}

func (lb *lineBuf) str(k, v string) {
	if ContainsJWT(v) {
		v = Redacted
	}
	lb.key(k)
	if lb.text {
		lb.b = appendText(lb.b, v)
	} else {
		lb.b = appendJSONString(lb.b, v)
	}
}

func (lb *lineBuf) boolean(k string, v bool) {
	lb.key(k)
	lb.b = strconv.AppendBool(lb.b, v)
}

func (lb *lineBuf) integer(k string, v int) {
	lb.key(k)
	lb.b = strconv.AppendInt(lb.b, int64(v), 10)
}

func (lb *lineBuf) float(k string, v float64) {
	lb.key(k)
	if lb.text {
		lb.b = strconv.AppendFloat(lb.b, v, 'g', -1, 64) // slog.Value.append
		return
	}
	// slog's JSON handler marshals floats with encoding/json, which writes
	// 'f' form for 1e-6 <= |v| < 1e21 (and 0): the range of every duration
	// in milliseconds. Anything else goes to encoding/json itself.
	if a := math.Abs(v); a == 0 || a >= 1e-6 && a < 1e21 {
		lb.b = strconv.AppendFloat(lb.b, v, 'f', -1, 64)
		return
	}
	if j, err := json.Marshal(v); err == nil {
		lb.b = append(lb.b, j...)
	} else {
		lb.b = appendJSONString(lb.b, "!ERROR:"+err.Error()) // as slog writes a failed value
	}
}

const hex = "0123456789abcdef"

// safe[b] reports whether ASCII byte b stands for itself inside a JSON
// string: encoding/json's safeSet (printable ASCII and DEL, except '"'
// and '\\').
var safe = func() (t [utf8.RuneSelf]bool) {
	for b := 0x20; b < utf8.RuneSelf; b++ {
		t[b] = b != '"' && b != '\\'
	}
	return t
}()

// appendJSONString appends s as a quoted JSON string, escaped exactly as
// slog's JSON handler escapes it (encoding/json without HTML escaping):
// '"', '\\', \n, \r and \t by backslash, other control characters as
// \u00XX, U+2028 and U+2029 as \u2028 and \u2029, and each byte of invalid
// UTF-8 as \ufffd.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if safe[c] {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xf])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// appendText appends s as slog's text handler writes a string value: as is
// unless it needs quoting, then Go-quoted.
func appendText(b []byte, s string) []byte {
	if textNeedsQuoting(s) {
		return strconv.AppendQuote(b, s)
	}
	return append(b, s...)
}

// textNeedsQuoting is slog's text handler's rule: empty, or holding a
// space, '=', a character JSON would escape (but a backslash), invalid
// UTF-8, or a non-printing or space rune.
func textNeedsQuoting(s string) bool {
	if s == "" {
		return true
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c != '\\' && (c == ' ' || c == '=' || !safe[c]) {
				return true
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError || unicode.IsSpace(r) || !unicode.IsPrint(r) {
			return true
		}
		i += size
	}
	return false
}

// appendRFC3339Millis is slog's text handler's time form: RFC 3339 with
// exactly three fractional digits.
func appendRFC3339Millis(b []byte, t time.Time) []byte {
	const prefixLen = len("2006-01-02T15:04:05.000")
	n := len(b)
	t = t.Truncate(time.Millisecond).Add(time.Millisecond / 10)
	b = t.AppendFormat(b, time.RFC3339Nano)
	return append(b[:n+prefixLen], b[n+prefixLen+1:]...) // drop the 4th digit
}

// fastFor returns log's handler when the fast path can write for it, else
// nil (another handler, one with a caller ReplaceAttr or AddSource, or one
// derived by With or WithGroup: those lines go through slog).
func fastFor(log *slog.Logger) *handler {
	if h, ok := log.Handler().(*handler); ok && h.fast {
		return h
	}
	return nil
}

// logFields writes one line through the fast path when log allows it (at
// time now, which the caller has read already), else through slog.
func logFields(ctx context.Context, log *slog.Logger, fast *handler, now time.Time, level slog.Level, msg string, put func(fields)) {
	if fast != nil {
		if fast.Enabled(ctx, level) {
			_ = fast.writeLine(now, level, msg, put)
		}
		return
	}
	if !log.Enabled(ctx, level) {
		return
	}
	attrs := make(attrList, 0, 12)
	put(&attrs)
	log.LogAttrs(ctx, level, msg, attrs...)
}
