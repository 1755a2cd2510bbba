// Package cognitosetup derives a skill's Cognito setup from its IR: the
// exact inputs of CreateUserPool, CreateUserPoolClient and
// CreateUserPoolDomain, and the SMAPI account-linking body that points
// Alexa at them. The deploy emitter writes them as cognito.json and
// accountLinking.json; `skillgen provision` applies the same values. The
// package imports no AWS SDK: it is a step of the pure pipeline.
package cognitosetup

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/skillgen/skillgen/generator/ir"
	"github.com/skillgen/skillgen/internal/facts"
)

// VendorIDMarker stands for the vendor ID in callback URLs when the spec has
// none (skill.vendorId, SKILLGEN_VENDOR_ID). provision refuses to apply a
// setup that still contains it: pass --vendor-id.
const VendorIDMarker = "${VendorId}"

// Markers of the values only provisioning knows; accountLinking.json carries
// them and provision writes a filled copy to AccountLinkingLocalFile.
const (
	ClientIDMarker     = "${UserPoolClientId}"
	ClientSecretMarker = "${UserPoolClientSecret}"
)

// AccountLinkingLocalFile is the file provision writes next to
// accountLinking.json, with the client ID and secret filled in. The deploy
// directory's generated .gitignore keeps it out of version control.
const AccountLinkingLocalFile = "accountLinking.local.json"

// Defaults applied when the IR leaves a value zero.
const (
	DefaultRefreshTokenDays = 3650
	DefaultMFA              = "OFF"
)

// OAuthScopes are the app client's scopes: openid and profile for the hosted
// UI, aws.cognito.signin.user.admin so the access token may call GetUser.
var OAuthScopes = []string{"openid", "profile", "aws.cognito.signin.user.admin"}

// CallbackHosts are the Alexa account-linking redirect hosts, one per
// Alexa region: NA, EU (and IN), FE.
var CallbackHosts = []string{"pitangui.amazon.com", "layla.amazon.com", "alexa.amazon.co.jp"}

// Setup is cognito.json: the exact inputs of CreateUserPool,
// CreateUserPoolClient and CreateUserPoolDomain, with the AWS API's member
// names. UserPoolId is absent from the client and domain inputs: it is the
// ID CreateUserPool returns (or of the pool found by name).
type Setup struct {
	Region               string               `json:"Region"`
	CreateUserPool       CreateUserPool       `json:"CreateUserPool"`
	CreateUserPoolClient CreateUserPoolClient `json:"CreateUserPoolClient"`
	CreateUserPoolDomain CreateUserPoolDomain `json:"CreateUserPoolDomain"`
	// SkipOnEnablement is the spec's accountLinking.skipOnEnablement: it
	// goes into the account-linking body, not into cognito.json.
	SkipOnEnablement bool `json:"-"`
}

// CreateUserPool is the CreateUserPool input.
type CreateUserPool struct {
	PoolName               string                 `json:"PoolName"`
	UsernameAttributes     []string               `json:"UsernameAttributes"`
	AutoVerifiedAttributes []string               `json:"AutoVerifiedAttributes"`
	MfaConfiguration       string                 `json:"MfaConfiguration"`
	AccountRecoverySetting AccountRecoverySetting `json:"AccountRecoverySetting"`
	AdminCreateUserConfig  AdminCreateUserConfig  `json:"AdminCreateUserConfig"`
	Schema                 []SchemaAttribute      `json:"Schema"`
}

// AccountRecoverySetting lists how users recover their account.
type AccountRecoverySetting struct {
	RecoveryMechanisms []RecoveryOption `json:"RecoveryMechanisms"`
}

// RecoveryOption is one account-recovery mechanism.
type RecoveryOption struct {
	Name     string `json:"Name"`
	Priority int32  `json:"Priority"`
}

// AdminCreateUserConfig says whether users may sign themselves up.
type AdminCreateUserConfig struct {
	AllowAdminCreateUserOnly bool `json:"AllowAdminCreateUserOnly"`
}

// SchemaAttribute is one schema entry. Custom attributes are named without
// the custom: prefix, as CreateUserPool and AddCustomAttributes expect.
type SchemaAttribute struct {
	Name                       string                      `json:"Name"`
	AttributeDataType          string                      `json:"AttributeDataType"`
	Mutable                    bool                        `json:"Mutable"`
	Required                   bool                        `json:"Required"`
	StringAttributeConstraints *StringAttributeConstraints `json:"StringAttributeConstraints,omitempty"`
	// Custom marks a custom attribute (named custom:<Name> once created).
	Custom bool `json:"-"`
}

// FullName is the attribute's name as DescribeUserPool and GetUser report it.
func (a SchemaAttribute) FullName() string {
	if a.Custom {
		return "custom:" + a.Name
	}
	return a.Name
}

// StringAttributeConstraints bound a String attribute (the API takes
// numbers as strings).
type StringAttributeConstraints struct {
	MinLength string `json:"MinLength"`
	MaxLength string `json:"MaxLength"`
}

// CreateUserPoolClient is the CreateUserPoolClient input (without UserPoolId).
type CreateUserPoolClient struct {
	ClientName                      string             `json:"ClientName"`
	GenerateSecret                  bool               `json:"GenerateSecret"`
	AllowedOAuthFlows               []string           `json:"AllowedOAuthFlows"`
	AllowedOAuthFlowsUserPoolClient bool               `json:"AllowedOAuthFlowsUserPoolClient"`
	AllowedOAuthScopes              []string           `json:"AllowedOAuthScopes"`
	SupportedIdentityProviders      []string           `json:"SupportedIdentityProviders"`
	CallbackURLs                    []string           `json:"CallbackURLs"`
	ExplicitAuthFlows               []string           `json:"ExplicitAuthFlows"`
	ReadAttributes                  []string           `json:"ReadAttributes"`
	RefreshTokenValidity            int32              `json:"RefreshTokenValidity"`
	TokenValidityUnits              TokenValidityUnits `json:"TokenValidityUnits"`
	PreventUserExistenceErrors      string             `json:"PreventUserExistenceErrors"`
	EnableTokenRevocation           bool               `json:"EnableTokenRevocation"`
}

// TokenValidityUnits gives the unit of each token validity.
type TokenValidityUnits struct {
	RefreshToken string `json:"RefreshToken"`
}

// CreateUserPoolDomain is the CreateUserPoolDomain input (without
// UserPoolId): a prefix, or a custom domain with its certificate.
type CreateUserPoolDomain struct {
	Domain             string              `json:"Domain"`
	CustomDomainConfig *CustomDomainConfig `json:"CustomDomainConfig,omitempty"`
}

// CustomDomainConfig names the ACM certificate (us-east-1) of a custom domain.
type CustomDomainConfig struct {
	CertificateArn string `json:"CertificateArn"`
}

// Custom reports whether the domain is a custom domain.
func (d CreateUserPoolDomain) Custom() bool { return d.CustomDomainConfig != nil }

// Host is the OAuth domain's host name: <prefix>.auth.<region>.amazoncognito.com
// or the custom domain.
func (c *Setup) Host() string {
	if c.CreateUserPoolDomain.Custom() {
		return c.CreateUserPoolDomain.Domain
	}
	return c.CreateUserPoolDomain.Domain + ".auth." + c.Region + ".amazoncognito.com"
}

// AuthorizationURL is the hosted UI's authorize endpoint.
func (c *Setup) AuthorizationURL() string { return "https://" + c.Host() + "/oauth2/authorize" }

// TokenURL is the token endpoint.
func (c *Setup) TokenURL() string { return "https://" + c.Host() + "/oauth2/token" }

// HasVendorMarker reports whether the callback URLs still wait for a vendor ID.
func (c *Setup) HasVendorMarker() bool {
	for _, u := range c.CreateUserPoolClient.CallbackURLs {
		if strings.Contains(u, VendorIDMarker) {
			return true
		}
	}
	return false
}

// CallbackURLs are the Alexa redirect URLs for a vendor ID (or the marker).
func CallbackURLs(vendorID string) []string {
	if vendorID == "" {
		vendorID = VendorIDMarker
	}
	out := make([]string, len(CallbackHosts))
	for i, h := range CallbackHosts {
		out[i] = "https://" + h + "/api/skill/link/" + vendorID
	}
	return out
}

// Of derives the Cognito setup from the skill (ALEXA-FACTS
// "Cognito"): sign-in by email, email verified, MFA as the spec says, the
// declared attributes in the schema, an app client with a secret, the code
// flow only, the three scopes, COGNITO as identity provider, the refresh
// token's validity, read attributes = exactly the attributes the skill
// speaks, and the callback URLs of the vendor ID.
func Of(s *ir.Skill) (*Setup, error) {
	c := s.Cognito
	region := cmp.Or(c.Region, facts.DefaultRegion)
	if c.PoolName == "" {
		return nil, fmt.Errorf("cognito: the pool name is empty")
	}
	if c.ClientName == "" {
		return nil, fmt.Errorf("cognito: the app client name is empty")
	}
	var dom CreateUserPoolDomain
	switch {
	case c.CustomDomain != "" && c.DomainPrefix != "":
		return nil, fmt.Errorf("cognito: both domainPrefix %q and customDomain %q are set; keep one", c.DomainPrefix, c.CustomDomain)
	case c.CustomDomain != "":
		if c.CertificateARN == "" {
			return nil, fmt.Errorf("cognito: customDomain %q needs certificateArn (an ACM certificate in us-east-1)", c.CustomDomain)
		}
		dom = CreateUserPoolDomain{Domain: c.CustomDomain, CustomDomainConfig: &CustomDomainConfig{CertificateArn: c.CertificateARN}}
	case c.DomainPrefix != "":
		dom = CreateUserPoolDomain{Domain: c.DomainPrefix}
	default:
		return nil, fmt.Errorf("cognito: no OAuth domain; set cognito.domainPrefix (demos) or cognito.customDomain with cognito.certificateArn")
	}
	schema := make([]SchemaAttribute, 0, len(s.Attributes))
	for _, a := range s.Attributes {
		sa, err := schemaAttribute(a)
		if err != nil {
			return nil, err
		}
		schema = append(schema, sa)
	}
	read := append([]string(nil), c.ReadAttributes...)
	sort.Strings(read)
	days := c.RefreshTokenDays
	if days == 0 {
		days = DefaultRefreshTokenDays
	}
	return &Setup{
		Region:           region,
		SkipOnEnablement: s.SkipOnEnablement,
		CreateUserPool: CreateUserPool{
			PoolName:               c.PoolName,
			UsernameAttributes:     []string{"email"},
			AutoVerifiedAttributes: []string{"email"},
			MfaConfiguration:       cmp.Or(c.MFA, DefaultMFA),
			AccountRecoverySetting: AccountRecoverySetting{RecoveryMechanisms: []RecoveryOption{{Name: "verified_email", Priority: 1}}},
			AdminCreateUserConfig:  AdminCreateUserConfig{AllowAdminCreateUserOnly: false},
			Schema:                 schema,
		},
		CreateUserPoolClient: CreateUserPoolClient{
			ClientName:                      c.ClientName,
			GenerateSecret:                  true,
			AllowedOAuthFlows:               []string{"code"},
			AllowedOAuthFlowsUserPoolClient: true,
			AllowedOAuthScopes:              append([]string(nil), OAuthScopes...),
			SupportedIdentityProviders:      []string{"COGNITO"},
			CallbackURLs:                    CallbackURLs(s.VendorID),
			ExplicitAuthFlows:               []string{"ALLOW_REFRESH_TOKEN_AUTH"},
			ReadAttributes:                  read,
			RefreshTokenValidity:            int32(days),
			TokenValidityUnits:              TokenValidityUnits{RefreshToken: "days"},
			PreventUserExistenceErrors:      "ENABLED",
			EnableTokenRevocation:           true,
		},
		CreateUserPoolDomain: dom,
	}, nil
}

func schemaAttribute(a *ir.Attribute) (SchemaAttribute, error) {
	typ := cmp.Or(a.Type, "String")
	if !a.Custom {
		return SchemaAttribute{Name: a.Name, AttributeDataType: typ, Mutable: a.Mutable, Required: a.Required}, nil
	}
	name := strings.TrimPrefix(a.Name, "custom:")
	if a.Required {
		return SchemaAttribute{}, fmt.Errorf("cognito: custom attribute %s cannot be required (Cognito allows required standard attributes only)", a.Name)
	}
	sa := SchemaAttribute{Name: name, AttributeDataType: typ, Mutable: a.Mutable, Custom: true}
	if typ == "String" {
		ml := a.MaxLength
		if ml == 0 {
			ml = 256
		}
		sa.StringAttributeConstraints = &StringAttributeConstraints{MinLength: "0", MaxLength: strconv.Itoa(ml)}
	}
	return sa, nil
}

// AccountLinking is accountLinking.json: the SMAPI body of
// `ask smapi update-account-linking-info --account-linking-request file:…`.
type AccountLinking struct {
	AccountLinkingRequest AccountLinkingRequest `json:"accountLinkingRequest"`
}

// AccountLinkingRequest is SMAPI's accountLinkingRequest.
type AccountLinkingRequest struct {
	Type              string   `json:"type"`
	AuthorizationURL  string   `json:"authorizationUrl"`
	AccessTokenURL    string   `json:"accessTokenUrl"`
	ClientID          string   `json:"clientId"`
	ClientSecret      string   `json:"clientSecret"`
	AccessTokenScheme string   `json:"accessTokenScheme"`
	Scopes            []string `json:"scopes"`
	Domains           []string `json:"domains"`
	SkipOnEnablement  bool     `json:"skipOnEnablement"`
}

// AccountLinkingOf builds the account-linking body for a client; with empty
// clientID and secret it carries the markers provision replaces.
func AccountLinkingOf(cs *Setup, clientID, clientSecret string) AccountLinking {
	if clientID == "" {
		clientID = ClientIDMarker
	}
	if clientSecret == "" {
		clientSecret = ClientSecretMarker
	}
	return AccountLinking{AccountLinkingRequest{
		Type:              "AUTH_CODE",
		AuthorizationURL:  cs.AuthorizationURL(),
		AccessTokenURL:    cs.TokenURL(),
		ClientID:          clientID,
		ClientSecret:      clientSecret,
		AccessTokenScheme: "HTTP_BASIC",
		Scopes:            append([]string(nil), OAuthScopes...),
		Domains:           []string{cs.Host()},
		SkipOnEnablement:  cs.SkipOnEnablement,
	}}
}

// MarshalJSON2 encodes v with 2-space indentation, no HTML escaping and a
// trailing newline: the form of every JSON file skillgen writes.
func MarshalJSON2(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
