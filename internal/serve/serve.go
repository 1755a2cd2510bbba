// Package serve is `skillgen serve`: the skill of a spec as a self-hosted
// Alexa HTTPS endpoint, with the request verification Alexa requires of
// endpoints outside Lambda, profiles from Cognito (cached), TLS from a
// certificate and key or plain HTTP behind a TLS proxy, and a graceful
// shutdown on SIGTERM or SIGINT.
package serve

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/skillgen/skillgen/generator"
	"github.com/skillgen/skillgen/generator/ir"
	"github.com/skillgen/skillgen/generator/plan"
	"github.com/skillgen/skillgen/internal/chainflags"
	"github.com/skillgen/skillgen/internal/cliflag"
	"github.com/skillgen/skillgen/internal/interp"
	"github.com/skillgen/skillgen/runtime"
	"github.com/skillgen/skillgen/runtime/chain"
	"github.com/skillgen/skillgen/runtime/httpserver"
	"github.com/skillgen/skillgen/runtime/logging"
	"github.com/skillgen/skillgen/runtime/verify"
)

// Options configure the endpoint.
type Options struct {
	SkillID       string
	SkipSignature bool
	Log           *slog.Logger
	// Verify overrides the verifier options other than SkillID and
	// SkipSignature (tests inject roots and a certificate fetcher).
	Verify verify.Options
}

// Handler returns the endpoint of skill s run by ch, the runtime chain the
// Lambda function runs (one log line per request, the time budget, local
// token verification and its cache, the profile cache, retries, the
// profile source): the skill's answer plan, interpreted (the same
// runtime.Skill the generated package declares), wrapped by ch, behind
// request verification. The budget starts when a request arrives.
func Handler(s *ir.Skill, ch *chain.Chain, o Options) (http.Handler, error) {
	if o.SkillID == "" {
		return nil, errors.New("a skill ID is required: set skill.skillId in the spec or pass --skill-id (Alexa sends it in every request)")
	}
	log := o.Log
	if log == nil {
		log = slog.Default()
	}
	vo := o.Verify
	vo.SkillID, vo.SkipSignature = o.SkillID, o.SkipSignature
	v, err := verify.New(vo)
	if err != nil {
		return nil, err
	}
	answers, err := plan.Build(s)
	if err != nil {
		return nil, err
	}
	h, err := interp.NewHandler(answers, ch.Source(), runtime.WithSkillID(o.SkillID), runtime.WithLogger(log))
	if err != nil {
		return nil, err
	}
	return httpserver.Handler(ch.Wrap(h, log), v, httpserver.Options{Log: log, Budget: ch.Policy().Budget}), nil
}

// Command runs `skillgen serve` until ctx is done (the CLI cancels it on
// SIGTERM and SIGINT), then shuts down gracefully.
func Command(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("skillgen serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, `Usage: skillgen serve [flags]

Host the skill as an Alexa HTTPS endpoint. Every request is verified as
Alexa requires of self-hosted endpoints (certificate chain from
s3.amazonaws.com/echo.api/, Signature-256 over the body, timestamp within
150 s, skill ID) and refused with 400 otherwise. Serve TLS with --tls-cert
and --tls-key, or plain HTTP behind a TLS-terminating proxy.

Requests run through the same chain as the Lambda function, configured by
the same environment variables (the flags below override them): access
tokens are verified locally against the user pool (--user-pool-id,
--client-id), profiles come from Cognito GetUser (--cognito-endpoint or
AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER), cached per token, with retries
inside a time budget that bounds every answer from its arrival.

Flags:
`)
		fs.PrintDefaults()
	}
	specPath := cliflag.OnceVar(fs, "f", "skill.yaml", "spec", "the skill's `spec` file")
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	certFile := fs.String("tls-cert", "", "TLS certificate chain (PEM); with --tls-key")
	keyFile := fs.String("tls-key", "", "TLS private key (PEM); with --tls-cert")
	skillID := fs.String("skill-id", "", "skill ID requests must carry (default: the spec's skill.skillId)")
	skipSig := fs.Bool("insecure-skip-signature", false, "do not check request signatures (local testing only; timestamp and skill ID are still checked)")
	cf := chainflags.Register(fs, true)
	shutdown := fs.Duration("shutdown-timeout", httpserver.DefaultShutdownTimeout, "how long requests in flight may finish after SIGTERM")
	if ok, code := cliflag.Parse(fs, args, stderr); !ok {
		return code
	}
	if fs.NArg() > 0 {
		cliflag.Usagef(stderr, fs.Name(), "unexpected argument %q", fs.Arg(0))
		return 2
	}
	if (*certFile == "") != (*keyFile == "") {
		fmt.Fprintln(stderr, "skillgen serve: give both --tls-cert and --tls-key, or neither (plain HTTP behind a TLS proxy)")
		return 2
	}
	// The log (from request goroutines and the key-set prefetch) and the
	// error messages share stderr.
	stderr = logging.Synced(stderr)
	log := slog.New(logging.NewTextHandler(stderr, nil))

	s, err := generator.Build(specPath.Value)
	if err != nil {
		fmt.Fprintf(stderr, "skillgen serve: %v\n", err)
		return 1
	}
	id := *skillID
	if id == "" {
		id = s.SkillID
	}
	if id == "" {
		fmt.Fprintln(stderr, "skillgen serve: a skill ID is required: set skill.skillId in the spec or pass --skill-id (Alexa sends it in every request)")
		return 2
	}
	ch, err := cf.Chain(s.Cognito.Region, plan.ProfileClaims(s))
	if err != nil {
		fmt.Fprintf(stderr, "skillgen serve: %v\n", err)
		return 2
	}
	// Load the pool's key set while the server starts; stop and wait for
	// it before returning.
	pctx, stopPrefetch := context.WithCancel(ctx)
	var prefetch sync.WaitGroup
	prefetch.Go(func() { ch.Prefetch(pctx, 2*time.Second, log) })
	defer func() { stopPrefetch(); prefetch.Wait() }()
	h, err := Handler(s, ch, Options{SkillID: id, SkipSignature: *skipSig, Log: log})
	if err != nil {
		fmt.Fprintf(stderr, "skillgen serve: %v\n", err)
		return 2
	}
	if *skipSig {
		log.Warn("request signature checking is OFF (--insecure-skip-signature): anyone who can reach this endpoint can call the skill; use it for local testing only")
	}
	if *certFile == "" {
		log.Info("serving plain HTTP: put a TLS-terminating proxy in front, Alexa calls only HTTPS endpoints")
	}
	err = httpserver.Serve(ctx, httpserver.Config{
		Addr: *addr, TLSCert: *certFile, TLSKey: *keyFile, Handler: h, Log: log,
		ShutdownTimeout: *shutdown,
		Ready: func(a net.Addr) {
			log.Info("skill ready", slog.String("skill", s.Name), slog.String("addr", a.String()), slog.String("locales", fmt.Sprint(s.LocaleCodes())))
		},
	})
	if err != nil {
		fmt.Fprintf(stderr, "skillgen serve: %v\n", err)
		return 1
	}
	return 0
}
