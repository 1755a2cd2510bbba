package cliflag

import (
	"bytes"
	"flag"
	"fmt"
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
		{[]string{"--bogus"}, false, 2, "skillgen demo: unknown flag: -bogus\nRun 'skillgen demo --help' for usage.\n"},
		{[]string{"-n"}, false, 2, "skillgen demo: flag needs an argument: -n\nRun 'skillgen demo --help' for usage.\n"},
		{[]string{"-n", "x"}, false, 2, "skillgen demo: invalid value \"x\" for flag -n: parse error\nRun 'skillgen demo --help' for usage.\n"},
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
