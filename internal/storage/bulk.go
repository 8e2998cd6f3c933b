package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// RowSource streams the rows of one table to Bulk.Insert; its shape is
// pgx.CopyFromSource's, so that a source goes to COPY as it is.
type RowSource interface {
	// Next advances to the next row; false at the end or on an error.
	Next() bool
	// Values returns the row, one value per column.
	Values() ([]any, error)
	// Err returns the error that stopped Next, if any.
	Err() error
}

// Bulk inserts whole tables of rows whose ids the caller assigns, in the
// one transaction of Store.BulkLoad. It bypasses the write funnel (no
// permission, no audit entry per row): it is for filling an empty database
// with generated data, not for user data.
type Bulk struct {
	ctx context.Context
	pg  pgx.Tx  // PostgreSQL: COPY
	sql *sql.Tx // SQLite: batched multi-row INSERTs
	// Loaded is called with the number of rows of each batch written.
	Loaded func(n int)
	// tables are those filled whose ids were given (their first column).
	tables []string
}

// sqliteRows is the number of rows of one SQLite INSERT: a hundred rows a
// statement loads ~15 times faster than statements near SQLite's limit of
// 32766 parameters, whose binding dominates.
const sqliteRows = 100

// BulkLoad runs fn with a Bulk in one transaction, then moves the id
// sequences of the tables it filled past their largest id, and updates the
// planner's statistics (ANALYZE).
func (s *Store) BulkLoad(ctx context.Context, fn func(b *Bulk) error) error {
	sqlDB, err := s.w.DB()
	if err != nil {
		return err
	}
	conn, err := sqlDB.Conn(ctx)
	if err != nil {
		return fmt.Errorf("bulk load: %w", err)
	}
	defer conn.Close()
	if s.dialect == Postgres {
		err = conn.Raw(func(dc any) error {
			c, ok := dc.(*stdlib.Conn)
			if !ok {
				return fmt.Errorf("bulk load: a %T is not a pgx connection", dc)
			}
			return pgx.BeginFunc(ctx, c.Conn(), func(tx pgx.Tx) error {
				b := &Bulk{ctx: ctx, pg: tx}
				if err := fn(b); err != nil {
					return err
				}
				for _, t := range b.tables {
					if _, err := tx.Exec(ctx, fmt.Sprintf(`SELECT setval(pg_get_serial_sequence('%[1]s', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM %[1]s`, t)); err != nil {
						return fmt.Errorf("reset the ids of %s: %w", t, err)
					}
				}
				return nil
			})
		})
	} else {
		var tx *sql.Tx
		if tx, err = conn.BeginTx(ctx, nil); err != nil {
			return fmt.Errorf("bulk load: %w", err)
		}
		if err = fn(&Bulk{ctx: ctx, sql: tx}); err != nil {
			err = errors.Join(err, tx.Rollback())
		} else {
			err = tx.Commit()
		}
	}
	if err != nil {
		return fmt.Errorf("bulk load: %w", err)
	}
	// The facts of what was loaded, on a connection of the pool (SQLite's
	// one writer connection is conn's until it is closed).
	if err := conn.Close(); err != nil {
		return fmt.Errorf("bulk load: %w", err)
	}
	if _, err := s.RefreshFacts(ctx); err != nil {
		return fmt.Errorf("bulk load: %w", err)
	}
	return s.analyze(ctx, "bulk load")
}

// Insert writes every row of src into table, one value per column.
func (b *Bulk) Insert(table string, columns []string, src RowSource) error {
	if len(columns) > 0 && columns[0] == "id" {
		b.tables = append(b.tables, table)
	}
	if b.pg != nil {
		n, err := b.pg.CopyFrom(b.ctx, pgx.Identifier{table}, columns, counted{src, b.Loaded})
		if err != nil {
			return fmt.Errorf("copy %d rows into %s: %w", n, table, err)
		}
		return nil
	}
	per := sqliteRows
	row := "(" + strings.TrimSuffix(strings.Repeat("?,", len(columns)), ",") + ")"
	head := "INSERT INTO " + table + " (" + strings.Join(columns, ", ") + ") VALUES "
	full, err := b.sql.PrepareContext(b.ctx, head+strings.TrimSuffix(strings.Repeat(row+",", per), ","))
	if err != nil {
		return fmt.Errorf("insert into %s: %w", table, err)
	}
	defer full.Close()
	args := make([]any, 0, per*len(columns))
	flush := func() error {
		n := len(args) / len(columns)
		if n == 0 {
			return nil
		}
		var err error
		if n == per {
			_, err = full.ExecContext(b.ctx, args...)
		} else {
			_, err = b.sql.ExecContext(b.ctx, head+strings.TrimSuffix(strings.Repeat(row+",", n), ","), args...)
		}
		if err != nil {
			return fmt.Errorf("insert into %s: %w", table, err)
		}
		if b.Loaded != nil {
			b.Loaded(n)
		}
		args = args[:0]
		return nil
	}
	for src.Next() {
		vals, err := src.Values()
		if err != nil {
			return err
		}
		args = append(args, vals...)
		if len(args) == cap(args) {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if err := src.Err(); err != nil {
		return err
	}
	return flush()
}

// counted reports every row COPY reads from a source to loaded.
type counted struct {
	RowSource
	loaded func(int)
}

func (c counted) Values() ([]any, error) { return c.RowSource.Values() }

func (c counted) Next() bool {
	ok := c.RowSource.Next()
	if ok && c.loaded != nil {
		c.loaded(1)
	}
	return ok
}
