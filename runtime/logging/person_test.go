package logging

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/skillgen/skillgen/runtime"
)

type personProfile struct{ Name string }

// TestLinkLevel: the request line says which link answered (person or
// account), and never holds the personId, a token or a profile value.
func TestLinkLevel(t *testing.T) {
	var buf bytes.Buffer
	log := New(&buf)
	name := &runtime.Field[personProfile]{Name: "given_name", Get: func(p *personProfile) string { return p.Name }}
	text := func(s string) runtime.Template[personProfile] {
		return func(w *runtime.Writer, _ *personProfile) { w.Text(s) }
	}
	hello := &runtime.Answer[personProfile]{Needs: []*runtime.Field[personProfile]{name},
		Speech: func(w *runtime.Writer, p *personProfile) { w.Text("Hi "); w.Speaker(); w.Value(p.Name) }}
	sk := &runtime.Skill[personProfile]{Name: "T", Locales: []string{"en-US"},
		Decode: func(p *personProfile, a map[string]string) { p.Name = a["given_name"] },
		Launch: hello, Help: hello, Stop: hello, Fallback: hello,
		LinkAccount: &runtime.Answer[personProfile]{Speech: text("link")}, MissingAttribute: &runtime.Answer[personProfile]{Speech: text("missing")},
		Error:           &runtime.Answer[personProfile]{Speech: text("error")},
		Personalization: runtime.Personalization{Enabled: true}}
	src := runtime.ProfileSourceFunc(func(_ context.Context, tok string) (map[string]string, error) {
		return map[string]string{"given_name": "Secret-" + tok}, nil
	})
	h, err := runtime.NewHandler(sk, Profile(Cognito(src)), runtime.WithLogger(log))
	if err != nil {
		t.Fatal(err)
	}
	inv := Requests(log, h.Invoke)
	body := func(person string) []byte {
		return []byte(`{"version":"1.0","context":{"System":{"application":{"applicationId":"a"},"user":{"userId":"u","accessToken":"tokAccount"}` +
			person + `}},"request":{"type":"LaunchRequest","requestId":"rid","locale":"en-US"}}`)
	}
	for _, p := range []string{
		`,"person":{"personId":"amzn1.ask.person.PID1","accessToken":"tokPerson"}`, // own link
		``, // unrecognized
		`,"person":{"personId":"amzn1.ask.person.PID2"}`, // recognized, not linked
	} {
		if _, err := inv(context.Background(), body(p)); err != nil {
			t.Fatal(err)
		}
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	want := []string{`"linked":true,"linkLevel":"person"`, `"linked":true,"linkLevel":"account"`, `"linked":false,"linkLevel":"person"`}
	if len(lines) != len(want) {
		t.Fatalf("lines:\n%s", buf.String())
	}
	for i, w := range want {
		if !strings.Contains(lines[i], w) {
			t.Errorf("line %d = %s, want %s", i, lines[i], w)
		}
	}
	for _, secret := range []string{"PID1", "PID2", "tokAccount", "tokPerson", "Secret"} {
		if strings.Contains(buf.String(), secret) {
			t.Errorf("%s in logs: %s", secret, buf.String())
		}
	}
}
