package main

import (
	"log/slog"
	"runtime/debug"
)

// Garbage collector defaults of the server, where the environment sets
// none: the runtime's GOGC=100 collects each time the heap doubles, and a
// request allocates enough that under load a quarter of the CPU went to
// collecting. serverGCPercent lets the heap grow to five times what is
// live (a few tens of MB) between collections; serverMemoryLimit bounds
// what that costs: nearer the limit the collector runs more often again.
const (
	serverGCPercent   = 400
	serverMemoryLimit = 512 << 20
)

// gcDefaults applies the server's garbage collector defaults for each of
// GOGC and GOMEMLIMIT that lookup (the process environment, which the
// runtime reads) does not set, and logs what applies.
func gcDefaults(lookup func(string) (string, bool), log *slog.Logger) {
	if _, ok := lookup("GOGC"); !ok {
		debug.SetGCPercent(serverGCPercent)
	}
	if _, ok := lookup("GOMEMLIMIT"); !ok {
		debug.SetMemoryLimit(serverMemoryLimit)
	}
	// SetGCPercent reads the setting only by replacing it: put it back.
	percent := debug.SetGCPercent(-1)
	debug.SetGCPercent(percent)
	log.Info("garbage collector", "gogc", percent, "gomemlimit", debug.SetMemoryLimit(-1))
}
