package interp_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/skillgen/skillgen/generated/linkedprofile"
	"github.com/skillgen/skillgen/generator"
	"github.com/skillgen/skillgen/generator/emit/handlers"
	"github.com/skillgen/skillgen/generator/ir"
	"github.com/skillgen/skillgen/generator/ir/irtest"
	"github.com/skillgen/skillgen/generator/plan"
	"github.com/skillgen/skillgen/internal/interp"
	"github.com/skillgen/skillgen/runtime"
	"github.com/skillgen/skillgen/variants/membercard/generated/membercard"
)

// testSkillID is the skill ID requests carry for a skill whose spec names
// none.
const testSkillID = "amzn1.ask.skill.interp-test"

// profiles by access token. "nophone" lacks one attribute, "empty" all of
// them; "escapes" holds every character SSML must escape.
var profiles = map[string]map[string]string{
	"alice": {"given_name": "Alice", "family_name": "Liddell", "email": "alice@example.com",
		"phone_number": "+15555550100", "address": "12 Rabbit Hole Lane, Oxford",
		"custom:member_id": "M-0042", "custom:points": "1200", "custom:favorite_color": "teal"},
	"nophone": {"given_name": "Alice", "family_name": "Liddell", "email": "alice@example.com",
		"address":          `{"street_address":"12 Rabbit Hole Lane","locality":"Oxford"}`,
		"custom:member_id": "M-0042", "custom:favorite_color": "teal"},
	"escapes": {"given_name": `Bob & <Rob> "B"`, "family_name": "O'Brien", "email": "b&b@example.com",
		"phone_number": "+1 <555> & 0100", "custom:favorite_color": "<break time=\"9s\"/>\x01",
		"address": `{"street_address":"1 Main St","locality":"Springfield"}`},
	"empty": {},
}

// The tokens every request is sent with: none (not linked), rejected by
// Cognito, a Cognito failure, and each profile.
var tokens = []string{"", "unlinked", "broken", "alice", "nophone", "escapes", "empty"}

// profileSource answers by token as tokens describes.
var profileSource = runtime.ProfileSourceFunc(func(_ context.Context, token string) (map[string]string, error) {
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

func quiet() runtime.Option { return runtime.WithLogger(slog.New(slog.DiscardHandler)) }

// TestInterpretedAnswersLikeGenerated proves that a skill's plan,
// interpreted (as dialog and serve run it), answers byte for byte like the
// Go package the emitter prints from the same plan (as the Lambda runs it):
// every request kind (launch, navigate home, help, stop, cancel, fallback,
// an unknown intent, session ended, a foreign skill ID), every custom
// intent with every slot case, an unknown id, no match and no value, in
// every locale of the skill and locales it lacks, for an unlinked account,
// a rejected token, a Cognito failure, and full, partial, empty and
// hostile profiles.
func TestInterpretedAnswersLikeGenerated(t *testing.T) {
	root := moduleRoot(t)
	for _, c := range []struct {
		name      string
		ir        func(t *testing.T) *ir.Skill
		generated func(t *testing.T, s *ir.Skill, reqs [][]byte) [][]byte
	}{
		{"linkedprofile", spec(filepath.Join(root, "skill.yaml")), inProcess(linkedprofile.New)},
		{"membercard", spec(filepath.Join(root, "variants", "membercard", "skill.yaml")), inProcess(membercard.New)},
		{"edge", func(*testing.T) *ir.Skill { return irtest.Edge() }, compiled},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := c.ir(t)
			p, err := plan.Build(s)
			if err != nil {
				t.Fatal(err)
			}
			h, err := interp.NewHandler(p, profileSource, quiet())
			if err != nil {
				t.Fatal(err)
			}
			reqs := requests(s)
			want := c.generated(t, s, reqs)
			kinds := map[string]int{}
			for i, req := range reqs {
				got, err := h.Invoke(context.Background(), req)
				if err != nil {
					got = []byte("error: " + err.Error())
				}
				if !bytes.Equal(got, want[i]) {
					t.Fatalf("request %s:\ngenerated   %s\ninterpreted %s", req, want[i], got)
				}
				kinds[kind(t, p, got)]++
			}
			// the requests reach every kind of answer the skill has
			need := []string{"empty", "link account", "missing attribute", "error message", "answer"}
			if s.SkillID != "" {
				need = append(need, "rejected")
			}
			if s.Messages.Launch.CardTitle != nil {
				need = append(need, "card")
			}
			for _, k := range need {
				if kinds[k] == 0 {
					t.Errorf("no request got a %s: %v", k, kinds)
				}
			}
			t.Logf("%d requests answered identically: %v", len(reqs), kinds)
		})
	}
}

// kind sorts a response for the coverage check.
func kind(t *testing.T, p *plan.Skill, resp []byte) string {
	if bytes.HasPrefix(resp, []byte("error: ")) {
		return "rejected"
	}
	var env runtime.ResponseEnvelope
	if err := json.Unmarshal(resp, &env); err != nil {
		t.Fatalf("response %s: %v", resp, err)
	}
	r := env.Response
	switch {
	case r.OutputSpeech == nil:
		return "empty"
	case r.Card != nil && r.Card.Type == runtime.CardLinkAccount:
		return "link account"
	case r.Card != nil:
		return "card"
	case says(r.OutputSpeech.SSML, p.MissingAttribute):
		return "missing attribute"
	case says(r.OutputSpeech.SSML, p.Error):
		return "error message"
	}
	return "answer"
}

// says reports whether ssml starts like the speech of a in some locale.
func says(ssml string, a *plan.Answer) bool {
	for _, v := range a.Speech.Variants {
		if len(v.Pieces) > 0 && v.Pieces[0].Kind == plan.Literal && strings.HasPrefix(ssml, "<speak>"+v.Pieces[0].Text) {
			return true
		}
	}
	return false
}

func spec(path string) func(t *testing.T) *ir.Skill {
	return func(t *testing.T) *ir.Skill {
		s, err := generator.Build(path)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
}

// inProcess answers with a generated package linked into the test.
func inProcess(newHandler func(runtime.ProfileSource, ...runtime.Option) (*runtime.Handler, error)) func(*testing.T, *ir.Skill, [][]byte) [][]byte {
	return func(t *testing.T, _ *ir.Skill, reqs [][]byte) [][]byte {
		h, err := newHandler(profileSource, quiet())
		if err != nil {
			t.Fatal(err)
		}
		out := make([][]byte, len(reqs))
		for i, req := range reqs {
			if out[i], err = h.Invoke(context.Background(), req); err != nil {
				out[i] = []byte("error: " + err.Error())
			}
		}
		return out
	}
}

// compiled emits the package of s, builds it with a driver that answers
// reqs with the same profile source, through a go overlay (nothing is
// written to the tree), and returns its answers.
func compiled(t *testing.T, s *ir.Skill, reqs [][]byte) [][]byte {
	if testing.Short() {
		t.Skip("runs go build")
	}
	root := moduleRoot(t)
	const rel = "internal/interp/testdata/compiled"
	s.Output.Code = rel + "/" + s.Package
	pkg := "github.com/skillgen/skillgen/" + s.Output.Code
	files, err := handlers.EmitPackage(s, pkg)
	if err != nil {
		t.Fatal(err)
	}
	prof, err := json.Marshal(profiles)
	if err != nil {
		t.Fatal(err)
	}
	files[rel+"/driver/main.go"] = fmt.Appendf(nil, driver, pkg, prof)
	tmp := t.TempDir()
	replace := map[string]string{}
	for name, src := range files {
		p := filepath.Join(tmp, strings.ReplaceAll(name, "/", "_"))
		if err := os.WriteFile(p, src, 0o644); err != nil {
			t.Fatal(err)
		}
		replace[filepath.Join(root, filepath.FromSlash(name))] = p
	}
	ov, err := json.Marshal(map[string]any{"Replace": replace})
	if err != nil {
		t.Fatal(err)
	}
	ovPath := filepath.Join(tmp, "overlay.json")
	if err := os.WriteFile(ovPath, ov, 0o644); err != nil {
		t.Fatal(err)
	}
	in, err := json.Marshal(reqs)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", "run", "-overlay", ovPath, "./"+rel+"/driver")
	cmd.Dir = root
	cmd.Stdin = bytes.NewReader(in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go run: %v\n%s", err, stderr.Bytes())
	}
	var answers [][]byte
	if err := json.Unmarshal(out, &answers); err != nil || len(answers) != len(reqs) {
		t.Fatalf("driver output (%d answers for %d requests): %v\n%s", len(answers), len(reqs), err, stderr.Bytes())
	}
	return answers
}

// driver answers the JSON array of requests on stdin with the generated
// package %[1]s and profileSource's profiles %[2]s, as a JSON array of
// responses (or "error: …").
const driver = `package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"

	skill "%[1]s"
	"github.com/skillgen/skillgen/runtime"
)

func main() {
	var profiles map[string]map[string]string
	if err := json.Unmarshal([]byte(%[2]q), &profiles); err != nil {
		panic(err)
	}
	src := runtime.ProfileSourceFunc(func(_ context.Context, token string) (map[string]string, error) {
		switch token {
		case "unlinked":
			return nil, runtime.ErrNotLinked
		case "broken":
			return nil, errors.New("cognito unavailable")
		}
		if p, ok := profiles[token]; ok {
			return p, nil
		}
		return nil, fmt.Errorf("unknown test token %%q", token)
	})
	h, err := skill.New(src, runtime.WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		panic(err)
	}
	var reqs [][]byte
	if err := json.NewDecoder(os.Stdin).Decode(&reqs); err != nil {
		panic(err)
	}
	out := make([][]byte, len(reqs))
	for i, req := range reqs {
		if out[i], err = h.Invoke(context.Background(), req); err != nil {
			out[i] = []byte("error: " + err.Error())
		}
	}
	if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
		panic(err)
	}
}
`

// requests returns every request shape worth comparing for s.
func requests(s *ir.Skill) [][]byte {
	id := s.SkillID
	if id == "" {
		id = testSkillID
	}
	slotted := func(name, slot string, r *runtime.Resolutions) *runtime.Intent {
		return &runtime.Intent{Name: name, Slots: map[string]*runtime.Slot{slot: {Name: slot, Value: "x", Resolutions: r}}}
	}
	match := func(code, id string) *runtime.Resolutions {
		res := runtime.Resolution{Authority: "a", Status: runtime.ResolutionStatus{Code: code}}
		if id != "" {
			res.Values = []runtime.ResolutionValue{{Value: runtime.ResolvedValue{Name: "x", ID: id}}}
		}
		return &runtime.Resolutions{ResolutionsPerAuthority: []runtime.Resolution{res}}
	}
	intents := []*runtime.Intent{
		{Name: runtime.IntentHelp}, {Name: runtime.IntentStop}, {Name: runtime.IntentCancel},
		{Name: runtime.IntentFallback}, {Name: runtime.IntentNavigateHome}, {Name: "NoSuchIntent"},
	}
	for _, in := range s.Intents {
		intents = append(intents, &runtime.Intent{Name: in.Name})
		if in.Answers == nil {
			continue
		}
		slot := in.Answers.Slot.Name
		for _, c := range in.Answers.Cases {
			intents = append(intents, slotted(in.Name, slot, match("ER_SUCCESS_MATCH", c.ID)))
		}
		intents = append(intents,
			slotted(in.Name, slot, match("ER_SUCCESS_MATCH", "noSuchId")),
			slotted(in.Name, slot, match("ER_SUCCESS_NO_MATCH", "")),
			slotted(in.Name, slot, nil))
	}
	var out [][]byte
	add := func(e *runtime.RequestEnvelope) {
		b, err := json.Marshal(e)
		if err != nil {
			panic(err)
		}
		out = append(out, b)
	}
	// speakers: unrecognized, recognized without their own link, and
	// recognized with their own link (skill personalization)
	persons := []runtime.Person{{}, {PersonID: `amzn1.ask.person.P"<&>`}, {PersonID: "amzn1.ask.person.Q", AccessToken: "escapes"}}
	for _, tok := range tokens {
		for _, person := range persons {
			for _, loc := range append(s.LocaleCodes(), "en-NZ", "de-AT", "fr-FR") {
				base := func(typ, app string) *runtime.RequestEnvelope {
					u := runtime.User{UserID: "u", AccessToken: tok}
					a := runtime.Application{ApplicationID: app}
					return &runtime.RequestEnvelope{Version: "1.0",
						Session: &runtime.Session{New: true, SessionID: "s", Application: a, User: u},
						Context: runtime.Context{System: runtime.System{Application: a, User: u, Person: person}},
						Request: runtime.Request{Type: typ, RequestID: "r", Timestamp: "2025-01-01T00:00:00Z", Locale: loc}}
				}
				add(base(runtime.TypeLaunch, id))
				add(base(runtime.TypeLaunch, "amzn1.ask.skill.someone-else"))
				e := base(runtime.TypeSessionEnded, id)
				e.Request.Reason = "USER_INITIATED"
				add(e)
				for _, in := range intents {
					e := base(runtime.TypeIntent, id)
					e.Request.Intent = in
					add(e)
				}
			}
		}
	}
	return out
}

func moduleRoot(t testing.TB) string {
	t.Helper()
	dir, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "go.mod")); err != nil {
		t.Fatal(err)
	}
	return dir
}

// BenchmarkAnswer measures one request from raw bytes to response bytes
// (profile from memory, as a cache hit) through the generated bundled
// skill and through its interpreted plan. Run: go test -bench Answer
// -benchmem ./internal/interp
func BenchmarkAnswer(b *testing.B) {
	s, err := generator.Build(filepath.Join(moduleRoot(b), "skill.yaml"))
	if err != nil {
		b.Fatal(err)
	}
	p, err := plan.Build(s)
	if err != nil {
		b.Fatal(err)
	}
	itp, err := interp.NewHandler(p, profileSource, quiet())
	if err != nil {
		b.Fatal(err)
	}
	gen, err := linkedprofile.New(profileSource, quiet())
	if err != nil {
		b.Fatal(err)
	}
	req := func(typ, loc, tok string, in *runtime.Intent) []byte {
		u := runtime.User{UserID: "u", AccessToken: tok}
		a := runtime.Application{ApplicationID: testSkillID}
		body, err := json.Marshal(&runtime.RequestEnvelope{Version: "1.0",
			Session: &runtime.Session{New: true, SessionID: "s", Application: a, User: u},
			Context: runtime.Context{System: runtime.System{Application: a, User: u}},
			Request: runtime.Request{Type: typ, RequestID: "r", Timestamp: "2025-01-01T00:00:00Z", Locale: loc, Intent: in}})
		if err != nil {
			b.Fatal(err)
		}
		return body
	}
	info := func(id string) *runtime.Intent {
		return &runtime.Intent{Name: "RequestInfoIntent", Slots: map[string]*runtime.Slot{"infoTypeRequested": {
			Name: "infoTypeRequested", Value: "x", Resolutions: &runtime.Resolutions{ResolutionsPerAuthority: []runtime.Resolution{{
				Authority: "a", Status: runtime.ResolutionStatus{Code: "ER_SUCCESS_MATCH"},
				Values: []runtime.ResolutionValue{{Value: runtime.ResolvedValue{Name: "x", ID: id}}}}}}}}}
	}
	cases := []struct {
		name string
		body []byte
	}{
		{"launch", req(runtime.TypeLaunch, "en-US", "alice", nil)},
		{"fullProfile", req(runtime.TypeIntent, "en-GB", "alice", info("fullProfile"))},
		{"help", req(runtime.TypeIntent, "en-US", "", &runtime.Intent{Name: runtime.IntentHelp})},
		{"missing", req(runtime.TypeIntent, "en-US", "empty", info("phoneNumber"))},
	}
	ctx := context.Background()
	for _, h := range []struct {
		name string
		h    *runtime.Handler
	}{{"generated", gen}, {"interpreted", itp}} {
		for _, c := range cases {
			b.Run(h.name+"/"+c.name, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if _, err := h.h.Invoke(ctx, c.body); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
