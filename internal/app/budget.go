package app

import (
	"strings"

	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/models"
)

// Budgets returns the budget of year over the subtree of each of units,
// from the budget lines read for their paths (ordered by program, activity,
// sub-activity; approved lines only when approved).
func Budgets(units []*models.OrgUnit, year int, rows []storage.BudgetRow, approved bool) map[int64]*models.Budget {
	out := make(map[int64]*models.Budget, len(units))
	for _, unit := range units {
		var mine []storage.BudgetRow
		for _, r := range rows {
			if strings.HasPrefix(r.UnitPath, unit.Path) {
				mine = append(mine, r)
			}
		}
		b := buildBudget(unit, year, mine)
		b.ApprovedOnly = approved
		out[unit.ID] = b
	}
	return out
}

// buildBudget assembles the budget tree of year for unit from its lines
// (ordered by program, activity, sub-activity). Every total is a
// domain.Totals of the lines below it.
func buildBudget(unit *models.OrgUnit, year int, rows []storage.BudgetRow) *models.Budget {
	var (
		total    domain.Totals
		programs []*models.BudgetProgram
		prog     *models.BudgetProgram
		act      *models.BudgetActivity
		progTot  domain.Totals
		actTot   domain.Totals
	)
	closeActivity := func() {
		if act != nil {
			act.Pagu, act.Realisasi, act.Sisa, act.Absorption = actTot.Pagu, actTot.Realisasi, actTot.Sisa(), actTot.Absorption()
		}
		act, actTot = nil, domain.Totals{}
	}
	closeProgram := func() {
		closeActivity()
		if prog != nil {
			prog.Pagu, prog.Realisasi, prog.Sisa, prog.Absorption = progTot.Pagu, progTot.Realisasi, progTot.Sisa(), progTot.Absorption()
		}
		prog, progTot = nil, domain.Totals{}
	}
	for _, r := range rows {
		if prog == nil || prog.ID.ID != r.ProgramID {
			closeProgram()
			prog = &models.BudgetProgram{ID: models.GlobalID{Type: models.TypeProgram, ID: r.ProgramID}, Code: r.ProgramCode, Name: r.ProgramName, Activities: []*models.BudgetActivity{}}
			programs = append(programs, prog)
		}
		if act == nil || act.ID.ID != r.ActivityID {
			closeActivity()
			act = &models.BudgetActivity{ID: models.GlobalID{Type: models.TypeActivity, ID: r.ActivityID}, Code: r.ActivityCode, Name: r.ActivityName, SubActivities: []*models.BudgetSubActivity{}}
			prog.Activities = append(prog.Activities, act)
		}
		var line domain.Totals
		line.Add(r.Pagu, r.Realisasi)
		act.SubActivities = append(act.SubActivities, &models.BudgetSubActivity{
			ID: models.GlobalID{Type: models.TypeSubActivity, ID: r.SubActivityID}, Code: r.SubActivityCode, Name: r.SubActivityName,
			Pagu: line.Pagu, Realisasi: line.Realisasi, Sisa: line.Sisa(), Absorption: line.Absorption(),
		})
		actTot.Add(r.Pagu, r.Realisasi)
		progTot.Add(r.Pagu, r.Realisasi)
		total.Add(r.Pagu, r.Realisasi)
	}
	closeProgram()
	if programs == nil {
		programs = []*models.BudgetProgram{}
	}
	return &models.Budget{
		Year: year, OrgUnit: unit, Programs: programs,
		Pagu: total.Pagu, Realisasi: total.Realisasi, Sisa: total.Sisa(), Absorption: total.Absorption(),
	}
}
