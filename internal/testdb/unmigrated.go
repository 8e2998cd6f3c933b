package testdb

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	_ "github.com/glebarez/go-sqlite" // the "sqlite" database/sql driver, for Tables
	"github.com/jackc/pgx/v5"

	"github.com/kinerja/kinerja/internal/storage"
)

// Unmigrated returns the DSN of a new, empty database of dialect d, with no
// migrations applied: for tests of the migrations themselves. The database is
// dropped when t ends; close what was opened on it in an earlier-registered
// order (a t.Cleanup registered after this call runs before the drop).
func Unmigrated(t testing.TB, d storage.Dialect) string {
	t.Helper()
	if d == storage.SQLite {
		return filepath.Join(t.TempDir(), "kinerja.db")
	}
	ctx := context.Background()
	name := "kinerja_test_" + randomHex(6)
	if err := adminExec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("testdb: create database: %v", err)
	}
	t.Cleanup(func() {
		if err := dropDatabase(context.Background(), name); err != nil {
			t.Errorf("testdb: drop database: %v", err)
		}
	})
	return databaseURL(name)
}

// Tables returns the sorted names of the tables in the database at dsn (as
// given to storage.Open), leaving out SQLite's own.
func Tables(t testing.TB, dsn string) []string {
	t.Helper()
	ctx := context.Background()
	var (
		names []string
		err   error
	)
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		names, err = postgresTables(ctx, dsn)
	} else {
		names, err = sqliteTables(ctx, dsn)
	}
	if err != nil {
		t.Fatalf("testdb: list tables: %v", err)
	}
	sort.Strings(names)
	return names
}

func postgresTables(ctx context.Context, dsn string) ([]string, error) {
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return nil, fmt.Errorf("connect: %w", err)
	}
	defer conn.Close(ctx)
	rows, err := conn.Query(ctx, "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[string])
}

func sqliteTables(ctx context.Context, path string) ([]string, error) {
	db, err := sql.Open("sqlite", path)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx,
		`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\'`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return nil, err
		}
		names = append(names, name)
	}
	return names, rows.Err()
}
