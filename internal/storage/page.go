package storage

import (
	"fmt"
	"strings"

	"gorm.io/gorm"
)

// Window selects one page of an ordered list by keyset, never by offset:
// the rows after After and before Before (each the key of a row, in the
// list's key order; nil for no bound), then the first Limit of them or, with
// Backward, the last Limit. A page costs one indexed range read wherever it
// lies in the list.
type Window struct {
	After, Before []any
	Limit         int
	Backward      bool
	// Uncounted leaves the first page without the count of the list.
	Uncounted bool
}

// cursored reports whether the window starts or ends at a cursor.
func (w Window) cursored() bool { return w.After != nil || w.Before != nil }

// counted reports whether the page counts its list: a first (or last) page
// whose count was asked for.
func (w Window) counted() bool { return !w.cursored() && !w.Uncounted }

// Page is one page of a list, in list order.
type Page[T any] struct {
	Items []T
	// More reports that rows lie beyond the page in the direction it was
	// read: after it, or before it when read Backward.
	More bool
	// Total, when Counted, is the number of rows of the whole list: a page
	// read without cursors counts them in the same statement.
	Total   int64
	Counted bool
}

// countedRow is a row of T with the count of its list's rows.
type countedRow[T any] struct {
	Row   T `gorm:"embedded"`
	Total int64
}

// readPage reads the page w of the rows q selects, with the columns sel,
// ordered by the key columns cols (ascending; unique together).
func readPage[T any](q *gorm.DB, what, sel string, cols []string, w Window) (Page[T], error) {
	return readPageWith[T](q, what, sel, cols, w, nil)
}

// readPageWith is readPage scanning each row into fields (see scan.go), or
// through GORM when fields is nil.
func readPageWith[T any](q *gorm.DB, what, sel string, cols []string, w Window, fields func(*T) []any) (Page[T], error) {
	key, marks := cols[0], "?"
	if len(cols) > 1 {
		key = "(" + strings.Join(cols, ", ") + ")"
		marks = "(" + strings.Repeat("?, ", len(cols)-1) + "?)"
	}
	if w.After != nil {
		q = q.Where(key+" > "+marks, w.After...)
	}
	if w.Before != nil {
		q = q.Where(key+" < "+marks, w.Before...)
	}
	if w.counted() {
		// Window functions run before LIMIT: the count of every row the
		// list holds comes with its first (or last) page.
		sel += ", COUNT(*) OVER () AS total"
	}
	order := strings.Join(cols, ", ")
	if w.Backward {
		order = strings.Join(cols, " DESC, ") + " DESC"
	}
	q = q.Select(sel).Order(order).Limit(w.Limit + 1)
	var rows []countedRow[T]
	switch {
	case fields == nil:
		if err := q.Find(&rows).Error; err != nil {
			return Page[T]{}, fmt.Errorf("list %s: %w", what, err)
		}
	case !w.counted():
		found, err := scanRows(q, what, w.Limit+1, fields)
		if err != nil {
			return Page[T]{}, err
		}
		rows = make([]countedRow[T], len(found))
		for i := range found {
			rows[i].Row = found[i]
		}
	default:
		var err error
		if rows, err = scanCounted(q, what, w.Limit+1, fields); err != nil {
			return Page[T]{}, err
		}
	}
	p := Page[T]{Counted: w.counted()}
	if p.Counted && len(rows) > 0 {
		p.Total = rows[0].Total
	}
	if len(rows) > w.Limit {
		rows, p.More = rows[:w.Limit], true
	}
	p.Items = make([]T, len(rows))
	for i := range rows {
		j := i
		if w.Backward {
			j = len(rows) - 1 - i
		}
		p.Items[j] = rows[i].Row
	}
	return p, nil
}

// count returns the number of rows q selects.
func count(q *gorm.DB, what string) (int64, error) {
	var n int64
	if err := q.Count(&n).Error; err != nil {
		return 0, fmt.Errorf("count %s: %w", what, err)
	}
	return n, nil
}
