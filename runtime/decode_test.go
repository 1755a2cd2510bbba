package runtime

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// TestDecodeRequestMatchesEncodingJSON checks the one-pass decoder against
// encoding/json on real request shapes.
func TestDecodeRequestMatchesEncodingJSON(t *testing.T) {
	files, err := filepath.Glob("testdata/*.json")
	if err != nil || len(files) < 5 {
		t.Fatalf("fixtures: %v %v", files, err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			body, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			var want RequestEnvelope
			if err := json.Unmarshal(body, &want); err != nil {
				t.Fatal(err)
			}
			var got RequestEnvelope
			if err := DecodeRequest(body, &got); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				g, _ := json.MarshalIndent(got, "", " ")
				w, _ := json.MarshalIndent(want, "", " ")
				t.Errorf("DecodeRequest differs from encoding/json:\ngot  %s\nwant %s", g, w)
			}
		})
	}
}

func TestDecodeRequestFields(t *testing.T) {
	body, _ := os.ReadFile("testdata/intent.json")
	var e RequestEnvelope
	if err := DecodeRequest(body, &e); err != nil {
		t.Fatal(err)
	}
	if got := e.AccessToken(); got != "system-token" {
		t.Errorf("AccessToken = %q, want the context.System token", got)
	}
	if got := e.Request.Intent.SlotID("infoTypeRequested"); got != "phoneNumber" {
		t.Errorf("SlotID = %q", got)
	}
	if got := e.Request.Intent.SlotID("other"); got != "" {
		t.Errorf("SlotID(other) = %q, want empty", got)
	}
	if got := e.Request.Intent.SlotValue("infoTypeRequested"); got != "mobile number" {
		t.Errorf("SlotValue = %q", got)
	}
	e.Context.System.User.AccessToken = ""
	if got := e.AccessToken(); got != "session-token" {
		t.Errorf("AccessToken without System token = %q, want the session token", got)
	}
}

func TestDecodeRequestRejectsBadInput(t *testing.T) {
	for name, body := range map[string]string{
		"empty":              ``,
		"not json":           `hello`,
		"array":              `[1,2]`,
		"no type":            `{"version":"1.0","request":{"requestId":"x"}}`,
		"type number":        `{"request":{"type":5}}`,
		"intent missing":     `{"request":{"type":"IntentRequest"}}`,
		"intent string":      `{"request":{"type":"IntentRequest","intent":"x"}}`,
		"bad escape":         `{"request":{"type":"Launch\uZZZZ"}}`,
		"new not bool":       `{"session":{"new":"yes"},"request":{"type":"LaunchRequest"}}`,
		"slot name num":      `{"request":{"type":"IntentRequest","intent":{"name":"A","slots":{"s":{"name":1}}}}}`,
		"skipped bad escape": `{"request":{"type":"LaunchRequest","x":"\0"}}`,
		"skipped short u":    `{"request":{"type":"LaunchRequest","x":"\u12"}}`,
		"number two signs":   `{"request":{"type":"LaunchRequest","x":1e+-2}}`,
		"number lead zero":   `{"request":{"type":"LaunchRequest","x":01}}`,
		"number bare dot":    `{"request":{"type":"LaunchRequest","x":1.}}`,
		"number minus only":  `{"request":{"type":"LaunchRequest","x":-}}`,
	} {
		var e RequestEnvelope
		err := DecodeRequest([]byte(body), &e)
		if !errors.Is(err, ErrBadRequest) {
			t.Errorf("%s: err = %v, want ErrBadRequest", name, err)
		}
	}
}

func FuzzDecodeRequest(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.json")
	for _, p := range files {
		b, _ := os.ReadFile(p)
		f.Add(b)
	}
	f.Add([]byte(`{"request":{"type":"IntentRequest","intent":{"slots":{"a":{"resolutions":{"resolutionsPerAuthority":[{"values":[{}]}]}}}}}}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		var e RequestEnvelope
		err := DecodeRequest(body, &e)
		if err == nil && e.Request.Type == "" {
			t.Fatal("accepted a request without a type")
		}
		if err == nil && !json.Valid(body) {
			t.Fatalf("accepted a body encoding/json rejects: %q", body)
		}
	})
}

// hasControl must agree with a byte-by-byte scan at every position and
// length (the word-at-a-time loop and its tail).
func TestHasControl(t *testing.T) {
	for n := 0; n <= 20; n++ {
		base := bytes.Repeat([]byte{'a'}, n)
		if hasControl(base) {
			t.Fatalf("len %d: no control byte, got true", n)
		}
		for i := 0; i < n; i++ {
			for _, c := range []byte{0x00, 0x09, 0x1f, 0x20, 0x7f, 0x80, 0xff} {
				b := bytes.Clone(base)
				b[i] = c
				if got, want := hasControl(b), c < 0x20; got != want {
					t.Errorf("len %d, byte %#x at %d: got %v, want %v", n, c, i, got, want)
				}
			}
		}
	}
}

// Values the decoder skips are still checked as encoding/json checks them:
// every valid number and escape form is accepted.
func TestDecodeRequestSkipsValidValues(t *testing.T) {
	for _, v := range []string{`0`, `-0`, `-0.5e10`, `1E+2`, `12.25e-3`, `"\"\\\/\b\f\n\r\t\u00e9\uD83D\uDE00"`, `[true,false,null,{}]`} {
		body := `{"request":{"type":"LaunchRequest","x":` + v + `}}`
		if !json.Valid([]byte(body)) {
			t.Fatalf("test body is not JSON: %s", body)
		}
		var e RequestEnvelope
		if err := DecodeRequest([]byte(body), &e); err != nil {
			t.Errorf("%s: %v", v, err)
		}
	}
}
