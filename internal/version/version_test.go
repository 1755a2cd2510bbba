package version

import (
	"runtime/debug"
	"testing"
)

func TestVersion(t *testing.T) {
	defer func(r func() (*debug.BuildInfo, bool)) { read = r }(read)
	for _, tc := range []struct {
		name string
		bi   *debug.BuildInfo
		ok   bool
		want string
	}{
		{"no build info", nil, false, "(devel)"},
		{"checkout", &debug.BuildInfo{Main: debug.Module{Path: Module, Version: "(devel)"}}, true, "(devel)"},
		{"go install @version", &debug.BuildInfo{Main: debug.Module{Path: Module, Version: "v1.2.3"}}, true, "v1.2.3"},
		{"go tool in a user module", &debug.BuildInfo{Main: debug.Module{Path: "example.com/pharmacy"},
			Deps: []*debug.Module{{Path: "golang.org/x/mod", Version: "v0.1.0"}, {Path: Module, Version: "v0.4.0-rc.1"}}}, true, "v0.4.0-rc.1"},
		{"replaced", &debug.BuildInfo{Main: debug.Module{Path: "example.com/pharmacy"},
			Deps: []*debug.Module{{Path: Module, Version: "v0.4.0", Replace: &debug.Module{Path: "../skillgen"}}}}, true, "(devel)"},
		{"not a dependency", &debug.BuildInfo{Main: debug.Module{Path: "example.com/other"}}, true, "(devel)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			read = func() (*debug.BuildInfo, bool) { return tc.bi, tc.ok }
			if got := Version(); got != tc.want {
				t.Errorf("Version() = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestString(t *testing.T) {
	defer func(r func() (*debug.BuildInfo, bool)) { read = r }(read)
	read = func() (*debug.BuildInfo, bool) {
		return &debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Path: Module, Version: "v1.0.0"},
			Settings: []debug.BuildSetting{{Key: "GOOS", Value: "linux"}, {Key: "GOARCH", Value: "arm64"}}}, true
	}
	if got, want := String(), "skillgen v1.0.0 (go1.26.0 linux/arm64)"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}
