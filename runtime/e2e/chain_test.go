package e2e

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/skillgen/skillgen/generated/linkedprofile"
	"github.com/skillgen/skillgen/internal/serve"
	"github.com/skillgen/skillgen/internal/testpeers"
	cd "github.com/skillgen/skillgen/runtime/internal/cognitodouble"
	"github.com/skillgen/skillgen/runtime/lambdamain"
	"github.com/skillgen/skillgen/runtime/logging/logtest"
)

// The one table of bad tokens (testpeers.BadTokens) and the one table of
// Cognito faults below run against every host of the runtime chain: the
// Lambda handler in process (lambdamain.Handler), the real bootstrap under
// the Lambda Runtime Interface Emulator, and `skillgen serve` over HTTP.
// All three read the same environment. The key set comes from cognito-local
// (whose key signs the tokens); GetUser goes to the Cognito double
// (runtime/internal/cognitodouble), because cognito-local accepts any
// token it can decode and cannot inject faults: the double counts the calls
// and answers with the fault a case asks for.

// chainBudget is the time budget the hosts get; every reply must come
// within it plus replySlack.
const (
	chainBudget = time.Second
	replySlack  = 100 * time.Millisecond
)

// host is one way to run the chain: invoke sends a request body and
// returns the response body.
type host struct {
	name   string
	invoke func(t *testing.T, body []byte) []byte
}

type chainRig struct {
	double *cd.Double
	tokens *testpeers.TokenIssuer
	env    []string
	hosts  []host
}

func newChainRig(t *testing.T) *chainRig {
	t.Helper()
	if testing.Short() {
		t.Skip("starts cognito-local, the Lambda RIE and serve")
	}
	c := testpeers.StartCognito(t)
	pool, client := c.CreatePool(t, "Alexa Skill Users")
	r := &chainRig{double: cd.New(ada), tokens: c.TokenIssuer(t, pool, client)}
	t.Cleanup(r.double.Close)
	r.double.Delay = 10 * time.Second
	r.env = []string{
		"USER_POOL_ID=" + pool,
		"USER_POOL_CLIENT_ID=" + client,
		"COGNITO_REGION=us-east-1",
		"COGNITO_ISSUER=" + c.Issuer(pool),
		"COGNITO_JWKS_URL=" + c.JWKSURL(pool),
		"AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER=" + r.double.URL,
		"SKILL_TIME_BUDGET=" + chainBudget.String(),
		"COGNITO_ATTEMPT_TIMEOUT=300ms",
		"SKILL_ID=" + appID,
	}
	for _, kv := range r.env {
		k, v, _ := strings.Cut(kv, "=")
		t.Setenv(k, v)
	}

	// The Lambda handler in this process, built as Main builds it.
	inv, err := lambdamain.Handler(context.Background(), linkedprofile.Skill, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	r.hosts = append(r.hosts, host{"lambda handler", func(t *testing.T, body []byte) []byte {
		out, err := inv.Invoke(context.Background(), body)
		if err != nil {
			t.Fatalf("Invoke: %v", err)
		}
		return out
	}})

	// The bootstrap under the RIE.
	boot := buildBootstrap(t, "generated/linkedprofile/lambda")
	rie := testpeers.StartRIE(t, boot, append(c.Env(), r.env...))
	r.hosts = append(r.hosts, host{"lambda bootstrap (RIE)", viaRIE(rie)})

	// skillgen serve, configured by the same environment.
	r.hosts = append(r.hosts, host{"serve", startServe(t)})
	return r
}

var serveReady = regexp.MustCompile(`msg="skill ready".* addr=(\S+)`)

// startServe runs `skillgen serve` on the bundled spec (signature checks
// off: the test client does not sign) and returns how to post to it.
func startServe(t *testing.T) func(t *testing.T, body []byte) []byte {
	t.Helper()
	logs := new(logtest.Sink)
	ctx, cancel := context.WithCancel(context.Background())
	exited := make(chan int, 1)
	spec := filepath.Join(testpeers.RepoRoot(t), "skill.yaml")
	go func() {
		exited <- serve.Command(ctx, []string{"-f", spec, "--addr", "127.0.0.1:0", "--skill-id", appID, "--insecure-skip-signature"}, nil, io.Discard, logs)
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-exited:
		case <-time.After(15 * time.Second):
			t.Error("serve did not stop")
		}
	})
	var addr string
	for deadline := time.Now().Add(15 * time.Second); addr == ""; {
		if m := serveReady.FindStringSubmatch(logs.String()); m != nil {
			addr = m[1]
			break
		}
		select {
		case code := <-exited:
			t.Fatalf("serve exited with %d:\n%s", code, logs)
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve not ready:\n%s", logs)
		}
	}
	client := &http.Client{Timeout: 10 * time.Second}
	return func(t *testing.T, body []byte) []byte {
		// serve checks the timestamp (150 s): send the request as of now.
		body = []byte(strings.Replace(string(body), `"timestamp":"2026-11-25T21:00:00Z"`,
			`"timestamp":"`+time.Now().UTC().Format(time.RFC3339)+`"`, 1))
		resp, err := client.Post("http://"+addr+"/", "application/json", strings.NewReader(string(body)))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		out, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("serve: HTTP %d: %s\n%s", resp.StatusCode, out, logs)
		}
		return out
	}
}

var (
	helloAda     = "<speak>Hello Ada. It's great that we're on a first name basis. What's your request?</speak>"
	errorMessage = "<speak>Sorry, I can't reach your profile right now. Please try again in a moment.</speak>"
)

// Every bad token gets the LinkAccount card, and Cognito is never asked.
// A good token, last, proves GetUser is reachable in this set-up.
func TestChainBadTokens(t *testing.T) {
	r := newChainRig(t)
	bad := r.tokens.BadTokens(t)
	for _, h := range r.hosts {
		t.Run(h.name, func(t *testing.T) {
			for _, b := range bad {
				t.Run(b.Name, func(t *testing.T) {
					before := r.double.Calls()
					for _, c := range linkAccountCases("en-US", b.Token) {
						check(t, c, parse(t, h.invoke(t, c.req.body(t))))
					}
					if n := r.double.Calls() - before; n != 0 {
						t.Errorf("GetUser calls = %d, want 0", n)
					}
				})
			}
			good := r.tokens.Token(t, "ada-"+h.name, nil)
			before := r.double.Calls()
			resp := parse(t, h.invoke(t, alexa{typ: "LaunchRequest", locale: "en-US", token: good, newSess: true}.body(t)))
			if resp.speech() != helloAda || r.double.Calls()-before != 1 {
				t.Fatalf("good token: speech %q, GetUser calls %d; want the greeting after one call", resp.speech(), r.double.Calls()-before)
			}
		})
	}
}

// Every Cognito fault gets the right answer, the whole reply within the
// budget plus 100 ms.
func TestChainCognitoFaults(t *testing.T) {
	r := newChainRig(t)
	type want int
	const (
		hello want = iota
		errorMsg
		linkAccount
	)
	cases := []struct {
		name     string
		plan     func(int) cd.Fault
		want     want
		min, max int // GetUser calls
	}{
		{"latency past the budget", cd.Always(cd.Slow), errorMsg, 2, 3},
		{"HTTP 500", cd.Always(cd.ServerError), errorMsg, 3, 3},
		{"throttling", cd.Always(cd.Throttle), errorMsg, 3, 3},
		{"connection reset", cd.Always(cd.Reset), errorMsg, 3, 3},
		{"NotAuthorized", cd.Always(cd.NotAuthorized), linkAccount, 1, 1},
		{"one slow attempt, then an answer", cd.Then(cd.Slow), hello, 2, 2},
		{"a 500, then an answer", cd.Then(cd.ServerError), hello, 2, 2},
		{"throttled twice, then an answer", cd.Then(cd.Throttle, cd.Throttle), hello, 3, 3},
		{"a reset, then an answer", cd.Then(cd.Reset), hello, 2, 2},
	}
	helpBody := alexa{typ: "IntentRequest", intent: "AMAZON.HelpIntent", locale: "en-US"}.body(t)
	for _, h := range r.hosts {
		t.Run(h.name, func(t *testing.T) {
			for i, c := range cases {
				t.Run(c.name, func(t *testing.T) {
					// A new user per case: nothing cached.
					tok := r.tokens.Token(t, fmt.Sprintf("user-%d", i), nil)
					body := alexa{typ: "LaunchRequest", locale: "en-US", token: tok, newSess: true}.body(t)
					before := r.double.Calls()
					// The double numbers calls from its start; the plan
					// counts from this case's first call.
					r.double.SetPlan(func(n int) cd.Fault { return c.plan(n - before) })
					defer r.double.SetPlan(nil)
					// The host's own transport (the RIE's dispatch, HTTP)
					// is not the function's budget: a help request, which
					// needs no profile, measures it right before the case.
					transport := time.Now()
					h.invoke(t, helpBody)
					overhead := time.Since(transport)
					start := time.Now()
					out := h.invoke(t, body)
					elapsed := time.Since(start)
					resp := parse(t, out)
					switch c.want {
					case hello:
						if resp.speech() != helloAda {
							t.Errorf("speech %q, want the greeting", resp.speech())
						}
					case errorMsg:
						if resp.speech() != errorMessage {
							t.Errorf("speech %q, want the error message", resp.speech())
						}
					case linkAccount:
						if resp.Response.Card == nil || resp.Response.Card.Type != "LinkAccount" {
							t.Errorf("card %+v, want LinkAccount", resp.Response.Card)
						}
					}
					if n := r.double.Calls() - before; n < c.min || n > c.max {
						t.Errorf("GetUser calls = %d, want %d..%d", n, c.min, c.max)
					}
					if elapsed > chainBudget+replySlack+overhead {
						t.Errorf("reply after %v, budget %v + %v + transport %v", elapsed, chainBudget, replySlack, overhead)
					}
				})
			}
		})
	}
}
