package e2e

import (
	"context"
	"fmt"
	"testing"

	"github.com/skillgen/skillgen/generated/linkedprofile"
	"github.com/skillgen/skillgen/runtime"
	"github.com/skillgen/skillgen/variants/membercard/generated/membercard"
)

// mapSource serves fixed profiles by token; unknown tokens are rejected.
type mapSource map[string]map[string]string

func (m mapSource) Profile(_ context.Context, token string) (map[string]string, error) {
	if p, ok := m[token]; ok {
		return p, nil
	}
	return nil, runtime.ErrNotLinked
}

func inProcess(h *runtime.Handler) func(t *testing.T, body []byte) []byte {
	return func(t *testing.T, body []byte) []byte {
		out, err := h.Invoke(context.Background(), body)
		if err != nil {
			t.Fatalf("Invoke: %v", err)
		}
		return out
	}
}

// TestLinkedProfileInProcess drives the generated bundled skill through the
// runtime with profiles served from memory.
func TestLinkedProfileInProcess(t *testing.T) {
	h, err := linkedprofile.New(mapSource{"ada": ada, "nophone": noPhone()})
	if err != nil {
		t.Fatal(err)
	}
	for _, loc := range []string{"en-US", "en-GB", "en-AU", "en-CA", "en-IN", "en-NZ"} {
		t.Run(loc, func(t *testing.T) {
			run(t, linkedProfileCases(loc, "ada"), inProcess(h))
			run(t, missingPhoneCases(loc, "nophone"), inProcess(h))
			run(t, linkAccountCases(loc, ""), inProcess(h))
			run(t, linkAccountCases(loc, "revoked"), inProcess(h))
		})
	}
}

// TestMemberCardInProcess drives the generated example variant, which
// speaks custom attributes.
func TestMemberCardInProcess(t *testing.T) {
	h, err := membercard.New(mapSource{"ada": ada})
	if err != nil {
		t.Fatal(err)
	}
	for _, loc := range []string{"en-US", "en-GB"} {
		t.Run(loc, func(t *testing.T) {
			run(t, memberCardCases(loc, "ada"), inProcess(h))
		})
	}
}

func memberCardCases(locale, tok string) []tc {
	r := func(typ, intent string) alexa { return alexa{typ: typ, locale: locale, token: tok, intent: intent} }
	return []tc{
		{name: "launch", req: r("LaunchRequest", ""), speech: []string{"Welcome back to Member Card, Ada."}, reprompt: "<speak>What would you like to know?</speak>", end: no()},
		{name: "MemberNumberIntent", req: r("IntentRequest", "MemberNumberIntent"), speech: []string{`Your member number is <say-as interpret-as="characters">AB12</say-as>.`}, reprompt: "<speak>What else can I do for you?</speak>", end: no()},
		{name: "PointsIntent", req: r("IntentRequest", "PointsIntent"), speech: []string{"You have 1200 points, Ada."}, reprompt: "<speak>What else can I do for you?</speak>", end: no()},
		{name: "SayHelloIntent omitted", req: r("IntentRequest", "SayHelloIntent"), speech: []string{"Sorry, I can't help with that."}, reprompt: reprompt, end: no()},
		{name: "RequestInfoIntent inherited", req: alexa{typ: "IntentRequest", locale: locale, token: tok, intent: "RequestInfoIntent", slot: "infoTypeRequested", value: "phone", id: "phoneNumber"}, speech: []string{adaPhone}, reprompt: reprompt, end: no()},
	}
}

// TestConcurrentInvoke: one handler serves many requests at once (the
// pooled per-request state must not leak between them).
func TestConcurrentInvoke(t *testing.T) {
	h, err := linkedprofile.New(mapSource{"ada": ada, "nophone": noPhone()})
	if err != nil {
		t.Fatal(err)
	}
	var bodies, want [][]byte
	for _, c := range append(linkedProfileCases("en-GB", "ada"), missingPhoneCases("en-US", "nophone")...) {
		b := c.req.body(t)
		out, err := h.Invoke(context.Background(), b)
		if err != nil {
			t.Fatal(err)
		}
		bodies, want = append(bodies, b), append(want, out)
	}
	errs := make(chan string, 8)
	for g := range 8 {
		go func() {
			for i := range 200 {
				k := (i + g) % len(bodies)
				out, err := h.Invoke(context.Background(), bodies[k])
				if err != nil || string(out) != string(want[k]) {
					errs <- fmt.Sprintf("request %d: %v\n got %s\nwant %s", k, err, out, want[k])
					return
				}
			}
			errs <- ""
		}()
	}
	for range 8 {
		if e := <-errs; e != "" {
			t.Error(e)
		}
	}
}
