// Package logging writes one JSON line (log/slog) per Alexa request: request
// ID, request type, intent, locale, outcome, Cognito time and total time.
// It never logs an access token, a profile value, or a request or response
// body; as a second line of defence its handler replaces any JWT-shaped
// string in any attribute with "[redacted]".
//
// The request line is on every request's path, so on the runtime's own
// handlers (NewHandler: JSON, for the Lambda function; NewTextHandler: text,
// for serve and dialog) it is appended straight into a pooled buffer
// rather than through slog's generic attribute path, in exactly the bytes
// slog would write, redaction included (tests compare the two, hostile
// values among them). Every other line goes through slog.
package logging

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-lambda-go/lambdacontext"

	"github.com/skillgen/skillgen/runtime"
	"github.com/skillgen/skillgen/runtime/auth"
)

// New returns a JSON logger on w with redaction (level Info).
func New(w io.Writer) *slog.Logger { return slog.New(NewHandler(w, nil)) }

// NewHandler returns slog's JSON handler on w whose ReplaceAttr (after
// opts.ReplaceAttr, if any) redacts JWT-shaped strings. The request line
// (Requests) is written without slog's generic attribute path, in the same
// bytes, unless opts has a ReplaceAttr or AddSource.
func NewHandler(w io.Writer, opts *slog.HandlerOptions) slog.Handler {
	return newHandler(w, opts, false)
}

// Redact is a slog ReplaceAttr function that replaces JWT-shaped strings
// (and errors and bytes holding one) with Redacted: give it to any slog
// handler the chain logs through, e.g. a text handler.
func Redact(_ []string, a slog.Attr) slog.Attr { return redactAttr(a) }

// Redacted replaces a redacted value.
const Redacted = "[redacted]"

func redactAttr(a slog.Attr) slog.Attr {
	v := a.Value.Resolve()
	switch v.Kind() {
	case slog.KindString:
		if s := v.String(); ContainsJWT(s) {
			a.Value = slog.StringValue(Redacted)
		}
	case slog.KindAny:
		switch x := v.Any().(type) {
		case error:
			if ContainsJWT(x.Error()) {
				a.Value = slog.StringValue(Redacted)
			}
		case []byte:
			if ContainsJWT(string(x)) {
				a.Value = slog.StringValue(Redacted)
			}
		}
	}
	return a
}

// ContainsJWT reports whether s contains something shaped like a JWS
// compact serialization: "eyJ" (base64url of `{"`) followed by base64url
// characters, a dot, at least 8 more, and another dot.
func ContainsJWT(s string) bool {
	for i := 0; ; {
		j := indexFrom(s, "eyJ", i)
		if j < 0 {
			return false
		}
		k := j + 3
		for k < len(s) && isB64URL(s[k]) {
			k++
		}
		if k < len(s) && s[k] == '.' && k-j >= 8 {
			m := k + 1
			for m < len(s) && isB64URL(s[m]) {
				m++
			}
			if m-k-1 >= 8 && m < len(s) && s[m] == '.' {
				return true
			}
		}
		i = j + 3
	}
}

func indexFrom(s, sub string, from int) int {
	if from >= len(s) {
		return -1
	}
	if i := strings.Index(s[from:], sub); i >= 0 {
		return from + i
	}
	return -1
}

func isB64URL(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_'
}

// Stats collects what one request did; Requests puts one in the context
// and the source decorators fill it in.
type Stats struct {
	mu           sync.Mutex
	profile      string // "", ok, not_linked, error
	reason       string
	cognitoCalls int
	cognitoTime  time.Duration
}

type statsKey struct{}

// WithStats returns ctx carrying a new Stats.
func WithStats(ctx context.Context) (context.Context, *Stats) {
	s := new(Stats)
	return context.WithValue(ctx, statsKey{}, s), s
}

// StatsFrom returns the Stats in ctx, or nil.
func StatsFrom(ctx context.Context) *Stats {
	s, _ := ctx.Value(statsKey{}).(*Stats)
	return s
}

// requestCtx is the context Requests gives a request: its Stats and the
// handler's runtime.Summary in one allocation instead of four
// (context.WithValue twice, each value on its own), found by StatsFrom and
// runtime.NoteRequest as WithStats's and runtime.WithSummary's are.
type requestCtx struct {
	context.Context
	stats Stats
	sum   runtime.Summary
}

func (c *requestCtx) Value(key any) any {
	switch key.(type) {
	case statsKey:
		return &c.stats
	case runtime.SummaryKey:
		return &c.sum
	}
	return c.Context.Value(key)
}

// CognitoCalls returns the number of GetUser attempts made.
func (s *Stats) CognitoCalls() int { s.mu.Lock(); defer s.mu.Unlock(); return s.cognitoCalls }

// CognitoTime returns the time spent in GetUser attempts.
func (s *Stats) CognitoTime() time.Duration { s.mu.Lock(); defer s.mu.Unlock(); return s.cognitoTime }

// Profile wraps the whole profile chain (verification, cache, retries) and
// records its outcome for the request line.
func Profile(next runtime.ProfileSource) runtime.ProfileSource {
	return runtime.ProfileSourceFunc(func(ctx context.Context, token string) (map[string]string, error) {
		p, err := next.Profile(ctx, token)
		if s := StatsFrom(ctx); s != nil {
			s.mu.Lock()
			switch {
			case err == nil:
				s.profile = "ok"
			case errors.Is(err, runtime.ErrNotLinked):
				s.profile, s.reason = "not_linked", ErrorClass(err)
			default:
				s.profile, s.reason = "error", ErrorClass(err)
			}
			s.mu.Unlock()
		}
		return p, err
	})
}

// Cognito wraps the GetUser source (inside the retries) and records the
// number and total time of the attempts.
func Cognito(next runtime.ProfileSource) runtime.ProfileSource {
	return runtime.ProfileSourceFunc(func(ctx context.Context, token string) (map[string]string, error) {
		start := time.Now()
		p, err := next.Profile(ctx, token)
		if s := StatsFrom(ctx); s != nil {
			d := time.Since(start)
			s.mu.Lock()
			s.cognitoCalls++
			s.cognitoTime += d
			s.mu.Unlock()
		}
		return p, err
	})
}

// ErrorClass names an error by fixed identifiers only (never its message,
// which could quote input): a verification reason, a Cognito error code, or
// a generic class.
func ErrorClass(err error) string {
	var rej interface{ RejectReason() string }
	var coded interface{ ErrorCode() string }
	switch {
	case errors.As(err, &rej):
		return rej.RejectReason()
	case errors.As(err, &coded):
		return coded.ErrorCode()
	case errors.Is(err, auth.ErrKeysUnavailable):
		return "jwks_unavailable"
	case errors.Is(err, context.DeadlineExceeded):
		return "timeout"
	case errors.Is(err, context.Canceled):
		return "canceled"
	case errors.Is(err, runtime.ErrNotLinked):
		return "not_linked"
	}
	return "other"
}

// InvokeFunc is the shape of runtime.Handler.Invoke.
type InvokeFunc func(ctx context.Context, payload []byte) ([]byte, error)

// Outcomes written in the "outcome" field.
const (
	OutcomeAnswered     = "answered"      // the skill's answer (or an empty response)
	OutcomeLinkAccount  = "link_account"  // the link-account message and card
	OutcomeProfileError = "profile_error" // the skill's error message: profile unavailable
	OutcomeBadRequest   = "bad_request"   // undecodable request: error returned
	OutcomeWrongSkill   = "wrong_skill"   // request for another skill: error returned
	OutcomeFailed       = "failed"        // other error returned
)

// Requests wraps an Invoke function: it puts a Stats in the context and
// writes one line per request to log. On a handler from NewHandler or
// NewTextHandler the line is appended straight into a pooled buffer, byte
// for byte what slog would write, redaction included; on any other handler
// it goes through slog.
func Requests(log *slog.Logger, next InvokeFunc) InvokeFunc {
	fast := fastFor(log)
	return func(ctx context.Context, payload []byte) ([]byte, error) {
		start := time.Now()
		rc := &requestCtx{Context: ctx}
		ctx, st, sum := rc, &rc.stats, &rc.sum
		out, err := next(ctx, payload)
		end := time.Now()
		total := end.Sub(start)

		st.mu.Lock()
		profile, reason, calls, ctime := st.profile, st.reason, st.cognitoCalls, st.cognitoTime
		st.mu.Unlock()
		outcome := OutcomeAnswered
		level := slog.LevelInfo
		switch {
		case err != nil && errors.Is(err, runtime.ErrWrongSkill):
			outcome, level = OutcomeWrongSkill, slog.LevelWarn
		case err != nil && errors.Is(err, runtime.ErrBadRequest):
			outcome, level = OutcomeBadRequest, slog.LevelWarn
		case err != nil:
			outcome, level = OutcomeFailed, slog.LevelError
		case profile == "not_linked":
			outcome = OutcomeLinkAccount
		case profile == "error":
			outcome, level = OutcomeProfileError, slog.LevelWarn
		case profile == "" && bytes.Contains(out, []byte(`"LinkAccount"`)):
			outcome, reason = OutcomeLinkAccount, "no token"
		}
		lambdaID, hasLambda := "", false
		if lc, ok := lambdacontext.FromContext(ctx); ok {
			lambdaID, hasLambda = lc.AwsRequestID, true
		}
		logFields(ctx, log, fast, end, level, "request", func(f fields) {
			if sum.Decoded {
				f.str("requestId", sum.RequestID)
				f.str("type", sum.Type)
				f.str("locale", sum.Locale)
				if sum.Intent != "" {
					f.str("intent", sum.Intent)
				}
				f.boolean("linked", sum.Linked)
				f.str("linkLevel", sum.Level)
			}
			if hasLambda {
				f.str("lambdaRequestId", lambdaID)
			}
			f.str("outcome", outcome)
			if reason != "" {
				f.str("reason", reason)
			}
			f.integer("cognitoCalls", calls)
			f.float("cognitoMs", ms(ctime))
			f.float("totalMs", ms(total))
		})
		return out, err
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
