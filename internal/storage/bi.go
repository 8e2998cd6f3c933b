package storage

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/kinerja/kinerja/internal/domain"
)

// BIView names one of the BI views (docs/bi.md): in the schema kinerja_bi
// on PostgreSQL, prefixed kinerja_bi_ on SQLite.
type BIView string

// The BI views readers may ask for by name.
const (
	BIAchievement BIView = "achievement"
	BIBudget      BIView = "budget"
	BIOrgUnits    BIView = "org_units"
)

// BIViews lists the views of BIView.
var BIViews = []BIView{BIAchievement, BIBudget, BIOrgUnits}

// Valid reports whether v is a known view.
func (v BIView) Valid() bool {
	for _, k := range BIViews {
		if v == k {
			return true
		}
	}
	return false
}

// biShape is how a view is read: its scope and year columns and its order.
type biShape struct {
	path, year, order string
}

var biShapes = map[BIView]biShape{
	BIAchievement: {"owner_path", "year", "owner_path, indicator_code, indicator_id, year"},
	BIBudget:      {"org_unit_path", "year", "program_code, activity_code, sub_activity_code, sub_activity_id, year"},
	BIOrgUnits:    {"path", "", "path"},
}

// biBool are the boolean columns of the views, which SQLite returns as 0 and 1.
var biBool = map[string]bool{"met": true, "capped": true}

// biMoney are the Rupiah columns of the budget view with the exact sen
// columns they are read from (SQLite has no exact decimal type).
var biMoney = map[string]string{"pagu": "pagu_sen", "realisasi": "realisasi_sen", "sisa": ""}

// BIName returns the name of view v in s's dialect, the approved-only
// variant of achievement when approvedOnly.
func (s *Store) BIName(v BIView, approvedOnly bool) string {
	name := string(v)
	if approvedOnly && v == BIAchievement {
		name = "achievement_approved"
	}
	if s.dialect == Postgres {
		return "kinerja_bi." + name
	}
	return "kinerja_bi_" + name
}

// BIFilter selects the rows of a BI view: in the subtree of Scope (every
// unit for ""), of the years FromYear..ToYear (any year for 0; ignored by
// org_units), from APPROVED realisations only when ApprovedOnly, which for
// budget keeps the lines of the years their agency has approved (what a
// reader of approved data only is shown).
type BIFilter struct {
	Scope            string
	FromYear, ToYear int
	ApprovedOnly     bool
}

// BIRows reads the rows of view v that f selects, in the view's order: it
// calls header once with the column names, then row with each row's values
// (nil, int64, float64, string, bool, or domain.Money for the budget's
// Rupiah columns); the slice passed to row is reused.
func (s *Store) BIRows(ctx context.Context, v BIView, f BIFilter, header func([]string) error, row func([]any) error) error {
	shape, ok := biShapes[v]
	if !ok {
		return fmt.Errorf("read bi view %q: no such view", v)
	}
	name := s.BIName(v, f.ApprovedOnly)
	q := s.db.WithContext(ctx).Table(name)
	q = under(q, shape.path, f.Scope)
	if v == BIBudget && f.ApprovedOnly {
		q = approvedYearAt(q, name+".year", name+"."+shape.path)
	}
	if shape.year != "" && f.FromYear != 0 {
		q = q.Where(shape.year+" >= ?", f.FromYear)
	}
	if shape.year != "" && f.ToYear != 0 {
		q = q.Where(shape.year+" <= ?", f.ToYear)
	}
	rows, err := q.Order(shape.order).Rows()
	if err != nil {
		return fmt.Errorf("read bi view %s: %w", v, err)
	}
	defer rows.Close()
	if err := scanBI(rows, header, row); err != nil {
		return fmt.Errorf("read bi view %s: %w", v, err)
	}
	return nil
}

func scanBI(rows *sql.Rows, header func([]string) error, row func([]any) error) error {
	cols, err := rows.Columns()
	if err != nil {
		return err
	}
	if err := header(cols); err != nil {
		return err
	}
	index := map[string]int{}
	for i, c := range cols {
		index[c] = i
	}
	raw := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range raw {
		ptrs[i] = &raw[i]
	}
	out := make([]any, len(cols))
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		for i, c := range cols {
			out[i] = biValue(c, raw[i])
		}
		for i, c := range cols {
			sen, ok := biMoney[c]
			if !ok {
				continue
			}
			pagu, _ := out[index["pagu_sen"]].(int64)
			real, _ := out[index["realisasi_sen"]].(int64)
			switch {
			case sen == "pagu_sen":
				out[i] = domain.Money(pagu)
			case sen == "realisasi_sen":
				out[i] = domain.Money(real)
			default:
				out[i] = domain.Sisa(domain.Money(pagu), domain.Money(real))
			}
		}
		if err := row(out); err != nil {
			return err
		}
	}
	return rows.Err()
}

// biValue normalises a value as the drivers return it.
func biValue(col string, v any) any {
	switch x := v.(type) {
	case []byte:
		return string(x)
	case int64:
		if biBool[col] {
			return x != 0
		}
	case int32:
		return int64(x)
	case float32:
		return float64(x)
	case string:
		if biBool[col] {
			return x == "1" || strings.EqualFold(x, "true")
		}
	}
	return v
}
