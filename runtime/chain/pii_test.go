package chain_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/skillgen/skillgen/generated/linkedprofile"
	"github.com/skillgen/skillgen/internal/testpeers"
	"github.com/skillgen/skillgen/runtime"
	"github.com/skillgen/skillgen/runtime/lambdamain"
	"github.com/skillgen/skillgen/runtime/logging/logtest"
)

// TestNoSecretsInLogsWithCognitoLocal runs the Lambda function's handler as
// lambdamain builds it (verification against cognito-local's JWKS, cache,
// retries, GetUser at cognito-local) through the sample skill's whole
// conversation, for two real users, a tampered token and an unlinked user,
// with every log captured (the handler's logger and slog.Default). It fails
// if a token or any profile value of the users appears in the logs. The
// answers must contain the values, so the check is not vacuous.
func TestNoSecretsInLogsWithCognitoLocal(t *testing.T) {
	c := testpeers.StartCognito(t)
	poolID, clientID := c.CreatePool(t, "Harden PII")
	users := []map[string]string{
		{"given_name": "Philomena", "family_name": "Strathclyde", "email": "philomena.s@example.net",
			"phone_number": "+15555550123", "address": "7 Juniper Close, Leeds"},
		{"given_name": "Octavius", "family_name": "Brannigan", "email": "o.brannigan@example.com",
			"phone_number": "+442079460321", "address": "221B Baker Street, London"},
	}
	var tokens []string
	for i, u := range users {
		tokens = append(tokens, c.CreateUser(t, poolID, clientID, "user"+string(rune('a'+i))+"@example.org", "Passw0rd!Passw0rd", u))
	}

	c.SetEnv(t)
	t.Setenv("USER_POOL_ID", poolID)
	t.Setenv("USER_POOL_CLIENT_ID", clientID)
	t.Setenv("COGNITO_REGION", testpeers.Region)
	t.Setenv("COGNITO_ISSUER", c.Issuer(poolID))
	sink := &logtest.Sink{}
	sink.CaptureDefault(t)
	inv, err := lambdamain.Handler(context.Background(), linkedprofile.Skill, sink.Logger())
	if err != nil {
		t.Fatal(err)
	}

	say := func(token, typ, intent, info string) *runtime.ResponseEnvelope {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 7*time.Second)
		defer cancel()
		out, err := inv.Invoke(ctx, alexaRequest(typ, token, intent, info))
		if err != nil {
			t.Fatalf("%s %s: %v", typ, intent, err)
		}
		var env runtime.ResponseEnvelope
		if err := json.Unmarshal(out, &env); err != nil || (env.Response.OutputSpeech == nil && typ != "SessionEndedRequest") {
			t.Fatalf("%s %s: bad response %q (%v)", typ, intent, out, err)
		}
		return &env
	}
	for i, tok := range tokens {
		u := users[i]
		if s := say(tok, "LaunchRequest", "", "").Response.OutputSpeech.SSML; !strings.Contains(s, u["given_name"]) {
			t.Errorf("user %d: launch speech lacks the given name: %q", i, s)
		}
		for _, info := range []string{"fullName", "phoneNumber", "emailAddress", "streetAddress", "fullProfile", ""} {
			say(tok, "IntentRequest", "RequestInfoIntent", info)
		}
		say(tok, "IntentRequest", "SayHelloIntent", "")
		say(tok, "IntentRequest", "AMAZON.HelpIntent", "")
		say(tok, "IntentRequest", "AMAZON.StopIntent", "")
		say(tok, "SessionEndedRequest", "", "")
	}
	// Tampered: user 0's token with user 1's payload: rejected locally.
	p0, p1 := strings.Split(tokens[0], "."), strings.Split(tokens[1], ".")
	tampered := p0[0] + "." + p1[1] + "." + p0[2]
	if card := say(tampered, "LaunchRequest", "", "").Response.Card; card == nil || card.Type != runtime.CardLinkAccount {
		t.Errorf("tampered token: card %+v, want LinkAccount", card)
	}
	if card := say("", "LaunchRequest", "", "").Response.Card; card == nil || card.Type != runtime.CardLinkAccount {
		t.Errorf("unlinked: card %+v, want LinkAccount", card)
	}

	var secrets []string
	secrets = append(secrets, tokens...)
	secrets = append(secrets, tampered)
	for _, u := range users {
		for _, v := range u {
			secrets = append(secrets, v)
		}
	}
	sink.AssertClean(t, secrets...)
	lines := sink.Lines()
	if want := 2*11 + 2; len(lines) < want {
		t.Errorf("log lines = %d, want at least %d (one per request)", len(lines), want)
	}
	if n := strings.Count(sink.String(), `"outcome":"answered"`); n < 20 {
		t.Errorf("answered requests logged = %d", n)
	}
	// The cache: one GetUser per user for the whole conversation.
	if n := strings.Count(sink.String(), `"cognitoCalls":1`); n != len(users) {
		t.Errorf("requests that called GetUser = %d, want %d", n, len(users))
	}
}

func alexaRequest(typ, token, intent, info string) []byte {
	const app = "amzn1.ask.skill.99999999-0000-0000-0000-000000000000"
	r := map[string]any{"type": typ, "requestId": "amzn1.echo-api.request.pii-" + typ + intent + info,
		"timestamp": time.Now().UTC().Format(time.RFC3339), "locale": "en-GB"}
	if typ == "SessionEndedRequest" {
		r["reason"] = "USER_INITIATED"
	}
	if intent != "" {
		in := map[string]any{"name": intent, "confirmationStatus": "NONE"}
		if intent == "RequestInfoIntent" {
			slot := map[string]any{"name": "infoTypeRequested", "value": "something"}
			if info != "" {
				slot["resolutions"] = map[string]any{"resolutionsPerAuthority": []any{map[string]any{
					"authority": "amzn1.er-authority.echo-sdk." + app + ".infoType", "status": map[string]any{"code": "ER_SUCCESS_MATCH"},
					"values": []any{map[string]any{"value": map[string]any{"name": info, "id": info}}}}}}
			}
			in["slots"] = map[string]any{"infoTypeRequested": slot}
		}
		r["intent"] = in
	}
	user := map[string]any{"userId": "amzn1.ask.account.pii"}
	if token != "" {
		user["accessToken"] = token
	}
	a := map[string]any{"applicationId": app}
	b, _ := json.Marshal(map[string]any{"version": "1.0",
		"session": map[string]any{"new": false, "sessionId": "amzn1.echo-api.session.pii", "application": a, "user": user},
		"context": map[string]any{"System": map[string]any{"application": a, "user": user}},
		"request": r})
	return b
}
