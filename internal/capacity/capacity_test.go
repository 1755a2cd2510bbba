package capacity

import (
	"bytes"
	"flag"
	"math"
	"os"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the tables in docs/capacity.md")

const docPath = "../../docs/capacity.md"

// Default is the model docs/capacity.md shows.
var Default = Inputs{SessionsPerUser: DefaultSession, TurnsPerSession: DefaultTurns, Peak: DefaultPeak, TokenMinutes: DefaultToken}

// DocUsers are the user counts of the table.
var DocUsers = []float64{10_000, 100_000, 1_000_000, 5_000_000, 10_000_000}

func TestRates(t *testing.T) {
	in := Default
	in.DailyUsers = 1_000_000
	r := in.Rates()
	near := func(what string, got, want float64) {
		t.Helper()
		if math.Abs(got-want) > 1e-6*want {
			t.Errorf("%s = %v, want %v", what, got, want)
		}
	}
	// 1M users × 2 sessions × 4 (peak) / 86400 s = 92.59 sessions/s.
	near("sessions", r.Sessions, 1e6*2*4/86400.0)
	near("requests", r.Requests, 1e6*2*3*4/86400.0)
	near("GetUser low", r.GetUserLow, r.Sessions)
	near("GetUser high", r.GetUserHigh, r.Requests)
	near("refreshes", r.Refreshes, r.Sessions) // 2 sessions/day, tokens of an hour
	if r.GetUserToken != 0 {
		t.Errorf("token mode GetUser = %v", r.GetUserToken)
	}
	// Tokens of a day: at most one refresh per user per day.
	in.TokenMinutes = 1440
	in.SessionsPerUser = 10
	near("refreshes, day-long tokens", in.Rates().Refreshes, 1e6*4/86400.0)
	best, worst := Default.MaxDailyUsers()
	near("best", best, 120*86400/(2*4.0))
	near("worst", worst, 120*86400/(2*3*4.0))
}

// TestDocIsCurrent keeps the tables in docs/capacity.md equal to the
// model's output (go test ./internal/capacity -update rewrites them).
func TestDocIsCurrent(t *testing.T) {
	doc, err := os.ReadFile(docPath)
	if err != nil {
		t.Fatal(err)
	}
	got := string(doc)
	want := got
	for _, sec := range []struct {
		name   string
		render func(*bytes.Buffer)
	}{
		{"rates", func(b *bytes.Buffer) { Markdown(b, Default, DocUsers) }},
		{"lifetimes", func(b *bytes.Buffer) {
			in := Default
			in.DailyUsers = 1_000_000
			in.SessionsPerUser = 8
			TokenLifetimes(b, in, []int{5, 15, 60, 240, 1440})
		}},
	} {
		begin, end := "<!-- capacity:"+sec.name+" -->\n", "<!-- /capacity:"+sec.name+" -->"
		i, j := strings.Index(want, begin), strings.Index(want, end)
		if i < 0 || j < i {
			t.Fatalf("%s lacks the markers %q … %q", docPath, begin, end)
		}
		var b bytes.Buffer
		sec.render(&b)
		want = want[:i+len(begin)] + b.String() + want[j:]
	}
	if got == want {
		return
	}
	if *update {
		if err := os.WriteFile(docPath, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("%s is stale: run go test ./internal/capacity -update", docPath)
}
