package resilience

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/skillgen/skillgen/runtime"
	cd "github.com/skillgen/skillgen/runtime/internal/cognitodouble"
)

// sdkSource is GetUser through the real AWS SDK client (retryer off) at
// the double, mapping NotAuthorizedException to ErrNotLinked as the
// runtime's Cognito source does.
func sdkSource(t testing.TB, url string) runtime.ProfileSource {
	t.Helper()
	cfg, err := config.LoadDefaultConfig(context.Background(),
		config.WithRegion("us-east-1"),
		config.WithCredentialsProvider(aws.AnonymousCredentials{}))
	if err != nil {
		t.Fatal(err)
	}
	client := cip.NewFromConfig(cfg, NoSDKRetries, func(o *cip.Options) { o.BaseEndpoint = aws.String(url) })
	return runtime.ProfileSourceFunc(func(ctx context.Context, tok string) (map[string]string, error) {
		out, err := client.GetUser(ctx, &cip.GetUserInput{AccessToken: aws.String(tok)})
		if err != nil {
			var na *types.NotAuthorizedException
			if errors.As(err, &na) {
				return nil, fmt.Errorf("%w: NotAuthorizedException", runtime.ErrNotLinked)
			}
			return nil, err
		}
		m := map[string]string{}
		for _, a := range out.UserAttributes {
			m[*a.Name] = *a.Value
		}
		return m, nil
	})
}

func newDouble(t *testing.T) *cd.Double {
	d := cd.New(map[string]string{"given_name": "Alice"})
	t.Cleanup(d.Close)
	return d
}

// The bound: every outcome within budget + 100 ms.
const slack = 100 * time.Millisecond

func TestFaults(t *testing.T) {
	pol := Policy{Budget: 1500 * time.Millisecond, AttemptTimeout: 400 * time.Millisecond}
	cases := []struct {
		name      string
		plan      func(int) cd.Fault
		wantErr   func(error) bool
		wantCalls func(int) bool
	}{
		{"ok", nil, isNil, eq(1)},
		{"one 500 then ok", cd.Then(cd.ServerError), isNil, eq(2)},
		{"500s", cd.Always(cd.ServerError), isExhausted, eq(3)},
		{"throttled then ok", cd.Then(cd.Throttle, cd.Throttle), isNil, eq(3)},
		{"throttled", cd.Always(cd.Throttle), isExhausted, eq(3)},
		{"connection reset then ok", cd.Then(cd.Reset), isNil, eq(2)},
		{"connection resets", cd.Always(cd.Reset), isExhausted, eq(3)},
		{"slow attempt then ok", cd.Then(cd.Slow), isNil, eq(2)},
		// Slow every time: 400 ms attempts in a 1.4 s window (budget less
		// reserve) leave room for three at most.
		{"latency beyond the budget", cd.Always(cd.Slow), isExhausted, between(2, 3)},
		{"not authorized", cd.Always(cd.NotAuthorized), isNotLinked, eq(1)},
		{"invalid parameter", cd.Always(cd.InvalidParameter), isPlainErr, eq(1)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := newDouble(t)
			d.SetPlan(c.plan)
			src := Retry(sdkSource(t, d.URL), pol)
			ctx, cancel := pol.Budgeted(context.Background())
			defer cancel()
			ctx, cancel2 := pol.Reserved(ctx)
			defer cancel2()
			start := time.Now()
			p, err := src.Profile(ctx, "token")
			elapsed := time.Since(start)
			if !c.wantErr(err) {
				t.Errorf("err = %v", err)
			}
			if err == nil && p["given_name"] != "Alice" {
				t.Errorf("profile = %v", p)
			}
			if !c.wantCalls(d.Calls()) {
				t.Errorf("GetUser calls = %d", d.Calls())
			}
			if elapsed > pol.Budget-DefaultReserve+slack {
				t.Errorf("took %v, budget %v less reserve %v", elapsed, pol.Budget, DefaultReserve)
			}
		})
	}
}

func isNil(err error) bool { return err == nil }
func isExhausted(err error) bool {
	var e *ExhaustedError
	return errors.As(err, &e) && !errors.Is(err, runtime.ErrNotLinked)
}
func isNotLinked(err error) bool { return errors.Is(err, runtime.ErrNotLinked) }
func isPlainErr(err error) bool {
	var e *ExhaustedError
	return err != nil && !errors.As(err, &e) && !errors.Is(err, runtime.ErrNotLinked)
}
func eq(n int) func(int) bool         { return func(c int) bool { return c == n } }
func between(a, b int) func(int) bool { return func(c int) bool { return c >= a && c <= b } }

// Without a deadline, attempts are bounded by MaxAttempts and each by
// AttemptTimeout.
func TestNoDeadline(t *testing.T) {
	var calls atomic.Int32
	src := Retry(runtime.ProfileSourceFunc(func(ctx context.Context, _ string) (map[string]string, error) {
		calls.Add(1)
		<-ctx.Done()
		return nil, ctx.Err()
	}), Policy{AttemptTimeout: 20 * time.Millisecond, MaxAttempts: 4, BaseBackoff: time.Millisecond, MaxBackoff: time.Millisecond})
	_, err := src.Profile(context.Background(), "t")
	if !isExhausted(err) || !errors.Is(err, errAttemptTimeout) || calls.Load() != 4 {
		t.Errorf("err = %v, calls = %d", err, calls.Load())
	}
}

// A request arriving with almost no time left makes no call.
func TestNoRoomForAnAttempt(t *testing.T) {
	var calls atomic.Int32
	src := Retry(runtime.ProfileSourceFunc(func(context.Context, string) (map[string]string, error) {
		calls.Add(1)
		return map[string]string{}, nil
	}), Policy{})
	ctx, cancel := context.WithTimeout(context.Background(), DefaultReserve+DefaultMinAttempt/2)
	defer cancel()
	ctx, cancel2 := Policy{}.Reserved(ctx)
	defer cancel2()
	if _, err := src.Profile(ctx, "t"); !isExhausted(err) || calls.Load() != 0 {
		t.Errorf("err = %v, calls = %d", err, calls.Load())
	}
}

func TestBackoff(t *testing.T) {
	p := Policy{BaseBackoff: 50 * time.Millisecond, MaxBackoff: 400 * time.Millisecond, Rand: func() float64 { return 0.999999 }}.WithDefaults()
	want := []time.Duration{50, 100, 200, 400, 400}
	for i, w := range want {
		got := p.backoff(i + 1)
		if got > w*time.Millisecond || got < w*time.Millisecond*99/100 {
			t.Errorf("backoff(%d) = %v, want about %v", i+1, got, w*time.Millisecond)
		}
	}
	p.Rand = func() float64 { return 0 }
	if p.backoff(3) != 0 {
		t.Error("jitter not applied")
	}
	if p.backoff(1000) > p.MaxBackoff {
		t.Error("overflow")
	}
}

func TestIsRetryable(t *testing.T) {
	if IsRetryable(nil) || IsRetryable(runtime.ErrNotLinked) || IsRetryable(errors.New("x")) ||
		IsRetryable(context.Canceled) {
		t.Error("non-retryable error classified retryable")
	}
	if !IsRetryable(fmt.Errorf("%w: x", errAttemptTimeout)) {
		t.Error("attempt timeout not retryable")
	}
}

func TestPolicyFromEnv(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	p, err := PolicyFromEnv(env(nil))
	if err != nil || p.Budget != DefaultBudget || p.AttemptTimeout != DefaultAttemptTimeout || p.MaxAttempts != DefaultMaxAttempts {
		t.Errorf("defaults: %+v, %v", p, err)
	}
	p, err = PolicyFromEnv(env(map[string]string{EnvBudget: "2500ms", EnvAttemptTimeout: "700ms", EnvMaxAttempts: "2"}))
	if err != nil || p.Budget != 2500*time.Millisecond || p.AttemptTimeout != 700*time.Millisecond || p.MaxAttempts != 2 {
		t.Errorf("set: %+v, %v", p, err)
	}
	for _, m := range []map[string]string{{EnvBudget: "3"}, {EnvBudget: "9s"}, {EnvBudget: "-1s"},
		{EnvAttemptTimeout: "x"}, {EnvMaxAttempts: "0"}, {EnvMaxAttempts: "many"}} {
		if _, err := PolicyFromEnv(env(m)); err == nil {
			t.Errorf("%v: no error", m)
		}
	}
}

func TestBudgetMiddleware(t *testing.T) {
	pol := Policy{Budget: 50 * time.Millisecond}
	var left time.Duration
	inv := pol.Bound(func(ctx context.Context, _ []byte) ([]byte, error) {
		dl, ok := ctx.Deadline()
		if !ok {
			return nil, errors.New("no deadline")
		}
		left = time.Until(dl)
		return []byte("ok"), nil
	})
	if out, err := inv(context.Background(), nil); err != nil || string(out) != "ok" || left > 50*time.Millisecond || left <= 0 {
		t.Errorf("out %q err %v left %v", out, err, left)
	}
}
