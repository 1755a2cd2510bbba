package cliflag

import (
	"bytes"
	"flag"
	"fmt"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	for _, c := range []struct {
		args   []string
		ok     bool
		code   int
		stderr string
	}{
		{[]string{"-n", "3"}, true, 0, ""},
		{[]string{"-h"}, false, 0, "usage: skillgen demo\n  -n int\n    \tcount\n"},
		{[]string{"--help"}, false, 0, "usage: skillgen demo\n  -n int\n    \tcount\n"},
		{[]string{"--bogus"}, false, 2, "skillgen demo: unknown flag: --bogus\nRun 'skillgen demo --help' for usage.\n"},
		{[]string{"-bogus"}, false, 2, "skillgen demo: unknown flag: -bogus\nRun 'skillgen demo --help' for usage.\n"},
		{[]string{"--bogus=1"}, false, 2, "skillgen demo: unknown flag: --bogus\nRun 'skillgen demo --help' for usage.\n"},
		{[]string{"--n"}, false, 2, "skillgen demo: flag needs an argument: --n\nRun 'skillgen demo --help' for usage.\n"},
		{[]string{"--n=x"}, false, 2, "skillgen demo: invalid value \"x\" for flag --n: parse error\nRun 'skillgen demo --help' for usage.\n"},
		{[]string{"-n", "x"}, false, 2, "skillgen demo: invalid value \"x\" for flag -n: parse error\nRun 'skillgen demo --help' for usage.\n"},
		{[]string{"-n"}, false, 2, "skillgen demo: flag needs an argument: -n\nRun 'skillgen demo --help' for usage.\n"},
	} {
		var stderr bytes.Buffer
		fs := flag.NewFlagSet("skillgen demo", flag.ContinueOnError)
		fs.SetOutput(&stderr)
		fs.Usage = func() { fmt.Fprintln(&stderr, "usage: skillgen demo"); fs.PrintDefaults() }
		fs.Int("n", 0, "count")
		ok, code := Parse(fs, c.args, &stderr)
		if ok != c.ok || code != c.code || stderr.String() != c.stderr {
			t.Errorf("%v: %v %d\n%q\nwant %v %d\n%q", c.args, ok, code, stderr.String(), c.ok, c.code, c.stderr)
		}
	}
}

// A second -f is refused with both values named, not silently taken in
// place of the first; one -f, or none, gives the value or the default.
func TestOnce(t *testing.T) {
	for _, c := range []struct {
		args     []string
		ok       bool
		want     string
		contains string
	}{
		{nil, true, "skill.yaml", ""},
		{[]string{"-f", "a.yaml"}, true, "a.yaml", ""},
		{[]string{"-f", "a.yaml", "-f", "b.yaml"}, false, "", `invalid value "b.yaml" for flag -f: give one spec, not "a.yaml" and "b.yaml"`},
	} {
		fs := flag.NewFlagSet("skillgen build", flag.ContinueOnError)
		f := OnceVar(fs, "f", "skill.yaml", "spec", "the skill's `spec` file")
		var stderr strings.Builder
		ok, code := Parse(fs, c.args, &stderr)
		if ok != c.ok || (!ok && code != 2) {
			t.Errorf("%q: ok %v code %d, want ok %v", c.args, ok, code, c.ok)
		}
		if ok && f.Value != c.want {
			t.Errorf("%q: value %q, want %q", c.args, f.Value, c.want)
		}
		if !strings.Contains(stderr.String(), c.contains) {
			t.Errorf("%q: stderr %q, want %q", c.args, stderr.String(), c.contains)
		}
	}
}
