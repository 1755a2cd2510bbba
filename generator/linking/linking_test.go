package linking

import (
	"slices"
	"strings"
	"testing"

	"github.com/skillgen/skillgen/generator/ir"
	"github.com/skillgen/skillgen/internal/facts"
)

func skill() *ir.Skill {
	return &ir.Skill{
		Attributes: []*ir.Attribute{
			{Name: "given_name", Type: "String", Mutable: true, Required: true},
			{Name: "custom:member_id", Custom: true, Type: "String", Mutable: true},
			{Name: "custom:points", Custom: true, Type: "Number"},
		},
		Cognito: ir.Cognito{PoolName: "Users", ClientName: "Skill", DomainPrefix: "demo",
			ReadAttributes: []string{"given_name", "custom:member_id"}},
	}
}

// TestDefaults: a zero IR field takes its default, a prefix domain lives
// in the region, and the callback URLs wait for a vendor ID.
func TestDefaults(t *testing.T) {
	cs, err := CognitoSetupOf(skill())
	if err != nil {
		t.Fatal(err)
	}
	if cs.Region != facts.DefaultRegion || cs.CreateUserPool.MfaConfiguration != DefaultMFA ||
		cs.CreateUserPoolClient.RefreshTokenValidity != DefaultRefreshTokenDays {
		t.Errorf("defaults not applied: region %q, MFA %q, refresh %d", cs.Region, cs.CreateUserPool.MfaConfiguration, cs.CreateUserPoolClient.RefreshTokenValidity)
	}
	if got, want := cs.Host(), "demo.auth."+facts.DefaultRegion+".amazoncognito.com"; got != want {
		t.Errorf("host %q, want %q", got, want)
	}
	if !cs.HasVendorMarker() {
		t.Error("no vendor ID, yet no marker in the callback URLs")
	}
	if got := cs.CreateUserPoolClient.ReadAttributes; !slices.Equal(got, []string{"custom:member_id", "given_name"}) {
		t.Errorf("read attributes %v, want them sorted", got)
	}
	schema := cs.CreateUserPool.Schema
	if schema[1].Name != "member_id" || schema[1].FullName() != "custom:member_id" || schema[1].StringAttributeConstraints.MaxLength != "256" {
		t.Errorf("custom String attribute: %+v", schema[1])
	}
	if schema[2].StringAttributeConstraints != nil {
		t.Errorf("a Number attribute got string constraints: %+v", schema[2])
	}
	al := AccountLinkingOf(cs, "", "")
	if r := al.AccountLinkingRequest; r.ClientID != ClientIDMarker || r.ClientSecret != ClientSecretMarker ||
		r.AuthorizationURL != "https://"+cs.Host()+"/oauth2/authorize" || r.AccessTokenURL != "https://"+cs.Host()+"/oauth2/token" {
		t.Errorf("account linking %+v", r)
	}
	if r := AccountLinkingOf(cs, "id", "secret").AccountLinkingRequest; r.ClientID != "id" || r.ClientSecret != "secret" {
		t.Errorf("filled account linking %+v", r)
	}
	s := skill()
	s.VendorID = "M1"
	if cs, _ := CognitoSetupOf(s); cs.HasVendorMarker() || cs.CreateUserPoolClient.CallbackURLs[0] != "https://pitangui.amazon.com/api/skill/link/M1" {
		t.Errorf("vendor ID not in the callback URLs: %v", cs.CreateUserPoolClient.CallbackURLs)
	}
}

// TestRejects: what Cognito or the OAuth flow cannot take is an error that
// says what to set.
func TestRejects(t *testing.T) {
	for name, c := range map[string]struct {
		edit func(*ir.Skill)
		want string
	}{
		"no pool name":         {func(s *ir.Skill) { s.Cognito.PoolName = "" }, "pool name"},
		"no client name":       {func(s *ir.Skill) { s.Cognito.ClientName = "" }, "app client name"},
		"no domain":            {func(s *ir.Skill) { s.Cognito.DomainPrefix = "" }, "cognito.domainPrefix"},
		"two domains":          {func(s *ir.Skill) { s.Cognito.CustomDomain = "auth.example.com" }, "keep one"},
		"custom without cert":  {func(s *ir.Skill) { s.Cognito.DomainPrefix, s.Cognito.CustomDomain = "", "auth.example.com" }, "certificateArn"},
		"required custom attr": {func(s *ir.Skill) { s.Attributes[1].Required = true }, "cannot be required"},
	} {
		s := skill()
		c.edit(s)
		if _, err := CognitoSetupOf(s); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want one naming %q", name, err, c.want)
		}
	}
}
