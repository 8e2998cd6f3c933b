package storage_test

import (
	"context"
	"slices"
	"testing"

	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/internal/testdb"
)

// workflowTables are the tables migration 4 creates.
var workflowTables = []string{"approvals", "audit_log", "entry_periods"}

// TestMigration4 applies migration 4 to a database of schema 3 holding a
// target and a realisation, checks that they keep their values and start at
// version 1 without workflow marks, that the audit log refuses to change or
// lose an entry, then rolls the migration back (the rows stay, the new
// tables and columns go) and applies it again.
func TestMigration4(t *testing.T) {
	for _, d := range testdb.Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			dsn := testdb.Unmigrated(t, d)
			st, err := storage.Open(ctx, dsn, nil)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = st.Close() })
			db := storage.DB(st)
			if err := st.MigrateTo(ctx, 3); err != nil {
				t.Fatal(err)
			}
			for _, sql := range []string{
				`INSERT INTO org_units (id, code, name, kind, path, depth, created_at, updated_at) VALUES (1, 'KAB', 'Kabupaten', 'PEMDA', '/1/', 0, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)`,
				`INSERT INTO plans (id, org_unit_id, name, start_year, end_year, vision, created_at, updated_at) VALUES (1, 1, 'Renstra', 2021, 2026, 'Visi', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)`,
				`INSERT INTO goals (id, plan_id, code, name) VALUES (1, 1, 'T1', 'Tujuan')`,
				`INSERT INTO indicators (id, plan_id, code, name, unit, polarity, accumulation, level, owner_id, goal_id, created_at, updated_at)
					VALUES (1, 1, 'IK1', 'Indikator', '%', 'POSITIVE', 'LAST', 'GOAL', 1, 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)`,
				`INSERT INTO targets (indicator_id, year, value, created_at, updated_at) VALUES (1, 2023, 90, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)`,
				`INSERT INTO realisations (indicator_id, year, period, value, status, version, created_at, updated_at) VALUES (1, 2023, 'YEAR', 95, 'DRAFT', 3, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)`,
			} {
				if err := db.Exec(sql).Error; err != nil {
					t.Fatalf("%s: %v", sql, err)
				}
			}

			if _, err := st.Migrate(ctx); err != nil {
				t.Fatalf("migrate to 4: %v", err)
			}
			if !hasTables(t, dsn, workflowTables) {
				return
			}
			var target struct {
				Value   float64
				Version int
			}
			if err := db.Raw("SELECT value, version FROM targets").Scan(&target).Error; err != nil || target.Value != 90 || target.Version != 1 {
				t.Errorf("the target after migration 4: %+v (%v), want value 90 at version 1", target, err)
			}
			var real struct {
				Value           float64
				Version         int
				ApprovedBy      *int64
				RejectionReason *string
			}
			err = db.Raw("SELECT value, version, approved_by, rejection_reason FROM realisations").Scan(&real).Error
			if err != nil || real.Value != 95 || real.Version != 3 || real.ApprovedBy != nil || real.RejectionReason != nil {
				t.Errorf("the realisation after migration 4: %+v (%v), want 95 at version 3, neither approved nor rejected", real, err)
			}

			if err := db.Exec(`INSERT INTO audit_log (at, action, object_type) VALUES (CURRENT_TIMESTAMP, 'IMPORT', 'DATASET')`).Error; err != nil {
				t.Fatal(err)
			}
			if err := db.Exec(`UPDATE audit_log SET action = 'DELETE'`).Error; err == nil {
				t.Error("an audit entry was changed: the log must be append-only")
			}
			if err := db.Exec(`DELETE FROM audit_log`).Error; err == nil {
				t.Error("an audit entry was deleted: the log must be append-only")
			}

			if err := st.MigrateDownTo(ctx, 3); err != nil {
				t.Fatalf("migrate down to 3: %v", err)
			}
			if got := testdb.Tables(t, dsn); slices.ContainsFunc(workflowTables, func(n string) bool { return slices.Contains(got, n) }) {
				t.Errorf("after rolling migration 4 back: tables %v, want none of %v", got, workflowTables)
			}
			if err := db.Exec("SELECT version FROM targets").Error; err == nil {
				t.Error("after rolling migration 4 back, targets still has a version")
			}
			var n int64
			if err := db.Raw("SELECT COUNT(*) FROM realisations WHERE value = 95 AND version = 3").Scan(&n).Error; err != nil || n != 1 {
				t.Errorf("after rolling migration 4 back: %d realisations as they were (%v), want 1", n, err)
			}

			if _, err := st.Migrate(ctx); err != nil {
				t.Fatalf("migrate to 4 again: %v", err)
			}
			hasTables(t, dsn, workflowTables)
		})
	}
}
