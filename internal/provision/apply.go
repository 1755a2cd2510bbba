package provision

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/skillgen/skillgen/generator/cognitosetup"
	"github.com/skillgen/skillgen/generator/write"
)

// Result is what the tutorial's Scratch-Pad held.
type Result struct {
	PoolID           string
	ClientID         string
	ClientSecret     string
	Domain           string // host name, no scheme
	AuthorizationURL string
	TokenURL         string
	// CloudFrontDomain is the alias target of a custom domain.
	CloudFrontDomain string
}

// Apply carries out a plan without refusals. On a plan without changes it
// only reads the client's secret.
func Apply(ctx context.Context, api API, p *Plan) (*Result, error) {
	if len(p.Refusals) > 0 {
		return nil, &RefusedError{Refusals: p.Refusals}
	}
	cs := p.Setup
	res := &Result{PoolID: p.PoolID, ClientID: p.ClientID, Domain: cs.Host(), AuthorizationURL: cs.AuthorizationURL(), TokenURL: cs.TokenURL()}
	if p.CreatePool {
		out, err := api.CreateUserPool(ctx, poolInput(cs))
		if err != nil {
			return nil, fmt.Errorf("creating user pool %q: %w", cs.CreateUserPool.PoolName, err)
		}
		if out.UserPool == nil || aws.ToString(out.UserPool.Id) == "" {
			return nil, fmt.Errorf("creating user pool %q: no pool ID in the answer", cs.CreateUserPool.PoolName)
		}
		res.PoolID = aws.ToString(out.UserPool.Id)
	}
	if p.poolUpdate != nil {
		if _, err := api.UpdateUserPool(ctx, p.poolUpdate); err != nil {
			return nil, fmt.Errorf("updating user pool %s: %w", res.PoolID, err)
		}
	}
	if len(p.AddAttrs) > 0 {
		if _, err := api.AddCustomAttributes(ctx, &cip.AddCustomAttributesInput{UserPoolId: aws.String(res.PoolID), CustomAttributes: p.AddAttrs}); err != nil {
			return nil, fmt.Errorf("adding custom attributes to %s: %w", res.PoolID, err)
		}
	}
	switch {
	case p.CreateClient:
		out, err := api.CreateUserPoolClient(ctx, clientInput(cs, res.PoolID))
		if err != nil {
			return nil, fmt.Errorf("creating app client %q: %w", cs.CreateUserPoolClient.ClientName, err)
		}
		if out.UserPoolClient == nil {
			return nil, fmt.Errorf("creating app client %q: empty answer", cs.CreateUserPoolClient.ClientName)
		}
		res.ClientID = aws.ToString(out.UserPoolClient.ClientId)
		res.ClientSecret = aws.ToString(out.UserPoolClient.ClientSecret)
	case p.clientUpdate != nil:
		out, err := api.UpdateUserPoolClient(ctx, p.clientUpdate)
		if err != nil {
			return nil, fmt.Errorf("updating app client %s: %w", res.ClientID, err)
		}
		if out.UserPoolClient != nil {
			res.ClientSecret = aws.ToString(out.UserPoolClient.ClientSecret)
		}
	}
	if res.ClientSecret == "" {
		out, err := api.DescribeUserPoolClient(ctx, &cip.DescribeUserPoolClientInput{UserPoolId: aws.String(res.PoolID), ClientId: aws.String(res.ClientID)})
		if err != nil {
			return nil, fmt.Errorf("reading the secret of app client %s: %w", res.ClientID, err)
		}
		if out.UserPoolClient != nil {
			res.ClientSecret = aws.ToString(out.UserPoolClient.ClientSecret)
		}
	}
	if res.ClientSecret == "" {
		return nil, fmt.Errorf("app client %s has no secret", res.ClientID)
	}
	if p.CreateDomain {
		in := &cip.CreateUserPoolDomainInput{UserPoolId: aws.String(res.PoolID), Domain: aws.String(cs.CreateUserPoolDomain.Domain)}
		if c := cs.CreateUserPoolDomain.CustomDomainConfig; c != nil {
			in.CustomDomainConfig = &types.CustomDomainConfigType{CertificateArn: aws.String(c.CertificateArn)}
		}
		out, err := api.CreateUserPoolDomain(ctx, in)
		if err != nil {
			return nil, fmt.Errorf("creating domain %s: %w", cs.CreateUserPoolDomain.Domain, err)
		}
		res.CloudFrontDomain = aws.ToString(out.CloudFrontDomain)
	}
	return res, nil
}

func poolInput(cs *cognitosetup.Setup) *cip.CreateUserPoolInput {
	up := cs.CreateUserPool
	in := &cip.CreateUserPoolInput{
		PoolName:               aws.String(up.PoolName),
		MfaConfiguration:       types.UserPoolMfaType(up.MfaConfiguration),
		AccountRecoverySetting: sdkRecovery(up.AccountRecoverySetting),
		AdminCreateUserConfig:  &types.AdminCreateUserConfigType{AllowAdminCreateUserOnly: up.AdminCreateUserConfig.AllowAdminCreateUserOnly},
	}
	for _, a := range up.UsernameAttributes {
		in.UsernameAttributes = append(in.UsernameAttributes, types.UsernameAttributeType(a))
	}
	for _, a := range up.AutoVerifiedAttributes {
		in.AutoVerifiedAttributes = append(in.AutoVerifiedAttributes, types.VerifiedAttributeType(a))
	}
	for _, a := range up.Schema {
		in.Schema = append(in.Schema, sdkSchema(a))
	}
	in.UserPoolTier = types.UserPoolTierType(up.UserPoolTier)
	if up.LambdaConfig != nil {
		in.LambdaConfig = sdkLambdaConfig(nil, up.LambdaConfig)
	}
	return in
}

// sdkLambdaConfig returns have (the pool's trigger configuration, may be
// nil) with the pre token generation trigger set as want says; the other
// triggers stay as they are.
func sdkLambdaConfig(have *types.LambdaConfigType, want *cognitosetup.LambdaConfig) *types.LambdaConfigType {
	out := &types.LambdaConfigType{}
	if have != nil {
		c := *have
		out = &c
	}
	pt := want.PreTokenGenerationConfig
	out.PreTokenGenerationConfig = &types.PreTokenGenerationVersionConfigType{
		LambdaArn:     aws.String(pt.LambdaArn),
		LambdaVersion: types.PreTokenGenerationLambdaVersionType(pt.LambdaVersion),
	}
	// The legacy member names the same function (Cognito keeps both equal).
	out.PreTokenGeneration = aws.String(pt.LambdaArn)
	return out
}

func sdkRecovery(r cognitosetup.AccountRecoverySetting) *types.AccountRecoverySettingType {
	out := &types.AccountRecoverySettingType{}
	for _, m := range r.RecoveryMechanisms {
		out.RecoveryMechanisms = append(out.RecoveryMechanisms, types.RecoveryOptionType{Name: types.RecoveryOptionNameType(m.Name), Priority: aws.Int32(m.Priority)})
	}
	return out
}

func sdkSchema(a cognitosetup.SchemaAttribute) types.SchemaAttributeType {
	sa := types.SchemaAttributeType{
		Name:              aws.String(a.Name),
		AttributeDataType: types.AttributeDataType(a.AttributeDataType),
		Mutable:           aws.Bool(a.Mutable),
		Required:          aws.Bool(a.Required),
	}
	if c := a.StringAttributeConstraints; c != nil {
		sa.StringAttributeConstraints = &types.StringAttributeConstraintsType{MinLength: aws.String(c.MinLength), MaxLength: aws.String(c.MaxLength)}
	}
	return sa
}

func clientInput(cs *cognitosetup.Setup, poolID string) *cip.CreateUserPoolClientInput {
	c := cs.CreateUserPoolClient
	in := &cip.CreateUserPoolClientInput{
		UserPoolId:                      aws.String(poolID),
		ClientName:                      aws.String(c.ClientName),
		GenerateSecret:                  c.GenerateSecret,
		AllowedOAuthFlowsUserPoolClient: c.AllowedOAuthFlowsUserPoolClient,
		AllowedOAuthScopes:              c.AllowedOAuthScopes,
		SupportedIdentityProviders:      c.SupportedIdentityProviders,
		CallbackURLs:                    c.CallbackURLs,
		ReadAttributes:                  c.ReadAttributes,
		AccessTokenValidity:             aws.Int32(c.AccessTokenValidity),
		RefreshTokenValidity:            c.RefreshTokenValidity,
		TokenValidityUnits:              sdkUnits(c.TokenValidityUnits),
		PreventUserExistenceErrors:      types.PreventUserExistenceErrorTypes(c.PreventUserExistenceErrors),
		EnableTokenRevocation:           aws.Bool(c.EnableTokenRevocation),
	}
	for _, f := range c.AllowedOAuthFlows {
		in.AllowedOAuthFlows = append(in.AllowedOAuthFlows, types.OAuthFlowType(f))
	}
	for _, f := range c.ExplicitAuthFlows {
		in.ExplicitAuthFlows = append(in.ExplicitAuthFlows, types.ExplicitAuthFlowsType(f))
	}
	return in
}

func sdkUnits(u cognitosetup.TokenValidityUnits) *types.TokenValidityUnitsType {
	return &types.TokenValidityUnitsType{AccessToken: types.TimeUnitsType(u.AccessToken), RefreshToken: types.TimeUnitsType(u.RefreshToken)}
}

// WriteAccountLinking writes the filled SMAPI body (it holds the client
// secret) with owner-only permissions, replacing the file atomically.
func WriteAccountLinking(path string, cs *cognitosetup.Setup, r *Result) error {
	data, err := cognitosetup.MarshalJSON2(cognitosetup.AccountLinkingOf(cs, r.ClientID, r.ClientSecret))
	if err != nil {
		return err
	}
	return write.File(path, data, 0o600)
}

// Mask shows only the last four characters of a secret.
func Mask(secret string) string {
	r := []rune(secret)
	if len(r) <= 4 {
		return "****"
	}
	return "****" + string(r[len(r)-4:])
}
