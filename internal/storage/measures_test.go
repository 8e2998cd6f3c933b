package storage_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/internal/testdb"
)

// YearMeasures returns what Targets and Realisations (or
// ApprovedRealisations) return, field for field and in their order: in one
// statement on PostgreSQL, in two on SQLite.
func TestYearMeasures(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		db := storage.DB(st)
		var ids []int64
		if err := db.Raw(`SELECT id FROM indicators ORDER BY id`).Scan(&ids).Error; err != nil {
			t.Fatal(err)
		}
		// Rows of every shape: a ranged target with a label, realisations
		// submitted, rejected and in draft, with their people and times.
		for _, q := range []string{
			`UPDATE targets SET value = NULL, min = 80, max = 95, label = 'Baik' WHERE id = (SELECT MIN(id) FROM targets WHERE year = 2023)`,
			`UPDATE realisations SET status = 'SUBMITTED', submitted_by = (SELECT MIN(id) FROM users), submitted_at = CURRENT_TIMESTAMP,
				obstacles = 'hambatan', remedies = 'solusi' WHERE id = (SELECT MIN(id) FROM realisations WHERE year = 2023)`,
			`UPDATE realisations SET status = 'DRAFT', rejection_reason = 'kurang data' WHERE id = (SELECT MAX(id) FROM realisations WHERE year = 2023)`,
			`UPDATE realisations SET status = 'APPROVED', approved_by = (SELECT MIN(id) FROM users), approved_at = CURRENT_TIMESTAMP
				WHERE year = 2023 AND id % 3 = 0`,
		} {
			if err := db.Exec(q).Error; err != nil {
				t.Fatal(err)
			}
		}
		want := int64(1)
		if st.Dialect() == storage.SQLite {
			want = 2
		}
		for _, year := range []int{2023, 2022, 1999} {
			for _, approved := range []bool{false, true} {
				ctx, c := storage.WithCounter(context.Background())
				targets, realisations, err := st.YearMeasures(ctx, append(ids, 1<<40), year, approved)
				if err != nil {
					t.Fatal(err)
				}
				if n := c.Count(); n != want {
					t.Errorf("%d (approved %v): %d statements, want %d", year, approved, n, want)
				}
				wantTargets, err := st.Targets(context.Background(), ids, []int{year})
				if err != nil {
					t.Fatal(err)
				}
				read := st.Realisations
				if approved {
					read = st.ApprovedRealisations
				}
				wantRealisations, err := read(context.Background(), ids, []int{year})
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(targets, wantTargets) {
					t.Errorf("%d: targets\n%+v\nwant\n%+v", year, targets, wantTargets)
				}
				if !reflect.DeepEqual(realisations, wantRealisations) {
					t.Errorf("%d (approved %v): realisations\n%+v\nwant\n%+v", year, approved, realisations, wantRealisations)
				}
				if year == 2023 && (len(targets) != 39 || len(realisations) == 0) {
					t.Errorf("2023 (approved %v): %d targets and %d realisations, want 39 and some", approved, len(targets), len(realisations))
				}
			}
		}
		if targets, realisations, err := st.YearMeasures(context.Background(), nil, 2023, false); err != nil || len(targets)+len(realisations) != 0 {
			t.Errorf("no indicators: %d targets, %d realisations, %v", len(targets), len(realisations), err)
		}
	})
}
