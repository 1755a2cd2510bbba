package cognitosetup

import (
	"reflect"
	"strings"
	"testing"

	"github.com/skillgen/skillgen/generator/ir"
	"github.com/skillgen/skillgen/internal/facts"
)

func skill() *ir.Skill {
	return &ir.Skill{
		Attributes: []*ir.Attribute{
			{Name: "email", Type: "String", Required: true, Mutable: true},
			{Name: "custom:member_id", Custom: true, Mutable: true},
			{Name: "custom:points", Custom: true, Type: "Number", Mutable: true},
		},
		Cognito: ir.Cognito{PoolName: "pool", ClientName: "client", DomainPrefix: "demo",
			ReadAttributes: []string{"email", "custom:member_id"}},
	}
}

func TestOf(t *testing.T) {
	cs, err := Of(skill())
	if err != nil {
		t.Fatal(err)
	}
	if cs.Region != facts.DefaultRegion || cs.CreateUserPool.MfaConfiguration != DefaultMFA || cs.CreateUserPoolClient.RefreshTokenValidity != DefaultRefreshTokenDays {
		t.Errorf("defaults: %s %s %d", cs.Region, cs.CreateUserPool.MfaConfiguration, cs.CreateUserPoolClient.RefreshTokenValidity)
	}
	if got, want := cs.AuthorizationURL(), "https://demo.auth.us-east-1.amazoncognito.com/oauth2/authorize"; got != want {
		t.Errorf("authorization URL %s, want %s", got, want)
	}
	want := []SchemaAttribute{
		{Name: "email", AttributeDataType: "String", Mutable: true, Required: true},
		{Name: "member_id", AttributeDataType: "String", Mutable: true, Custom: true, StringAttributeConstraints: &StringAttributeConstraints{MinLength: "0", MaxLength: "256"}},
		{Name: "points", AttributeDataType: "Number", Mutable: true, Custom: true},
	}
	if !reflect.DeepEqual(cs.CreateUserPool.Schema, want) {
		t.Errorf("schema %+v", cs.CreateUserPool.Schema)
	}
	if cs.CreateUserPool.Schema[1].FullName() != "custom:member_id" || cs.CreateUserPool.Schema[0].FullName() != "email" {
		t.Error("FullName")
	}
	if got := cs.CreateUserPoolClient.ReadAttributes; !reflect.DeepEqual(got, []string{"custom:member_id", "email"}) {
		t.Errorf("read attributes %v (sorted)", got)
	}
	if !cs.HasVendorMarker() {
		t.Error("no vendor ID, yet no marker")
	}
	al := AccountLinkingOf(cs, "", "").AccountLinkingRequest
	if al.ClientID != ClientIDMarker || al.ClientSecret != ClientSecretMarker || al.AccessTokenURL != "https://demo.auth.us-east-1.amazoncognito.com/oauth2/token" ||
		!reflect.DeepEqual(al.Domains, []string{"demo.auth.us-east-1.amazoncognito.com"}) {
		t.Errorf("account linking %+v", al)
	}

	s := skill()
	s.VendorID = "M1"
	s.Cognito.Region, s.Cognito.DomainPrefix = "eu-west-1", ""
	s.Cognito.CustomDomain, s.Cognito.CertificateARN = "auth.example.com", "arn:aws:acm:us-east-1:1:certificate/x"
	if cs, err = Of(s); err != nil {
		t.Fatal(err)
	}
	if cs.HasVendorMarker() || cs.CreateUserPoolClient.CallbackURLs[0] != "https://pitangui.amazon.com/api/skill/link/M1" {
		t.Errorf("callback URLs %v", cs.CreateUserPoolClient.CallbackURLs)
	}
	if cs.Host() != "auth.example.com" || !cs.CreateUserPoolDomain.Custom() {
		t.Errorf("custom domain host %s", cs.Host())
	}
	if al := AccountLinkingOf(cs, "id", "secret").AccountLinkingRequest; al.ClientID != "id" || al.ClientSecret != "secret" {
		t.Errorf("filled account linking %+v", al)
	}
}

func TestOfRejects(t *testing.T) {
	for name, c := range map[string]struct {
		edit func(s *ir.Skill)
		want string
	}{
		"no pool name":        {func(s *ir.Skill) { s.Cognito.PoolName = "" }, "pool name is empty"},
		"no client name":      {func(s *ir.Skill) { s.Cognito.ClientName = "" }, "app client name is empty"},
		"no domain":           {func(s *ir.Skill) { s.Cognito.DomainPrefix = "" }, "no OAuth domain"},
		"two domains":         {func(s *ir.Skill) { s.Cognito.CustomDomain = "auth.example.com" }, "keep one"},
		"custom without cert": {func(s *ir.Skill) { s.Cognito.DomainPrefix, s.Cognito.CustomDomain = "", "auth.example.com" }, "needs certificateArn"},
		"required custom":     {func(s *ir.Skill) { s.Attributes[1].Required = true }, "custom:member_id cannot be required"},
	} {
		s := skill()
		c.edit(s)
		if _, err := Of(s); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", name, err, c.want)
		}
	}
}
