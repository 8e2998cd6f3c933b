package storage_test

import (
	"slices"
	"testing"

	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/internal/testdb"
)

// TestImportAnalyzes: a PostgreSQL database just filled by an import (the
// demo data) has the planner's statistics of its tables. Autovacuum never
// analyzes a table of the demo's size (fewer changed rows than its
// threshold of 50), and without statistics PostgreSQL planned the
// dashboard's statements with nested loops over guessed row counts.
// (SQLite is left without: it plans the demo's statements better so.)
func TestImportAnalyzes(t *testing.T) {
	if !slices.Contains(testdb.Dialects(t), storage.Postgres) {
		t.Skip("no PostgreSQL to test")
	}
	st := testdb.New(t, storage.Postgres)
	var n float64
	// reltuples is -1 until the table is analyzed or vacuumed.
	if err := storage.DB(st).Raw(`SELECT reltuples FROM pg_class WHERE relname = 'indicators'`).Scan(&n).Error; err != nil {
		t.Fatal(err)
	}
	if n != 40 {
		t.Errorf("planner statistics after the demo load: %v rows of indicators, want 40", n)
	}
}
