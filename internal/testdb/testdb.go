// Package testdb gives tests fresh databases, SQLite always and PostgreSQL
// when one is available, each with the migrations applied and (for New) the
// demo data set loaded.
//
// The first database of a dialect in a test process is built once as a
// template; every test then gets its own copy (a file copy for SQLite, CREATE
// DATABASE ... TEMPLATE for PostgreSQL), so tests may write freely and run in
// parallel. A package that uses testdb runs its tests through Run from its
// TestMain, which drops the templates at the end.
//
// PostgreSQL is used when KINERJA_TEST_POSTGRES holds the URL of a database
// on a server where the user may create databases (scripts/test starts a
// throwaway server and sets it). When CI is "true", PostgreSQL is required.
package testdb

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/kinerja/kinerja/internal/demo"
	"github.com/kinerja/kinerja/internal/storage"
)

// EnvPostgres names the environment variable with the PostgreSQL URL.
const EnvPostgres = "KINERJA_TEST_POSTGRES"

// Password is the password of the demo users in test databases.
const Password = demo.DefaultPassword

type template struct {
	once sync.Once
	name string // SQLite: file path; PostgreSQL: database name
	err  error
}

var (
	templates = map[string]*template{}
	mu        sync.Mutex
)

func templateFor(key string) *template {
	mu.Lock()
	defer mu.Unlock()
	t, ok := templates[key]
	if !ok {
		t = &template{}
		templates[key] = t
	}
	return t
}

// Run runs the tests of m and then drops the templates this process made.
// Use it from TestMain: os.Exit(testdb.Run(m)).
func Run(m *testing.M) int {
	code := m.Run()
	mu.Lock()
	defer mu.Unlock()
	for key, t := range templates {
		if t.err != nil || t.name == "" {
			continue
		}
		if strings.HasPrefix(key, "sqlite") {
			_ = os.Remove(t.name)
			continue
		}
		if err := dropDatabase(context.Background(), t.name); err != nil {
			fmt.Fprintln(os.Stderr, "testdb: drop template:", err)
		}
	}
	return code
}

// Dialects returns the engines to run tests against.
func Dialects(t testing.TB) []storage.Dialect {
	t.Helper()
	if os.Getenv(EnvPostgres) != "" {
		return []storage.Dialect{storage.SQLite, storage.Postgres}
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("CI is true but %s is not set: CI must test against PostgreSQL (see .ci/run)", EnvPostgres)
	}
	return []storage.Dialect{storage.SQLite}
}

// ForEach runs fn as a subtest for each dialect, with a fresh database
// holding the demo data.
func ForEach(t *testing.T, fn func(t *testing.T, st *storage.Store)) {
	t.Helper()
	for _, d := range Dialects(t) {
		t.Run(string(d), func(t *testing.T) { fn(t, New(t, d)) })
	}
}

// New returns a fresh database of dialect d with the demo data loaded,
// closed and dropped when t ends.
func New(t testing.TB, d storage.Dialect) *storage.Store {
	t.Helper()
	return fresh(t, d, true)
}

// Empty returns a fresh migrated database of dialect d without data.
func Empty(t testing.TB, d storage.Dialect) *storage.Store {
	t.Helper()
	return fresh(t, d, false)
}

// Twin returns two stores, as two server instances would open them, on one
// fresh database of dialect d with the demo data loaded.
func Twin(t testing.TB, d storage.Dialect) (*storage.Store, *storage.Store) {
	t.Helper()
	dsn := freshDSN(t, d, true)
	return open(t, dsn), open(t, dsn)
}

func fresh(t testing.TB, d storage.Dialect, withDemo bool) *storage.Store {
	t.Helper()
	return open(t, freshDSN(t, d, withDemo))
}

// open opens the database at dsn, closed when t ends.
func open(t testing.TB, dsn string) *storage.Store {
	t.Helper()
	st, err := storage.Open(context.Background(), dsn, nil)
	if err != nil {
		t.Fatalf("testdb: open: %v", err)
	}
	t.Cleanup(func() { _ = st.Close() })
	// Runs before the Close above: whatever the test wrote, the achievement
	// facts must agree with the lines they come from.
	t.Cleanup(func() {
		if t.Failed() {
			return
		}
		problems, err := st.VerifyFacts(context.Background())
		if err != nil {
			return // the test closed or rolled back the database
		}
		for _, p := range problems {
			t.Errorf("achievement facts: %s", p)
		}
	})
	return st
}

// freshDSN makes a fresh copy of the template of dialect d and returns
// where it is.
func freshDSN(t testing.TB, d storage.Dialect, withDemo bool) string {
	t.Helper()
	ctx := context.Background()
	key := fmt.Sprintf("%s/%v", d, withDemo)
	tpl := templateFor(key)
	tpl.once.Do(func() { tpl.name, tpl.err = build(ctx, d, withDemo) })
	if tpl.err != nil {
		t.Fatalf("testdb: build %s template: %v", d, tpl.err)
	}
	var dsn string
	switch d {
	case storage.SQLite:
		dsn = filepath.Join(t.TempDir(), "kinerja.db")
		if err := copyFile(tpl.name, dsn); err != nil {
			t.Fatalf("testdb: copy template: %v", err)
		}
	default:
		name := "kinerja_test_" + randomHex(6)
		if err := adminExec(ctx, fmt.Sprintf("CREATE DATABASE %s TEMPLATE %s", name, tpl.name)); err != nil {
			t.Fatalf("testdb: create database: %v", err)
		}
		t.Cleanup(func() {
			if err := dropDatabase(context.Background(), name); err != nil {
				t.Errorf("testdb: drop database: %v", err)
			}
		})
		dsn = databaseURL(name)
	}
	return dsn
}

// build makes a template database and returns its name.
func build(ctx context.Context, d storage.Dialect, withDemo bool) (string, error) {
	var (
		dsn, name string
		work      string
	)
	if d == storage.SQLite {
		dir, err := os.MkdirTemp("", "kinerja-testdb-")
		if err != nil {
			return "", err
		}
		defer os.RemoveAll(dir)
		work = filepath.Join(dir, "build.db")
		dsn = work
		name = filepath.Join(os.TempDir(), "kinerja-template-"+randomHex(8)+".db")
	} else {
		name = "kinerja_template_" + randomHex(6)
		if err := adminExec(ctx, "CREATE DATABASE "+name); err != nil {
			return "", err
		}
		dsn = databaseURL(name)
	}
	st, err := storage.Open(ctx, dsn, nil)
	if err != nil {
		return "", err
	}
	defer st.Close()
	if _, err := st.Migrate(ctx); err != nil {
		return "", err
	}
	if _, err := st.RefreshFacts(ctx); err != nil {
		return "", err
	}
	if withDemo {
		ds, err := demo.LKjIP2023()
		if err != nil {
			return "", err
		}
		if err := demo.Load(ctx, st, ds, Password); err != nil {
			return "", err
		}
	}
	if d == storage.SQLite {
		if err := st.Snapshot(ctx, name); err != nil {
			return "", err
		}
	}
	return name, nil
}

// databaseURL returns the URL of database name on the test server.
func databaseURL(name string) string {
	u, err := url.Parse(os.Getenv(EnvPostgres))
	if err != nil {
		return ""
	}
	u.Path = "/" + name
	return u.String()
}

// adminExec runs a statement on the database of KINERJA_TEST_POSTGRES
// (CREATE and DROP DATABASE cannot run inside another database's
// transaction).
func adminExec(ctx context.Context, sql string) error {
	conn, err := pgx.Connect(ctx, os.Getenv(EnvPostgres))
	if err != nil {
		return fmt.Errorf("connect to %s: %w", EnvPostgres, err)
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, sql)
	return err
}

func dropDatabase(ctx context.Context, name string) error {
	return adminExec(ctx, fmt.Sprintf("DROP DATABASE IF EXISTS %s WITH (FORCE)", name))
}

func copyFile(from, to string) error {
	src, err := os.Open(from)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(dst, src); err != nil {
		dst.Close()
		return err
	}
	return dst.Close()
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
