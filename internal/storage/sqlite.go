package storage

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"net/url"

	"github.com/glebarez/sqlite"
)

// sqliteReaders is the number of connections that read an SQLite database
// at once, beside its one writer.
const sqliteReaders = 4

// openSQLite opens the SQLite file at path (created when missing) as two
// pools: one connection that writes, which switches the file to WAL first,
// and a pool of read-only connections beside it.
//
// One writer means writers queue in Go's pool instead of inside SQLite's busy
// handler, and no reader ever waits for a connection that a writer holds
// while it waits for the write lock: with one shared pool, a cold start under
// load (statements not yet prepared, the pool full of writers waiting for the
// lock) stalled every request for the busy timeout.
func openSQLite(ctx context.Context, path string, log *slog.Logger) (*Store, error) {
	if err := createPrivate(path, log); err != nil {
		return nil, fmt.Errorf("open sqlite: %w", err)
	}
	w, err := openPool(ctx, SQLite, sqlite.Open(sqliteDSN(path, true)), log, func(db *sql.DB) {
		db.SetMaxOpenConns(1)
		db.SetMaxIdleConns(1)
		db.SetConnMaxIdleTime(0)
	})
	if err != nil {
		return nil, err
	}
	r, err := openPool(ctx, SQLite, sqlite.Open(sqliteDSN(path, false)), log, func(db *sql.DB) {
		db.SetMaxOpenConns(sqliteReaders)
		db.SetMaxIdleConns(sqliteReaders)
	})
	if err != nil {
		if sqlDB, err := w.DB(); err == nil {
			_ = sqlDB.Close()
		}
		return nil, err
	}
	return &Store{db: r, w: w, dialect: SQLite}, nil
}

// sqliteDSN turns a file path into a DSN with the pragmas Kinerja relies on:
// a busy timeout (first, so that it covers the pragmas after it), foreign
// keys enforced, and NORMAL sync (durable at each checkpoint, safe in WAL).
// The writer switches the file to WAL (persistent: readers find it so) and
// begins every transaction IMMEDIATE, taking the write lock at once; the
// readers are query-only.
func sqliteDSN(path string, writer bool) string {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "synchronous(NORMAL)")
	if writer {
		q.Add("_pragma", "journal_mode(WAL)")
		q.Set("_txlock", "immediate")
	} else {
		q.Add("_pragma", "query_only(1)")
	}
	return "file:" + path + "?" + q.Encode()
}
