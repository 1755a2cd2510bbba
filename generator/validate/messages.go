package validate

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/skillgen/skillgen/generator/alexa"
	"github.com/skillgen/skillgen/generator/diag"
	"github.com/skillgen/skillgen/generator/ir"
	"github.com/skillgen/skillgen/generator/lang"
	"github.com/skillgen/skillgen/generator/spec"
	"github.com/skillgen/skillgen/internal/facts"
)

func boolp(v bool) *bool { return &v }

func (b *builder) messages() {
	m := &b.s.Messages
	one := func(key string, r *spec.Response, rules responseRules) *ir.Response {
		p := "messages." + key
		if !r.Speech.IsSet() {
			b.errf(p, "add "+p+".speech", "messages.%s has no speech", key)
		}
		return b.response(p, r, rules)
	}
	end, keep := boolp(true), boolp(false)
	b.out.Messages = ir.Messages{
		Launch:           one("launch", &m.Launch, responseRules{}),
		Help:             one("help", &m.Help, responseRules{endDefault: keep}),
		Stop:             one("stop", &m.Stop, responseRules{endDefault: end}),
		Fallback:         one("fallback", &m.Fallback, responseRules{endDefault: keep}),
		LinkAccount:      one("linkAccount", &m.LinkAccount, responseRules{noPlaceholders: true, endDefault: end}),
		MissingAttribute: one("missingAttribute", &m.MissingAttribute, responseRules{noPlaceholders: true, allowMissing: true}),
		Error:            one("error", &m.Error, responseRules{noPlaceholders: true, endDefault: end}),
	}
	if m.LinkAccount.Reprompt.IsSet() {
		b.errf("messages.linkAccount.reprompt", "remove it: the user links the account in the Alexa app, not by voice", "the link-account message takes no reprompt")
	}
	if m.LinkAccount.Card != nil {
		b.errf("messages.linkAccount.card", "remove it: the skill sends Alexa's LinkAccount card", "the link-account message takes no card")
	}
}

func (b *builder) publishing() {
	pub := b.s.Publishing
	if pub == nil {
		pub = &spec.Publishing{}
	}
	out := ir.Publishing{Locales: map[string]*ir.LocalePublishing{}, Category: pub.Category, TestingInstructions: pub.TestingInstructions}
	if pub.Category != "" && !slices.Contains(alexa.Categories, pub.Category) {
		fix := "use one of the skill manifest's categories, e.g. EDUCATION_AND_REFERENCE, ORGANIZERS_AND_ASSISTANTS, SHOPPING"
		best, bestDist := "", 1<<30
		for _, c := range alexa.Categories {
			if d := diag.Distance(strings.ToUpper(pub.Category), c); d < bestDist {
				best, bestDist = c, d
			}
		}
		if bestDist <= 3 {
			fix = fmt.Sprintf("did you mean %s?", best)
		}
		b.errf("publishing.category", fix, "%q is not a skill category Alexa accepts", pub.Category)
	}
	for _, f := range []struct {
		path string
		t    spec.Text
	}{{"publishing.name", pub.Name}, {"publishing.summary", pub.Summary}, {"publishing.description", pub.Description}, {"publishing.privacyPolicyUrl", pub.PrivacyPolicyURL}, {"publishing.termsOfUseUrl", pub.TermsOfUseURL}} {
		b.checkTags(f.path, f.t.Tags())
	}
	b.checkTags("publishing.examplePhrases", pub.ExamplePhrases.Tags())
	b.checkTags("publishing.keywords", pub.Keywords.Tags())
	for _, loc := range b.locales {
		lp := &ir.LocalePublishing{}
		lp.Name, _ = pub.Name.For(loc)
		if lp.Name == "" {
			lp.Name, _ = b.s.Skill.Name.For(loc)
		}
		lp.Summary, _ = pub.Summary.For(loc)
		lp.Description, _ = pub.Description.For(loc)
		lp.PrivacyPolicyURL, _ = pub.PrivacyPolicyURL.For(loc)
		lp.TermsOfUseURL, _ = pub.TermsOfUseURL.For(loc)
		lp.ExamplePhrases, _ = pub.ExamplePhrases.For(loc)
		lp.Keywords, _ = pub.Keywords.For(loc)
		if n := len(lp.ExamplePhrases); n > alexa.MaxExamplePhrases {
			b.errf(textPath("publishing.examplePhrases", pub.ExamplePhrases.TagFor(loc)), fmt.Sprintf("keep at most %d", alexa.MaxExamplePhrases), "%d example phrases for %s", n, loc)
		}
		b.examplePhrases(loc, textPath("publishing.examplePhrases", pub.ExamplePhrases.TagFor(loc)), lp.ExamplePhrases)
		for _, u := range []struct{ key, tag, val string }{
			{"privacyPolicyUrl", pub.PrivacyPolicyURL.TagFor(loc), lp.PrivacyPolicyURL},
			{"termsOfUseUrl", pub.TermsOfUseURL.TagFor(loc), lp.TermsOfUseURL},
		} {
			if u.val == "" {
				continue
			}
			if pu, err := url.Parse(u.val); err != nil || pu.Scheme != "https" || pu.Host == "" {
				b.errf(textPath("publishing."+u.key, u.tag), "use an https:// URL", "%q is not an https URL", u.val)
			}
		}
		out.Locales[loc] = lp
	}
	b.out.Publishing = out
}

// DefaultProfileSource is cognito.profileSource when the spec leaves it
// out: the profile travels in the access token. Measured on one warm
// instance with a new token on every request, token mode answers 7 to 12
// times faster than GetUser mode even against a cognito-local on loopback
// (about 4600 against 400 to 650 requests/s) and makes no Cognito call at
// all, so the account's shared GetUser quota no longer caps the
// fleet (see docs/capacity.md). New user pools are on the Essentials plan
// by default, which version 2 of the trigger needs.
const DefaultProfileSource = ir.ProfileSourceToken

// DefaultDomainPrefix is the Cognito domain prefix of a skill that sets
// none: the package and a hash of the vendor ID and package. Prefixes are
// global per region (an obvious one such as "myoauth" is always taken);
// this one is stable for the skill, differs between developer accounts and
// between skills of one account, and, being hex, never contains the words
// aws, amazon or cognito that Cognito refuses.
func DefaultDomainPrefix(pkg, vendorID string) string {
	sum := sha256.Sum256([]byte(vendorID + "/" + pkg))
	if len(pkg) > 50 {
		pkg = pkg[:50]
	}
	return pkg + "-" + hex.EncodeToString(sum[:])[:10]
}

func (b *builder) cognito() {
	c := b.s.Cognito
	if c == nil {
		c = &spec.Cognito{}
	}
	out := ir.Cognito{
		Region: c.Region, PoolName: c.PoolName, ClientName: c.ClientName, DomainPrefix: c.DomainPrefix,
		CustomDomain: c.CustomDomain, CertificateARN: c.CertificateARN, MFA: c.MFA, RefreshTokenDays: c.RefreshTokenDays,
		AccessTokenMinutes: c.AccessTokenMinutes, ProfileSource: c.ProfileSource,
	}
	if out.Region == "" {
		out.Region = facts.DefaultRegion
	} else if !facts.IsRegion(out.Region) {
		b.errf("cognito.region", "use an AWS region such as us-east-1", "%q is not an AWS region", out.Region)
	}
	if out.PoolName == "" {
		out.PoolName = b.out.Name + " Users"
	}
	if out.ClientName == "" {
		out.ClientName = b.out.Package
	}
	if out.MFA == "" {
		out.MFA = "OFF"
	} else if !slices.Contains([]string{"OFF", "OPTIONAL", "ON"}, out.MFA) {
		b.errf("cognito.mfa", "use OFF, OPTIONAL or ON", "%q is not an MFA setting", out.MFA)
	}
	if out.RefreshTokenDays == 0 {
		out.RefreshTokenDays = 3650
	} else if out.RefreshTokenDays < 1 || out.RefreshTokenDays > 3650 {
		b.errf("cognito.refreshTokenDays", "use 1 to 3650", "%d days is out of range", out.RefreshTokenDays)
	}
	if out.AccessTokenMinutes == 0 {
		out.AccessTokenMinutes = alexa.DefaultAccessTokenMinutes
	} else if out.AccessTokenMinutes < alexa.MinAccessTokenMinutes || out.AccessTokenMinutes > alexa.MaxAccessTokenMinutes {
		b.errf("cognito.accessTokenMinutes", fmt.Sprintf("use %d to %d (one day)", alexa.MinAccessTokenMinutes, alexa.MaxAccessTokenMinutes), "%d minutes is out of Cognito's range for an access token", out.AccessTokenMinutes)
	}
	switch out.ProfileSource {
	case "":
		out.ProfileSource = DefaultProfileSource
	case ir.ProfileSourceToken, ir.ProfileSourceGetUser:
	default:
		b.errf("cognito.profileSource", "use token (the profile travels in the access token) or getuser (one Cognito GetUser per new token)", "%q is not a profile source", out.ProfileSource)
	}
	if out.DomainPrefix == "" && out.CustomDomain == "" && b.out.VendorID != "" && b.out.Package != "" {
		out.DomainPrefix = DefaultDomainPrefix(b.out.Package, b.out.VendorID)
	}
	switch {
	case out.DomainPrefix == "" && out.CustomDomain == "":
		b.errf("cognito", "set skill.vendorId (the prefix is derived from it), cognito.domainPrefix, or cognito.customDomain with cognito.certificateArn (needed to publish)", "no OAuth domain for account linking")
	case out.DomainPrefix != "" && out.CustomDomain != "":
		b.errf("cognito.customDomain", "keep one of domainPrefix and customDomain", "both a domain prefix and a custom domain are set")
	case out.DomainPrefix != "" && (!domainPfxRe.MatchString(out.DomainPrefix) || strings.Contains(out.DomainPrefix, "cognito") || strings.Contains(out.DomainPrefix, "aws") || strings.Contains(out.DomainPrefix, "amazon")):
		b.errf("cognito.domainPrefix", "use lowercase letters, digits and hyphens, without aws, amazon or cognito", "%q is not a valid Cognito domain prefix", out.DomainPrefix)
	case out.CustomDomain != "" && out.CertificateARN == "":
		b.errf("cognito.customDomain", "add cognito.certificateArn: an ACM certificate in us-east-1", "a custom domain needs a certificate")
	case out.CertificateARN != "" && !strings.HasPrefix(out.CertificateARN, "arn:aws:acm:us-east-1:"):
		b.errf("cognito.certificateArn", "request the certificate in us-east-1", "Cognito custom domains need an ACM certificate in us-east-1")
	}
	read := map[string]bool{}
	for _, in := range b.out.Intents {
		for _, a := range in.Needs {
			read[a.Name] = true
		}
	}
	ms := b.out.Messages
	for _, r := range []*ir.Response{ms.Launch, ms.Help, ms.Stop, ms.Fallback, ms.MissingAttribute} {
		if r != nil {
			for _, a := range r.Needs {
				read[a.Name] = true
			}
		}
	}
	for name := range read {
		out.ReadAttributes = append(out.ReadAttributes, name)
	}
	slices.Sort(out.ReadAttributes)
	b.out.Cognito = out
}

func (b *builder) lambda() {
	l := b.s.Lambda
	if l == nil {
		l = &spec.Lambda{}
	}
	out := ir.Lambda{FunctionName: l.FunctionName, Architecture: l.Architecture, MemoryMB: l.MemoryMB, TimeoutSeconds: l.TimeoutSeconds}
	if out.Architecture == "" {
		out.Architecture = "arm64"
	} else if out.Architecture != "arm64" && out.Architecture != "x86_64" {
		b.errf("lambda.architecture", "use arm64 or x86_64", "%q is not a Lambda architecture", out.Architecture)
	}
	if out.MemoryMB == 0 {
		out.MemoryMB = 128
	} else if out.MemoryMB < 128 || out.MemoryMB > 10240 {
		b.errf("lambda.memoryMb", "use 128 to 10240", "%d MB is out of range", out.MemoryMB)
	}
	if out.TimeoutSeconds == 0 {
		out.TimeoutSeconds = 7
	} else if out.TimeoutSeconds < 1 || out.TimeoutSeconds > 8 {
		b.errf("lambda.timeoutSeconds", "use 1 to 8: Alexa waits 8 seconds", "%d s is out of range", out.TimeoutSeconds)
	}
	b.out.Lambda = out
}

// examplePhrases checks the store's example phrases the way certification
// does: each is the wake word, a launch phrase of the language and the
// skill's invocation name, optionally with a request that one of the
// skill's samples says.
func (b *builder) examplePhrases(loc, p string, phrases []string) {
	f := b.facts[loc]
	var inv string
	for _, l := range b.out.Locales {
		if l.Code == loc {
			inv = l.Invocation
		}
	}
	if f == nil || inv == "" {
		return
	}
	checked := map[string]bool{}
	for i, phrase := range phrases {
		pp := fmt.Sprintf("%s[%d]", p, i)
		if checked[pp] {
			continue
		}
		checked[pp] = true
		ws, woke := f.StripWakeWord(f.Words(phrase))
		if !woke {
			b.errf(pp, fmt.Sprintf("start it with the wake word: \"Alexa, %s\"", strings.TrimSpace(phrase)), "example phrase %q does not start with the wake word", phrase)
			continue
		}
		invs := f.Invocations(ws, f.Words(inv))
		if len(invs) == 0 {
			b.errf(pp, fmt.Sprintf("write it as wake word, launch phrase and invocation name, e.g. %q", "Alexa, "+f.LaunchPhrase(inv)), "example phrase %q does not open the skill with its invocation name %q", phrase, inv)
			continue
		}
		if invs[0].Request == nil || slices.ContainsFunc(invs, func(iv lang.Invocation) bool { return b.saysSample(f, loc, iv.Request) }) {
			continue
		}
		b.errf(pp, "make the request one of the skill's samples, or add it as a sample", "the request in example phrase %q matches no sample of the skill", phrase)
	}
}

// saysSample reports whether words ws are one of the locale's samples, a
// slot standing for any words.
func (b *builder) saysSample(f *lang.Facts, loc string, ws []string) bool {
	capture := func(string) lang.Token { return lang.Token{Capture: true} }
	for _, in := range b.out.Intents {
		for _, s := range in.Samples[loc] {
			if _, ok := lang.Match(f.Compile(s, capture), ws); ok {
				return true
			}
		}
	}
	return false
}
