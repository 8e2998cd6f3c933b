package main

import (
	"log/slog"
	"runtime/debug"
	"testing"
)

// TestGCDefaults: the server's GOGC and GOMEMLIMIT apply where the
// environment sets none, and what the environment sets stays.
func TestGCDefaults(t *testing.T) {
	percent, limit := debug.SetGCPercent(100), debug.SetMemoryLimit(-1)
	t.Cleanup(func() { debug.SetGCPercent(percent); debug.SetMemoryLimit(limit) })
	log := slog.New(slog.DiscardHandler)

	gcDefaults(func(string) (string, bool) { return "", false }, log)
	if got := debug.SetGCPercent(100); got != serverGCPercent {
		t.Errorf("GOGC unset: percent %d, want %d", got, serverGCPercent)
	}
	if got := debug.SetMemoryLimit(-1); got != serverMemoryLimit {
		t.Errorf("GOMEMLIMIT unset: limit %d, want %d", got, serverMemoryLimit)
	}

	debug.SetGCPercent(150)
	debug.SetMemoryLimit(1 << 30)
	gcDefaults(func(string) (string, bool) { return "x", true }, log)
	if got := debug.SetGCPercent(100); got != 150 {
		t.Errorf("GOGC set: percent %d, want the environment's 150", got)
	}
	if got := debug.SetMemoryLimit(-1); got != 1<<30 {
		t.Errorf("GOMEMLIMIT set: limit %d, want the environment's %d", got, 1<<30)
	}
}
