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
	DefaultMaxSamples  = 1000      // skillgen's default cap of expanded samples per intent and locale
	MaxMaxSamples      = 20000     // the highest cap a spec may set: more could not fit MaxModelChars
)

// Locales Alexa supports for custom skills.
var Locales = []string{
	"ar-SA", "de-DE", "en-AU", "en-CA", "en-GB", "en-IN", "en-US", "es-ES", "es-MX", "es-US",
	"fr-CA", "fr-FR", "hi-IN", "it-IT", "ja-JP", "nl-NL", "pt-BR",
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

// StandardMaxLen bounds the standard attributes whose format Cognito
// checks: phone_number is E.164 (a plus and at most 15 digits), email an
// address (RFC 5321: 254 characters), birthdate YYYY-MM-DD, updated_at
// seconds since 1970, the verified flags true or false. Every other string
// attribute holds up to MaxCustomAttrLen characters.
var StandardMaxLen = map[string]int{
	"phone_number": 16, "email": 254, "birthdate": 10, "updated_at": 20,
	"email_verified": 5, "phone_number_verified": 5,
}

// Cognito limits for custom attributes.
const (
	MaxCustomAttrName    = 20   // characters after "custom:"
	MaxCustomAttrLen     = 2048 // characters of a String value
	DefaultCustomAttrLen = 256
)

// Categories are the values of the skill manifest's
// publishingInformation.category (SMAPI). Source: "Skill Manifest Schema",
// https://developer.amazon.com/en-US/docs/alexa/smapi/skill-manifest.html#category-enum
var Categories = []string{
	"ALARMS_AND_CLOCKS", "ASTROLOGY", "BUSINESS_AND_FINANCE", "CALCULATORS", "CALENDARS_AND_REMINDERS",
	"CHILDRENS_EDUCATION_AND_REFERENCE", "CHILDRENS_GAMES", "CHILDRENS_MUSIC_AND_AUDIO", "CHILDRENS_NOVELTY_AND_HUMOR",
	"COMMUNICATION", "CONNECTED_CAR", "COOKING_AND_RECIPE", "CURRENCY_GUIDES_AND_CONVERTERS", "DATING",
	"DELIVERY_AND_TAKEOUT", "DEVICE_TRACKING", "EDUCATION_AND_REFERENCE", "EVENT_FINDERS", "EXERCISE_AND_WORKOUT",
	"FASHION_AND_STYLE", "FLIGHT_FINDERS", "FRIENDS_AND_FAMILY", "GAME_INFO_AND_ACCESSORY", "GAMES",
	"HEALTH_AND_FITNESS", "HOTEL_FINDERS", "KNOWLEDGE_AND_TRIVIA", "MOVIE_AND_TV_KNOWLEDGE_AND_TRIVIA",
	"MOVIE_INFO_AND_REVIEWS", "MOVIE_SHOWTIMES", "MUSIC_AND_AUDIO_ACCESSORIES", "MUSIC_AND_AUDIO_KNOWLEDGE_AND_TRIVIA",
	"MUSIC_INFO_REVIEWS_AND_RECOGNITION_SERVICE", "NAVIGATION_AND_TRIP_PLANNER", "NEWS", "NOVELTY",
	"ORGANIZERS_AND_ASSISTANTS", "PETS_AND_ANIMAL", "PODCAST", "PUBLIC_TRANSPORTATION", "RELIGION_AND_SPIRITUALITY",
	"RESTAURANT_BOOKING_INFO_AND_REVIEW", "SCHOOLS", "SCORE_KEEPING", "SELF_IMPROVEMENT", "SHOPPING", "SMART_HOME",
	"SOCIAL_NETWORKING", "SPORTS_GAMES", "SPORTS_NEWS", "STREAMING_SERVICE", "TAXI_AND_RIDESHARING",
	"TO_DO_LISTS_AND_NOTES", "TRANSLATORS", "TV_GUIDES", "UNIT_CONVERTERS", "WEATHER", "WINE_AND_BEVERAGE",
	"ZIP_CODE_LOOKUP",
}
