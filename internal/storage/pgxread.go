package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/stdlib"
	"gorm.io/gorm"
)

// On PostgreSQL the hot reads (scanRows) skip database/sql's rows: GORM
// builds the statement and picks its pool as for any other (the replicas'
// routing and read-your-writes included, see replicas.go), counts it and
// logs it, and pgx runs it on a connection of that pool and scans each
// column straight into its field. Through database/sql every value was
// first converted to a driver.Value (a string allocated for each text
// column, a time.Time boxed for each timestamp), then assigned by
// reflection: a fifth of the allocations of a dashboard.

// pgxStats is the statement statistics of a store, kept in its GORM
// configuration so that a read with only its *gorm.DB can count a failure.
type pgxStats struct{ *statementStats }

const pgxStatsName = "kinerja:stats"

func (pgxStats) Name() string                 { return pgxStatsName }
func (pgxStats) Initialize(db *gorm.DB) error { return nil }

// rowKind is the index of "row" in statementKinds.
const rowKind = 4

// errNotPgx is returned by queryPgx for a read it does not take: not on
// PostgreSQL, or in a transaction (whose connection database/sql holds).
var errNotPgx = errors.New("not a pgx read")

// queryPgx runs the row query q through pgx and hands its rows to scan. It
// returns errNotPgx, having run nothing, when q is not for it.
func queryPgx(q *gorm.DB, scan func(pgx.Rows) error) error {
	if q.Dialector.Name() != "postgres" || inTransaction(q.Statement.ConnPool) {
		return errNotPgx
	}
	// The statement's SQL, arguments and pool, as GORM's row callbacks
	// (the resolver's among them) make them, without running it.
	tx := q.Session(&gorm.Session{DryRun: true}).Set("rows", true)
	tx = tx.Callback().Row().Execute(tx)
	if tx.Error != nil {
		return tx.Error
	}
	pool := poolOf(tx.Statement.ConnPool)
	if pool == nil {
		return fmt.Errorf("a read through pgx on a %T", tx.Statement.ConnPool)
	}
	ctx := tx.Statement.Context
	begin := time.Now()
	query := tx.Statement.SQL.String()
	err := runPgx(ctx, pool, query, tx.Statement.Vars, scan)
	if err != nil {
		if st, ok := q.Config.Plugins[pgxStatsName].(pgxStats); ok {
			st.failed[rowKind].Add(1)
		}
	}
	q.Logger.Trace(ctx, begin, func() (string, int64) { return query, -1 }, err)
	return err
}

func runPgx(ctx context.Context, pool *sql.DB, query string, args []any, scan func(pgx.Rows) error) error {
	conn, err := pool.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		c, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("a read through pgx on a %T", dc)
		}
		rows, err := c.Conn().Query(ctx, query, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		if err := scan(rows); err != nil {
			return err
		}
		rows.Close()
		return rows.Err()
	})
}

// inTransaction reports whether pool is a transaction's.
func inTransaction(pool gorm.ConnPool) bool {
	switch pool.(type) {
	case *sql.Tx, *sql.Conn, *gorm.PreparedStmtTX:
		return true
	}
	_, ok := pool.(gorm.TxCommitter)
	return ok
}

// poolOf returns the *sql.DB under pool, nil when there is none.
func poolOf(pool gorm.ConnPool) *sql.DB {
	switch p := pool.(type) {
	case *sql.DB:
		return p
	case *gorm.PreparedStmtDB:
		return poolOf(p.ConnPool)
	}
	return nil
}

// binder collects the arguments of a statement written by hand and names
// each where it goes: $1, $2… when numbered (PostgreSQL), else ? for GORM
// to number.
type binder struct {
	numbered bool
	args     []any
}

// arg adds v and returns its placeholder.
func (b *binder) arg(v any) string {
	b.args = append(b.args, v)
	if b.numbered {
		return "$" + strconv.Itoa(len(b.args))
	}
	return "?"
}

// in returns col's test for membership in ids: one array parameter when
// numbered, else a list GORM expands.
func (b *binder) in(col string, ids []int64) string {
	if b.numbered {
		return col + " = ANY(" + b.arg(int64Array(ids)) + ")"
	}
	return col + " IN " + b.arg(ids)
}

// under returns the test that col (a path) lies in the subtree of path, as
// under adds it.
func (b *binder) under(col, path string) string {
	lo, hi := pathRange(path)
	return "(" + col + " >= " + b.arg(lo) + " AND " + col + " < " + b.arg(hi) + ")"
}

// int64Array is ids as a PostgreSQL array parameter.
func int64Array(ids []int64) pgtype.Array[int64] {
	return pgtype.Array[int64]{Elements: ids, Dims: []pgtype.ArrayDimension{{Length: int32(len(ids)), LowerBound: 1}}, Valid: true}
}

// raw returns the read q with b's arguments. A numbered statement is set
// as it is: GORM's Raw copies a statement byte by byte through its
// builder to number its placeholders, a twentieth of the time of a
// dashboard, and skips that when the statement is already there. Its
// callbacks (the replicas' routing, the counter, the log) run as for any
// other.
func (s *Store) raw(ctx context.Context, b binder, q string) *gorm.DB {
	if !b.numbered {
		return s.db.WithContext(ctx).Raw(q, b.args...)
	}
	tx := s.db.WithContext(ctx).Raw("")
	tx.Statement.SQL.WriteString(q)
	tx.Statement.Vars = b.args
	return tx
}
