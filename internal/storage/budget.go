package storage

import (
	"context"
	"fmt"
	"strings"

	"gorm.io/gorm"

	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/models"
)

// BudgetRow is one budget line with its place in the budget hierarchy and
// the path of the unit that carries out its sub-activity.
type BudgetRow struct {
	LineID          int64
	Pagu            domain.Money
	Realisasi       domain.Money
	SubActivityID   int64
	SubActivityCode string
	SubActivityName string
	ActivityID      int64
	ActivityCode    string
	ActivityName    string
	ProgramID       int64
	ProgramCode     string
	ProgramName     string
	UnitPath        string
}

// BudgetRows returns the budget lines of year whose sub-activity is carried
// out in any of the subtrees of paths (each within scope), in the order of
// the budget hierarchy. It is one statement, whatever the size of the tree.
func (s *Store) BudgetRows(ctx context.Context, scope string, paths []string, year int) ([]BudgetRow, error) {
	return s.BudgetRowsOf(ctx, BudgetRowsFilter{Scope: scope, Paths: paths, Year: year})
}

// BudgetRowsFilter selects the budget lines of BudgetRowsOf: those of Year
// whose sub-activity is carried out in any of the subtrees of Paths, each
// within Scope. With ApprovedOnly, only the lines of an agency that has
// approved the year count (what a reader of approved data only sees).
type BudgetRowsFilter struct {
	Scope        string
	Paths        []string
	Year         int
	ApprovedOnly bool
}

// BudgetRowsOf is BudgetRows for any filter.
func (s *Store) BudgetRowsOf(ctx context.Context, f BudgetRowsFilter) ([]BudgetRow, error) {
	scope, paths, year := f.Scope, f.Paths, f.Year
	if len(paths) == 0 {
		return nil, nil
	}
	// On PostgreSQL, the columns that repeat from one row to the next (the
	// activity's and the program's code and name, the unit's path) are NULL
	// when they do: scanned by carry, each row keeps the value of the row
	// before, and the driver makes no string for them. SQLite, which runs in
	// the process, spends more on the window than it saves.
	repeated := func(_, column, name string) string { return column + " AS " + name }
	if s.dialect == Postgres {
		repeated = repeatedAsNull
	}
	q := s.db.WithContext(ctx).Table("budget_lines bl").
		Select(`bl.id AS line_id, bl.pagu, bl.realisasi,
			sa.id AS sub_activity_id, sa.code AS sub_activity_code, sa.name AS sub_activity_name,
			a.id AS activity_id, `+repeated("a.id", "a.code", "activity_code")+`, `+repeated("a.id", "a.name", "activity_name")+`,
			p.id AS program_id, `+repeated("p.id", "p.code", "program_code")+`, `+repeated("p.id", "p.name", "program_name")+`,
			`+repeated("o.id", "o.path", "unit_path")).
		Joins("JOIN sub_activities sa ON sa.id = bl.sub_activity_id").
		Joins("JOIN activities a ON a.id = sa.activity_id").
		Joins("JOIN programs p ON p.id = a.program_id").
		Joins("JOIN org_units o ON o.id = sa.org_unit_id").
		Where("bl.year = ?", year)
	q = under(q, "o.path", scope)
	conds := make([]string, 0, len(paths))
	args := make([]any, 0, 2*len(paths))
	for _, p := range paths {
		lo, hi := pathRange(p)
		conds = append(conds, "(o.path >= ? AND o.path < ?)")
		args = append(args, lo, hi)
	}
	q = q.Where("("+strings.Join(conds, " OR ")+")", args...)
	if f.ApprovedOnly {
		q = approvedYear(q, "bl", "o")
	}
	// Scanned by hand, in the order of the select: the budget tree's hot read.
	out, err := scanRows(q.Order(budgetOrder), fmt.Sprintf("budget of %d", year), 64,
		func(r *BudgetRow) []any {
			return []any{&r.LineID, (*int64)(&r.Pagu), (*int64)(&r.Realisasi), &r.SubActivityID, &r.SubActivityCode, &r.SubActivityName,
				&r.ActivityID, carry{&r.ActivityCode}, carry{&r.ActivityName}, &r.ProgramID, carry{&r.ProgramCode}, carry{&r.ProgramName},
				carry{&r.UnitPath}}
		})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// budgetOrder is the order of BudgetRowsOf's rows: the budget hierarchy,
// then the line.
const budgetOrder = "p.position, p.id, a.position, a.id, sa.position, sa.id, bl.id"

// repeatedAsNull selects column as name, NULL when the row before in
// budgetOrder has the same key.
func repeatedAsNull(key, column, name string) string {
	return "CASE WHEN LAG(" + key + ") OVER (ORDER BY " + budgetOrder + ") = " + key + " THEN NULL ELSE " + column + " END AS " + name
}

// carry scans a string column into *s, leaving *s as it is on NULL: in a
// row scanned over the one before, the value of the row before.
type carry struct{ s *string }

// Scan implements sql.Scanner.
func (c carry) Scan(src any) error {
	switch v := src.(type) {
	case nil:
	case string:
		*c.s = v
	case []byte:
		*c.s = string(v)
	default:
		return fmt.Errorf("a string column holds %T", src)
	}
	return nil
}

// BudgetLines returns the budget lines of the given sub-activities, in the
// given years when years is not empty.
func (s *Store) BudgetLines(ctx context.Context, subActivityIDs []int64, years []int) ([]models.BudgetLine, error) {
	var out []models.BudgetLine
	if len(subActivityIDs) == 0 {
		return out, nil
	}
	q := s.db.WithContext(ctx).Where("sub_activity_id IN ?", subActivityIDs)
	if len(years) > 0 {
		q = q.Where("year IN ?", years)
	}
	if err := q.Order("sub_activity_id, year").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("read budget lines: %w", err)
	}
	return out, nil
}

// BudgetLinesByID returns the budget lines with the given ids.
func (s *Store) BudgetLinesByID(ctx context.Context, ids []int64) ([]models.BudgetLine, error) {
	return findIn[models.BudgetLine](ctx, s.db, "id", ids, "id")
}

// BudgetLineQuery selects the budget lines of Year whose sub-activity is
// carried out in the subtree of Under, within the caller's Scope; with
// ApprovedOnly, those of an agency that has approved the year only.
type BudgetLineQuery struct {
	Scope, Under string
	Year         int
	ApprovedOnly bool
}

func (s *Store) budgetLineFilter(ctx context.Context, q BudgetLineQuery) *gorm.DB {
	db := s.db.WithContext(ctx).Table("budget_lines").
		Joins("JOIN sub_activities sa ON sa.id = budget_lines.sub_activity_id").
		Joins("JOIN org_units o ON o.id = sa.org_unit_id").
		Where("budget_lines.year = ?", q.Year)
	if q.ApprovedOnly {
		db = approvedYear(db, "budget_lines", "o")
	}
	return under(under(db, "o.path", q.Scope), "o.path", q.Under)
}

// BudgetLineKey is the key of a budget line in the order of
// ListBudgetLines, for a Window.
func BudgetLineKey(b *models.BudgetLine) []any { return []any{b.ID} }

// ListBudgetLines returns the page w of the budget lines q selects, ordered
// by id (the order they were first recorded).
func (s *Store) ListBudgetLines(ctx context.Context, q BudgetLineQuery, w Window) (Page[models.BudgetLine], error) {
	return readPage[models.BudgetLine](s.budgetLineFilter(ctx, q), "budget lines", "budget_lines.*", []string{"budget_lines.id"}, w)
}

// CountBudgetLines returns how many budget lines q selects.
func (s *Store) CountBudgetLines(ctx context.Context, q BudgetLineQuery) (int64, error) {
	return count(s.budgetLineFilter(ctx, q), "budget lines")
}
