package cache

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/skillgen/skillgen/runtime"
)

// hhProfile is the profile of the household test skill.
type hhProfile struct{ Name string }

// householdSkill answers "whose profile is this" from the profile, with
// personalization on; optIn answers a recognized speaker without their own
// link from the account-level link.
func householdSkill(optIn bool) *runtime.Skill[hhProfile] {
	name := &runtime.Field[hhProfile]{Name: "given_name", Label: runtime.Label{Default: "name"}, Get: func(p *hhProfile) string { return p.Name }}
	text := func(s string) runtime.Template[hhProfile] { return func(w *runtime.Writer, _ *hhProfile) { w.Text(s) } }
	whose := &runtime.Answer[hhProfile]{Needs: []*runtime.Field[hhProfile]{name}, Speech: func(w *runtime.Writer, p *hhProfile) {
		w.Text("profile of ")
		w.Value(p.Name)
	}}
	return &runtime.Skill[hhProfile]{
		Name: "Household", Locales: []string{"en-US"},
		Decode:           func(p *hhProfile, a map[string]string) { p.Name = a["given_name"] },
		Intents:          map[string]runtime.IntentHandler[hhProfile]{"WhoseIntent": func(*runtime.Intent) *runtime.Answer[hhProfile] { return whose }},
		Launch:           whose,
		Help:             &runtime.Answer[hhProfile]{Speech: text("help")},
		Stop:             &runtime.Answer[hhProfile]{Speech: text("bye")},
		Fallback:         &runtime.Answer[hhProfile]{Speech: text("sorry")},
		LinkAccount:      &runtime.Answer[hhProfile]{Speech: text("please link"), EndSession: true},
		MissingAttribute: &runtime.Answer[hhProfile]{Speech: text("missing")},
		Error:            &runtime.Answer[hhProfile]{Speech: text("error"), EndSession: true},
		Personalization:  runtime.Personalization{Enabled: true, AccountProfile: optIn},
	}
}

// TestCacheNeverServesOnePersonToAnother interleaves, from many goroutines,
// requests of one Alexa account: two recognized persons with their own
// links, a recognized person without one, and unrecognized speakers,
// through the profile cache. Every answer must be the speaker's own (or
// the account's, or the link-account message), and the cache must have
// answered most requests (so the test exercises cached answers, not
// fetches).
func TestCacheNeverServesOnePersonToAnother(t *testing.T) {
	profiles := map[string]string{"tok-owner": "Owner", "tok-erin": "Erin", "tok-finn": "Finn"}
	var fetches atomic.Int64
	src := runtime.ProfileSourceFunc(func(_ context.Context, token string) (map[string]string, error) {
		fetches.Add(1)
		if n, ok := profiles[token]; ok {
			return map[string]string{"given_name": n}, nil
		}
		return nil, runtime.ErrNotLinked
	})
	type speaker struct {
		personID, token string
		want            map[bool]string // by opt-in: the speech
	}
	speakers := []speaker{
		{"amzn1.ask.person.ERIN", "tok-erin", map[bool]string{false: "profile of Erin", true: "profile of Erin"}},
		{"amzn1.ask.person.FINN", "tok-finn", map[bool]string{false: "profile of Finn", true: "profile of Finn"}},
		{"amzn1.ask.person.GUS", "", map[bool]string{false: "please link", true: "profile of Owner"}},
		{"", "", map[bool]string{false: "profile of Owner", true: "profile of Owner"}},
	}
	body := func(sp speaker) []byte {
		sys := map[string]any{"application": map[string]any{"applicationId": "a"},
			"user": map[string]any{"userId": "account", "accessToken": "tok-owner"}}
		if sp.personID != "" {
			p := map[string]any{"personId": sp.personID}
			if sp.token != "" {
				p["accessToken"] = sp.token
			}
			sys["person"] = p
		}
		b, _ := json.Marshal(map[string]any{"version": "1.0", "context": map[string]any{"System": sys},
			"request": map[string]any{"type": "IntentRequest", "requestId": "r", "locale": "en-US", "intent": map[string]any{"name": "WhoseIntent"}}})
		return b
	}
	for _, optIn := range []bool{false, true} {
		t.Run(fmt.Sprintf("accountProfile=%v", optIn), func(t *testing.T) {
			fetches.Store(0)
			c := New(src, Config{Expiry: noExpiry})
			h, err := runtime.NewHandler(householdSkill(optIn), c, runtime.WithLogger(slog.New(slog.DiscardHandler)))
			if err != nil {
				t.Fatal(err)
			}
			const goroutines, rounds = 8, 200
			var wg sync.WaitGroup
			errs := make(chan string, goroutines)
			for g := range goroutines {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for i := range rounds {
						sp := speakers[(g+i)%len(speakers)]
						out, err := h.Invoke(context.Background(), body(sp))
						if err != nil {
							errs <- err.Error()
							return
						}
						want := "<speak>" + sp.want[optIn] + "</speak>"
						if !strings.Contains(string(out), want) {
							errs <- fmt.Sprintf("speaker %q (token %t) got %s, want %s", sp.personID, sp.token != "", out, want)
							return
						}
					}
				}()
			}
			wg.Wait()
			close(errs)
			for e := range errs {
				t.Error(e)
			}
			if n := fetches.Load(); n > 3*goroutines || n == 0 {
				t.Errorf("%d profile fetches for %d requests: the cache did not answer the repeats", n, goroutines*rounds)
			}
		})
	}
}

func noExpiry(context.Context, string) (exp time.Time, ok bool) { return time.Time{}, false }
