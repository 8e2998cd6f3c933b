package storage_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/internal/testdb"
)

func TestMain(m *testing.M) { os.Exit(testdb.Run(m)) }

// versionTable is where goose records the applied migrations; rolling back
// leaves it in place.
const versionTable = "goose_db_version"

// initialTables are the tables migration 1 creates.
var initialTables = []string{
	"activities", "budget_lines", "goals", "indicators", "missions", "org_units",
	"plans", "program_sasaran", "programs", "realisations", "sasaran", "settings",
	"stated_figures", "sub_activities", "targets", "users",
}

// TestMigrations applies every migration to an empty database, checks that a
// second run applies nothing, rolls everything back, and applies it again.
func TestMigrations(t *testing.T) {
	for _, d := range testdb.Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			dsn := testdb.Unmigrated(t, d)
			st, err := storage.Open(ctx, dsn, nil)
			if err != nil {
				t.Fatalf("open: %v", err)
			}
			t.Cleanup(func() { _ = st.Close() })

			if got := userTables(t, dsn); len(got) != 0 {
				t.Fatalf("before Migrate: tables %v, want none", got)
			}
			latest := migrateUp(t, st, "first Migrate")
			if !hasTables(t, dsn, initialTables) {
				return
			}

			again, err := st.Migrate(ctx)
			if err != nil {
				t.Fatalf("second Migrate: %v", err)
			}
			if len(again) != 0 {
				t.Errorf("second Migrate applied %v, want nothing", again)
			}

			if err := st.MigrateDown(ctx); err != nil {
				t.Fatalf("MigrateDown: %v", err)
			}
			if got := userTables(t, dsn); len(got) != 0 {
				t.Errorf("after MigrateDown: tables %v, want none", got)
			}
			current, _, err := st.SchemaVersion(ctx)
			if err != nil {
				t.Fatalf("SchemaVersion after MigrateDown: %v", err)
			}
			if current != 0 {
				t.Errorf("after MigrateDown: schema version %d, want 0", current)
			}

			if got := migrateUp(t, st, "Migrate after MigrateDown"); got != latest {
				t.Errorf("Migrate after MigrateDown: latest %d, want %d", got, latest)
			}
			hasTables(t, dsn, initialTables)
		})
	}
}

// migrateUp runs Migrate on a database without migrations, checks that it
// applied every version from 1 to the latest in order and that SchemaVersion
// agrees, and returns the latest version.
func migrateUp(t *testing.T, st *storage.Store, what string) int64 {
	t.Helper()
	ctx := context.Background()
	applied, err := st.Migrate(ctx)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	current, latest, err := st.SchemaVersion(ctx)
	if err != nil {
		t.Fatalf("%s: SchemaVersion: %v", what, err)
	}
	if latest < 1 {
		t.Fatalf("%s: latest version %d, want at least 1", what, latest)
	}
	if current != latest {
		t.Errorf("%s: schema version %d, want the latest, %d", what, current, latest)
	}
	var got []int64
	for _, r := range applied {
		got = append(got, r.Version)
	}
	want := migrationVersions(t, st.Dialect())
	if !slices.Equal(got, want) {
		t.Errorf("%s applied versions %v, want %v", what, got, want)
	}
	return latest
}

// migrationVersions returns the versions of the migration files of dialect
// d, in order.
func migrationVersions(t *testing.T, d storage.Dialect) []int64 {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join("migrations", string(d)))
	if err != nil {
		t.Fatal(err)
	}
	var out []int64
	for _, e := range entries {
		num, _, _ := strings.Cut(e.Name(), "_")
		v, err := strconv.ParseInt(num, 10, 64)
		if err != nil {
			t.Fatalf("migration file %s: no version: %v", e.Name(), err)
		}
		out = append(out, v)
	}
	slices.Sort(out)
	return out
}

// userTables returns the tables of the database at dsn other than goose's.
func userTables(t *testing.T, dsn string) []string {
	t.Helper()
	return slices.DeleteFunc(testdb.Tables(t, dsn), func(name string) bool { return name == versionTable })
}

// hasTables reports whether the database at dsn has every table of want,
// marking t failed when not.
func hasTables(t *testing.T, dsn string, want []string) bool {
	t.Helper()
	got := testdb.Tables(t, dsn)
	var missing []string
	for _, name := range want {
		if !slices.Contains(got, name) {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		t.Errorf("tables %v: missing %v", got, missing)
		return false
	}
	return true
}
