// Package alexa keeps, in one place, the Alexa and Cognito facts the
// generator checks against. Numbers marked (reported) come from third-party
// reports rather than Amazon's reference pages; correct them here.
package alexa

// Interaction-model limits.
const (
	MaxIntents         = 250       // per model, built-ins included (reported)
	MaxSlotValues      = 50000     // values and synonyms across all slot types (reported)
	MaxSlotValueLen    = 140       // characters in one slot value or synonym (reported)
	MaxModelChars      = 1_000_000 // characters of one model's JSON (reported)
	MaxExamplePhrases  = 3         // store example phrases per locale (reported)
	MinInvocationChars = 2         // (reported)
	MaxInvocationChars = 50        // (reported)
	MaxSpeechChars     = 8000      // outputSpeech must be shorter than this
	MaxResponseBytes   = 24 * 1024 // whole response
	DefaultMaxSamples  = 1000      // skillgen's default cap of expanded samples per intent and locale
	MaxMaxSamples      = 20000     // the highest cap a spec may set: more could not fit MaxModelChars
)

// Locales Alexa supports for custom skills.
var Locales = []string{
	"ar-SA", "de-DE", "en-AU", "en-CA", "en-GB", "en-IN", "en-US", "es-ES", "es-MX", "es-US",
	"fr-CA", "fr-FR", "hi-IN", "it-IT", "ja-JP", "nl-NL", "pt-BR",
}

// InvocationForbidden are words an invocation name may not contain: wake
// words and the launch phrases Alexa uses to start a skill.
var InvocationForbidden = map[string]string{
	"alexa": "wake word", "amazon": "wake word", "echo": "wake word", "computer": "wake word",
	"skill": "reserved word", "app": "reserved word",
	"ask": "launch word", "tell": "launch word", "open": "launch word", "launch": "launch word",
	"start": "launch word", "begin": "launch word", "load": "launch word", "resume": "launch word",
	"run": "launch word", "enable": "launch word", "play": "launch word", "use": "launch word",
}

// BuiltinIntents are the built-in intents every generated model declares,
// in model order, with the message that answers each.
var BuiltinIntents = []struct{ Name, Message string }{
	{"AMAZON.CancelIntent", "stop"},
	{"AMAZON.HelpIntent", "help"},
	{"AMAZON.StopIntent", "stop"},
	{"AMAZON.NavigateHomeIntent", "launch"},
	{"AMAZON.FallbackIntent", "fallback"},
}

// BuiltinPhrases are phrases the built-in intents already understand, per
// language. A custom sample equal to one makes the model ambiguous.
// (reported: Amazon does not publish the built-in intents' samples.)
var BuiltinPhrases = map[string]map[string]string{
	"en": {
		"help": "AMAZON.HelpIntent", "help me": "AMAZON.HelpIntent", "can you help me": "AMAZON.HelpIntent",
		"what can i say": "AMAZON.HelpIntent", "what can you do": "AMAZON.HelpIntent",
		"stop": "AMAZON.StopIntent", "off": "AMAZON.StopIntent", "shut up": "AMAZON.StopIntent",
		"be quiet": "AMAZON.StopIntent", "exit": "AMAZON.StopIntent", "quit": "AMAZON.StopIntent",
		"cancel": "AMAZON.CancelIntent", "never mind": "AMAZON.CancelIntent", "forget it": "AMAZON.CancelIntent",
		"go home": "AMAZON.NavigateHomeIntent", "home": "AMAZON.NavigateHomeIntent",
	},
	"de": {
		"hilfe": "AMAZON.HelpIntent", "stopp": "AMAZON.StopIntent", "stop": "AMAZON.StopIntent",
		"abbrechen": "AMAZON.CancelIntent", "abbruch": "AMAZON.CancelIntent",
	},
}

// CatchAllSlotTypes capture any phrase; a sample made of one alone is rejected.
var CatchAllSlotTypes = map[string]bool{"AMAZON.SearchQuery": true}

// StandardAttributes are Cognito's standard user attributes (OIDC names) and
// their data types.
var StandardAttributes = map[string]string{
	"address": "String", "birthdate": "String", "email": "String", "email_verified": "Boolean",
	"family_name": "String", "gender": "String", "given_name": "String", "locale": "String",
	"middle_name": "String", "name": "String", "nickname": "String", "phone_number": "String",
	"phone_number_verified": "Boolean", "picture": "String", "preferred_username": "String",
	"profile": "String", "sub": "String", "updated_at": "Number", "website": "String", "zoneinfo": "String",
}

// Cognito limits for custom attributes.
const (
	MaxCustomAttrName    = 20   // characters after "custom:"
	MaxCustomAttrLen     = 2048 // characters of a String value
	DefaultCustomAttrLen = 256
)

// Cognito app-client access-token validity, in minutes (AccessTokenValidity
// with TokenValidityUnits.AccessToken "minutes"): Cognito allows 5 minutes
// to one day and defaults to one hour.
const (
	MinAccessTokenMinutes     = 5
	MaxAccessTokenMinutes     = 24 * 60
	DefaultAccessTokenMinutes = 60
)
