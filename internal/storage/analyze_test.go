package storage_test

import (
	"fmt"
	"testing"

	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/internal/testdb"
)

// TestImportAnalyzes: a database just filled by an import (the demo data)
// has the planner's statistics of its tables. PostgreSQL's autovacuum never
// analyzes a table of the demo's size (fewer changed rows than its
// threshold of 50), and without statistics it planned the dashboard's
// statements with nested loops over guessed row counts.
func TestImportAnalyzes(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		db := storage.DB(st)
		var n float64
		var err error
		if st.Dialect() == storage.Postgres {
			// reltuples is -1 until the table is analyzed or vacuumed.
			err = db.Raw(`SELECT reltuples FROM pg_class WHERE relname = 'indicators'`).Scan(&n).Error
		} else {
			var stat string
			err = db.Raw(`SELECT stat FROM sqlite_stat1 WHERE tbl = 'indicators' LIMIT 1`).Scan(&stat).Error
			// Its stat begins with the table's row count.
			_, _ = fmt.Sscanf(stat, "%f", &n)
		}
		if err != nil {
			t.Fatal(err)
		}
		if n != 40 {
			t.Errorf("planner statistics after the demo load: %v rows of indicators, want 40", n)
		}
	})
}
