package main

import (
	"fmt"
	"runtime/debug"
)

// versionString names the module version and VCS revision the binary was built from.
func versionString() string {
	v, rev, dirty := "(devel)", "", ""
	if info, ok := debug.ReadBuildInfo(); ok {
		if info.Main.Version != "" {
			v = info.Main.Version
		}
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				if s.Value == "true" {
					dirty = "+dirty"
				}
			}
		}
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if rev == "" {
		return "datchuan " + v
	}
	return fmt.Sprintf("datchuan %s (%s%s)", v, rev, dirty)
}
