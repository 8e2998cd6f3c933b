package storage

import (
	"fmt"
	"slices"
	"strings"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// upsert is one INSERT … ON CONFLICT (key) DO UPDATE … RETURNING id: a row
// replaced or created in a single statement, so that two writers of the same
// key never both read "missing" (and collide on the unique index), nor both
// read version n (and both write n+1). The engine locks the row for the
// statement; PostgreSQL keeps the lock to the end of the transaction.
type upsert struct {
	table string
	// key are the columns of the unique index that names the row.
	key []string
	// columns and values are the row to insert; the columns not in key or
	// keep are also what an existing row takes from it.
	columns []string
	values  []any
	// keep are columns an existing row keeps (its created_at, its status).
	keep []string
	// also are further assignments to an existing row, such as
	// "version = realisations.version + 1".
	also []string
	// where, when set, is the condition an existing row must meet to be
	// replaced (written with the table's name: "realisations.status IN ?").
	where     string
	whereArgs []any
}

// run executes u in tx. It returns the id of the row inserted or replaced;
// ok is false when a row exists that where refused (and it is unchanged).
func (u upsert) run(tx *gorm.DB) (id int64, ok bool, err error) {
	var set []string
	for _, c := range u.columns {
		if !slices.Contains(u.key, c) && !slices.Contains(u.keep, c) {
			set = append(set, c+" = excluded."+c)
		}
	}
	set = append(set, u.also...)
	sql := fmt.Sprintf("INSERT INTO %s (%s) VALUES (%s) ON CONFLICT (%s) DO UPDATE SET %s",
		u.table, strings.Join(u.columns, ", "), strings.TrimSuffix(strings.Repeat("?, ", len(u.columns)), ", "),
		strings.Join(u.key, ", "), strings.Join(set, ", "))
	args := u.values
	if u.where != "" {
		sql += " WHERE " + u.where
		args = append(append([]any(nil), args...), u.whereArgs...)
	}
	sql += " RETURNING id"
	rows, err := tx.Raw(sql, args...).Rows()
	if err != nil {
		return 0, false, err
	}
	defer rows.Close()
	if rows.Next() {
		if err := rows.Scan(&id); err != nil {
			return 0, false, err
		}
		ok = true
	}
	return id, ok, rows.Err()
}

// forUpdate makes the reads of q lock the rows they return until the end of
// the transaction, on PostgreSQL (SELECT … FOR UPDATE): a row read to be
// changed cannot change under the reader. SQLite needs none: its writers run
// one at a time (every write transaction begins IMMEDIATE).
func forUpdate(q *gorm.DB) *gorm.DB {
	return locking(q, clause.LockingStrengthUpdate, "")
}

// forUpdateOf is forUpdate for a read that joins other tables: only the rows
// of table are locked.
func forUpdateOf(q *gorm.DB, table string) *gorm.DB {
	return locking(q, clause.LockingStrengthUpdate, table)
}

// forShare makes the reads of q keep the rows they return from changing (or
// being deleted) until the end of the transaction, on PostgreSQL (SELECT …
// FOR SHARE): a row others may read this way at once, but not change.
func forShare(q *gorm.DB) *gorm.DB {
	return locking(q, clause.LockingStrengthShare, "")
}

func locking(q *gorm.DB, strength, table string) *gorm.DB {
	if q.Dialector.Name() != string(Postgres) {
		return q
	}
	l := clause.Locking{Strength: strength}
	if table != "" {
		l.Table = clause.Table{Name: table}
	}
	return q.Clauses(l)
}

// lockedRow is the row a replace is about, read (and locked, on
// PostgreSQL) by its key: its read method is the read of replace, and Row
// gives the row as it was before the write, if there was one.
type lockedRow[T any] struct {
	tx      *gorm.DB
	what    string // "target", for messages
	where   string
	args    []any
	version func(*T) int
	rows    []T
}

// read reads the row locked and reports whether it exists and its version.
func (l *lockedRow[T]) read() (bool, int, error) {
	l.rows = l.rows[:0]
	if err := forUpdate(l.tx).Where(l.where, l.args...).Limit(1).Find(&l.rows).Error; err != nil {
		return false, 0, fmt.Errorf("read the %s: %w", l.what, err)
	}
	if len(l.rows) == 0 {
		return false, 0, nil
	}
	return true, l.version(&l.rows[0]), nil
}

// Row returns the row the last read found, if any.
func (l *lockedRow[T]) Row() (T, bool) {
	if len(l.rows) == 0 {
		var zero T
		return zero, false
	}
	return l.rows[0], true
}
