package main

import (
	"context"
	"errors"
	"log/slog"

	"github.com/kinerja/kinerja/internal/storage"
)

// parseReplicas reads KINERJA_DB_REPLICAS: comma-separated postgres:// URLs
// of streaming replicas of the database.
func parseReplicas(getenv func(string) string, cache cacheConfig) ([]string, error) {
	urls := list(getenv("KINERJA_DB_REPLICAS"))
	for _, u := range urls {
		if storage.DialectOf(u) != storage.Postgres {
			return nil, errors.New("KINERJA_DB_REPLICAS: want comma-separated postgres:// URLs")
		}
	}
	if len(urls) > 0 && cache.On {
		// A replica may not have replayed a write when this instance hears
		// of it, and an answer read there would be cached as fresh.
		return nil, errors.New("KINERJA_RESPONSE_CACHE=on does not work with KINERJA_DB_REPLICAS yet: choose one")
	}
	return urls, nil
}

// useReplicas sends the reads of st to the replicas of cfg, if any.
func useReplicas(ctx context.Context, cfg config, st *storage.Store, log *slog.Logger) error {
	if len(cfg.Replicas) == 0 {
		return nil
	}
	if err := st.UseReplicas(ctx, cfg.Replicas); err != nil {
		return err
	}
	log.Info("reads go to the replicas", "replicas", len(cfg.Replicas))
	return nil
}
