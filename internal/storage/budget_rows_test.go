package storage_test

import (
	"context"
	"testing"

	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/internal/testdb"
)

// BudgetRows gives every row its activity, program and unit in full, though
// on PostgreSQL it reads the repeated ones as NULL and carries them over:
// the rows equal those of the plain join, read by GORM.
func TestBudgetRowsCarried(t *testing.T) {
	for _, d := range testdb.Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			st := testdb.New(t, d)
			ctx := context.Background()
			got, err := st.BudgetRows(ctx, "", []string{""}, 2023)
			if err != nil {
				t.Fatal(err)
			}
			var want []storage.BudgetRow
			err = storage.DB(st).WithContext(ctx).Table("budget_lines bl").
				Select(`bl.id AS line_id, bl.pagu, bl.realisasi,
					sa.id AS sub_activity_id, sa.code AS sub_activity_code, sa.name AS sub_activity_name,
					a.id AS activity_id, a.code AS activity_code, a.name AS activity_name,
					p.id AS program_id, p.code AS program_code, p.name AS program_name,
					o.path AS unit_path`).
				Joins("JOIN sub_activities sa ON sa.id = bl.sub_activity_id").
				Joins("JOIN activities a ON a.id = sa.activity_id").
				Joins("JOIN programs p ON p.id = a.program_id").
				Joins("JOIN org_units o ON o.id = sa.org_unit_id").
				Where("bl.year = ?", 2023).
				Order("p.position, p.id, a.position, a.id, sa.position, sa.id, bl.id").
				Scan(&want).Error
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 65 || len(got) != len(want) {
				t.Fatalf("%d rows, the plain join %d; want 65 (the Setda's 2023 lines)", len(got), len(want))
			}
			units, programs := map[string]bool{}, map[int64]bool{}
			for i := range want {
				if got[i] != want[i] {
					t.Errorf("row %d:\n got %+v\nwant %+v", i, got[i], want[i])
				}
				units[want[i].UnitPath], programs[want[i].ProgramID] = true, true
			}
			if len(units) < 2 || len(programs) < 2 {
				t.Errorf("%d units and %d programs: the demo no longer tests the carry across groups", len(units), len(programs))
			}
		})
	}
}
