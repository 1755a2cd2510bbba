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

import (
	"strings"
)

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

// PreTokenHandler is the handler setting of the pre token generation
// trigger function (cognito.profileSource token): the deploy template gives
// it to the function that runs the skill's own bootstrap, the generated
// main dispatches on it (Lambda passes it as _HANDLER), runtime/pretoken
// checks for it.
const PreTokenHandler = "pretoken"

// DefaultRegion is the Cognito region when the spec names none (the
// tutorial's region).
const DefaultRegion = "us-east-1"

// IsRegion reports whether r is an AWS region name as the spec's
// cognito.region and the runtime's COGNITO_REGION accept it: us-east-1,
// eu-west-1, us-gov-west-1, us-isob-east-1, eusc-de-east-1: the shapes of
// the region patterns in AWS's partitions (aws, aws-cn, aws-us-gov, the
// ISO partitions and the European Sovereign Cloud's "eusc-" prefix), with
// room for two-digit numbers.
// The shape is ^[a-z]{2,4}(-[a-z]+)+-[0-9]{1,2}$, checked by hand: the
// Lambda links this package, and a package-level regexp would be compiled
// at every cold start.
func IsRegion(r string) bool {
	parts := strings.Split(r, "-")
	if len(parts) < 3 {
		return false
	}
	last := parts[len(parts)-1]
	if len(parts[0]) < 2 || len(parts[0]) > 4 || len(last) < 1 || len(last) > 2 {
		return false
	}
	for _, c := range last {
		if c < '0' || c > '9' {
			return false
		}
	}
	for _, p := range parts[:len(parts)-1] {
		if p == "" {
			return false
		}
		for _, c := range p {
			if c < 'a' || c > 'z' {
				return false
			}
		}
	}
	return true
}

// EnvAWSRegion is the region Lambda sets on every function: the last
// source of the user pool's region (PoolRegion).
const EnvAWSRegion = "AWS_REGION"

// PoolRegion is the one rule for the user pool's region, which the token
// verifier (the issuer URL, runtime/auth) and GetUser (the endpoint,
// runtime/cognito) both follow: EnvRegion if set, else the region prefix of
// the pool ID in EnvUserPoolID (RegionOfPool), else EnvAWSRegion; "" when
// none is known. getenv is os.Getenv in production.
func PoolRegion(getenv func(string) string) string {
	if r := strings.TrimSpace(getenv(EnvRegion)); r != "" {
		return r
	}
	if r := RegionOfPool(strings.TrimSpace(getenv(EnvUserPoolID))); r != "" {
		return r
	}
	return strings.TrimSpace(getenv(EnvAWSRegion))
}

// RegionOfPool returns the region a Cognito user pool ID names
// ("eu-west-1" of "eu-west-1_AbC123"), or "" when the ID has no region
// prefix (cognito-local's "local_5wmE").
func RegionOfPool(poolID string) string {
	r, _, ok := strings.Cut(poolID, "_")
	if !ok || !strings.Contains(r, "-") {
		return ""
	}
	return r
}

// DefaultLabel is how an attribute is named aloud when the spec gives it no
// label: its name without "custom:", underscores spoken as spaces
// ("custom:member_id" → "member id").
func DefaultLabel(attribute string) string {
	return strings.ReplaceAll(strings.TrimPrefix(attribute, "custom:"), "_", " ")
}
