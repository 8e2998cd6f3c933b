package obs

import (
	"fmt"
	"runtime/debug"
)

// BuildInfo identifies the running binary.
type BuildInfo struct {
	// Version is the module version ("(devel)" for a build from a work
	// tree).
	Version string
	// Revision is the VCS revision the binary was built from, "" when
	// unknown; Modified tells whether the work tree had changes.
	Revision  string
	Modified  bool
	GoVersion string
}

// Build returns the build information of the running binary.
func Build() BuildInfo {
	b := BuildInfo{Version: "(unknown)"}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return b
	}
	b.GoVersion = info.GoVersion
	if info.Main.Version != "" {
		b.Version = info.Main.Version
	}
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			b.Revision = s.Value
		case "vcs.modified":
			b.Modified = s.Value == "true"
		}
	}
	return b
}

// String returns the build as one line: version, revision and Go version.
func (b BuildInfo) String() string {
	rev := b.Revision
	if rev == "" {
		rev = "unknown"
	}
	if b.Modified {
		rev += " (modified)"
	}
	return fmt.Sprintf("%s revision %s %s", b.Version, rev, b.GoVersion)
}
