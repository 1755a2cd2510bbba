// Package cliflag parses the flags of the skillgen commands that use the
// standard flag package (init, build, dialog, serve, provision) and reports
// a bad flag as the cobra commands do: one line naming the command and the
// problem, then where the help is, exit 2. The full usage is printed only
// for -h and --help.
package cliflag

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"regexp"
	"strings"
)

// Parse parses args into fs, whose name is the command ("skillgen build").
// ok is false when the command must stop: code is then 0 after -h (fs.Usage
// printed) and 2 after a bad flag (one line and a hint on stderr).
func Parse(fs *flag.FlagSet, args []string, stderr io.Writer) (ok bool, code int) {
	usage := fs.Usage
	fs.Usage = func() {}
	fs.SetOutput(io.Discard)
	err := fs.Parse(args)
	fs.Usage = usage
	fs.SetOutput(stderr)
	switch {
	case err == nil:
		return true, 0
	case errors.Is(err, flag.ErrHelp):
		if fs.Usage != nil {
			fs.Usage()
		} else {
			fs.PrintDefaults()
		}
		return false, 0
	}
	Usagef(stderr, fs.Name(), "%s", asTyped(Message(err), args))
	return false, 2
}

// flagInMsg finds the flag a flag package error names: "unknown flag: -x",
// "flag needs an argument: -x", "invalid value … for flag -x: …".
var flagInMsg = regexp.MustCompile(`(: |flag )-([^\s:=]+)`)

// asTyped names the flag in msg as the user typed it: the flag package
// always writes one dash, so "--bogus" would be reported as "-bogus".
func asTyped(msg string, args []string) string {
	m := flagInMsg.FindStringSubmatchIndex(msg)
	if m == nil {
		return msg
	}
	name := msg[m[4]:m[5]]
	for _, a := range args {
		if a == "--" {
			break
		}
		if a == "--"+name || strings.HasPrefix(a, "--"+name+"=") {
			return msg[:m[4]-1] + "--" + msg[m[4]:]
		}
	}
	return msg
}

// Usagef prints a usage problem of command as Parse does.
func Usagef(stderr io.Writer, command, format string, args ...any) {
	fmt.Fprintf(stderr, "%s: %s\nRun '%s --help' for usage.\n", command, fmt.Sprintf(format, args...), command)
}

// Message words a flag package error as cobra's: "unknown flag: -x".
func Message(err error) string {
	msg := err.Error()
	if rest, ok := strings.CutPrefix(msg, "flag provided but not defined: "); ok {
		return "unknown flag: " + rest
	}
	return msg
}

// Once is a string flag that may be given once: a second value is an
// error, not a silent replacement of the first ("-f a.yaml -f b.yaml"
// would otherwise build b alone). what names the value in the error.
type Once struct {
	Value string
	what  string
	set   bool
}

// OnceVar defines a Once flag on fs with a default value.
func OnceVar(fs *flag.FlagSet, name, value, what, usage string) *Once {
	o := &Once{Value: value, what: what}
	fs.Var(o, name, usage)
	return o
}

func (o *Once) String() string {
	if o == nil {
		return ""
	}
	return o.Value
}

// Set takes the flag's value, refusing a second one.
func (o *Once) Set(v string) error {
	if o.set {
		return fmt.Errorf("give one %s, not %q and %q", o.what, o.Value, v)
	}
	o.Value, o.set = v, true
	return nil
}
