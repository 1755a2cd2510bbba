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
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/skillgen/skillgen/internal/facts"
	"github.com/skillgen/skillgen/runtime"
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

// EnvEndpoint and EnvEndpointAll are the SDK's standard endpoint overrides
// (service-specific first), e.g. to point the runtime at cognito-local.
const (
	EnvEndpoint    = "AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER"
	EnvEndpointAll = "AWS_ENDPOINT_URL"
	envIgnoreURLs  = "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"
)

// New returns the GetUser source with anonymous credentials (GetUser is
// authorized by the access token, so there is no credential lookup), the
// user pool's region by the rule the token verifier follows too
// (facts.PoolRegion: COGNITO_REGION, else the USER_POOL_ID prefix, else
// AWS_REGION) and the endpoint from the
// SDK's standard AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER / AWS_ENDPOINT_URL
// variables. It builds the client directly rather than through the SDK's
// config package, whose package initialisation alone (the SSO, STS and
// sign-in clients it links) adds about 9 ms to every cold start.
func New(_ context.Context, optFns ...func(*cip.Options)) (*Source, error) {
	return NewAt(facts.PoolRegion(os.Getenv), Endpoint(os.Getenv), optFns...), nil
}

// NewAt returns the GetUser source for region at endpoint ("" for the
// region's Cognito endpoint), with anonymous
// credentials, built the way New builds it: for hosts that take these from
// flags rather than the environment (serve, dialog), which give it
// facts.PoolRegion of their settings. An empty region (no region known, as
// with cognito-local's pool IDs) is facts.DefaultRegion: the SDK needs one,
// and an endpoint override makes it moot.
func NewAt(region, endpoint string, optFns ...func(*cip.Options)) *Source {
	if region == "" {
		region = facts.DefaultRegion
	}
	opts := cip.Options{
		Region:      region,
		Credentials: aws.AnonymousCredentials{},
	}
	if endpoint != "" {
		opts.BaseEndpoint = aws.String(endpoint)
	}
	return &Source{api: cip.New(opts, optFns...)}
}

// Endpoint returns the configured endpoint override, following the SDK's
// precedence, or "".
func Endpoint(getenv func(string) string) string {
	if v := getenv(envIgnoreURLs); v == "true" {
		return ""
	}
	if v := getenv(EnvEndpoint); v != "" {
		return v
	}
	return getenv(EnvEndpointAll)
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
