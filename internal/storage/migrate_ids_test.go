package storage_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"gorm.io/gorm"

	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/internal/testdb"
)

// idTables are the tables whose ids clients hold: on SQLite, migration 2
// makes every one AUTOINCREMENT.
var idTables = []string{
	"activities", "budget_lines", "goals", "indicators", "missions", "org_units", "plans",
	"programs", "realisations", "sasaran", "stated_figures", "sub_activities", "targets", "users",
}

// admin is an Actor that may manage everything.
type admin struct{ id int64 }

func (a admin) ActorID() int64         { return a.id }
func (a admin) CanEnter(string) error  { return nil }
func (a admin) CanManage(string) error { return nil }
func (admin) ActorRole() string        { return "ADMIN" }
func (admin) ActorUnitPath() string    { return "/" }
func (admin) Forbidden(m string) error { return errors.New(m) }

// TestMigration2 applies migration 2 to a database of schema 1 holding rows
// that reference each other, and checks that every row and reference is
// kept (dropping a table with foreign keys on would have cascaded to the
// targets and nulled their updated_by), that every user starts at session
// generation 0, that foreign keys are enforced again afterwards, and that
// the id of a user deleted afterwards is not given to the next one.
func TestMigration2(t *testing.T) {
	for _, d := range testdb.Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			st, err := storage.Open(ctx, testdb.Unmigrated(t, d), nil)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = st.Close() })
			db := storage.DB(st)
			sqlDB, err := db.DB()
			if err != nil {
				t.Fatal(err)
			}
			// One connection: the one the migration ran on is the one asked
			// about foreign keys afterwards.
			sqlDB.SetMaxOpenConns(1)
			if err := st.MigrateTo(ctx, 1); err != nil {
				t.Fatal(err)
			}
			var ids struct{ unit, userA, userB, plan, goal, ind int64 }
			insert := func(dst *int64, table, sql string, args ...any) {
				t.Helper()
				if err := db.Exec(sql, args...).Error; err != nil {
					t.Fatalf("insert %s: %v", table, err)
				}
				if err := db.Raw("SELECT max(id) FROM " + table).Scan(dst).Error; err != nil {
					t.Fatal(err)
				}
			}
			insert(&ids.unit, "org_units", `INSERT INTO org_units (code, name, kind, path, depth, created_at, updated_at)
				VALUES ('KAB', 'Kabupaten', 'PEMDA', '/1/', 0, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)`)
			for _, u := range []struct {
				dst  *int64
				name string
			}{{&ids.userA, "admin"}, {&ids.userB, "operator"}} {
				insert(u.dst, "users", `INSERT INTO users (username, display_name, password_hash, role, org_unit_id, active, created_at, updated_at)
					VALUES (?, ?, 'x', 'ADMIN', ?, true, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)`, u.name, u.name, ids.unit)
			}
			insert(&ids.plan, "plans", `INSERT INTO plans (org_unit_id, name, start_year, end_year, vision, created_at, updated_at)
				VALUES (?, 'Renstra', 2021, 2026, 'Visi', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)`, ids.unit)
			insert(&ids.goal, "goals", `INSERT INTO goals (plan_id, code, name) VALUES (?, 'T1', 'Tujuan')`, ids.plan)
			insert(&ids.ind, "indicators", `INSERT INTO indicators (plan_id, code, name, unit, polarity, accumulation, level, owner_id, goal_id, created_at, updated_at)
				VALUES (?, 'IK1', 'Indikator', '%', 'POSITIVE', 'LAST', 'GOAL', ?, ?, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)`, ids.plan, ids.unit, ids.goal)
			var target, realisation int64
			insert(&target, "targets", `INSERT INTO targets (indicator_id, year, value, updated_by, created_at, updated_at)
				VALUES (?, 2023, 90, ?, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)`, ids.ind, ids.userA)
			insert(&realisation, "realisations", `INSERT INTO realisations (indicator_id, year, period, value, updated_by, created_at, updated_at)
				VALUES (?, 2023, 'YEAR', 95, ?, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)`, ids.ind, ids.userA)

			if _, err := st.Migrate(ctx); err != nil {
				t.Fatalf("migrate to 2: %v", err)
			}

			var rows []struct {
				ID, IndicatorID int64
				UpdatedBy       *int64
			}
			for _, table := range []string{"targets", "realisations"} {
				if err := db.Raw("SELECT id, indicator_id, updated_by FROM " + table).Scan(&rows).Error; err != nil {
					t.Fatal(err)
				}
				if len(rows) != 1 || rows[0].IndicatorID != ids.ind || rows[0].UpdatedBy == nil || *rows[0].UpdatedBy != ids.userA {
					t.Errorf("%s after the migration: %+v, want one row of indicator %d updated by %d", table, rows, ids.ind, ids.userA)
				}
			}
			var gens []int64
			if err := db.Raw("SELECT session_gen FROM users ORDER BY id").Scan(&gens).Error; err != nil {
				t.Fatal(err)
			}
			if len(gens) != 2 || gens[0] != 0 || gens[1] != 0 {
				t.Errorf("session generations %v, want [0 0]", gens)
			}
			if d == storage.SQLite {
				checkSQLiteIDs(t, db)
			}
			// A reference to a unit that does not exist is refused: foreign
			// keys are on again.
			err = db.Exec(`INSERT INTO plans (org_unit_id, name, start_year, end_year, vision, created_at, updated_at)
				VALUES (999, 'Renstra', 2021, 2026, 'Visi', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)`).Error
			if err == nil {
				t.Error("a plan of org unit 999 was inserted: foreign keys are off after the migration")
			}

			if err := st.DeleteUser(ctx, admin{ids.userA}, ids.userB); err != nil {
				t.Fatal(err)
			}
			u, err := st.CreateUser(ctx, admin{ids.userA}, storage.NewUser{Username: "successor", DisplayName: "Successor", PasswordHash: "x", Role: "VIEWER", OrgUnitID: ids.unit})
			if err != nil {
				t.Fatal(err)
			}
			if u.ID <= ids.userB {
				t.Errorf("the user created after deleting user %d has id %d: ids are reused", ids.userB, u.ID)
			}
		})
	}
}

// checkSQLiteIDs checks that every table of idTables is AUTOINCREMENT and
// that users still references org_units.
func checkSQLiteIDs(t *testing.T, db *gorm.DB) {
	t.Helper()
	for _, table := range idTables {
		var sql string
		if err := db.Raw("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", table).Scan(&sql).Error; err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(sql, "INTEGER PRIMARY KEY AUTOINCREMENT") {
			t.Errorf("table %s is not AUTOINCREMENT:\n%s", table, sql)
		}
	}
	var refs []string
	if err := db.Raw(`SELECT "table" FROM pragma_foreign_key_list('users')`).Scan(&refs).Error; err != nil {
		t.Fatal(err)
	}
	if len(refs) != 1 || refs[0] != "org_units" {
		t.Errorf("users references %v, want [org_units]", refs)
	}
}
