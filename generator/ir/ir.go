// Package ir is the normalized skill model the emitters read: every locale
// resolved (language defaults applied), every sample expanded, every template
// parsed and checked. Emitters never see raw YAML structs.
package ir

// Skill is one validated skill spec.
type Skill struct {
	Package string // Go package name and output identifier, e.g. linkedprofile
	Name    string // the skill's name in its primary locale
	// PrimaryLocale is skill.primaryLocale, else the first locale listed.
	PrimaryLocale string
	SpecPath      string // the spec file, slash-separated, relative to the working directory
	// Source names the spec in generated files: slash-separated, relative
	// to the root of the Go module holding it (the nearest go.mod above
	// it), so outputs are the same from any working directory; SpecPath
	// when no go.mod is found.
	Source   string
	VendorID string // may be empty: then deploy outputs take it as a parameter
	SkillID  string // may be empty

	Locales    []*Locale    // sorted by code
	Attributes []*Attribute // in spec order
	SlotTypes  []*SlotType  // in spec order
	Intents    []*Intent    // custom intents, in spec order
	Messages   Messages

	Personalization Personalization

	Publishing Publishing
	Cognito    Cognito
	Lambda     Lambda
	// SkipOnEnablement lets users enable the skill before linking.
	SkipOnEnablement bool

	Output Output
}

// Output holds the output directories, slash-separated and relative to the
// working directory.
type Output struct {
	Models string // models/<locale>.json
	Code   string // the generated Go package and its deploy/ directory
}

// Locale is one Alexa locale of the skill.
type Locale struct {
	Code       string // e.g. en-GB
	Language   string // e.g. en
	Invocation string // e.g. link demo
}

// Attribute is a declared Cognito user attribute.
type Attribute struct {
	Name      string // OIDC name or custom:<name>
	Custom    bool
	Type      string // Cognito attribute data type: String, Number, Boolean, DateTime
	Required  bool
	Mutable   bool
	MaxLength int // custom String attributes; 0 otherwise
	SayAs     string
	GoName    string            // exported Go identifier, e.g. GivenName, CustomFavoriteColor
	Label     map[string]string // locale → spoken label
}

// SlotType is a custom slot type.
type SlotType struct {
	Name   string
	Values []*SlotValue
}

// SlotValue is one value with its entity-resolution id.
type SlotValue struct {
	ID       string
	Value    map[string]string   // locale → canonical value
	Synonyms map[string][]string // locale → synonyms
}

// Intent is a custom intent.
type Intent struct {
	Name    string
	Slots   []*Slot
	Samples map[string][]string // locale → expanded samples, in expansion order
	Needs   []*Attribute        // attributes its answers need, in declaration order
	// Response is the answer; with Answers, the answer when the slot is not
	// resolved to a case.
	Response *Response
	Answers  *Answers
}

// Slot is a slot of an intent.
type Slot struct {
	Name string
	Type string    // custom type name or AMAZON.*
	Enum *SlotType // the custom type, nil for built-in types
}

// Answers picks the answer by the resolved id of Slot.
type Answers struct {
	Slot  *Slot
	Cases []*Case
}

// Case is the answer for one slot-value id.
type Case struct {
	ID       string
	Response *Response
}

// Response is what the skill says, per locale.
type Response struct {
	Speech     map[string]*Template // locale → template; every locale present
	Reprompt   map[string]*Template // nil when there is no reprompt
	CardTitle  map[string]*Template // nil when there is no card
	CardText   map[string]*Template
	EndSession bool
	Needs      []*Attribute // attributes any of its templates name, in declaration order
}

// Messages are the fixed answers.
type Messages struct {
	Launch, Help, Stop, Fallback, LinkAccount, MissingAttribute, Error *Response
}

// Template is parsed response text: literal SSML and placeholders.
type Template struct {
	Source   string // as written in the spec
	Segments []Segment
}

// Segment is a literal (already valid SSML text) or a placeholder.
type Segment struct {
	Text    string     // literal text, with {{ and }} already unescaped
	Attr    *Attribute // non-nil for an attribute placeholder
	Missing bool       // {missing}: the labels of the missing attributes
	// Speaker: {speaker_name}, the recognized speaker's first name, said
	// by Alexa through <alexa:name type="first" personId="…"/>.
	Speaker bool
}

// Personalization is skill personalization for recognized speakers.
type Personalization struct {
	// Enabled: skill.json requests alexa::person_id:read and the runtime
	// answers a recognized speaker from their own account link.
	Enabled bool
	// AccountProfile: a recognized speaker without their own link is
	// answered from the account-level link; otherwise they are asked to
	// link (messages.linkAccount with a LinkAccount card).
	AccountProfile bool
	// UnrecognizedName is what {speaker_name} says for an unrecognized
	// speaker, per locale (SSML text); a locale without an entry says
	// nothing there.
	UnrecognizedName map[string]string
}

// Publishing is the skill store listing, resolved per locale.
type Publishing struct {
	Locales             map[string]*LocalePublishing // locale → listing
	Category            string
	TestingInstructions string
}

// LocalePublishing is one locale's store listing.
type LocalePublishing struct {
	Name, Summary, Description string
	ExamplePhrases             []string
	Keywords                   []string
	PrivacyPolicyURL           string
	TermsOfUseURL              string
}

// Cognito is the resolved user-pool configuration.
type Cognito struct {
	Region           string
	PoolName         string
	ClientName       string
	DomainPrefix     string
	CustomDomain     string
	CertificateARN   string
	MFA              string // OFF, OPTIONAL or ON
	RefreshTokenDays int
	// AccessTokenMinutes is the access token's validity (5 to 1440).
	AccessTokenMinutes int
	// ProfileSource is ProfileSourceToken or ProfileSourceGetUser.
	ProfileSource string
	// ReadAttributes are exactly the attributes the intents and messages use,
	// sorted by name.
	ReadAttributes []string
}

// Profile sources (cognito.profileSource).
const (
	// ProfileSourceToken: a pre token generation trigger puts the spoken
	// attributes into the access token; the runtime reads its claims.
	ProfileSourceToken = "token"
	// ProfileSourceGetUser: the runtime calls Cognito GetUser.
	ProfileSourceGetUser = "getuser"
)

// TokenClaims reports whether the profile travels in the access token.
func (c *Cognito) TokenClaims() bool { return c.ProfileSource == ProfileSourceToken }

// Lambda is the resolved function configuration.
type Lambda struct {
	FunctionName   string
	Architecture   string // arm64 or x86_64
	MemoryMB       int
	TimeoutSeconds int
}

// LocaleCodes returns the skill's locale codes in order.
func (s *Skill) LocaleCodes() []string {
	out := make([]string, len(s.Locales))
	for i, l := range s.Locales {
		out[i] = l.Code
	}
	return out
}

// Primary returns the primary locale: PrimaryLocale, else the first locale.
func (s *Skill) Primary() string {
	if s.PrimaryLocale != "" || len(s.Locales) == 0 {
		return s.PrimaryLocale
	}
	return s.Locales[0].Code
}

// Attribute returns the declared attribute with the given name, or nil.
func (s *Skill) Attribute(name string) *Attribute {
	for _, a := range s.Attributes {
		if a.Name == name {
			return a
		}
	}
	return nil
}
