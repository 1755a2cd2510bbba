package runtime_test

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/skillgen/skillgen/generated/linkedprofile"
	"github.com/skillgen/skillgen/internal/facts"
	"github.com/skillgen/skillgen/runtime"
)

// fuzzSource answers like Cognito would for the fuzzer: no token or a
// token starting "bad" is not linked, "err" fails, anything else gets a
// profile full of SSML-special characters.
var fuzzSource = runtime.ProfileSourceFunc(func(_ context.Context, tok string) (map[string]string, error) {
	switch {
	case tok == "" || strings.HasPrefix(tok, "bad"):
		return nil, runtime.ErrNotLinked
	case strings.HasPrefix(tok, "err"):
		return nil, errors.New("cognito down")
	}
	return map[string]string{
		"given_name": `<Ann & "Bo"> ]]>`, "family_name": "O'Neil\x00\uFFFD", "email": "a<b>@c&d",
		"phone_number": "+1 (555) <0199>", "address": strings.Repeat("Long Road & <Co> ", 200),
	}, nil
})

// FuzzInvoke feeds arbitrary bytes to the generated sample skill's handler
// (decoder and dispatcher): the result is a clean error (ErrBadRequest or
// ErrWrongSkill) or a valid Alexa response within the size limit whose
// SSML is well-formed XML; never a panic.
func FuzzInvoke(f *testing.F) {
	h, err := linkedprofile.New(fuzzSource, runtime.WithLogger(slog.New(slog.NewJSONHandler(io.Discard, nil))))
	if err != nil {
		f.Fatal(err)
	}
	seeds, _ := filepath.Glob("testdata/*.json")
	for _, p := range seeds {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	for _, tok := range []string{"good", "bad", "err", ""} {
		for _, r := range []string{
			`{"type":"LaunchRequest","requestId":"r","locale":"en-US"}`,
			`{"type":"IntentRequest","requestId":"r","locale":"de-DE","intent":{"name":"RequestInfoIntent","slots":{"infoTypeRequested":{"name":"infoTypeRequested","value":"x","resolutions":{"resolutionsPerAuthority":[{"status":{"code":"ER_SUCCESS_MATCH"},"values":[{"value":{"id":"fullProfile","name":"x"}}]}]}}}}}`,
			`{"type":"IntentRequest","requestId":"r","intent":{"name":"AMAZON.StopIntent"}}`,
			`{"type":"SessionEndedRequest","requestId":"r","reason":"ERROR","error":{"type":"X","message":"m"}}`,
		} {
			f.Add([]byte(`{"version":"1.0","context":{"System":{"application":{"applicationId":"a"},"user":{"userId":"u","accessToken":"` + tok + `"}}},"request":` + r + `}`))
		}
	}
	f.Add([]byte(`{"request":{"type":"IntentRequest"}}`))
	f.Add([]byte(`[]`))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, body []byte) {
		out, err := h.Invoke(context.Background(), body)
		if err != nil {
			if !errors.Is(err, runtime.ErrBadRequest) && !errors.Is(err, runtime.ErrWrongSkill) {
				t.Fatalf("unclean error: %v", err)
			}
			return
		}
		if len(out) > facts.MaxResponseBytes {
			t.Fatalf("response of %d bytes", len(out))
		}
		var env runtime.ResponseEnvelope
		dec := json.NewDecoder(bytes.NewReader(out))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&env); err != nil || env.Version != "1.0" {
			t.Fatalf("invalid response %q: %v", out, err)
		}
		for _, sp := range []*runtime.OutputSpeech{env.Response.OutputSpeech, reprompt(&env)} {
			if sp == nil {
				continue
			}
			if sp.Type != "SSML" || !strings.HasPrefix(sp.SSML, "<speak>") {
				t.Fatalf("speech %+v", sp)
			}
			if err := wellFormed(sp.SSML); err != nil {
				t.Fatalf("SSML not well-formed XML: %v\n%s", err, sp.SSML)
			}
		}
	})
}

func reprompt(env *runtime.ResponseEnvelope) *runtime.OutputSpeech {
	if env.Response.Reprompt == nil {
		return nil
	}
	return &env.Response.Reprompt.OutputSpeech
}

func wellFormed(s string) error {
	d := xml.NewDecoder(strings.NewReader(s))
	for {
		_, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}
