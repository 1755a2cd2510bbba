// Package lambdamain runs a compiled skill as an AWS Lambda function
// (runtime provided.al2023, binary bootstrap, build tag lambda.norpc). The
// generated <output.code>/lambda/main.gen.go of each skill calls Main.
//
// Environment:
//
//	COGNITO_REGION   region of the user pool (default us-east-1)
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

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/skillgen/skillgen/runtime"
	"github.com/skillgen/skillgen/runtime/cognito"
)

// EnvSkillID overrides the compiled skill ID.
const EnvSkillID = "SKILL_ID"

// Main starts the Lambda function of skill s. It returns only if the
// handler cannot be built, after logging why, with exit status 1.
func Main[P any](s *runtime.Skill[P]) {
	log := slog.New(slog.NewJSONHandler(os.Stderr, nil))
	h, err := Handler(context.Background(), s, log)
	if err != nil {
		log.Error("skill cannot start", slog.String("error", err.Error()))
		os.Exit(1)
	}
	lambda.Start(h)
}

// Handler builds the handler Main runs: the Cognito profile source and the
// skill ID from the environment.
func Handler[P any](ctx context.Context, s *runtime.Skill[P], log *slog.Logger) (*runtime.Handler, error) {
	src, err := Source(ctx)
	if err != nil {
		return nil, err
	}
	opts := []runtime.Option{runtime.WithLogger(log)}
	if id := os.Getenv(EnvSkillID); id != "" {
		opts = append(opts, runtime.WithSkillID(id))
	}
	h, err := runtime.NewHandler(s, src, opts...)
	if err != nil {
		return nil, fmt.Errorf("lambdamain: %w", err)
	}
	return h, nil
}

// Source returns the profile source the function uses: Cognito GetUser.
func Source(ctx context.Context) (runtime.ProfileSource, error) {
	return cognito.New(ctx)
}
