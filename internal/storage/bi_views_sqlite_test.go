package storage_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/internal/testdb"
)

// TestSQLiteBIViewsReadOneYear: on SQLite, a query of the achievement views
// for one year reads that year's targets and realisations through indexes
// (no scan of a table, no correlated subquery per row) and its plan stays
// small, i.e. the nested levels do not re-expand their expressions.
func TestSQLiteBIViewsReadOneYear(t *testing.T) {
	st := testdb.Empty(t, storage.SQLite)
	// The scans allowed: of the views' own subqueries and of the walk down
	// the org unit tree, never of a table.
	subqueries := []string{"y", "bs", "w", "b", "v", "c", "CONSTANT"}
	for _, view := range []string{"kinerja_bi_achievement", "kinerja_bi_achievement_approved"} {
		for _, sel := range []string{"COUNT(*)", "COUNT(category), SUM(capaian)"} {
			q := "EXPLAIN QUERY PLAN SELECT " + sel + " FROM " + view + " WHERE year = 2023"
			var plan []struct {
				ID, Parent, Notused int
				Detail              string
			}
			if err := storage.DB(st).Raw(q).Scan(&plan).Error; err != nil {
				t.Fatal(err)
			}
			if len(plan) > 100 {
				t.Errorf("%s: a plan of %d steps, want at most 100", q, len(plan))
			}
			for _, p := range plan {
				d := p.Detail
				if strings.Contains(d, "CORRELATED") {
					t.Errorf("%s: %q", q, d)
					break
				}
				if f := strings.Fields(d); len(f) >= 2 && f[0] == "SCAN" && !slices.Contains(subqueries, f[1]) {
					t.Errorf("%s: %q, want every table read through an index", q, d)
					break
				}
			}
		}
	}
}

// TestMigrationBIViewsSQLite: migration 10 keeps the names and columns (in
// order) of the SQLite BI views of 00005, and its Down restores them.
func TestMigrationBIViewsSQLite(t *testing.T) {
	ctx := context.Background()
	st := testdb.Empty(t, storage.SQLite)
	views := []string{"kinerja_bi_org_units", "kinerja_bi_achievement_by_basis", "kinerja_bi_achievement",
		"kinerja_bi_achievement_approved", "kinerja_bi_budget"}
	columns := func() map[string][]string {
		out := map[string][]string{}
		for _, v := range views {
			var cols []string
			if err := storage.DB(st).Raw("SELECT name FROM pragma_table_info(?) ORDER BY cid", v).Scan(&cols).Error; err != nil {
				t.Fatal(err)
			}
			if len(cols) == 0 {
				t.Fatalf("no view %s", v)
			}
			out[v] = cols
		}
		return out
	}
	after := columns()
	if err := st.MigrateDownTo(ctx, 9); err != nil {
		t.Fatal(err)
	}
	before := columns()
	for _, v := range views {
		if !slices.Equal(after[v], before[v]) {
			t.Errorf("%s: columns %v, want those of 00005 %v", v, after[v], before[v])
		}
	}
	if _, err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
}
