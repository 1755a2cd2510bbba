package testpeers_test

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"

	"github.com/skillgen/skillgen/internal/testpeers"
)

func TestCognitoGetUser(t *testing.T) {
	c := testpeers.StartCognito(t)
	t.Logf("cognito-local healthy after %v at %s", c.StartupTime.Round(time.Millisecond), c.Endpoint)
	pool, client := c.CreatePool(t, "demo", testpeers.CustomString("favorite_color"))
	tok := c.CreateUser(t, pool, client, "alice", "Passw0rd!long", map[string]string{
		"given_name":            "Alice",
		"family_name":           "Liddell",
		"email":                 "alice@example.com",
		"phone_number":          "+15555550100",
		"address":               "1 Rabbit Hole, Wonderland",
		"custom:favorite_color": "blue",
	})
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	out, err := c.Client.GetUser(ctx, &cip.GetUserInput{AccessToken: aws.String(tok)})
	if err != nil {
		t.Fatalf("GetUser: %v", err)
	}
	got := map[string]string{}
	for _, a := range out.UserAttributes {
		got[aws.ToString(a.Name)] = aws.ToString(a.Value)
	}
	for k, v := range map[string]string{"given_name": "Alice", "custom:favorite_color": "blue", "phone_number": "+15555550100"} {
		if got[k] != v {
			t.Errorf("GetUser attribute %s = %q, want %q (all: %v)", k, got[k], v, got)
		}
	}
}
