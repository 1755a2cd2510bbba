package cognito

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"

	"github.com/skillgen/skillgen/internal/facts"
	"github.com/skillgen/skillgen/runtime"
	"github.com/skillgen/skillgen/runtime/auth"
)

// double is a Cognito GetUser endpoint speaking the AWS JSON 1.1 protocol.
// cognito-local never rejects a token (expired, forged and revoked tokens
// all get the user), so rejection is tested against this double.
type double struct {
	mu      sync.Mutex
	status  int
	body    string
	headers []http.Header
	tokens  []string
}

func (d *double) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.headers = append(d.headers, r.Header.Clone())
	var in struct{ AccessToken string }
	_ = json.NewDecoder(r.Body).Decode(&in)
	d.tokens = append(d.tokens, in.AccessToken)
	if r.Header.Get("X-Amz-Target") != "AWSCognitoIdentityProviderService.GetUser" {
		w.WriteHeader(400)
		_, _ = w.Write([]byte(`{"__type":"UnknownOperationException"}`))
		return
	}
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	w.WriteHeader(d.status)
	_, _ = w.Write([]byte(d.body))
}

// start serves d and points the SDK at it the standard way.
func start(t *testing.T, d *double) *Source {
	t.Helper()
	srv := httptest.NewServer(d)
	t.Cleanup(srv.Close)
	t.Setenv("AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER", srv.URL)
	t.Setenv(facts.EnvRegion, "eu-west-1")
	// credentials in the environment must not be used: the call is anonymous
	t.Setenv("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "secret")
	s, err := New(context.Background(), func(o *cip.Options) { o.Retryer = aws.NopRetryer{} })
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestProfile(t *testing.T) {
	d := &double{status: 200, body: `{"Username":"ada","UserAttributes":[{"Name":"sub","Value":"1"},{"Name":"given_name","Value":"Ada"},{"Name":"custom:points","Value":"12"}]}`}
	s := start(t, d)
	got, err := s.Profile(context.Background(), "tok-1")
	if err != nil {
		t.Fatal(err)
	}
	if got["given_name"] != "Ada" || got["custom:points"] != "12" || got["sub"] != "1" || len(got) != 3 {
		t.Errorf("profile %v", got)
	}
	if d.tokens[0] != "tok-1" {
		t.Errorf("token sent %q", d.tokens[0])
	}
	h := d.headers[0]
	if a := h.Get("Authorization"); a != "" {
		t.Errorf("request is signed (Authorization %q); GetUser must be anonymous", a)
	}
	if ct := h.Get("Content-Type"); ct != "application/x-amz-json-1.1" {
		t.Errorf("Content-Type %q", ct)
	}
}

func TestProfileRejectedTokenIsNotLinked(t *testing.T) {
	for _, typ := range []string{"NotAuthorizedException", "UserNotFoundException"} {
		d := &double{status: 400, body: `{"__type":"` + typ + `","message":"Access Token has expired"}`}
		s := start(t, d)
		_, err := s.Profile(context.Background(), "expired")
		if !errors.Is(err, runtime.ErrNotLinked) {
			t.Errorf("%s: err = %v, want ErrNotLinked", typ, err)
		}
	}
}

func TestProfileOtherFailures(t *testing.T) {
	for _, c := range []struct {
		status int
		body   string
	}{
		{500, `{"__type":"InternalErrorException","message":"boom"}`},
		{400, `{"__type":"TooManyRequestsException","message":"slow down"}`},
		{400, `{"__type":"InvalidParameterException","message":"bad token"}`},
		{200, `not json`},
	} {
		d := &double{status: c.status, body: c.body}
		s := start(t, d)
		_, err := s.Profile(context.Background(), "secret-token-xyz")
		if err == nil || errors.Is(err, runtime.ErrNotLinked) {
			t.Errorf("%d %s: err = %v, want a failure other than ErrNotLinked", c.status, c.body, err)
			continue
		}
		if strings.Contains(err.Error(), "secret-token-xyz") {
			t.Errorf("error carries the token: %v", err)
		}
	}
}

func TestProfileEmptyToken(t *testing.T) {
	d := &double{status: 200, body: `{}`}
	s := start(t, d)
	if _, err := s.Profile(context.Background(), ""); !errors.Is(err, runtime.ErrNotLinked) {
		t.Errorf("err = %v", err)
	}
	if len(d.tokens) != 0 {
		t.Error("Cognito called without a token")
	}
}

// TestNewRegion: GetUser goes to the region the token verifier takes the
// issuer from (facts.PoolRegion), for every way the region is given.
func TestNewRegion(t *testing.T) {
	for _, tc := range []struct {
		region, pool, aws, want string
	}{
		{"ap-southeast-2", "eu-west-1_Abc", "us-west-2", "ap-southeast-2"}, // COGNITO_REGION first
		{"", "eu-west-1_Abc", "us-west-2", "eu-west-1"},                    // then the pool ID's prefix
		{"", "local_5wmE", "us-west-2", "us-west-2"},                       // then Lambda's AWS_REGION
		{" ", "eu-central-1_X", "", "eu-central-1"},                        // blank is unset
	} {
		t.Setenv(facts.EnvRegion, tc.region)
		t.Setenv(facts.EnvUserPoolID, tc.pool)
		t.Setenv(facts.EnvAWSRegion, tc.aws)
		s, err := New(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if got := s.api.(*cip.Client).Options().Region; got != tc.want {
			t.Errorf("%+v: GetUser region %q, want %q", tc, got, tc.want)
		}
		cfg, err := auth.ConfigFromEnv(func(k string) string {
			if k == facts.EnvClientID {
				return "client"
			}
			return os.Getenv(k)
		})
		if err != nil {
			t.Fatal(err)
		}
		v, err := auth.NewVerifier(cfg)
		if err != nil {
			t.Fatal(err)
		}
		if want := "https://cognito-idp." + tc.want + ".amazonaws.com/" + tc.pool; v.Issuer() != want {
			t.Errorf("%+v: issuer %q, want %q (the region GetUser uses)", tc, v.Issuer(), want)
		}
		// the SDK turns aws.AnonymousCredentials into "no credentials":
		// requests are not signed and nothing is looked up
		switch c := s.api.(*cip.Client).Options().Credentials; c.(type) {
		case nil, aws.AnonymousCredentials:
		default:
			t.Errorf("credentials %T, want none (anonymous)", c)
		}
	}
	// No region anywhere (cognito-local pool, endpoint override): the SDK
	// still needs one.
	t.Setenv(facts.EnvRegion, "")
	t.Setenv(facts.EnvUserPoolID, "local_5wmE")
	t.Setenv(facts.EnvAWSRegion, "")
	if s, _ := New(context.Background()); s.api.(*cip.Client).Options().Region != facts.DefaultRegion {
		t.Errorf("no region: %q", s.api.(*cip.Client).Options().Region)
	}
}

func TestEndpointPrecedence(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	for _, tc := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{}, ""},
		{map[string]string{EnvEndpointAll: "http://all"}, "http://all"},
		{map[string]string{EnvEndpointAll: "http://all", EnvEndpoint: "http://cognito"}, "http://cognito"},
		{map[string]string{EnvEndpoint: "http://cognito", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true"}, ""},
	} {
		if got := Endpoint(env(tc.env)); got != tc.want {
			t.Errorf("%v: got %q, want %q", tc.env, got, tc.want)
		}
	}
}
