package expand

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestExpand(t *testing.T) {
	for _, tc := range []struct {
		pattern string
		want    []string
	}{
		{"hello", []string{"hello"}},
		{"  hello   there ", []string{"hello there"}},
		{"{what is|what's} my {infoTypeRequested}", []string{"what is my {infoTypeRequested}", "what's my {infoTypeRequested}"}},
		{"{tell me|what is} [my] {info}", []string{"tell me my {info}", "tell me {info}", "what is my {info}", "what is {info}"}},
		{"[please] help", []string{"please help", "help"}},
		{"{give|tell} me {info|}", []string{"give me info", "give me", "tell me info", "tell me"}},
		{"{what {is|was}|tell me} it", []string{"what is it", "what was it", "tell me it"}},
		{"[{a|b}] c", []string{"a c", "b c", "c"}},
		{"{x}", []string{"{x}"}},
	} {
		got, err := Expand(nil, tc.pattern, 100)
		if err != nil {
			t.Errorf("%q: %v", tc.pattern, err)
			continue
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%q:\n got %q\nwant %q", tc.pattern, got, tc.want)
		}
	}
}

func TestErrors(t *testing.T) {
	for _, tc := range []struct {
		pattern string
		offset  int
		msg     string
	}{
		{"{a|b", 0, "never closed"},
		{"a }", 2, `unmatched "}"`},
		{"a ]", 2, `unmatched "]"`},
		{"a|b", 1, `"|" outside`},
		{"[a|b]", 2, `inside an optional`},
		{"x []", 2, "empty optional"},
		{"x {}", 2, "empty {}"},
		{"{a b}", 0, "neither a slot name"},
		{"{a]", 2, `']' closes '{'`},
	} {
		_, err := Expand(nil, tc.pattern, 100)
		var e *Error
		if !errors.As(err, &e) {
			t.Errorf("%q: got %v, want an *Error", tc.pattern, err)
			continue
		}
		if e.Offset != tc.offset || !strings.Contains(e.Msg, tc.msg) || e.Fix == "" {
			t.Errorf("%q: got offset %d %q (fix %q), want offset %d containing %q", tc.pattern, e.Offset, e.Msg, e.Fix, tc.offset, tc.msg)
		}
	}
}

func TestLimit(t *testing.T) {
	p := strings.Repeat("{a|b|c} ", 30) // 3^30 samples: must not be expanded
	_, err := Expand(nil, p, 1000)
	var tm *TooManyError
	if !errors.As(err, &tm) || tm.Limit != 1000 {
		t.Fatalf("got %v, want TooManyError", err)
	}
	got, err := Expand(nil, "{a|b} {c|d}", 4)
	if err != nil || len(got) != 4 {
		t.Fatalf("exactly at the limit: %v %v", got, err)
	}
}

func TestSlots(t *testing.T) {
	n, err := Parse("{a|{b}} [{c}] {d}")
	if err != nil {
		t.Fatal(err)
	}
	if got := n.Slots(); !slices.Equal(got, []string{"b", "c", "d"}) {
		t.Errorf("slots = %v", got)
	}
}

// FuzzExpand: any pattern parses or fails cleanly; expansion respects the
// limit, is deterministic, and yields collapsed, non-padded samples.
func FuzzExpand(f *testing.F) {
	for _, s := range []string{"{what is|what's} my {info}", "[please] {a|b|} c", "{{x}|[y]}", "a}", "{|}", "[[a]]"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, pattern string) {
		const limit = 200
		got, err := Expand(nil, pattern, limit)
		if err != nil {
			return
		}
		if len(got) > limit {
			t.Fatalf("%d samples over the limit", len(got))
		}
		again, _ := Expand(nil, pattern, limit)
		if !slices.Equal(got, again) {
			t.Fatal("not deterministic")
		}
		for _, s := range got {
			if strings.HasPrefix(s, " ") || strings.HasSuffix(s, " ") || strings.Contains(s, "  ") || strings.ContainsAny(s, "\t\n\r") {
				t.Fatalf("sample %q is not collapsed", s)
			}
		}
	})
}

func BenchmarkExpand(b *testing.B) {
	var dst []string
	for b.Loop() {
		dst, _ = Expand(dst[:0], "{tell me|what is|what's|give me} [my] {infoTypeRequested} [please] {now|today|}", 1000)
	}
}
