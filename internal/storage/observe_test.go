package storage_test

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/internal/testdb"
)

// TestSQLiteFileModes checks that the database file, its WAL and shared
// memory files, and a snapshot are readable by their owner only.
func TestSQLiteFileModes(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := filepath.Join(dir, "data", "kinerja.db")
	st, err := storage.Open(ctx, db, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	snap := filepath.Join(dir, "backup.db")
	if err := st.Snapshot(ctx, snap); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{db, db + "-wal", db + "-shm", snap} {
		fi, err := os.Stat(f)
		if err != nil {
			t.Errorf("%s: %v", filepath.Base(f), err)
			continue
		}
		if got := fi.Mode().Perm(); got != storage.FileMode {
			t.Errorf("%s has mode %v, want %v", filepath.Base(f), got, storage.FileMode)
		}
	}
}

// TestOpenWarnsOfReadableFile checks that opening an existing database file
// that others may read says so, and leaves the mode to the operator.
func TestOpenWarnsOfReadableFile(t *testing.T) {
	db := filepath.Join(t.TempDir(), "kinerja.db")
	if err := os.WriteFile(db, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(db, 0o644); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	st, err := storage.Open(context.Background(), db, slog.New(slog.NewTextHandler(&buf, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if !strings.Contains(buf.String(), "chmod 600") {
		t.Errorf("no warning about the readable file:\n%s", buf.String())
	}
}

// TestSQLLogsHoldNoValues checks that a failed statement is logged at DEBUG
// (the caller logs the error) and without its arguments.
func TestSQLLogsHoldNoValues(t *testing.T) {
	ctx := context.Background()
	var buf bytes.Buffer
	log := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	st, err := storage.Open(ctx, filepath.Join(t.TempDir(), "kinerja.db"), log)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	buf.Reset()
	// No table yet holds this name, and the statement fails on a closed
	// database either way.
	_ = st.Close()
	const value = "zz-private-value"
	if _, err := st.UserByUsername(ctx, value); err == nil {
		t.Fatal("a query on a closed database succeeded")
	}
	out := buf.String()
	if !strings.Contains(out, `msg="sql failed"`) || !strings.Contains(out, "level=DEBUG") {
		t.Errorf("want one DEBUG line for the failed statement, got:\n%s", out)
	}
	if strings.Contains(out, "level=ERROR") {
		t.Errorf("the failed statement was logged as an error (its caller logs it):\n%s", out)
	}
	if strings.Contains(out, value) {
		t.Errorf("the log holds the statement's argument %q:\n%s", value, out)
	}
}

// TestCollectors checks the statement and connection pool metrics.
func TestCollectors(t *testing.T) {
	st := testdb.New(t, storage.SQLite)
	reg := prometheus.NewPedanticRegistry()
	cs, err := st.Collectors()
	if err != nil {
		t.Fatal(err)
	}
	reg.MustRegister(cs...)
	if _, err := st.UserByUsername(context.Background(), "sekda"); err != nil {
		t.Fatal(err)
	}
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]float64{}
	for _, f := range families {
		for _, m := range f.GetMetric() {
			name := f.GetName()
			for _, l := range m.GetLabel() {
				if l.GetName() == "kind" {
					name += "{" + l.GetValue() + "}"
				}
			}
			got[name] = m.GetCounter().GetValue() + m.GetGauge().GetValue()
		}
	}
	if got["kinerja_sql_statements_total{query}"] < 1 {
		t.Errorf("kinerja_sql_statements_total{kind=query} = %v, want at least 1", got["kinerja_sql_statements_total{query}"])
	}
	if _, ok := got["go_sql_max_open_connections"]; !ok {
		t.Errorf("no connection pool metrics among %v", got)
	}
}
