// Package spec defines skill.yaml: the Go types below are the one source of
// truth for loading, validation and the JSON Schema (skill.schema.json).
package spec

// Spec is the root of skill.yaml: one Alexa custom skill whose answers come
// from the user's Amazon Cognito profile.
type Spec struct {
	// Extends names another spec file, relative to this one. This spec then
	// overrides any part of it: maps merge key by key, lists of named items
	// (attributes, slot types, intents, values, cases) merge by name, other
	// lists and scalars replace.
	Extends string `yaml:"extends,omitempty" json:"extends,omitempty"`
	// Skill holds the skill's identity and invocation name.
	Skill Skill `yaml:"skill" json:"skill"`
	// Locales lists the Alexa locales the skill supports, e.g. [en-US, en-GB].
	Locales []string `yaml:"locales" json:"locales" jsonschema:"minItems=1,uniqueItems=true,enum=ar-SA,enum=de-DE,enum=en-AU,enum=en-CA,enum=en-GB,enum=en-IN,enum=en-US,enum=es-ES,enum=es-MX,enum=es-US,enum=fr-CA,enum=fr-FR,enum=hi-IN,enum=it-IT,enum=ja-JP,enum=nl-NL,enum=pt-BR"`
	// Output says where generated files go, relative to this spec file.
	// It is never inherited through extends: each variant has its own.
	Output *Output `yaml:"output,omitempty" json:"output,omitempty"`
	// Attributes declares the Cognito user attributes the skill may speak:
	// standard ones by their OIDC names (given_name, phone_number, …) and
	// custom ones as custom:<name>.
	Attributes []Attribute `yaml:"attributes,omitempty" json:"attributes,omitempty"`
	// SlotTypes declares custom slot types with their values.
	SlotTypes []SlotType `yaml:"slotTypes,omitempty" json:"slotTypes,omitempty"`
	// Intents declares the skill's custom intents. The built-in intents
	// (help, stop, cancel, fallback, navigate home) are added automatically
	// and answered from messages.
	Intents []Intent `yaml:"intents" json:"intents" jsonschema:"minItems=1"`
	// Messages are the skill's fixed answers.
	Messages Messages `yaml:"messages" json:"messages"`
	// Personalization tells recognized speakers of one Alexa account apart:
	// each household member who links their own account hears their own
	// profile, and {speaker_name} greets a recognized speaker by name.
	Personalization *Personalization `yaml:"personalization,omitempty" json:"personalization,omitempty"`
	// Publishing is the skill store listing, used for skill.json.
	Publishing *Publishing `yaml:"publishing,omitempty" json:"publishing,omitempty"`
	// Cognito configures the user pool, app client and OAuth domain.
	Cognito *Cognito `yaml:"cognito,omitempty" json:"cognito,omitempty"`
	// AccountLinking holds the account-linking options of accountLinking.json.
	AccountLinking *AccountLinking `yaml:"accountLinking,omitempty" json:"accountLinking,omitempty"`
	// Lambda configures the AWS Lambda function that hosts the skill.
	Lambda *Lambda `yaml:"lambda,omitempty" json:"lambda,omitempty"`
}

// Skill is the skill's identity.
type Skill struct {
	// Package is a short identifier: the Go package name of the generated
	// handlers and the default output directory generated/<package>.
	Package string `yaml:"package" json:"package" jsonschema:"pattern=^[a-z][a-z0-9]*$"`
	// Name is the skill's name, used in messages and, unless publishing
	// overrides it, in the store listing.
	Name Text `yaml:"name" json:"name"`
	// VendorID is the Amazon developer account's vendor ID. It sets the
	// Alexa callback URLs. Environment override: SKILLGEN_VENDOR_ID.
	VendorID string `yaml:"vendorId,omitempty" json:"vendorId,omitempty" jsonschema:"pattern=^[A-Z0-9]+$"`
	// SkillID is the skill's ID once it exists (amzn1.ask.skill.…). When set,
	// the runtime rejects requests for any other skill. Environment override:
	// SKILLGEN_SKILL_ID.
	SkillID string `yaml:"skillId,omitempty" json:"skillId,omitempty" jsonschema:"pattern=^amzn1\\.ask\\.skill\\.[0-9a-f-]+$"`
	// PrimaryLocale is the locale whose text names the skill where one name
	// is needed (CloudFormation template, Lambda description, logs,
	// dialog). Default: the first locale listed under locales.
	PrimaryLocale string `yaml:"primaryLocale,omitempty" json:"primaryLocale,omitempty" jsonschema:"pattern=^[a-z]{2}-[A-Z]{2}$"`
	// Invocation is the invocation name, per language or locale:
	// lowercase words, e.g. "link demo".
	Invocation Text `yaml:"invocation" json:"invocation"`
	// BrandInvocation allows a one-word invocation name, which Alexa accepts
	// only for a brand or intellectual property you own.
	BrandInvocation bool `yaml:"brandInvocation,omitempty" json:"brandInvocation,omitempty"`
}

// Output says where generated files go, relative to the spec file.
type Output struct {
	// Models is the directory of the interaction models <locale>.json.
	// Default: models.
	Models string `yaml:"models,omitempty" json:"models,omitempty"`
	// Code is the directory of the generated Go package and its deploy/
	// files. Default: generated/<package>.
	Code string `yaml:"code,omitempty" json:"code,omitempty"`
}

// Attribute is a Cognito user attribute the skill may speak.
type Attribute struct {
	// Name is a standard attribute's OIDC name (given_name, family_name,
	// email, phone_number, address, …) or custom:<name> for a custom one.
	Name string `yaml:"name" json:"name" jsonschema:"pattern=^(custom:[A-Za-z0-9_]{1\\,20}|[a-z_]+)$"`
	// Type of a custom attribute: String (default) or Number. Standard
	// attributes have Cognito's own types.
	Type string `yaml:"type,omitempty" json:"type,omitempty" jsonschema:"enum=String,enum=Number"`
	// Required makes the user pool require the attribute at sign-up.
	// Cognito allows this for standard attributes only.
	Required bool `yaml:"required,omitempty" json:"required,omitempty"`
	// Mutable lets users change the value after sign-up. Default: true.
	Mutable *bool `yaml:"mutable,omitempty" json:"mutable,omitempty"`
	// MaxLength bounds a custom String attribute (1–2048, default 256).
	MaxLength int `yaml:"maxLength,omitempty" json:"maxLength,omitempty" jsonschema:"minimum=1,maximum=2048"`
	// SayAs wraps the value in <say-as interpret-as="…"> in speech, e.g.
	// telephone or spell-out. Cards show the plain value.
	SayAs string `yaml:"sayAs,omitempty" json:"sayAs,omitempty" jsonschema:"enum=characters,enum=spell-out,enum=cardinal,enum=number,enum=ordinal,enum=digits,enum=fraction,enum=unit,enum=date,enum=time,enum=telephone,enum=address,enum=interjection,enum=expletive"`
	// Label is how the attribute is named in speech ("phone number"), per
	// language. It fills {missing} in the missing-attribute message.
	// Default: the name with underscores as spaces.
	Label Text `yaml:"label,omitempty" json:"label,omitempty"`
	// Omit removes an attribute inherited through extends.
	Omit bool `yaml:"omit,omitempty" json:"omit,omitempty"`
}

// SlotType is a custom slot type.
type SlotType struct {
	// Name of the slot type: letters and underscores.
	Name string `yaml:"name" json:"name" jsonschema:"pattern=^[A-Za-z_]+$"`
	// Values are the type's values; each has an entity-resolution id.
	Values []SlotValue `yaml:"values" json:"values" jsonschema:"minItems=1"`
	// Omit removes a slot type inherited through extends.
	Omit bool `yaml:"omit,omitempty" json:"omit,omitempty"`
}

// SlotValue is one value of a custom slot type.
type SlotValue struct {
	// ID is the entity-resolution id that answers are chosen by.
	ID string `yaml:"id" json:"id" jsonschema:"pattern=^[A-Za-z0-9_.-]+$"`
	// Value is the canonical spoken value, per language or locale.
	Value Text `yaml:"value" json:"value"`
	// Synonyms are other ways to say the value, per language or locale.
	Synonyms TextList `yaml:"synonyms,omitempty" json:"synonyms,omitempty"`
	// Omit removes a value inherited through extends.
	Omit bool `yaml:"omit,omitempty" json:"omit,omitempty"`
}

// Intent is a custom intent and how the skill answers it.
type Intent struct {
	// Name of the intent: letters and underscores, e.g. RequestInfoIntent.
	Name string `yaml:"name" json:"name" jsonschema:"pattern=^[A-Za-z_]+$"`
	// Slots of the intent.
	Slots []Slot `yaml:"slots,omitempty" json:"slots,omitempty"`
	// Samples are sample utterances per language or locale. Expansion:
	// {a|b} picks one alternative, [a] is optional, {slotName} is a slot.
	Samples TextList `yaml:"samples" json:"samples"`
	// MaxSamples caps the expanded samples per locale (default 1000, at most
	// 20000); more is an error rather than a silent cut.
	MaxSamples int `yaml:"maxSamples,omitempty" json:"maxSamples,omitempty" jsonschema:"minimum=1,maximum=20000"`
	// Needs lists the profile attributes the intent needs. Default: those its
	// templates name. When given it must cover every placeholder.
	Needs []string `yaml:"needs,omitempty" json:"needs,omitempty"`
	// Response is the answer; with answers, it is the answer when the slot
	// is not resolved to one of the cases.
	Response `yaml:",inline"`
	// Answers chooses the answer by the resolved slot-value id.
	Answers *Answers `yaml:"answers,omitempty" json:"answers,omitempty"`
	// Omit removes an intent inherited through extends.
	Omit bool `yaml:"omit,omitempty" json:"omit,omitempty"`
}

// Slot is a slot of an intent.
type Slot struct {
	// Name of the slot, as written in samples: {name}.
	Name string `yaml:"name" json:"name" jsonschema:"pattern=^[A-Za-z_]+$"`
	// Type is a custom slot type's name or a built-in AMAZON.* type.
	Type string `yaml:"type" json:"type"`
}

// Answers picks the intent's answer by a slot's resolved value id.
type Answers struct {
	// Slot is the slot whose resolved id picks the case.
	Slot string `yaml:"slot" json:"slot"`
	// Cases are the answers, one per slot-value id.
	Cases []Case `yaml:"cases" json:"cases" jsonschema:"minItems=1"`
}

// Case is the answer for one slot-value id.
type Case struct {
	// ID is a value id of the slot's type.
	ID       string `yaml:"id" json:"id"`
	Response `yaml:",inline"`
	// Omit removes a case inherited through extends.
	Omit bool `yaml:"omit,omitempty" json:"omit,omitempty"`
}

// Response is what the skill says. Text may hold SSML; {attribute} is
// replaced by the user's profile value (escaped), {{ and }} are literal braces.
type Response struct {
	// Speech is the spoken answer.
	Speech Text `yaml:"speech,omitempty" json:"speech,omitempty"`
	// Reprompt is spoken when the user says nothing; it keeps the session open.
	Reprompt Text `yaml:"reprompt,omitempty" json:"reprompt,omitempty"`
	// Card is a simple card shown in the Alexa app.
	Card *Card `yaml:"card,omitempty" json:"card,omitempty"`
	// EndSession ends the session after the answer. Default: true without a
	// reprompt, false with one.
	EndSession *bool `yaml:"endSession,omitempty" json:"endSession,omitempty"`
}

// Card is a simple card: title and plain text.
type Card struct {
	Title Text `yaml:"title" json:"title"`
	Text  Text `yaml:"text" json:"text"`
}

// Messages are the skill's fixed answers.
type Messages struct {
	// Launch answers "open <invocation>" (and navigate home).
	Launch Response `yaml:"launch" json:"launch"`
	// Help answers AMAZON.HelpIntent.
	Help Response `yaml:"help" json:"help"`
	// Stop answers AMAZON.StopIntent and AMAZON.CancelIntent.
	Stop Response `yaml:"stop" json:"stop"`
	// Fallback answers AMAZON.FallbackIntent.
	Fallback Response `yaml:"fallback" json:"fallback"`
	// LinkAccount is spoken with a LinkAccount card when the account is not
	// linked or the token is rejected. No placeholders.
	LinkAccount Response `yaml:"linkAccount" json:"linkAccount"`
	// MissingAttribute is spoken when the profile lacks an attribute the
	// answer needs; {missing} names the missing attributes by their labels.
	MissingAttribute Response `yaml:"missingAttribute" json:"missingAttribute"`
	// Error is spoken when the profile cannot be fetched. No placeholders.
	Error Response `yaml:"error" json:"error"`
}

// Publishing is the skill store listing (skill.json).
type Publishing struct {
	// Name shown in the store; default: skill.name.
	Name Text `yaml:"name,omitempty" json:"name,omitempty"`
	// Summary, one sentence.
	Summary Text `yaml:"summary,omitempty" json:"summary,omitempty"`
	// Description, the full store text.
	Description Text `yaml:"description,omitempty" json:"description,omitempty"`
	// ExamplePhrases, at most three per locale; the first should open the skill.
	ExamplePhrases TextList `yaml:"examplePhrases,omitempty" json:"examplePhrases,omitempty"`
	// Keywords for store search.
	Keywords TextList `yaml:"keywords,omitempty" json:"keywords,omitempty"`
	// Category, e.g. EDUCATION_AND_REFERENCE.
	Category string `yaml:"category,omitempty" json:"category,omitempty" jsonschema:"pattern=^[A-Z_]+$"`
	// TestingInstructions for certification.
	TestingInstructions string `yaml:"testingInstructions,omitempty" json:"testingInstructions,omitempty"`
	// PrivacyPolicyURL is required for skills that use personal information.
	PrivacyPolicyURL Text `yaml:"privacyPolicyUrl,omitempty" json:"privacyPolicyUrl,omitempty"`
	// TermsOfUseURL, optional.
	TermsOfUseURL Text `yaml:"termsOfUseUrl,omitempty" json:"termsOfUseUrl,omitempty"`
}

// Cognito configures the user pool, app client and OAuth domain.
type Cognito struct {
	// Region of the user pool. Default: us-east-1.
	Region string `yaml:"region,omitempty" json:"region,omitempty" jsonschema:"pattern=^[a-z]{2}(-[a-z]+)+-[0-9]$"`
	// PoolName. Default: the skill name + " Users".
	PoolName string `yaml:"poolName,omitempty" json:"poolName,omitempty"`
	// ClientName of the app client. Default: the package name.
	ClientName string `yaml:"clientName,omitempty" json:"clientName,omitempty"`
	// DomainPrefix gives <prefix>.auth.<region>.amazoncognito.com (demos only).
	DomainPrefix string `yaml:"domainPrefix,omitempty" json:"domainPrefix,omitempty" jsonschema:"pattern=^[a-z0-9](?:[a-z0-9-]{0\\,61}[a-z0-9])?$"`
	// CustomDomain is your own domain, needed to publish; it needs an ACM
	// certificate in us-east-1 (CertificateARN).
	CustomDomain string `yaml:"customDomain,omitempty" json:"customDomain,omitempty"`
	// CertificateARN of the custom domain's certificate (us-east-1).
	CertificateARN string `yaml:"certificateArn,omitempty" json:"certificateArn,omitempty"`
	// MFA: OFF (default), OPTIONAL or ON.
	MFA string `yaml:"mfa,omitempty" json:"mfa,omitempty" jsonschema:"enum=OFF,enum=OPTIONAL,enum=ON"`
	// RefreshTokenDays is the refresh token's validity. Default: 3650, the maximum.
	RefreshTokenDays int `yaml:"refreshTokenDays,omitempty" json:"refreshTokenDays,omitempty" jsonschema:"minimum=1,maximum=3650"`
	// AccessTokenMinutes is the access token's validity, 5 to 1440 (one
	// day). Default: 60. In profileSource token it bounds how stale a
	// spoken profile value can be: a change reaches the skill with the
	// next token Alexa gets by refreshing.
	AccessTokenMinutes int `yaml:"accessTokenMinutes,omitempty" json:"accessTokenMinutes,omitempty" jsonschema:"minimum=5,maximum=1440"`
	// ProfileSource is where the skill reads the user's profile: token
	// (default) puts the attributes the skill speaks into the access token
	// with a pre token generation trigger (version 2; the pool gets the
	// Essentials feature plan), so an answer needs no Cognito call;
	// getuser asks Cognito's GetUser once per new token, which every skill
	// in the account shares a quota for (120 requests/s by default).
	ProfileSource string `yaml:"profileSource,omitempty" json:"profileSource,omitempty" jsonschema:"enum=token,enum=getuser"`
}

// AccountLinking holds the options of the skill's account linking.
type AccountLinking struct {
	// SkipOnEnablement lets users enable the skill before they link their
	// account (Alexa then sends requests without a token, which get the
	// link-account message). Default: false, as in the tutorial: users
	// link while enabling.
	SkipOnEnablement bool `yaml:"skipOnEnablement,omitempty" json:"skipOnEnablement,omitempty"`
}

// Lambda configures the function that hosts the skill.
type Lambda struct {
	// FunctionName fixes the function's name. Default: none, CloudFormation
	// names it uniquely per stack (a fixed name collides with a second stack).
	FunctionName string `yaml:"functionName,omitempty" json:"functionName,omitempty"`
	// Architecture: arm64 (default) or x86_64.
	Architecture string `yaml:"architecture,omitempty" json:"architecture,omitempty" jsonschema:"enum=arm64,enum=x86_64"`
	// MemoryMB. Default: 128.
	MemoryMB int `yaml:"memoryMb,omitempty" json:"memoryMb,omitempty" jsonschema:"minimum=128,maximum=10240"`
	// TimeoutSeconds. Default: 7 (Alexa waits 8 s).
	TimeoutSeconds int `yaml:"timeoutSeconds,omitempty" json:"timeoutSeconds,omitempty" jsonschema:"minimum=1,maximum=8"`
}

// Personalization is Alexa skill personalization for recognized speakers
// (voice ID). Enabled, skill.json requests the alexa::person_id:read
// permission, requests then carry context.System.person, and a recognized
// speaker who linked their own account is answered from their own profile.
type Personalization struct {
	// Enabled turns personalization on.
	Enabled bool `yaml:"enabled,omitempty" json:"enabled,omitempty"`
	// UnlinkedPerson is what a recognized speaker who has not linked their
	// own account gets when an answer needs the profile: linkAccount
	// (default) speaks messages.linkAccount with a LinkAccount card asking
	// them to link, so that no household member hears another's private
	// data; accountProfile answers from the account-level link, for skills
	// whose data belongs to the whole household.
	UnlinkedPerson string `yaml:"unlinkedPerson,omitempty" json:"unlinkedPerson,omitempty" jsonschema:"enum=linkAccount,enum=accountProfile"`
	// UnrecognizedName is what {speaker_name} says when the speaker is not
	// recognized, per language or locale. Default: nothing, and the space
	// before the placeholder is dropped ("Hello {speaker_name}." becomes
	// "Hello.").
	UnrecognizedName Text `yaml:"unrecognizedName,omitempty" json:"unrecognizedName,omitempty"`
}

// UnlinkedPerson values.
const (
	UnlinkedLinkAccount    = "linkAccount"
	UnlinkedAccountProfile = "accountProfile"
)
