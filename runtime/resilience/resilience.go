// Package resilience keeps a skill answering when Cognito is slow,
// throttled or down: a time budget for every request, a timeout for every
// GetUser attempt, and retries with jittered backoff that never outlast the
// budget.
//
// The AWS SDK's own retryer is meant to be switched off for GetUser
// (aws.NopRetryer, see NoSDKRetries): it knows neither the request's budget
// nor a per-attempt timeout, and its backoff (up to 20 s) can overrun Alexa's
// 8 s. Retry classifies errors with the SDK's own rules
// (retry.DefaultRetryables: throttling codes such as
// TooManyRequestsException, HTTP 500/502/503/504, connection errors).
package resilience

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"

	"github.com/skillgen/skillgen/runtime"
)

// Defaults for Policy fields left zero.
const (
	DefaultBudget         = 3 * time.Second
	DefaultAttemptTimeout = time.Second
	DefaultMaxAttempts    = 3
	DefaultBaseBackoff    = 50 * time.Millisecond
	DefaultMaxBackoff     = 400 * time.Millisecond
	DefaultReserve        = 100 * time.Millisecond
	DefaultMinAttempt     = 100 * time.Millisecond
)

// Environment variables read by PolicyFromEnv (Go durations, e.g. "3s").
const (
	EnvBudget         = "SKILL_TIME_BUDGET"
	EnvAttemptTimeout = "COGNITO_ATTEMPT_TIMEOUT"
	EnvMaxAttempts    = "COGNITO_MAX_ATTEMPTS"
)

// Policy configures the budget and the retries.
type Policy struct {
	// Budget is the time every request gets, from arrival to answer.
	Budget time.Duration
	// AttemptTimeout bounds one GetUser attempt.
	AttemptTimeout time.Duration
	// MaxAttempts bounds the attempts (first call included).
	MaxAttempts int
	// BaseBackoff and MaxBackoff shape the full-jitter exponential backoff:
	// the n-th wait is uniform in [0, min(MaxBackoff, BaseBackoff·2ⁿ)].
	BaseBackoff, MaxBackoff time.Duration
	// Reserve is kept back from the request's deadline (Reserved) for
	// rendering, encoding and logging the answer once the profile is in.
	Reserve time.Duration
	// MinAttempt: no attempt starts with less time than this left.
	MinAttempt time.Duration
	// Retryable decides whether an attempt's error is worth another try.
	// Default: IsRetryable.
	Retryable func(error) bool
	// Rand returns a uniform float in [0, 1) for the jitter; default math/rand/v2.
	Rand func() float64
}

// WithDefaults returns p with zero fields set to the defaults.
func (p Policy) WithDefaults() Policy {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&p.Budget, DefaultBudget)
	def(&p.AttemptTimeout, DefaultAttemptTimeout)
	def(&p.BaseBackoff, DefaultBaseBackoff)
	def(&p.MaxBackoff, DefaultMaxBackoff)
	def(&p.Reserve, DefaultReserve)
	def(&p.MinAttempt, DefaultMinAttempt)
	if p.MaxAttempts <= 0 {
		p.MaxAttempts = DefaultMaxAttempts
	}
	if p.Retryable == nil {
		p.Retryable = IsRetryable
	}
	if p.Rand == nil {
		p.Rand = rand.Float64
	}
	return p
}

// PolicyFromEnv reads the budget, attempt timeout and attempt count from
// the environment via getenv; unset values keep the defaults.
func PolicyFromEnv(getenv func(string) string) (Policy, error) {
	var p Policy
	for _, d := range []struct {
		name string
		dst  *time.Duration
	}{{EnvBudget, &p.Budget}, {EnvAttemptTimeout, &p.AttemptTimeout}} {
		s := strings.TrimSpace(getenv(d.name))
		if s == "" {
			continue
		}
		v, err := time.ParseDuration(s)
		if err != nil || v <= 0 || v > 8*time.Second {
			return Policy{}, &runtime.SettingError{Pkg: "resilience", Var: d.name, Value: s, Want: "want a duration in (0s, 8s], e.g. 3s"}
		}
		*d.dst = v
	}
	if s := strings.TrimSpace(getenv(EnvMaxAttempts)); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 10 {
			return Policy{}, &runtime.SettingError{Pkg: "resilience", Var: EnvMaxAttempts, Value: s, Want: "want a number from 1 to 10"}
		}
		p.MaxAttempts = n
	}
	return p.WithDefaults(), nil
}

// Budgeted bounds ctx by the policy's budget (an earlier deadline, such as
// the Lambda function's, stays in force).
func (p Policy) Budgeted(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, p.WithDefaults().Budget)
}

// InvokeFunc is the shape of runtime.Handler.Invoke.
type InvokeFunc func(ctx context.Context, payload []byte) ([]byte, error)

// Bound wraps an Invoke function so every request runs under the budget.
func (p Policy) Bound(next InvokeFunc) InvokeFunc {
	p = p.WithDefaults()
	return func(ctx context.Context, payload []byte) ([]byte, error) {
		ctx, cancel := context.WithTimeout(ctx, p.Budget)
		defer cancel()
		return next(ctx, payload)
	}
}

// NoSDKRetries is the Cognito client option that switches the SDK's
// retryer off, for a client whose calls Retry wraps.
func NoSDKRetries(o *cip.Options) { o.Retryer = aws.NopRetryer{} }

var sdkRetryables = retry.IsErrorRetryables(retry.DefaultRetryables)

// IsRetryable reports whether err is worth another attempt: throttling,
// HTTP 5xx, connection errors (per the SDK's rules) and attempt timeouts.
// ErrNotLinked and client errors are not.
func IsRetryable(err error) bool {
	if err == nil || errors.Is(err, runtime.ErrNotLinked) {
		return false
	}
	if errors.Is(err, errAttemptTimeout) {
		return true
	}
	return sdkRetryables.IsErrorRetryable(err) == aws.TrueTernary
}

var errAttemptTimeout = errors.New("GetUser attempt timed out")

// Reserved returns ctx with its deadline moved Reserve earlier: the
// deadline for getting the profile, which leaves the rest of the budget
// for rendering, encoding and logging the answer. The chain applies it
// once, around everything that may wait (key set, caches, retries).
func (p Policy) Reserved(ctx context.Context) (context.Context, context.CancelFunc) {
	dl, ok := ctx.Deadline()
	if !ok {
		return ctx, func() {}
	}
	return context.WithDeadline(ctx, dl.Add(-p.WithDefaults().Reserve))
}

// Retry returns a ProfileSource that calls next with a per-attempt timeout
// and retries retryable failures with jittered backoff while ctx's
// deadline leaves room for another attempt (give it a Reserved context). When attempts
// run out, the last error is returned (wrapped, still matching with
// errors.Is/As).
func Retry(next runtime.ProfileSource, p Policy) runtime.ProfileSource {
	p = p.WithDefaults()
	return runtime.ProfileSourceFunc(func(ctx context.Context, token string) (map[string]string, error) {
		var last error
		for attempt := 0; attempt < p.MaxAttempts; attempt++ {
			if attempt > 0 {
				wait := p.backoff(attempt)
				if !p.fits(ctx, wait) {
					break
				}
				t := time.NewTimer(wait)
				select {
				case <-t.C:
				case <-ctx.Done():
					t.Stop()
					return nil, budgetErr(last, ctx.Err())
				}
			} else if !p.fits(ctx, 0) {
				return nil, budgetErr(nil, context.DeadlineExceeded)
			}
			prof, err := p.attempt(ctx, next, token)
			if err == nil {
				return prof, nil
			}
			last = err
			if ctx.Err() != nil {
				return nil, budgetErr(last, ctx.Err())
			}
			if !p.Retryable(err) {
				return nil, err
			}
		}
		return nil, &ExhaustedError{Err: last}
	})
}

func (p Policy) attempt(ctx context.Context, next runtime.ProfileSource, token string) (map[string]string, error) {
	actx, cancel := context.WithTimeout(ctx, p.AttemptTimeout)
	defer cancel()
	prof, err := next.Profile(actx, token)
	if err != nil && ctx.Err() == nil && actx.Err() != nil {
		// The attempt's own timeout fired, not the request's deadline.
		err = fmt.Errorf("%w after %v: %w", errAttemptTimeout, p.AttemptTimeout, err)
	}
	return prof, err
}

// fits reports whether, after waiting wait, MinAttempt still fits before
// ctx's deadline.
func (p Policy) fits(ctx context.Context, wait time.Duration) bool {
	dl, ok := ctx.Deadline()
	if !ok {
		return ctx.Err() == nil
	}
	return time.Until(dl) >= wait+p.MinAttempt
}

// backoff is the full-jitter wait before attempt n (n ≥ 1).
func (p Policy) backoff(n int) time.Duration {
	ceil := p.BaseBackoff << min(n-1, 20)
	if ceil > p.MaxBackoff || ceil <= 0 {
		ceil = p.MaxBackoff
	}
	return time.Duration(p.Rand() * float64(ceil))
}

// ExhaustedError is returned when every attempt failed with a retryable
// error or the budget left no room for another.
type ExhaustedError struct{ Err error }

func (e *ExhaustedError) Error() string {
	if e.Err == nil {
		return "GetUser: time budget exhausted"
	}
	return "GetUser failed after retries: " + e.Err.Error()
}
func (e *ExhaustedError) Unwrap() error { return e.Err }

func budgetErr(last, ctxErr error) error {
	if last == nil {
		return &ExhaustedError{Err: ctxErr}
	}
	return &ExhaustedError{Err: errors.Join(last, ctxErr)}
}
