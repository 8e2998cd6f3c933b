package main

import (
	"fmt"
	"log/slog"
	"strconv"
	"strings"

	"github.com/kinerja/kinerja/internal/respcache"
	"github.com/kinerja/kinerja/internal/storage"
)

// cacheConfig configures the response cache: KINERJA_RESPONSE_CACHE (off or
// on; off by default) and KINERJA_RESPONSE_CACHE_SIZE (bytes, or with a
// suffix KiB, MiB or GiB).
type cacheConfig struct {
	On    bool
	Bytes int64
}

// parseCacheConfig reads the response cache's settings.
func parseCacheConfig(getenv func(string) string) (cacheConfig, error) {
	c := cacheConfig{Bytes: respcache.DefaultBytes}
	switch v := strings.ToLower(strings.TrimSpace(getenv("KINERJA_RESPONSE_CACHE"))); v {
	case "", "off":
	case "on":
		c.On = true
	default:
		return cacheConfig{}, fmt.Errorf("KINERJA_RESPONSE_CACHE: want off or on, got %q", v)
	}
	if v := strings.TrimSpace(getenv("KINERJA_RESPONSE_CACHE_SIZE")); v != "" {
		n, err := parseBytes(v)
		if err != nil || n < 1<<20 {
			return cacheConfig{}, fmt.Errorf("KINERJA_RESPONSE_CACHE_SIZE: want a size of at least 1MiB such as 64MiB, got %q", v)
		}
		c.Bytes = n
	}
	return c, nil
}

// parseBytes reads a size: a number of bytes, or of KiB, MiB or GiB.
func parseBytes(s string) (int64, error) {
	mult := int64(1)
	for suffix, m := range map[string]int64{"KiB": 1 << 10, "MiB": 1 << 20, "GiB": 1 << 30} {
		if n, ok := strings.CutSuffix(s, suffix); ok {
			s, mult = strings.TrimSpace(n), m
			break
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 || n > (1<<50)/mult {
		return 0, fmt.Errorf("not a size: %q", s)
	}
	return n * mult, nil
}

// responseCache returns the response cache c asks for over st (nil when
// off), following the writes of every instance on the database.
func responseCache(c cacheConfig, st *storage.Store, log *slog.Logger) *respcache.Cache {
	if !c.On {
		return nil
	}
	v := st.DataVersion()
	v.Watch()
	log.Info("response cache on", "bytes", c.Bytes)
	return respcache.New(v, c.Bytes)
}
