package report

import (
	"context"
	"fmt"
	"io"
	"strconv"

	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/models"
)

// BudgetLevel is the level of a row of the budget table.
type BudgetLevel string

// The levels of the budget table's rows.
const (
	LevelProgram     BudgetLevel = "PROGRAM"
	LevelActivity    BudgetLevel = "ACTIVITY"
	LevelSubActivity BudgetLevel = "SUB_ACTIVITY"
	LevelTotal       BudgetLevel = "TOTAL"
)

// MarshalGQL writes l as a GraphQL enum value.
func (l BudgetLevel) MarshalGQL(w io.Writer) { _, _ = io.WriteString(w, strconv.Quote(string(l))) }

// UnmarshalGQL reads l from a GraphQL enum value.
func (l *BudgetLevel) UnmarshalGQL(v any) error {
	s, _ := v.(string)
	switch BudgetLevel(s) {
	case LevelProgram, LevelActivity, LevelSubActivity, LevelTotal:
		*l = BudgetLevel(s)
		return nil
	}
	return fmt.Errorf("%v is not a valid LkjipBudgetLevel", v)
}

// Budget is the budget realisation of a year (Tabel 3.6 and, for the year
// before, 3.7): programs, activities and sub-activities in plan order, each
// program followed by its activities and each activity by its
// sub-activities, then the total; every total is the sum of its lines.
type Budget struct {
	Year         int
	PreviousYear int
	Rows         []*BudgetRow
	Total        *BudgetRow
}

// BudgetRow is one row of Budget, with the absorption of the same program,
// activity or sub-activity in the year before.
type BudgetRow struct {
	Level              BudgetLevel
	ID                 *models.GlobalID
	Code               string
	Name               string
	Pagu               domain.Total
	Realisasi          domain.Total
	Sisa               domain.Total
	Absorption         *float64
	PreviousAbsorption *float64
	AbsorptionChange   *float64
}

// budgets fills the budget of the year and of the year before, each with
// the absorption of its year before (app's budget trees, one statement a
// year).
func (b *builder) budgets(ctx context.Context) error {
	trees := make([]*models.Budget, 3)
	for i := range trees {
		t, err := b.s.UnitBudget(ctx, b.u, b.year-i, b.approved)
		if err != nil {
			return err
		}
		trees[i] = t
	}
	b.r.Budget = budgetTable(trees[0], trees[1])
	b.r.PreviousBudget = budgetTable(trees[1], trees[2])
	return nil
}

// budgetTable flattens the tree cur, comparing each row with prev.
func budgetTable(cur, prev *models.Budget) *Budget {
	before := map[models.GlobalID]*float64{}
	for _, p := range prev.Programs {
		before[p.ID] = p.Absorption
		for _, a := range p.Activities {
			before[a.ID] = a.Absorption
			for _, s := range a.SubActivities {
				before[s.ID] = s.Absorption
			}
		}
	}
	row := func(lv BudgetLevel, id *models.GlobalID, code, name string, pagu, real, sisa domain.Total, abs, prevAbs *float64) *BudgetRow {
		r := &BudgetRow{Level: lv, ID: id, Code: code, Name: name, Pagu: pagu, Realisasi: real, Sisa: sisa, Absorption: abs, PreviousAbsorption: prevAbs}
		if c, ok := domain.AbsorptionChange(abs, prevAbs); ok {
			r.AbsorptionChange = &c
		}
		return r
	}
	out := &Budget{Year: cur.Year, PreviousYear: prev.Year, Rows: []*BudgetRow{}}
	for _, p := range cur.Programs {
		out.Rows = append(out.Rows, row(LevelProgram, &p.ID, p.Code, p.Name, p.Pagu, p.Realisasi, p.Sisa, p.Absorption, before[p.ID]))
		for _, a := range p.Activities {
			out.Rows = append(out.Rows, row(LevelActivity, &a.ID, a.Code, a.Name, a.Pagu, a.Realisasi, a.Sisa, a.Absorption, before[a.ID]))
			for _, s := range a.SubActivities {
				out.Rows = append(out.Rows, row(LevelSubActivity, &s.ID, s.Code, s.Name, s.Pagu, s.Realisasi, s.Sisa, s.Absorption, before[s.ID]))
			}
		}
	}
	out.Total = row(LevelTotal, nil, "", "Total", cur.Pagu, cur.Realisasi, cur.Sisa, cur.Absorption, prev.Absorption)
	return out
}
