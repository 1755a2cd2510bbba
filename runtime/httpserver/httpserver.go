// Package httpserver hosts a skill as an HTTPS endpoint, the alternative to
// Lambda that Alexa allows only with full request verification: every
// request's body is size-limited, verified (signature, certificate chain,
// timestamp, skill ID) and only then given to the skill.
package httpserver

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/skillgen/skillgen/runtime"
	"github.com/skillgen/skillgen/runtime/verify"
)

// Limits of the endpoint.
const (
	// MaxBodyBytes bounds a request body; Alexa requests are a few KiB.
	MaxBodyBytes = 256 << 10
	// AnswerTimeout bounds one answer: Alexa waits 8 s.
	AnswerTimeout = 8 * time.Second
	// DefaultShutdownTimeout bounds the graceful shutdown.
	DefaultShutdownTimeout = 10 * time.Second
)

// Invoker answers one raw Alexa request with the raw response;
// *runtime.Handler is one.
type Invoker interface {
	Invoke(ctx context.Context, payload []byte) ([]byte, error)
}

// Options configure Handler.
type Options struct {
	// Log gets one line per rejected request (the reason, never the
	// body); nil means slog.Default().
	Log *slog.Logger
	// Budget bounds the whole answer from the request's arrival:
	// verification (a certificate fetch included) and the skill's answer.
	// Give the chain's budget (chain.Chain.Policy().Budget) so the clock
	// the chain keeps starts when the request arrives, not after
	// verification. 0 means AnswerTimeout; it is never more.
	Budget time.Duration
}

// Handler returns the endpoint: POST with an Alexa request body on any
// path; GET /healthz answers "ok" for load balancers. A request that fails
// verification gets 400 and never reaches inv.
func Handler(inv Invoker, v *verify.Verifier, o Options) http.Handler {
	if o.Log == nil {
		o.Log = slog.Default()
	}
	if o.Budget <= 0 || o.Budget > AnswerTimeout {
		o.Budget = AnswerTimeout
	}
	return &handler{inv: inv, v: v, log: o.Log, budget: o.Budget}
}

type handler struct {
	inv    Invoker
	v      *verify.Verifier
	log    *slog.Logger
	budget time.Duration
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), h.budget)
	defer cancel()
	if r.Method == http.MethodGet && r.URL.Path == "/healthz" {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = io.WriteString(w, "ok\n")
		return
	}
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "method not allowed: Alexa sends POST", http.StatusMethodNotAllowed)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBodyBytes))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			h.reject(r, http.StatusRequestEntityTooLarge, fmt.Sprintf("body larger than %d bytes", MaxBodyBytes))
			http.Error(w, "request body too large", http.StatusRequestEntityTooLarge)
			return
		}
		h.reject(r, http.StatusBadRequest, "reading the body: "+err.Error())
		http.Error(w, "cannot read the request body", http.StatusBadRequest)
		return
	}
	if err := h.v.Verify(ctx, r.Header.Get(verify.HeaderCertChainURL), r.Header.Get(verify.HeaderSignature), body); err != nil {
		h.reject(r, http.StatusBadRequest, err.Error())
		http.Error(w, "request verification failed", http.StatusBadRequest)
		return
	}
	out, err := h.inv.Invoke(ctx, body)
	if err != nil {
		if errors.Is(err, runtime.ErrBadRequest) || errors.Is(err, runtime.ErrWrongSkill) {
			h.reject(r, http.StatusBadRequest, err.Error())
			http.Error(w, "bad Alexa request", http.StatusBadRequest)
			return
		}
		h.log.LogAttrs(r.Context(), slog.LevelError, "answer failed", slog.String("error", err.Error()))
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	_, _ = w.Write(out)
}

func (h *handler) reject(r *http.Request, status int, reason string) {
	h.log.LogAttrs(r.Context(), slog.LevelWarn, "request rejected",
		slog.Int("status", status), slog.String("reason", reason), slog.String("remote", r.RemoteAddr))
}

// Config configures Serve.
type Config struct {
	// Addr to listen on, e.g. 127.0.0.1:8080; ignored when Listener is set.
	Addr string
	// Listener, if set, is served instead of listening on Addr.
	Listener net.Listener
	// TLSCert and TLSKey are PEM files; both empty means plain HTTP (behind
	// a TLS-terminating proxy).
	TLSCert, TLSKey string
	// Handler is what to serve, usually from Handler.
	Handler http.Handler
	// Log gets start, stop and error lines; nil means slog.Default().
	Log *slog.Logger
	// ShutdownTimeout bounds the graceful shutdown; 0 means 10 s.
	ShutdownTimeout time.Duration
	// Ready, if set, is called with the listening address once serving.
	Ready func(addr net.Addr)
}

// Serve serves until ctx is done, then shuts down gracefully: it stops
// accepting, lets requests in flight finish within ShutdownTimeout, and
// returns nil after a clean stop.
func Serve(ctx context.Context, c Config) error {
	if c.Handler == nil {
		return errors.New("httpserver: no handler")
	}
	if (c.TLSCert == "") != (c.TLSKey == "") {
		return errors.New("httpserver: give both a TLS certificate and key, or neither for plain HTTP behind a TLS proxy")
	}
	log := c.Log
	if log == nil {
		log = slog.Default()
	}
	srv := &http.Server{
		Handler:           c.Handler,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      AnswerTimeout + 2*time.Second,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    32 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	if c.TLSCert != "" {
		cert, err := tls.LoadX509KeyPair(c.TLSCert, c.TLSKey)
		if err != nil {
			return fmt.Errorf("httpserver: loading the TLS certificate: %w", err)
		}
		srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	}
	ln := c.Listener
	if ln == nil {
		var err error
		if ln, err = net.Listen("tcp", c.Addr); err != nil {
			return fmt.Errorf("httpserver: %w", err)
		}
	}
	scheme := "http"
	errc := make(chan error, 1)
	if srv.TLSConfig != nil {
		scheme = "https"
		go func() { errc <- srv.ServeTLS(ln, "", "") }()
	} else {
		go func() { errc <- srv.Serve(ln) }()
	}
	log.Info("serving Alexa requests", slog.String("url", scheme+"://"+ln.Addr().String()))
	if c.Ready != nil {
		c.Ready(ln.Addr())
	}
	select {
	case err := <-errc:
		return fmt.Errorf("httpserver: %w", err)
	case <-ctx.Done():
	}
	timeout := c.ShutdownTimeout
	if timeout <= 0 {
		timeout = DefaultShutdownTimeout
	}
	log.Info("shutting down", slog.Duration("timeout", timeout))
	sctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		_ = srv.Close()
		return fmt.Errorf("httpserver: shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("httpserver: %w", err)
	}
	log.Info("stopped")
	return nil
}
