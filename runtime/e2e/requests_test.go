package e2e

import (
	"encoding/json"
	"fmt"
	"testing"
)

// appID is the skill ID the test requests carry.
const appID = "amzn1.ask.skill.5b6a2d1c-0000-4000-8000-000000000001"

// alexa describes one request; body renders it as Alexa sends it.
type alexa struct {
	typ     string // LaunchRequest, IntentRequest, SessionEndedRequest
	locale  string
	token   string // account-linking access token; "" when not linked
	intent  string
	slot    string // slot name, with value and id below
	value   string // spoken value
	id      string // resolved id; "" for ER_SUCCESS_NO_MATCH
	newSess bool
	// personID and personToken: a speaker Alexa recognized by voice
	// (context.System.person) and their own link; "" for none.
	personID, personToken string
}

func (a alexa) body(t testing.TB) []byte {
	t.Helper()
	user := map[string]any{"userId": "amzn1.ask.account.AHEXAMPLEUSERID"}
	if a.token != "" {
		user["accessToken"] = a.token
	}
	app := map[string]any{"applicationId": appID}
	req := map[string]any{
		"type":      a.typ,
		"requestId": "amzn1.echo-api.request.0f2e6c7a-0000-4000-8000-000000000002",
		"timestamp": "2026-11-25T21:00:00Z",
		"locale":    a.locale,
	}
	switch a.typ {
	case "IntentRequest":
		in := map[string]any{"name": a.intent, "confirmationStatus": "NONE"}
		if a.slot != "" {
			slot := map[string]any{"name": a.slot, "value": a.value, "confirmationStatus": "NONE", "source": "USER"}
			auth := fmt.Sprintf("amzn1.er-authority.echo-sdk.%s.infoType", appID)
			if a.id != "" {
				slot["resolutions"] = map[string]any{"resolutionsPerAuthority": []any{map[string]any{
					"authority": auth,
					"status":    map[string]any{"code": "ER_SUCCESS_MATCH"},
					"values":    []any{map[string]any{"value": map[string]any{"name": a.value, "id": a.id}}},
				}}}
			} else if a.value != "" {
				slot["resolutions"] = map[string]any{"resolutionsPerAuthority": []any{map[string]any{
					"authority": auth, "status": map[string]any{"code": "ER_SUCCESS_NO_MATCH"},
				}}}
			}
			slot["slotValue"] = map[string]any{"type": "Simple", "value": a.value}
			in["slots"] = map[string]any{a.slot: slot}
		}
		req["intent"] = in
		req["dialogState"] = "COMPLETED"
	case "SessionEndedRequest":
		req["reason"] = "USER_INITIATED"
	}
	sys := map[string]any{
		"application": app,
		"user":        user,
		"device": map[string]any{
			"deviceId":            "amzn1.ask.device.AEXAMPLEDEVICEID",
			"supportedInterfaces": map[string]any{},
		},
		"apiEndpoint":    "https://api.amazonalexa.com",
		"apiAccessToken": "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.e30.c2ln",
	}
	if a.personID != "" {
		p := map[string]any{"personId": a.personID, "authenticationConfidenceLevel": map[string]any{"level": 400}}
		if a.personToken != "" {
			p["accessToken"] = a.personToken
		}
		sys["person"] = p
	}
	env := map[string]any{
		"version": "1.0",
		"session": map[string]any{
			"new":         a.newSess,
			"sessionId":   "amzn1.echo-api.session.3c1d-0000-4000-8000-000000000003",
			"application": app,
			"attributes":  map[string]any{},
			"user":        user,
		},
		"context": map[string]any{
			"System":   sys,
			"Viewport": map[string]any{"experiences": []any{map[string]any{"arcMinuteWidth": 246, "arcMinuteHeight": 144, "canRotate": false, "canResize": false}}, "shape": "RECTANGLE", "pixelWidth": 1024, "pixelHeight": 600, "dpi": 160, "currentPixelWidth": 1024, "currentPixelHeight": 600, "touch": []any{"SINGLE"}},
		},
		"request": req,
	}
	b, err := json.Marshal(env)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// response is the part of an Alexa response the tests read.
type response struct {
	Version  string `json:"version"`
	Response struct {
		OutputSpeech *struct {
			Type string `json:"type"`
			SSML string `json:"ssml"`
		} `json:"outputSpeech"`
		Card *struct {
			Type    string `json:"type"`
			Title   string `json:"title"`
			Content string `json:"content"`
		} `json:"card"`
		Reprompt *struct {
			OutputSpeech struct {
				SSML string `json:"ssml"`
			} `json:"outputSpeech"`
		} `json:"reprompt"`
		ShouldEndSession *bool `json:"shouldEndSession"`
	} `json:"response"`
	// set when the Lambda function failed
	ErrorMessage string `json:"errorMessage"`
	ErrorType    string `json:"errorType"`
}

func parse(t testing.TB, out []byte) *response {
	t.Helper()
	var r response
	if err := json.Unmarshal(out, &r); err != nil {
		t.Fatalf("response is not JSON: %v\n%s", err, out)
	}
	if r.ErrorMessage != "" || r.ErrorType != "" {
		t.Fatalf("function error: %s: %s", r.ErrorType, r.ErrorMessage)
	}
	if r.Version != "1.0" {
		t.Fatalf("response version %q: %s", r.Version, out)
	}
	return &r
}

func (r *response) speech() string {
	if r.Response.OutputSpeech == nil {
		return ""
	}
	return r.Response.OutputSpeech.SSML
}
