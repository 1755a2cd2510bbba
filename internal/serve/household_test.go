package serve_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/skillgen/skillgen/internal/serve"
	"github.com/skillgen/skillgen/internal/testpeers"
	"github.com/skillgen/skillgen/runtime"
	"github.com/skillgen/skillgen/runtime/logging/logtest"
)

// TestHouseholdServe: `skillgen serve` answering a household against
// cognito-local (two members linked as two persons of one Alexa account,
// the owner's account-level link, a recognized member without a link and
// an unrecognized speaker, interleaved) for the bundled skill (the unlinked
// member is asked to link) and the member-card variant (it opts in to the
// account profile), through the server's chain: each person's own token
// verified locally against the pool, the verified-token and profile caches,
// GetUser at cognito-local.
func TestHouseholdServe(t *testing.T) {
	if testing.Short() {
		t.Skip("starts cognito-local")
	}
	c := testpeers.StartCognito(t)
	pool, client := c.CreatePool(t, "Household", testpeers.CustomString("member_id"), testpeers.CustomNumber("points"))
	hh := c.CreateHousehold(t, pool, client)
	endpoint := ""
	for _, kv := range c.Env() {
		if v, ok := strings.CutPrefix(kv, "AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER="); ok {
			endpoint = v
		}
	}
	if endpoint == "" {
		t.Fatalf("no Cognito endpoint in %q", c.Env())
	}
	for _, sk := range []struct {
		name, spec string
		ask        testpeers.HouseholdSkill
	}{
		{"linkedprofile", specPath, testpeers.HouseholdSkill{SkillID: skillID, Locale: "en-US",
			Intent: "RequestInfoIntent", Slot: "infoTypeRequested", ID: "phoneNumber",
			Say: func(p map[string]string) string {
				return `Your phone number is <say-as interpret-as="telephone">` + p["phone_number"] + `</say-as>.`
			}}},
		{"membercard", filepath.Join("..", "..", "variants", "membercard", "skill.yaml"), testpeers.HouseholdSkill{SkillID: skillID, Locale: "en-GB",
			Intent: "PointsIntent",
			Say: func(p map[string]string) string {
				return "You have " + p["custom:points"] + " points, " + p["given_name"] + "."
			},
			AccountProfile: true}},
	} {
		t.Run(sk.name, func(t *testing.T) {
			logs := new(logtest.Sink)
			ctx, cancel := context.WithCancel(context.Background())
			exited := make(chan int, 1)
			go func() {
				exited <- serve.Command(ctx, []string{"-f", sk.spec, "--addr", "127.0.0.1:0", "--skill-id", skillID,
					"--insecure-skip-signature", "--cognito-endpoint", endpoint, "--region", "us-east-1",
					"--user-pool-id", pool, "--client-id", client}, nil, nil, logs)
			}()
			defer func() {
				cancel()
				select {
				case <-exited:
				case <-time.After(15 * time.Second):
					t.Error("serve did not stop within 15 s")
				}
			}()
			url := "http://" + waitReady(t, logs.String, exited) + "/"
			testpeers.RunHousehold(t, hh, sk.ask, func(t *testing.T, body []byte) testpeers.HouseholdAnswer {
				status, env := post(t, url, body)
				if status != 200 {
					t.Fatalf("HTTP %d\n%s", status, logs)
				}
				return answerOf(env)
			})
		})
	}
}

func answerOf(env runtime.ResponseEnvelope) testpeers.HouseholdAnswer {
	var a testpeers.HouseholdAnswer
	if env.Response.OutputSpeech != nil {
		a.Speech = env.Response.OutputSpeech.SSML
	}
	if env.Response.Card != nil {
		a.CardType = env.Response.Card.Type
	}
	return a
}
