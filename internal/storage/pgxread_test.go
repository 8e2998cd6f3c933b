package storage_test

import (
	"context"
	"errors"
	"testing"

	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/internal/testdb"
)

// TestHotReads: the hand-scanned reads (through pgx on PostgreSQL) give
// every row with its nullable columns apart, count one statement each, and
// fail whole, with the context's error, when the request is gone.
func TestHotReads(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		ctx, c := storage.WithCounter(context.Background())
		var ids []int64
		if err := storage.DB(st).Raw(`SELECT id FROM indicators ORDER BY id`).Scan(&ids).Error; err != nil {
			t.Fatal(err)
		}
		rs, err := st.Realisations(ctx, ids, []int{2023})
		if err != nil {
			t.Fatal(err)
		}
		ts, err := st.Targets(ctx, ids, []int{2023})
		if err != nil {
			t.Fatal(err)
		}
		if len(rs) != 39 || len(ts) != 39 {
			t.Errorf("2023: %d realisations and %d targets, want 39 and 39", len(rs), len(ts))
		}
		if n := c.Count(); n != 2 {
			t.Errorf("%d statements, want 2", n)
		}
		// Each row has its own strings and pointers: a row scanned later
		// does not overwrite one scanned before.
		sources := map[string]bool{}
		for _, r := range rs {
			if r.DataSource != nil {
				sources[*r.DataSource] = true
			}
		}
		labels, values := 0, map[float64]bool{}
		for _, tg := range ts {
			if tg.Label != nil {
				labels++
			}
			if tg.Value != nil {
				values[*tg.Value] = true
			}
		}
		if len(sources) < 2 || len(values) < 10 {
			t.Errorf("%d distinct data sources, %d distinct target values: rows share their pointers", len(sources), len(values))
		}

		gone, cancel := context.WithCancel(context.Background())
		cancel()
		if got, err := st.Realisations(gone, ids, []int{2023}); !errors.Is(err, context.Canceled) || got != nil {
			t.Errorf("read on a cancelled context: %d rows, error %v; want none and context.Canceled", len(got), err)
		}
	})
}
