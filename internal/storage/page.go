package storage

import (
	"fmt"
	"slices"
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
	// Total, when Counted, is the number of rows of the whole list: a
	// first (or last) page that holds the whole list counts it.
	Total   int64
	Counted bool
}

// readPage reads the page w of the rows q selects, with the columns sel,
// ordered by the key columns cols (ascending; unique together).
func readPage[T any](q *gorm.DB, what, sel string, cols []string, w Window) (Page[T], error) {
	return readPageWith[T](q, what, sel, cols, w, nil)
}

// readPageWith is readPage scanning each row into fields (see scan.go), or
// through GORM when fields is nil.
//
// A page that would be counted (the first or last, its count asked for)
// whose rows all fit in it counts itself: the list is its rows. A longer
// list is not counted here: its count is read on its own when asked
// (Page.Counted false). The page's statement then never carries a window
// count (COUNT(*) OVER ()), which made the database read, count and sort
// every row of the list before its LIMIT, and cost a page of 40 rows about
// a third of its time on PostgreSQL.
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
	order := strings.Join(cols, ", ")
	if w.Backward {
		order = strings.Join(cols, " DESC, ") + " DESC"
	}
	q = q.Select(sel).Order(order).Limit(w.Limit + 1)
	var rows []T
	if fields == nil {
		if err := q.Find(&rows).Error; err != nil {
			return Page[T]{}, fmt.Errorf("list %s: %w", what, err)
		}
	} else {
		var err error
		if rows, err = scanRows(q, what, w.Limit+1, fields); err != nil {
			return Page[T]{}, err
		}
	}
	return pageOf(rows, w), nil
}

// pageOf is the page w of the rows read for it: at most w.Limit+1, in the
// order of the window's direction.
func pageOf[T any](rows []T, w Window) Page[T] {
	var p Page[T]
	if len(rows) > w.Limit {
		rows, p.More = rows[:w.Limit], true
	}
	if w.counted() && !p.More {
		p.Counted, p.Total = true, int64(len(rows))
	}
	p.Items = rows
	if w.Backward {
		slices.Reverse(p.Items)
	}
	return p
}

// count returns the number of rows q selects.
func count(q *gorm.DB, what string) (int64, error) {
	var n int64
	if err := q.Count(&n).Error; err != nil {
		return 0, fmt.Errorf("count %s: %w", what, err)
	}
	return n, nil
}
