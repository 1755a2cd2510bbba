package facts_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/skillgen/skillgen/generated/linkedprofile"
	"github.com/skillgen/skillgen/generator"
	"github.com/skillgen/skillgen/generator/emit/deploy"
	"github.com/skillgen/skillgen/internal/facts"
	"github.com/skillgen/skillgen/runtime"
	"github.com/skillgen/skillgen/runtime/lambdamain"
)

// templateEnv is the environment the deploy template gives the function of
// the bundled skill.
func templateEnv(t *testing.T) map[string]string {
	t.Helper()
	s, err := generator.Build("../../skill.yaml")
	if err != nil {
		t.Fatal(err)
	}
	tpl, err := deploy.Template(s)
	if err != nil {
		t.Fatal(err)
	}
	fn, err := tpl.GetLambdaFunctionWithName(deploy.ResFunction)
	if err != nil {
		t.Fatal(err)
	}
	if fn.Environment == nil {
		t.Fatal("the function has no environment")
	}
	return fn.Environment.Variables
}

// TestTemplateSetsLambdaEnv: the template sets exactly facts.LambdaEnv.
func TestTemplateSetsLambdaEnv(t *testing.T) {
	var got []string
	for k := range templateEnv(t) {
		got = append(got, k)
	}
	slices.Sort(got)
	want := slices.Sorted(slices.Values(facts.LambdaEnv))
	if !slices.Equal(got, want) {
		t.Errorf("the template sets %v, facts.LambdaEnv is %v", got, want)
	}
}

// deployedValues stand for what CloudFormation resolves the template's
// references to. The pool ID has no region prefix, so the region can only
// come from the region variable.
var deployedValues = map[string]string{
	facts.EnvRegion:     "eu-west-1",
	facts.EnvUserPoolID: "local_AbC123",
	facts.EnvClientID:   "client",
	facts.EnvSkillID:    "amzn1.ask.skill.11111111-2222-3333-4444-555555555555",
}

// runtimeEnv clears every variable the Lambda could fall back on, then sets
// vars. The key set URL points at a closed loopback port so the function's
// background key fetch stays on this machine.
func runtimeEnv(t *testing.T, vars map[string]string) {
	t.Helper()
	for _, k := range append(slices.Clone(facts.LambdaEnv), "AWS_REGION", "AWS_DEFAULT_REGION", "COGNITO_ISSUER",
		"AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER") {
		t.Setenv(k, "")
		os.Unsetenv(k)
	}
	t.Setenv("COGNITO_JWKS_URL", "http://127.0.0.1:1/jwks.json")
	for k, v := range vars {
		t.Setenv(k, v)
	}
}

func launch(applicationID string) []byte {
	return fmt.Appendf(nil, `{"version":"1.0","context":{"System":{"application":{"applicationId":%q},"user":{"userId":"u"}}},`+
		`"request":{"type":"LaunchRequest","requestId":"r","timestamp":"2026-11-25T21:00:00Z","locale":"en-US"}}`, applicationID)
}

// TestRuntimeReadsTemplateEnv ties the two sides: the Lambda runtime,
// started with the environment the template sets, uses every variable of
// it, and needs no variable the template does not set.
func TestRuntimeReadsTemplateEnv(t *testing.T) {
	env := templateEnv(t)
	for k := range env {
		if _, ok := deployedValues[k]; !ok {
			t.Fatalf("the template sets %s; give it a deployed value in this test and check the runtime reads it", k)
		}
	}
	start := func(vars map[string]string) (func([]byte) error, error) {
		runtimeEnv(t, vars)
		h, err := lambdamain.Handler(context.Background(), linkedprofile.Skill, slog.New(slog.NewTextHandler(io.Discard, nil)))
		if err != nil {
			return nil, err
		}
		return func(event []byte) error { _, err := h.Invoke(context.Background(), event); return err }, nil
	}
	all := map[string]string{}
	for k := range env {
		all[k] = deployedValues[k]
	}
	invoke, err := start(all)
	if err != nil {
		t.Fatalf("the runtime does not start with the template's environment: %v", err)
	}
	// SKILL_ID: a request for another skill is refused, one for this skill answered.
	if err := invoke(launch("amzn1.ask.skill.00000000-0000-0000-0000-000000000000")); !errors.Is(err, runtime.ErrWrongSkill) {
		t.Errorf("%s is not read: another skill's request got err = %v", facts.EnvSkillID, err)
	}
	if err := invoke(launch(deployedValues[facts.EnvSkillID])); err != nil {
		t.Errorf("this skill's request: %v", err)
	}
	// The pool, the client and (with a pool ID without region) the region
	// are needed: without each, the runtime refuses to start and names it.
	for _, k := range []string{facts.EnvUserPoolID, facts.EnvClientID, facts.EnvRegion} {
		vars := map[string]string{}
		for kk, v := range all {
			if kk != k {
				vars[kk] = v
			}
		}
		if _, err := start(vars); err == nil || !strings.Contains(err.Error(), k) {
			t.Errorf("without %s the runtime starts or does not name it (err = %v)", k, err)
		}
	}
}
