package logging_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/lambdacontext"

	"github.com/skillgen/skillgen/runtime"
	"github.com/skillgen/skillgen/runtime/logging"
	"github.com/skillgen/skillgen/runtime/logging/logtest"
)

// jwtLike is shaped like an access token (logging.ContainsJWT).
const jwtLike = "eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0.eyJzdWIiOiJhYmMiLCJ0b2tlbl91c2UiOiJhY2Nlc3MifQ.c2lnbmF0dXJlLWJ5dGVz"

// TestRequestLineKeepsSecretsOut runs Requests with the runtime's handler
// (the fast path) around a stand-in handler that fetches a profile through
// the Profile and Cognito decorators, with the access token also planted
// in every string the line prints (request ID, type, locale, intent name,
// Lambda request ID). No token and no profile value may appear, in plain
// or escaped form; the same check finds the request's own values, so it
// is not vacuous.
func TestRequestLineKeepsSecretsOut(t *testing.T) {
	profile := map[string]string{"given_name": `Zoë "Zed"`, "family_name": "Ōtsuki\u2028", "email": "zed&co@example.org",
		"phone_number": "+15555550199", "address": "1 Rue <Haute>, Paris"}
	for _, text := range []bool{false, true} {
		sink := &logtest.Sink{}
		log := sink.Logger()
		if text {
			log = slog.New(logging.NewTextHandler(sink, nil))
		}
		src := logging.Profile(logging.Cognito(runtime.ProfileSourceFunc(func(context.Context, string) (map[string]string, error) {
			return profile, nil
		})))
		inv := logging.Requests(log, func(ctx context.Context, payload []byte) ([]byte, error) {
			var env runtime.RequestEnvelope
			if err := runtime.DecodeRequest(payload, &env); err != nil {
				return nil, err
			}
			runtime.NoteRequest(ctx, &env)
			p, err := src.Profile(ctx, env.AccessToken())
			if err != nil {
				return nil, err
			}
			return []byte(`{"version":"1.0","response":{"outputSpeech":{"type":"PlainText","text":"Hi ` + p["given_name"] + `"}}}`), nil
		})
		body := func(rid, typ, locale, intent string) []byte {
			b, _ := json.Marshal(map[string]any{"version": "1.0",
				"context": map[string]any{"System": map[string]any{"application": map[string]any{"applicationId": "a"},
					"user": map[string]any{"userId": "u", "accessToken": jwtLike}}},
				"request": map[string]any{"type": typ, "requestId": rid, "locale": locale, "intent": map[string]any{"name": intent}}})
			return b
		}
		rids := []string{"rid-1\u2028\"", "rid-2 " + jwtLike}
		for _, rid := range rids {
			ctx := lambdacontext.NewContext(context.Background(), &lambdacontext.LambdaContext{AwsRequestID: "lambda " + jwtLike})
			if _, err := inv(ctx, body(rid, "IntentRequest"+jwtLike, "en-US"+jwtLike, jwtLike)); err != nil {
				t.Fatal(err)
			}
		}
		logs := sink.String()
		if n := strings.Count(logs, "\n"); n != len(rids) {
			t.Fatalf("text=%v: %d lines, want %d:\n%s", text, n, len(rids), logs)
		}
		secrets := []string{jwtLike}
		for _, v := range profile {
			secrets = append(secrets, v)
		}
		for i, leaked := range logtest.Leaks(logs, secrets...) {
			if leaked {
				t.Errorf("text=%v: secret #%d in the log:\n%s", text, i, logs)
			}
		}
		if !logtest.Leaks(logs, rids[0])[0] || !strings.Contains(logs, "cognitoCalls") {
			t.Errorf("text=%v: the request's own ID is not found in the log, the check is blind:\n%s", text, logs)
		}
		if strings.Count(logs, logging.Redacted) != 2*5-1 { // every planted token; rid 1 has none
			t.Errorf("text=%v: redactions = %d, want 9:\n%s", text, strings.Count(logs, logging.Redacted), logs)
		}
	}
}
