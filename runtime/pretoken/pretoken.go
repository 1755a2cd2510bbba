// Package pretoken is the Cognito pre token generation trigger of a skill
// whose profile travels in the access token (spec cognito.profileSource
// token). Cognito calls it, with event version 2 (LambdaVersion V2_0), each
// time it issues tokens: at sign-in and at every refresh, which is how
// Alexa gets new access tokens. The trigger copies exactly the attributes
// the skill speaks from the user's attributes into the access token's
// claims, and nothing else: no other claim, no ID-token change, no scope or
// group change. The skill's runtime then reads them from the token it
// verifies anyway, so an answer needs no Cognito call.
//
// The generated <output.code>/lambda/main.gen.go of a token-mode skill runs
// Main when the function's handler setting (environment _HANDLER) is
// HandlerName: the skill and its trigger ship as one bootstrap in one zip,
// the one ASK CLI uploads, as two functions with their own roles.
package pretoken

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"os"
	"slices"
	"strings"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"

	"github.com/skillgen/skillgen/internal/facts"
	"github.com/skillgen/skillgen/runtime/logging"
)

// HandlerName is the trigger function's Handler setting; Lambda passes it
// to the bootstrap as _HANDLER.
const HandlerName = facts.PreTokenHandler

// EnvHandler is the variable Lambda sets to the function's handler.
const EnvHandler = "_HANDLER"

// Selected reports whether this process is the trigger function: its
// handler setting is HandlerName.
func Selected() bool { return os.Getenv(EnvHandler) == HandlerName }

// AddressClaim is the OIDC address claim: a JSON object in tokens.
const AddressClaim = "address"

// inToken are claims every Cognito access token already carries with the
// same meaning as the attribute (Cognito refuses to override them).
var inToken = map[string]bool{"sub": true}

// Trigger adds the skill's spoken attributes to access tokens.
type Trigger struct {
	names []string // sorted, without the claims tokens carry anyway
	log   *slog.Logger
}

// New returns the trigger for the attributes the skill speaks (Cognito
// names: given_name, custom:member_id, …). log may be nil.
func New(names []string, log *slog.Logger) (*Trigger, error) {
	if len(names) == 0 {
		return nil, errors.New("pretoken: no attributes to put into the access token")
	}
	t := &Trigger{log: log}
	for _, n := range names {
		if strings.TrimSpace(n) == "" {
			return nil, errors.New("pretoken: empty attribute name")
		}
		if !inToken[n] {
			t.names = append(t.names, n)
		}
	}
	slices.Sort(t.names)
	t.names = slices.Compact(t.names)
	return t, nil
}

// Names returns the claims the trigger may add, sorted.
func (t *Trigger) Names() []string { return slices.Clone(t.names) }

// Claims returns the access-token claims for a user's attributes: each
// spoken attribute the user has, as a string claim of the same name,
// except address, which becomes the OIDC JSON object (the stored value when
// it is one, else {"formatted": value}). An attribute the user does not
// have gets no claim.
func (t *Trigger) Claims(attrs map[string]string) map[string]any {
	out := make(map[string]any, len(t.names))
	for _, n := range t.names {
		v, ok := attrs[n]
		if !ok {
			continue
		}
		if n == AddressClaim {
			out[n] = AddressObject(v)
			continue
		}
		out[n] = v
	}
	return out
}

// AddressObject returns Cognito's address attribute in its OIDC JSON form.
func AddressObject(v string) json.RawMessage {
	t := strings.TrimSpace(v)
	if strings.HasPrefix(t, "{") && json.Valid([]byte(t)) {
		return json.RawMessage(t)
	}
	b, _ := json.Marshal(struct {
		Formatted string `json:"formatted"`
	}{v}) // a struct of one string cannot fail to marshal
	return b
}

// Handle answers one event: the response asks Cognito to add the claims to
// the access token and to change nothing else. Events of another version
// than 2 (V2_0) or 3 (V3_0, the same shape) are answered the same way and
// logged: a pool wired with LambdaVersion V1_0 ignores the access-token
// part, and the skill then reads the profile with GetUser.
func (t *Trigger) Handle(ctx context.Context, ev events.CognitoEventUserPoolsPreTokenGenV2_0) (events.CognitoEventUserPoolsPreTokenGenV2_0, error) {
	claims := t.Claims(ev.Request.UserAttributes)
	ev.Response = events.CognitoEventUserPoolsPreTokenGenResponseV2_0{
		ClaimsAndScopeOverrideDetails: events.ClaimsAndScopeOverrideDetailsV2_0{
			AccessTokenGeneration: events.AccessTokenGenerationV2_0{ClaimsToAddOrOverride: claims},
		},
	}
	if t.log != nil {
		lvl, msg := slog.LevelInfo, "access token claims added"
		if ev.Version != "2" && ev.Version != "3" {
			lvl, msg = slog.LevelWarn, "pre token generation event is not version 2: set the pool's LambdaVersion to V2_0, or access tokens carry no profile"
		}
		// Names and counts only: never a value.
		t.log.LogAttrs(ctx, lvl, msg,
			slog.String("triggerSource", ev.TriggerSource),
			slog.String("version", ev.Version),
			slog.Int("claims", len(claims)),
			slog.Int("absent", len(t.names)-len(claims)))
	}
	return ev, nil
}

// Main runs the trigger as a Lambda function (bootstrap, provided.al2023).
func Main(names []string) {
	log := logging.New(os.Stderr)
	t, err := New(names, log)
	if err != nil {
		log.Error("trigger cannot start", slog.String("error", err.Error()))
		os.Exit(1)
	}
	lambda.Start(t.Handle)
}
