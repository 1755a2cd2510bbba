// Package version reports which skillgen is running: the module version
// from the binary's build info, as `go tool skillgen version` shows it.
package version

import (
	"runtime/debug"
)

// Module is skillgen's module path.
const Module = "github.com/skillgen/skillgen"

// read is debug.ReadBuildInfo, replaced in tests.
var read = debug.ReadBuildInfo

// Version is the skillgen module version this binary was built from:
// a tag or pseudo-version when installed with `go get -tool` or
// `go install …@version`, "(devel)" when built inside a checkout.
func Version() string {
	bi, ok := read()
	if !ok {
		return "(devel)"
	}
	if bi.Main.Path == Module {
		return orDevel(bi.Main.Version)
	}
	// A tool run by `go tool` in another module: skillgen is a dependency.
	for _, d := range bi.Deps {
		if d.Path == Module {
			if d.Replace != nil {
				return orDevel(d.Replace.Version)
			}
			return orDevel(d.Version)
		}
	}
	return "(devel)"
}

func orDevel(v string) string {
	if v == "" {
		return "(devel)"
	}
	return v
}

// String is the one line `skillgen version` prints, e.g.
// "skillgen v0.3.0 (go1.26.0 linux/arm64)".
func String() string {
	s := "skillgen " + Version()
	if bi, ok := read(); ok {
		goos, goarch := "", ""
		for _, kv := range bi.Settings {
			switch kv.Key {
			case "GOOS":
				goos = kv.Value
			case "GOARCH":
				goarch = kv.Value
			}
		}
		s += " (" + bi.GoVersion
		if goos != "" {
			s += " " + goos + "/" + goarch
		}
		s += ")"
	}
	return s
}
