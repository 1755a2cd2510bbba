package pretoken

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"github.com/skillgen/skillgen/runtime/logging"
)

// spoken are the attributes a skill speaks: standard ones, a custom one,
// and sub, which every access token carries already.
var spoken = []string{"given_name", "family_name", "email", "phone_number", "address", "custom:member_id", "sub"}

// handle runs the trigger on an event file the way Lambda does (JSON in,
// JSON out) and returns the response as generic JSON plus the log.
func handle(t *testing.T, file string) (resp map[string]any, event map[string]any, log string) {
	t.Helper()
	in, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	tr, err := New(spoken, logging.New(&buf))
	if err != nil {
		t.Fatal(err)
	}
	var ev events.CognitoEventUserPoolsPreTokenGenV2_0
	if err := json.Unmarshal(in, &ev); err != nil {
		t.Fatal(err)
	}
	out, err := tr.Handle(context.Background(), ev)
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(out)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &event); err != nil {
		t.Fatal(err)
	}
	resp = event["response"].(map[string]any)["claimsAndScopeOverrideDetails"].(map[string]any)
	return resp, event, buf.String()
}

func TestAddsSpokenAttributesOnly(t *testing.T) {
	resp, event, log := handle(t, "testdata/v2_authentication.json")
	at := resp["accessTokenGeneration"].(map[string]any)
	got := at["claimsToAddOrOverride"].(map[string]any)
	want := map[string]any{
		"given_name":       "Ada",
		"family_name":      `Lovelace <& "Byron">`,
		"email":            "ada@example.com",
		"address":          map[string]any{"formatted": "12 St James's Square, London"},
		"custom:member_id": "M-1815",
		// phone_number: the user has none, so no claim; sub: in every
		// token already; email_verified, birthdate, custom:pin,
		// cognito:*: not spoken.
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("claims\n got %v\nwant %v", got, want)
	}
	// Nothing else changes: no suppression, no scopes, no ID token, no
	// groups.
	for _, k := range []string{"claimsToSuppress", "scopesToAdd", "scopesToSuppress"} {
		if at[k] != nil {
			t.Errorf("accessTokenGeneration.%s = %v, want null", k, at[k])
		}
	}
	id := resp["idTokenGeneration"].(map[string]any)
	if id["claimsToAddOrOverride"] != nil || id["claimsToSuppress"] != nil {
		t.Errorf("idTokenGeneration changed: %v", id)
	}
	g := resp["groupOverrideDetails"].(map[string]any)
	if g["groupsToOverride"] != nil || g["iamRolesToOverride"] != nil || g["preferredRole"] != nil {
		t.Errorf("groupOverrideDetails changed: %v", g)
	}
	// The request part goes back as it came.
	if event["userName"] != "ada" || event["triggerSource"] != "TokenGeneration_Authentication" {
		t.Errorf("event header changed: %v", event)
	}
	// The log names counts, never a value.
	for _, v := range []string{"Ada", "Lovelace", "ada@example.com", "M-1815", "James"} {
		if strings.Contains(log, v) {
			t.Errorf("log holds the profile value %q: %s", v, log)
		}
	}
	if !strings.Contains(log, `"claims":5`) || !strings.Contains(log, `"absent":1`) {
		t.Errorf("log: %s", log)
	}
}

func TestAddressInItsJSONForm(t *testing.T) {
	resp, _, _ := handle(t, "testdata/v2_refresh_json_address.json")
	got := resp["accessTokenGeneration"].(map[string]any)["claimsToAddOrOverride"].(map[string]any)
	want := map[string]any{
		"email":   "grace@example.com",
		"address": map[string]any{"street_address": "1 Navy Way", "locality": "Arlington", "region": "VA", "country": "US"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("claims\n got %v\nwant %v", got, want)
	}
	if g := resp["groupOverrideDetails"].(map[string]any); g["groupsToOverride"] != nil {
		t.Errorf("the user's groups are overridden: %v", g)
	}
}

func TestNoAttributesNoClaims(t *testing.T) {
	tr, err := New([]string{"custom:member_id"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	ev := events.CognitoEventUserPoolsPreTokenGenV2_0{}
	ev.Version = "2"
	ev.Request.UserAttributes = map[string]string{"sub": "x", "email": "e@example.com", "custom:member": "not this one"}
	out, err := tr.Handle(context.Background(), ev)
	if err != nil {
		t.Fatal(err)
	}
	if c := out.Response.ClaimsAndScopeOverrideDetails.AccessTokenGeneration.ClaimsToAddOrOverride; len(c) != 0 {
		t.Errorf("claims for a user without the attribute: %v", c)
	}
}

func TestVersionOneIsLogged(t *testing.T) {
	var buf bytes.Buffer
	tr, err := New([]string{"email"}, logging.New(&buf))
	if err != nil {
		t.Fatal(err)
	}
	ev := events.CognitoEventUserPoolsPreTokenGenV2_0{}
	ev.Version = "1"
	ev.Request.UserAttributes = map[string]string{"email": "e@example.com"}
	if _, err := tr.Handle(context.Background(), ev); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `"level":"WARN"`) || !strings.Contains(buf.String(), "V2_0") {
		t.Errorf("a version 1 event is not reported: %s", buf.String())
	}
}

func TestNew(t *testing.T) {
	if _, err := New(nil, nil); err == nil {
		t.Error("New(nil) succeeded")
	}
	if _, err := New([]string{"email", " "}, nil); err == nil {
		t.Error("New with a blank name succeeded")
	}
	tr, err := New([]string{"sub", "email", "address", "email"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := tr.Names(); !reflect.DeepEqual(got, []string{"address", "email"}) {
		t.Errorf("Names() = %v", got)
	}
}

func TestAddressObject(t *testing.T) {
	for in, want := range map[string]string{
		"1 Main St":                   `{"formatted":"1 Main St"}`,
		` {"formatted":"1 Main St"} `: `{"formatted":"1 Main St"}`,
		`{"broken":`:                  `{"formatted":"{\"broken\":"}`,
		`Flat "B" <2>`:                `{"formatted":"Flat \"B\" \u003c2\u003e"}`,
	} {
		if got := string(AddressObject(in)); got != want {
			t.Errorf("AddressObject(%q) = %s, want %s", in, got, want)
		}
	}
}
