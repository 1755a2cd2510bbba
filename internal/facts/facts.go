// Package facts holds the facts that both the generator and the runtime
// rely on, each defined once: Alexa's response limits, the environment the
// deploy template gives the Lambda function and the runtime reads, the
// default Cognito region and the rule that names an attribute aloud when
// the spec gives no label. It imports only the standard library.
//
// Facts only one side needs stay with that side: interaction-model limits
// in generator/alexa, runtime tuning variables in runtime/harden and
// runtime/auth.
package facts

import "strings"

// Response limits (ALEXA-FACTS.md "Limits": outputSpeech < 8,000 chars,
// response ≤ 24 KB).
const (
	// MaxSpeechChars is the most characters an outputSpeech (or reprompt)
	// SSML string may have, <speak> tags included: Alexa rejects 8,000 or
	// more. The runtime shortens longer speech to this length.
	MaxSpeechChars = 7999
	// MaxResponseBytes is the most bytes of an encoded response.
	MaxResponseBytes = 24 * 1024
)

// Environment variables the deploy template (generator/emit/deploy) sets on
// the Lambda function and the runtime (runtime/lambdamain) reads.
const (
	// EnvRegion is the user pool's region.
	EnvRegion = "COGNITO_REGION"
	// EnvUserPoolID is the user pool that issues the access tokens.
	EnvUserPoolID = "USER_POOL_ID"
	// EnvClientID is the skill's app client; tokens must carry it.
	EnvClientID = "USER_POOL_CLIENT_ID"
	// EnvSkillID, when non-empty, replaces the compiled skill ID: requests
	// for other skills are rejected.
	EnvSkillID = "SKILL_ID"
)

// LambdaEnv is the environment the deploy template sets, in the order the
// constants above are listed.
var LambdaEnv = []string{EnvRegion, EnvUserPoolID, EnvClientID, EnvSkillID}

// DefaultRegion is the Cognito region when the spec names none (the
// tutorial's region).
const DefaultRegion = "us-east-1"

// DefaultLabel is how an attribute is named aloud when the spec gives it no
// label: its name without "custom:", underscores spoken as spaces
// ("custom:member_id" → "member id").
func DefaultLabel(attribute string) string {
	return strings.ReplaceAll(strings.TrimPrefix(attribute, "custom:"), "_", " ")
}
