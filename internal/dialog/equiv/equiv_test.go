// Package equiv checks that the handler dialog and serve build from a
// spec's IR answers exactly like the generated Go package compiled from the
// same spec: same bytes for every request kind, intent, slot case, locale
// and profile shape. The generated package is what the Lambda runs, so this
// is what makes `skillgen dialog` and `skillgen serve` behave like the
// deployed skill.
package equiv

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"testing"

	"github.com/skillgen/skillgen/generated/linkedprofile"
	"github.com/skillgen/skillgen/generator"
	"github.com/skillgen/skillgen/generator/ir"
	"github.com/skillgen/skillgen/internal/dialog"
	"github.com/skillgen/skillgen/runtime"
	"github.com/skillgen/skillgen/variants/membercard/generated/membercard"
)

const skillID = "amzn1.ask.skill.equiv"

var profiles = map[string]map[string]string{
	"alice": {"given_name": "Alice", "family_name": "Liddell", "email": "alice@example.com",
		"phone_number": "+15555550100", "address": "12 Rabbit Hole Lane, Oxford",
		"custom:member_id": "M-0042", "custom:points": "1200"},
	"escapes": {"given_name": `Bob & <Rob> "B"`, "family_name": "O'Brien", "email": "b&b@example.com",
		"address": `{"street_address":"1 Main St","locality":"Springfield"}`},
	"empty": {},
}

// source answers by token: a profile name, "unlinked" (rejected token) or
// "broken" (Cognito failure).
func source() runtime.ProfileSource {
	return runtime.ProfileSourceFunc(func(_ context.Context, token string) (map[string]string, error) {
		switch token {
		case "unlinked":
			return nil, runtime.ErrNotLinked
		case "broken":
			return nil, errors.New("cognito unavailable")
		}
		if p, ok := profiles[token]; ok {
			return p, nil
		}
		return nil, fmt.Errorf("unknown test token %q", token)
	})
}

// requests returns every request shape worth comparing for s.
func requests(s *ir.Skill) [][]byte {
	var out [][]byte
	tokens := []string{"", "unlinked", "broken", "alice", "escapes", "empty"}
	locales := append(s.LocaleCodes(), "en-NZ", "de-DE")
	intents := []*runtime.Intent{
		{Name: "AMAZON.HelpIntent"}, {Name: "AMAZON.StopIntent"}, {Name: "AMAZON.CancelIntent"},
		{Name: "AMAZON.FallbackIntent"}, {Name: "AMAZON.NavigateHomeIntent"}, {Name: "NoSuchIntent"},
	}
	for _, in := range s.Intents {
		intents = append(intents, &runtime.Intent{Name: in.Name})
		if in.Answers == nil {
			continue
		}
		slot := in.Answers.Slot.Name
		ids := []string{"noSuchId"}
		for _, c := range in.Answers.Cases {
			ids = append(ids, c.ID)
		}
		for _, id := range ids {
			intents = append(intents, &runtime.Intent{Name: in.Name, Slots: map[string]*runtime.Slot{slot: {
				Name: slot, Value: "x", Resolutions: &runtime.Resolutions{ResolutionsPerAuthority: []runtime.Resolution{{
					Authority: "a", Status: runtime.ResolutionStatus{Code: "ER_SUCCESS_MATCH"},
					Values: []runtime.ResolutionValue{{Value: runtime.ResolvedValue{Name: "x", ID: id}}}}}}}}})
		}
		intents = append(intents, &runtime.Intent{Name: in.Name, Slots: map[string]*runtime.Slot{slot: {
			Name: slot, Value: "x", Resolutions: &runtime.Resolutions{ResolutionsPerAuthority: []runtime.Resolution{{
				Authority: "a", Status: runtime.ResolutionStatus{Code: "ER_SUCCESS_NO_MATCH"}}}}}}})
	}
	// speakers: unrecognized, recognized without their own link, and
	// recognized with their own link (personalization)
	persons := []runtime.Person{{}, {PersonID: `amzn1.ask.person.P"<&>`}, {PersonID: "amzn1.ask.person.Q", AccessToken: "escapes"}}
	for _, tok := range tokens {
		for _, loc := range locales {
			for _, person := range persons {
				base := func(typ string) *runtime.RequestEnvelope {
					u := runtime.User{UserID: "u", AccessToken: tok}
					app := runtime.Application{ApplicationID: skillID}
					return &runtime.RequestEnvelope{Version: "1.0",
						Session: &runtime.Session{New: true, SessionID: "s", Application: app, User: u},
						Context: runtime.Context{System: runtime.System{Application: app, User: u, Person: person}},
						Request: runtime.Request{Type: typ, RequestID: "r", Timestamp: "2025-01-01T00:00:00Z", Locale: loc}}
				}
				add := func(e *runtime.RequestEnvelope) {
					b, err := json.Marshal(e)
					if err != nil {
						panic(err)
					}
					out = append(out, b)
				}
				add(base(runtime.TypeLaunch))
				e := base(runtime.TypeSessionEnded)
				e.Request.Reason = "USER_INITIATED"
				add(e)
				for _, in := range intents {
					e := base(runtime.TypeIntent)
					e.Request.Intent = in
					add(e)
				}
			}
		}
	}
	return out
}

func compare(t *testing.T, specPath string, compiled *runtime.Handler) {
	t.Helper()
	s, err := generator.Build(specPath)
	if err != nil {
		t.Fatal(err)
	}
	quiet := runtime.WithLogger(slog.New(slog.DiscardHandler))
	interp, err := dialog.NewHandler(s, source(), runtime.WithSkillID(skillID), quiet)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	n := 0
	for _, req := range requests(s) {
		want, werr := compiled.Invoke(ctx, req)
		got, gerr := interp.Invoke(ctx, req)
		if (werr == nil) != (gerr == nil) {
			t.Fatalf("request %s:\ngenerated error %v, dialog error %v", req, werr, gerr)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("request %s:\ngenerated %s\ndialog    %s", req, want, got)
		}
		n++
	}
	t.Logf("%s: %d requests answered identically", specPath, n)
}

func root(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs("../../..")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "go.mod")); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestLinkedProfileMatchesGenerated(t *testing.T) {
	h, err := linkedprofile.New(source(), runtime.WithSkillID(skillID), runtime.WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		t.Fatal(err)
	}
	compare(t, filepath.Join(root(t), "skill.yaml"), h)
}

func TestMemberCardMatchesGenerated(t *testing.T) {
	h, err := membercard.New(source(), runtime.WithSkillID(skillID), runtime.WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		t.Fatal(err)
	}
	compare(t, filepath.Join(root(t), "variants", "membercard", "skill.yaml"), h)
}
