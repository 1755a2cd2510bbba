package cli_test

import (
	"io"
	"strings"
	"testing"

	"github.com/skillgen/skillgen/internal/cli"
)

// BenchmarkStartup is the command line's own cost per invocation: the
// command tree (with the flags of dialog, serve and provision read from
// their flag sets), parsing and dispatch of `skillgen schema`.
func BenchmarkStartup(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if cli.Run([]string{"schema"}, strings.NewReader(""), io.Discard, io.Discard) != 0 {
			b.Fatal("schema failed")
		}
	}
}
