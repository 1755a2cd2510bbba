// Package cognitodouble is a test double of Cognito's GetUser (AWS JSON 1.1
// protocol) for what cognito-local cannot do: inject latency, HTTP 500,
// throttling, connection resets and token rejection. It listens on
// 127.0.0.1 only.
package cognitodouble

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"time"
)

// Target is the X-Amz-Target of GetUser.
const Target = "AWSCognitoIdentityProviderService.GetUser"

// Fault is what the double does for one call.
type Fault int

const (
	OK               Fault = iota // 200 with the profile
	Slow                          // wait Delay (or until the client gives up), then 200
	ServerError                   // HTTP 500 InternalErrorException
	Throttle                      // HTTP 400 TooManyRequestsException
	Reset                         // hijack the connection and close it
	NotAuthorized                 // HTTP 400 NotAuthorizedException
	InvalidParameter              // HTTP 400 InvalidParameterException
)

// Double is a GetUser endpoint. Plan decides the fault of the n-th call
// (1-based); nil means OK always.
type Double struct {
	URL     string
	Profile map[string]string
	Delay   time.Duration

	mu    sync.Mutex
	plan  func(n int) Fault
	calls atomic.Int32
	srv   *httptest.Server
}

// New starts a double serving profile; stop it with Close.
func New(profile map[string]string) *Double {
	d := &Double{Profile: profile, Delay: 10 * time.Second}
	d.srv = httptest.NewServer(http.HandlerFunc(d.serve))
	d.URL = d.srv.URL
	return d
}

// Close stops the server.
func (d *Double) Close() { d.srv.CloseClientConnections(); d.srv.Close() }

// SetPlan sets the fault plan.
func (d *Double) SetPlan(plan func(n int) Fault) { d.mu.Lock(); d.plan = plan; d.mu.Unlock() }

// Always returns a plan with one fault for every call.
func Always(f Fault) func(int) Fault { return func(int) Fault { return f } }

// Then returns a plan with the given faults for the first calls, then OK.
func Then(faults ...Fault) func(int) Fault {
	return func(n int) Fault {
		if n <= len(faults) {
			return faults[n-1]
		}
		return OK
	}
}

// Calls returns the number of GetUser calls received.
func (d *Double) Calls() int { return int(d.calls.Load()) }

func (d *Double) serve(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || r.Header.Get("X-Amz-Target") != Target {
		writeErr(w, http.StatusBadRequest, "UnknownOperationException", "only GetUser")
		return
	}
	var in struct{ AccessToken string }
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 64<<10)).Decode(&in); err != nil || in.AccessToken == "" {
		writeErr(w, http.StatusBadRequest, "InvalidParameterException", "AccessToken missing")
		return
	}
	n := int(d.calls.Add(1))
	d.mu.Lock()
	plan := d.plan
	d.mu.Unlock()
	f := OK
	if plan != nil {
		f = plan(n)
	}
	switch f {
	case Slow:
		t := time.NewTimer(d.Delay)
		defer t.Stop()
		select {
		case <-t.C:
		case <-r.Context().Done():
			return
		}
	case ServerError:
		writeErr(w, http.StatusInternalServerError, "InternalErrorException", "injected 500")
		return
	case Throttle:
		writeErr(w, http.StatusBadRequest, "TooManyRequestsException", "Rate exceeded")
		return
	case NotAuthorized:
		writeErr(w, http.StatusBadRequest, "NotAuthorizedException", "Invalid Access Token")
		return
	case InvalidParameter:
		writeErr(w, http.StatusBadRequest, "InvalidParameterException", "Invalid token")
		return
	case Reset:
		hj, ok := w.(http.Hijacker)
		if !ok {
			panic("cognitodouble: connection cannot be hijacked")
		}
		conn, _, err := hj.Hijack()
		if err == nil {
			conn.Close()
		}
		return
	}
	attrs := make([]map[string]string, 0, len(d.Profile))
	for k, v := range d.Profile {
		attrs = append(attrs, map[string]string{"Name": k, "Value": v})
	}
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	_ = json.NewEncoder(w).Encode(map[string]any{"Username": "user", "UserAttributes": attrs})
}

func writeErr(w http.ResponseWriter, status int, typ, msg string) {
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	w.Header().Set("X-Amzn-ErrorType", typ)
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"__type": typ, "message": msg})
}
