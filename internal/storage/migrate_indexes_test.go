package storage_test

import (
	"context"
	"slices"
	"testing"

	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/internal/testdb"
)

// aggregateIndexes are the indexes migration 6 adds.
var aggregateIndexes = []string{"realisations_year", "targets_year"}

// TestMigrationAggregateIndexes: migration 6 adds the year-first indexes of
// the aggregates, and its Down removes them.
func TestMigrationAggregateIndexes(t *testing.T) {
	for _, d := range testdb.Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			st := testdb.Empty(t, d)
			indexes := func() []string {
				q := "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND indexname IN ?"
				if d == storage.SQLite {
					q = "SELECT name FROM sqlite_master WHERE type = 'index' AND name IN ?"
				}
				var names []string
				if err := storage.DB(st).Raw(q, aggregateIndexes).Scan(&names).Error; err != nil {
					t.Fatal(err)
				}
				slices.Sort(names)
				return names
			}
			if got := indexes(); !slices.Equal(got, aggregateIndexes) {
				t.Errorf("after Migrate: indexes %v, want %v", got, aggregateIndexes)
			}
			if err := st.MigrateDownTo(ctx, 5); err != nil {
				t.Fatal(err)
			}
			if got := indexes(); len(got) != 0 {
				t.Errorf("after its Down: indexes %v, want none", got)
			}
		})
	}
}
