// Package provision implements `skillgen provision`: it applies the Cognito
// setup spec (cognitosetup.Of, the same value cognito.json is written
// from) with aws-sdk-go-v2. It finds the user pool by name, plans every
// change first, refuses changes a pool cannot take in place with nothing
// changed, then creates what is missing and updates what differs. It never
// deletes anything.
package provision

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/skillgen/skillgen/generator/cognitosetup"
)

// API is the part of the Cognito user-pools API provision uses;
// *cognitoidentityprovider.Client implements it.
type API interface {
	ListUserPools(context.Context, *cip.ListUserPoolsInput, ...func(*cip.Options)) (*cip.ListUserPoolsOutput, error)
	DescribeUserPool(context.Context, *cip.DescribeUserPoolInput, ...func(*cip.Options)) (*cip.DescribeUserPoolOutput, error)
	CreateUserPool(context.Context, *cip.CreateUserPoolInput, ...func(*cip.Options)) (*cip.CreateUserPoolOutput, error)
	UpdateUserPool(context.Context, *cip.UpdateUserPoolInput, ...func(*cip.Options)) (*cip.UpdateUserPoolOutput, error)
	AddCustomAttributes(context.Context, *cip.AddCustomAttributesInput, ...func(*cip.Options)) (*cip.AddCustomAttributesOutput, error)
	ListUserPoolClients(context.Context, *cip.ListUserPoolClientsInput, ...func(*cip.Options)) (*cip.ListUserPoolClientsOutput, error)
	DescribeUserPoolClient(context.Context, *cip.DescribeUserPoolClientInput, ...func(*cip.Options)) (*cip.DescribeUserPoolClientOutput, error)
	CreateUserPoolClient(context.Context, *cip.CreateUserPoolClientInput, ...func(*cip.Options)) (*cip.CreateUserPoolClientOutput, error)
	UpdateUserPoolClient(context.Context, *cip.UpdateUserPoolClientInput, ...func(*cip.Options)) (*cip.UpdateUserPoolClientOutput, error)
	DescribeUserPoolDomain(context.Context, *cip.DescribeUserPoolDomainInput, ...func(*cip.Options)) (*cip.DescribeUserPoolDomainOutput, error)
	CreateUserPoolDomain(context.Context, *cip.CreateUserPoolDomainInput, ...func(*cip.Options)) (*cip.CreateUserPoolDomainOutput, error)
}

var _ API = (*cip.Client)(nil)

// maxPages bounds every paginated listing.
const maxPages = 1000

// Plan is what provision will do, computed before anything changes.
type Plan struct {
	Setup *cognitosetup.Setup

	PoolID      string // the existing pool; empty when it is to be created
	CreatePool  bool
	PoolChanges []string // settings UpdateUserPool changes
	poolUpdate  *cip.UpdateUserPoolInput
	AddAttrs    []types.SchemaAttributeType // custom attributes to add

	ClientID      string // the existing app client; empty when it is to be created
	CreateClient  bool
	ClientChanges []string // settings UpdateUserPoolClient changes
	clientUpdate  *cip.UpdateUserPoolClientInput

	CreateDomain bool

	// Refusals are the changes the pool cannot take in place. A plan with
	// refusals is never applied.
	Refusals []string
}

// Changes reports whether applying the plan changes anything.
func (p *Plan) Changes() bool {
	return p.CreatePool || len(p.PoolChanges) > 0 || len(p.AddAttrs) > 0 || p.CreateClient || len(p.ClientChanges) > 0 || p.CreateDomain
}

// Lines describes the plan, one action a line.
func (p *Plan) Lines() []string {
	cs := p.Setup
	var out []string
	if p.CreatePool {
		var names []string
		for _, a := range cs.CreateUserPool.Schema {
			names = append(names, a.FullName())
		}
		out = append(out, fmt.Sprintf("create user pool %q in %s (sign-in by email, MFA %s, schema: %s)", cs.CreateUserPool.PoolName, cs.Region, cs.CreateUserPool.MfaConfiguration, strings.Join(names, ", ")))
	} else {
		out = append(out, fmt.Sprintf("user pool %q exists: %s", cs.CreateUserPool.PoolName, p.PoolID))
	}
	for _, c := range p.PoolChanges {
		out = append(out, "update user pool: "+c)
	}
	for _, a := range p.AddAttrs {
		out = append(out, fmt.Sprintf("add custom attribute custom:%s (%s)", aws.ToString(a.Name), a.AttributeDataType))
	}
	switch {
	case p.CreateClient:
		out = append(out, fmt.Sprintf("create app client %q (secret, code flow, scopes %s, refresh token %d days)", cs.CreateUserPoolClient.ClientName, strings.Join(cs.CreateUserPoolClient.AllowedOAuthScopes, " "), cs.CreateUserPoolClient.RefreshTokenValidity))
	case len(p.ClientChanges) > 0:
		for _, c := range p.ClientChanges {
			out = append(out, fmt.Sprintf("update app client %q: %s", cs.CreateUserPoolClient.ClientName, c))
		}
	default:
		out = append(out, fmt.Sprintf("app client %q is up to date: %s", cs.CreateUserPoolClient.ClientName, p.ClientID))
	}
	if p.CreateDomain {
		out = append(out, "create domain "+cs.Host())
	} else {
		out = append(out, "domain "+cs.Host()+" is in place")
	}
	return out
}

// RefusedError is returned when the plan holds changes the pool cannot
// take in place; nothing has been changed.
type RefusedError struct{ Refusals []string }

func (e *RefusedError) Error() string {
	return "refusing to provision, nothing was changed:\n  " + strings.Join(e.Refusals, "\n  ") +
		"\nthese changes need a new user pool: give it a new cognito.poolName (the old pool and its users stay), or keep the attribute as the pool has it"
}

// MakePlan compares the setup with what exists and plans the changes,
// reading only.
func MakePlan(ctx context.Context, api API, cs *cognitosetup.Setup) (*Plan, error) {
	if cs.HasVendorMarker() {
		return nil, errors.New("the callback URLs need the vendor ID: pass --vendor-id, set skill.vendorId or SKILLGEN_VENDOR_ID")
	}
	p := &Plan{Setup: cs}
	ids, err := findPools(ctx, api, cs.CreateUserPool.PoolName)
	if err != nil {
		return nil, err
	}
	var pool *types.UserPoolType
	switch len(ids) {
	case 0:
		p.CreatePool, p.CreateClient = true, true
	case 1:
		p.PoolID = ids[0]
		out, err := api.DescribeUserPool(ctx, &cip.DescribeUserPoolInput{UserPoolId: aws.String(p.PoolID)})
		if err != nil {
			return nil, fmt.Errorf("describing user pool %s: %w", p.PoolID, err)
		}
		pool = out.UserPool
		if pool == nil {
			return nil, fmt.Errorf("describing user pool %s: empty answer", p.PoolID)
		}
		planPool(p, pool)
		if err := planClient(ctx, api, p); err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("%d user pools are named %q (%s): provision cannot tell which is the skill's; rename the others or set cognito.poolName", len(ids), cs.CreateUserPool.PoolName, strings.Join(ids, ", "))
	}
	if err := planDomain(ctx, api, p, pool); err != nil {
		return nil, err
	}
	return p, nil
}

func findPools(ctx context.Context, api API, name string) ([]string, error) {
	var ids []string
	pg := cip.NewListUserPoolsPaginator(api, &cip.ListUserPoolsInput{MaxResults: aws.Int32(60)})
	for i := 0; pg.HasMorePages(); i++ {
		if i == maxPages {
			return nil, fmt.Errorf("listing user pools: more than %d pages", maxPages)
		}
		out, err := pg.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("listing user pools: %w", err)
		}
		for _, up := range out.UserPools {
			if aws.ToString(up.Name) == name {
				ids = append(ids, aws.ToString(up.Id))
			}
		}
	}
	sort.Strings(ids)
	return ids, nil
}

func planPool(p *Plan, pool *types.UserPoolType) {
	cs := p.Setup
	want := cs.CreateUserPool
	existing := map[string]types.SchemaAttributeType{}
	for _, a := range pool.SchemaAttributes {
		existing[aws.ToString(a.Name)] = a
	}
	desired := map[string]bool{}
	for _, a := range want.Schema {
		name := a.FullName()
		desired[name] = true
		ex, ok := existing[name]
		if !ok {
			if a.Custom {
				p.AddAttrs = append(p.AddAttrs, sdkSchema(a))
			} else if a.Required {
				p.Refusals = append(p.Refusals, fmt.Sprintf("%s: the pool does not require it; a pool's required attributes are fixed when it is created", name))
			}
			continue
		}
		if string(ex.AttributeDataType) != "" && string(ex.AttributeDataType) != a.AttributeDataType {
			p.Refusals = append(p.Refusals, fmt.Sprintf("%s: the pool has type %s, the spec %s; an attribute's type cannot change", name, ex.AttributeDataType, a.AttributeDataType))
		}
		if exReq := aws.ToBool(ex.Required); exReq != a.Required {
			if a.Required {
				p.Refusals = append(p.Refusals, fmt.Sprintf("%s: the spec makes it required, the pool does not require it; a pool's required attributes are fixed when it is created", name))
			} else {
				p.Refusals = append(p.Refusals, fmt.Sprintf("%s: the pool requires it, the spec does not; a pool's required attributes are fixed when it is created", name))
			}
		}
		if ex.Mutable != nil && *ex.Mutable != a.Mutable {
			p.Refusals = append(p.Refusals, fmt.Sprintf("%s: the pool has mutable=%t, the spec %t; mutability cannot change", name, *ex.Mutable, a.Mutable))
		}
		if c := a.StringAttributeConstraints; c != nil && ex.StringAttributeConstraints != nil {
			if ml := aws.ToString(ex.StringAttributeConstraints.MaxLength); ml != "" && ml != c.MaxLength {
				p.Refusals = append(p.Refusals, fmt.Sprintf("%s: the pool has maxLength %s, the spec %s; constraints cannot change", name, ml, c.MaxLength))
			}
		}
	}
	var names []string
	for name := range existing {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if desired[name] || name == "sub" {
			continue // sub is every pool's required, immutable user ID
		}
		ex := existing[name]
		switch {
		case aws.ToBool(ex.Required):
			p.Refusals = append(p.Refusals, fmt.Sprintf("%s: the pool requires it and the spec removes it; a pool's required attributes are fixed when it is created", name))
		case strings.HasPrefix(name, "custom:"):
			p.Refusals = append(p.Refusals, fmt.Sprintf("%s: the spec removes it; Cognito cannot remove a schema attribute", name))
		}
	}
	if got := usernameAttrs(pool.UsernameAttributes); !slices.Equal(got, sorted(want.UsernameAttributes)) {
		p.Refusals = append(p.Refusals, fmt.Sprintf("sign-in attributes: the pool has [%s], the spec [%s]; they are fixed when the pool is created", strings.Join(got, " "), strings.Join(want.UsernameAttributes, " ")))
	}

	// Settings UpdateUserPool can change. UpdateUserPool resets what it is
	// not given, so the update carries every existing setting.
	up := &cip.UpdateUserPoolInput{
		UserPoolId:                  aws.String(p.PoolID),
		AccountRecoverySetting:      pool.AccountRecoverySetting,
		AdminCreateUserConfig:       pool.AdminCreateUserConfig,
		AutoVerifiedAttributes:      pool.AutoVerifiedAttributes,
		DeletionProtection:          pool.DeletionProtection,
		DeviceConfiguration:         pool.DeviceConfiguration,
		EmailConfiguration:          pool.EmailConfiguration,
		EmailVerificationMessage:    pool.EmailVerificationMessage,
		EmailVerificationSubject:    pool.EmailVerificationSubject,
		LambdaConfig:                pool.LambdaConfig,
		MfaConfiguration:            pool.MfaConfiguration,
		Policies:                    pool.Policies,
		SmsAuthenticationMessage:    pool.SmsAuthenticationMessage,
		SmsConfiguration:            pool.SmsConfiguration,
		SmsVerificationMessage:      pool.SmsVerificationMessage,
		UserAttributeUpdateSettings: pool.UserAttributeUpdateSettings,
		UserPoolAddOns:              pool.UserPoolAddOns,
		UserPoolTags:                pool.UserPoolTags,
		VerificationMessageTemplate: pool.VerificationMessageTemplate,
	}
	if got := orDefault(string(pool.MfaConfiguration), "OFF"); got != want.MfaConfiguration {
		p.PoolChanges = append(p.PoolChanges, fmt.Sprintf("MFA %s → %s", got, want.MfaConfiguration))
		up.MfaConfiguration = types.UserPoolMfaType(want.MfaConfiguration)
	}
	var av []string
	for _, a := range pool.AutoVerifiedAttributes {
		av = append(av, string(a))
	}
	if !slices.Equal(sorted(av), sorted(want.AutoVerifiedAttributes)) {
		p.PoolChanges = append(p.PoolChanges, fmt.Sprintf("verified attributes [%s] → [%s]", strings.Join(av, " "), strings.Join(want.AutoVerifiedAttributes, " ")))
		up.AutoVerifiedAttributes = nil
		for _, a := range want.AutoVerifiedAttributes {
			up.AutoVerifiedAttributes = append(up.AutoVerifiedAttributes, types.VerifiedAttributeType(a))
		}
	}
	if got := pool.AdminCreateUserConfig; got == nil || got.AllowAdminCreateUserOnly != want.AdminCreateUserConfig.AllowAdminCreateUserOnly {
		p.PoolChanges = append(p.PoolChanges, fmt.Sprintf("self sign-up allowed: %t", !want.AdminCreateUserConfig.AllowAdminCreateUserOnly))
		cfg := types.AdminCreateUserConfigType{}
		if got != nil {
			cfg = *got
		}
		cfg.AllowAdminCreateUserOnly = want.AdminCreateUserConfig.AllowAdminCreateUserOnly
		up.AdminCreateUserConfig = &cfg
	}
	if !sameRecovery(pool.AccountRecoverySetting, want.AccountRecoverySetting) {
		p.PoolChanges = append(p.PoolChanges, "account recovery by verified email")
		up.AccountRecoverySetting = sdkRecovery(want.AccountRecoverySetting)
	}
	if len(p.PoolChanges) > 0 {
		p.poolUpdate = up
	}
}

func usernameAttrs(in []types.UsernameAttributeType) []string {
	var out []string
	for _, a := range in {
		out = append(out, string(a))
	}
	return sorted(out)
}

func sameRecovery(got *types.AccountRecoverySettingType, want cognitosetup.AccountRecoverySetting) bool {
	if got == nil {
		return len(want.RecoveryMechanisms) == 0
	}
	if len(got.RecoveryMechanisms) != len(want.RecoveryMechanisms) {
		return false
	}
	for i, r := range want.RecoveryMechanisms {
		g := got.RecoveryMechanisms[i]
		if string(g.Name) != r.Name || aws.ToInt32(g.Priority) != r.Priority {
			return false
		}
	}
	return true
}

func planClient(ctx context.Context, api API, p *Plan) error {
	want := p.Setup.CreateUserPoolClient
	var ids []string
	pg := cip.NewListUserPoolClientsPaginator(api, &cip.ListUserPoolClientsInput{UserPoolId: aws.String(p.PoolID), MaxResults: aws.Int32(60)})
	for i := 0; pg.HasMorePages(); i++ {
		if i == maxPages {
			return fmt.Errorf("listing app clients: more than %d pages", maxPages)
		}
		out, err := pg.NextPage(ctx)
		if err != nil {
			return fmt.Errorf("listing app clients of %s: %w", p.PoolID, err)
		}
		for _, c := range out.UserPoolClients {
			if aws.ToString(c.ClientName) == want.ClientName {
				ids = append(ids, aws.ToString(c.ClientId))
			}
		}
	}
	switch len(ids) {
	case 0:
		p.CreateClient = true
		return nil
	case 1:
	default:
		sort.Strings(ids)
		return fmt.Errorf("%d app clients of %s are named %q (%s): rename the others or set cognito.clientName", len(ids), p.PoolID, want.ClientName, strings.Join(ids, ", "))
	}
	p.ClientID = ids[0]
	out, err := api.DescribeUserPoolClient(ctx, &cip.DescribeUserPoolClientInput{UserPoolId: aws.String(p.PoolID), ClientId: aws.String(p.ClientID)})
	if err != nil {
		return fmt.Errorf("describing app client %s: %w", p.ClientID, err)
	}
	c := out.UserPoolClient
	if c == nil {
		return fmt.Errorf("describing app client %s: empty answer", p.ClientID)
	}
	if aws.ToString(c.ClientSecret) == "" {
		p.Refusals = append(p.Refusals, fmt.Sprintf("app client %q has no secret; HTTP Basic needs one and a client's secret cannot be added later: set a new cognito.clientName", want.ClientName))
	}
	diff := func(what string, got, wantv []string) {
		if !slices.Equal(sorted(got), sorted(wantv)) {
			p.ClientChanges = append(p.ClientChanges, fmt.Sprintf("%s [%s] → [%s]", what, strings.Join(got, " "), strings.Join(wantv, " ")))
		}
	}
	var flows, explicit []string
	for _, f := range c.AllowedOAuthFlows {
		flows = append(flows, string(f))
	}
	for _, f := range c.ExplicitAuthFlows {
		explicit = append(explicit, string(f))
	}
	diff("OAuth flows", flows, want.AllowedOAuthFlows)
	diff("scopes", c.AllowedOAuthScopes, want.AllowedOAuthScopes)
	diff("identity providers", c.SupportedIdentityProviders, want.SupportedIdentityProviders)
	diff("callback URLs", c.CallbackURLs, want.CallbackURLs)
	diff("auth flows", explicit, want.ExplicitAuthFlows)
	diff("read attributes", c.ReadAttributes, want.ReadAttributes)
	if !aws.ToBool(c.AllowedOAuthFlowsUserPoolClient) {
		p.ClientChanges = append(p.ClientChanges, "enable OAuth")
	}
	if c.RefreshTokenValidity != want.RefreshTokenValidity || refreshUnit(c) != want.TokenValidityUnits.RefreshToken {
		p.ClientChanges = append(p.ClientChanges, fmt.Sprintf("refresh token %d %s → %d %s", c.RefreshTokenValidity, refreshUnit(c), want.RefreshTokenValidity, want.TokenValidityUnits.RefreshToken))
	}
	if string(c.PreventUserExistenceErrors) != want.PreventUserExistenceErrors {
		p.ClientChanges = append(p.ClientChanges, "prevent user-existence errors")
	}
	if aws.ToBool(c.EnableTokenRevocation) != want.EnableTokenRevocation {
		p.ClientChanges = append(p.ClientChanges, "enable token revocation")
	}
	if len(p.ClientChanges) == 0 {
		return nil
	}
	// UpdateUserPoolClient resets what it is not given: carry the settings
	// the spec does not manage over from the existing client.
	in := clientInput(p.Setup, p.PoolID)
	u := &cip.UpdateUserPoolClientInput{
		UserPoolId:                               aws.String(p.PoolID),
		ClientId:                                 aws.String(p.ClientID),
		ClientName:                               in.ClientName,
		AllowedOAuthFlows:                        in.AllowedOAuthFlows,
		AllowedOAuthFlowsUserPoolClient:          in.AllowedOAuthFlowsUserPoolClient,
		AllowedOAuthScopes:                       in.AllowedOAuthScopes,
		SupportedIdentityProviders:               in.SupportedIdentityProviders,
		CallbackURLs:                             in.CallbackURLs,
		ExplicitAuthFlows:                        in.ExplicitAuthFlows,
		ReadAttributes:                           in.ReadAttributes,
		RefreshTokenValidity:                     in.RefreshTokenValidity,
		PreventUserExistenceErrors:               in.PreventUserExistenceErrors,
		EnableTokenRevocation:                    in.EnableTokenRevocation,
		AccessTokenValidity:                      c.AccessTokenValidity,
		IdTokenValidity:                          c.IdTokenValidity,
		AuthSessionValidity:                      c.AuthSessionValidity,
		LogoutURLs:                               c.LogoutURLs,
		WriteAttributes:                          c.WriteAttributes,
		DefaultRedirectURI:                       c.DefaultRedirectURI,
		AnalyticsConfiguration:                   c.AnalyticsConfiguration,
		EnablePropagateAdditionalUserContextData: c.EnablePropagateAdditionalUserContextData,
		TokenValidityUnits:                       &types.TokenValidityUnitsType{RefreshToken: types.TimeUnitsType(want.TokenValidityUnits.RefreshToken)},
	}
	if tv := c.TokenValidityUnits; tv != nil {
		u.TokenValidityUnits.AccessToken = tv.AccessToken
		u.TokenValidityUnits.IdToken = tv.IdToken
	}
	p.clientUpdate = u
	return nil
}

func refreshUnit(c *types.UserPoolClientType) string {
	if c.TokenValidityUnits == nil || c.TokenValidityUnits.RefreshToken == "" {
		return "days"
	}
	return string(c.TokenValidityUnits.RefreshToken)
}

func planDomain(ctx context.Context, api API, p *Plan, pool *types.UserPoolType) error {
	want := p.Setup.CreateUserPoolDomain
	if pool != nil {
		have := aws.ToString(pool.Domain)
		if want.Custom() {
			have = aws.ToString(pool.CustomDomain)
		}
		if have != "" && have != want.Domain {
			p.Refusals = append(p.Refusals, fmt.Sprintf("domain: the pool has %q, the spec %q; provision does not delete domains: remove the old one in the Cognito console or put %q back in the spec", have, want.Domain, have))
			return nil
		}
	}
	out, err := api.DescribeUserPoolDomain(ctx, &cip.DescribeUserPoolDomainInput{Domain: aws.String(want.Domain)})
	if err != nil {
		return fmt.Errorf("looking up domain %s: %w", want.Domain, err)
	}
	owner := ""
	if out.DomainDescription != nil {
		owner = aws.ToString(out.DomainDescription.UserPoolId)
	}
	switch {
	case owner == "":
		p.CreateDomain = true
	case p.PoolID == "" || owner != p.PoolID:
		p.Refusals = append(p.Refusals, fmt.Sprintf("domain %q belongs to another user pool (%s): choose another cognito.domainPrefix", want.Domain, owner))
	}
	return nil
}

func sorted(in []string) []string {
	out := append([]string(nil), in...)
	sort.Strings(out)
	return out
}

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}
