// Package lambdamain runs a compiled skill as an AWS Lambda function
// (runtime provided.al2023, binary bootstrap, build tag lambda.norpc). The
// generated <output.code>/lambda/main.gen.go of each skill calls Main.
//
// Environment:
//
//	COGNITO_REGION   region of the user pool (default us-east-1)
//	USER_POOL_ID, USER_POOL_CLIENT_ID
//	                 the pool and app client whose access tokens are
//	                 verified locally before any Cognito call (required)
//	COGNITO_ISSUER, COGNITO_JWKS_URL
//	                 issuer and key-set overrides (cognito-local)
//	SKILL_TIME_BUDGET, COGNITO_ATTEMPT_TIMEOUT, COGNITO_MAX_ATTEMPTS,
//	PROFILE_CACHE_TTL, PROFILE_CACHE_SIZE
//	                 tuning (runtime/chain.ConfigFromEnv)
//	AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER
//	                 Cognito endpoint override (SDK standard), e.g. cognito-local
//	SKILL_ID         when non-empty, replaces the skill ID compiled from
//	                 skill.yaml (skill.skillId); requests whose
//	                 context.System.application.applicationId differs are
//	                 rejected. With neither set, any skill ID is accepted.
//
// Logs are JSON lines on stderr (CloudWatch Logs); they never carry tokens,
// profile values or request bodies.
package lambdamain

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/skillgen/skillgen/internal/facts"
	"github.com/skillgen/skillgen/runtime"
	"github.com/skillgen/skillgen/runtime/chain"
	"github.com/skillgen/skillgen/runtime/cognito"
	"github.com/skillgen/skillgen/runtime/logging"
	"github.com/skillgen/skillgen/runtime/resilience"
)

// Main starts the Lambda function of skill s. It returns only if the
// handler cannot be built, after logging why, with exit status 1.
func Main[P any](s *runtime.Skill[P]) {
	log := logging.New(os.Stderr)
	h, err := Handler(context.Background(), s, log)
	if err != nil {
		log.Error("skill cannot start", slog.String("error", err.Error()))
		os.Exit(1)
	}
	lambda.Start(h)
}

// Handler builds the handler Main runs: runtime/chain (one log line per
// request, the time budget over the whole answer, local token verification
// with its cache, the profile cache, retries, GetUser) around the skill, with
// the skill ID from the environment.
func Handler[P any](ctx context.Context, s *runtime.Skill[P], log *slog.Logger) (chain.Invoker, error) {
	cfg, err := chain.ConfigFromEnv(os.Getenv)
	if err != nil {
		return nil, fmt.Errorf("lambdamain: %w", err)
	}
	getUser, err := Source(ctx)
	if err != nil {
		return nil, err
	}
	c, err := chain.New(getUser, cfg)
	if err != nil {
		return nil, fmt.Errorf("lambdamain: %w", err)
	}
	// Load the user pool's key set in the background: the first linked
	// request waits for this fetch (the verifier allows one at a time,
	// within the request's budget) instead of starting its own, and
	// requests that need no profile (help, the link-account card) do not
	// wait for it at all.
	go c.Prefetch(context.WithoutCancel(ctx), 2*time.Second, log)
	opts := []runtime.Option{runtime.WithLogger(log)}
	if id := os.Getenv(facts.EnvSkillID); id != "" {
		opts = append(opts, runtime.WithSkillID(id))
	}
	h, err := runtime.NewHandler(s, c.Source(), opts...)
	if err != nil {
		return nil, fmt.Errorf("lambdamain: %w", err)
	}
	return c.Wrap(h, log), nil
}

// Source returns the profile source the function uses: Cognito GetUser,
// with the SDK's retryer off (the chain retries inside the time budget).
func Source(ctx context.Context) (runtime.ProfileSource, error) {
	return cognito.New(ctx, resilience.NoSDKRetries)
}
