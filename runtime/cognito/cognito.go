// Package cognito is the ProfileSource that reads the linked user's
// attributes from Amazon Cognito with GetUser(AccessToken).
//
// GetUser is authorized by the access token itself (its
// aws.cognito.signin.user.admin scope), not by IAM, so the client uses
// anonymous credentials: no credential lookup at cold start and no Cognito
// permission on the Lambda role.
package cognito

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/skillgen/skillgen/runtime"
)

// Environment variables the source reads.
const (
	// EnvRegion is the user pool's region; default DefaultRegion.
	EnvRegion = "COGNITO_REGION"
	// DefaultRegion is the tutorial's region.
	DefaultRegion = "us-east-1"
)

// The endpoint can be overridden with the SDK's standard variable
// AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER (or AWS_ENDPOINT_URL), e.g. to
// point at cognito-local.

// API is the part of the Cognito client the source calls.
type API interface {
	GetUser(ctx context.Context, in *cip.GetUserInput, opts ...func(*cip.Options)) (*cip.GetUserOutput, error)
}

// Source reads profiles with GetUser. It implements runtime.ProfileSource.
type Source struct {
	api API
}

var _ runtime.ProfileSource = (*Source)(nil)

// New returns a source for the region in COGNITO_REGION (default
// us-east-1), built from the SDK's default configuration so that endpoint
// overrides in the environment apply, with anonymous credentials.
func New(ctx context.Context, optFns ...func(*config.LoadOptions) error) (*Source, error) {
	region := os.Getenv(EnvRegion)
	if region == "" {
		region = DefaultRegion
	}
	opts := append([]func(*config.LoadOptions) error{
		config.WithRegion(region),
		config.WithCredentialsProvider(aws.AnonymousCredentials{}),
	}, optFns...)
	cfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return nil, fmt.Errorf("cognito: loading AWS configuration: %w", err)
	}
	return NewFromConfig(cfg), nil
}

// NewFromConfig returns a source using a client built from cfg.
func NewFromConfig(cfg aws.Config, optFns ...func(*cip.Options)) *Source {
	return &Source{api: cip.NewFromConfig(cfg, optFns...)}
}

// NewFromAPI returns a source calling api.
func NewFromAPI(api API) *Source { return &Source{api: api} }

// Profile returns the user's attributes (name → value). A token Cognito
// rejects (NotAuthorizedException: expired, revoked, forged, or the user
// is gone) is runtime.ErrNotLinked; an empty token too. Other failures are
// returned as they are; their messages carry no token.
func (s *Source) Profile(ctx context.Context, accessToken string) (map[string]string, error) {
	if accessToken == "" {
		return nil, runtime.ErrNotLinked
	}
	out, err := s.api.GetUser(ctx, &cip.GetUserInput{AccessToken: aws.String(accessToken)})
	if err != nil {
		var na *types.NotAuthorizedException
		var nf *types.UserNotFoundException
		if errors.As(err, &na) || errors.As(err, &nf) {
			return nil, fmt.Errorf("%w: %s", runtime.ErrNotLinked, errorCode(err))
		}
		return nil, fmt.Errorf("cognito: GetUser: %w", err)
	}
	attrs := make(map[string]string, len(out.UserAttributes))
	for _, a := range out.UserAttributes {
		if a.Name != nil && a.Value != nil {
			attrs[*a.Name] = *a.Value
		}
	}
	return attrs, nil
}

// errorCode names the Cognito error without its message.
func errorCode(err error) string {
	var api interface{ ErrorCode() string }
	if errors.As(err, &api) {
		return api.ErrorCode()
	}
	return "rejected"
}
