package app

import (
	"context"
	"fmt"

	"github.com/kinerja/kinerja/auth"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/models"
)

// UnitFigures are the stored figures of a unit's subtree over the years of
// its plan up to a report year: what an annual report of that year shows,
// its earlier years included. Indicators and sub-activities carry their
// codes; every row is one the caller may read (approved values only for a
// reader of those).
type UnitFigures struct {
	Unit *models.OrgUnit
	// Years are the years covered, from the first of the plan to the
	// report year.
	Years        []int
	Indicators   []models.Indicator
	Targets      []models.Target
	Realisations []models.Realisation
	// Lines are the budget lines of each year, in the order of the budget
	// hierarchy.
	Lines  map[int][]storage.BudgetRow
	Stated []storage.StatedRow
}

// ReadUnitFigures reads the figures of the subtree of the unit with id for
// the report year, as who may read them.
func ReadUnitFigures(ctx context.Context, st *storage.Store, who *auth.Identity, unitID int64, year int) (*UnitFigures, error) {
	unit, err := st.OrgUnit(ctx, unitID)
	if err != nil {
		return nil, err
	}
	if err := who.CanRead(unit.Path); err != nil {
		return nil, err
	}
	plans, err := st.Plans(ctx, unit.Path)
	if err != nil {
		return nil, err
	}
	first := 0
	for _, p := range plans {
		if p.Covers(year) && (first == 0 || p.StartYear < first) {
			first = p.StartYear
		}
	}
	if first == 0 {
		return nil, domain.Invalid("year", fmt.Sprintf("no plan of %s or above it covers %d", unit.Name, year))
	}
	out := &UnitFigures{Unit: unit, Lines: map[int][]storage.BudgetRow{}}
	for y := first; y <= year; y++ {
		out.Years = append(out.Years, y)
	}
	approved := domain.ApprovedOnly(domain.Role(who.Role), false)
	if out.Indicators, err = st.IndicatorsUnder(ctx, who.UnitPath, unit.Path); err != nil {
		return nil, err
	}
	ids := make([]int64, len(out.Indicators))
	for i, ind := range out.Indicators {
		ids[i] = ind.ID
	}
	if out.Targets, err = st.Targets(ctx, ids, out.Years); err != nil {
		return nil, err
	}
	if approved {
		out.Realisations, err = st.ApprovedRealisations(ctx, ids, out.Years)
	} else {
		out.Realisations, err = st.Realisations(ctx, ids, out.Years)
	}
	if err != nil {
		return nil, err
	}
	for _, y := range out.Years {
		rows, err := st.BudgetRowsOf(ctx, storage.BudgetRowsFilter{Scope: who.UnitPath, Paths: []string{unit.Path}, Year: y, ApprovedOnly: approved})
		if err != nil {
			return nil, err
		}
		out.Lines[y] = rows
	}
	if out.Stated, err = st.StatedUnder(ctx, who.UnitPath, unit.Path, year); err != nil {
		return nil, err
	}
	return out, nil
}

// Catalogue is what an import resolves codes with: the rows of the caller's
// subtree (and the plans it works to) by code. A code may name more than one
// row when the caller's subtree holds more than one plan.
type Catalogue struct {
	Plans         map[int64]models.Plan
	Indicators    map[string][]models.Indicator
	SubActivities map[string][]models.SubActivity
	OrgUnits      map[string][]models.OrgUnit
	Programs      map[string][]models.Program
	Activities    map[string][]models.Activity
}

// ReadCatalogue reads the catalogue of who's subtree.
func ReadCatalogue(ctx context.Context, st *storage.Store, who *auth.Identity) (*Catalogue, error) {
	c := &Catalogue{Plans: map[int64]models.Plan{}, Indicators: map[string][]models.Indicator{}, SubActivities: map[string][]models.SubActivity{},
		OrgUnits: map[string][]models.OrgUnit{}, Programs: map[string][]models.Program{}, Activities: map[string][]models.Activity{}}
	plans, err := st.Plans(ctx, who.UnitPath)
	if err != nil {
		return nil, err
	}
	planIDs := make([]int64, len(plans))
	for i, p := range plans {
		c.Plans[p.ID], planIDs[i] = p, p.ID
	}
	inds, err := st.IndicatorsUnder(ctx, who.UnitPath, who.UnitPath)
	if err != nil {
		return nil, err
	}
	for _, i := range inds {
		c.Indicators[i.Code] = append(c.Indicators[i.Code], i)
	}
	subs, err := st.SubActivitiesUnder(ctx, who.UnitPath, who.UnitPath)
	if err != nil {
		return nil, err
	}
	for _, s := range subs {
		c.SubActivities[s.Code] = append(c.SubActivities[s.Code], s)
	}
	units, err := st.OrgUnitsUnder(ctx, who.UnitPath, who.UnitPath)
	if err != nil {
		return nil, err
	}
	for _, u := range units {
		c.OrgUnits[u.Code] = append(c.OrgUnits[u.Code], u)
	}
	programs, err := st.ProgramsByPlan(ctx, planIDs)
	if err != nil {
		return nil, err
	}
	progIDs := make([]int64, len(programs))
	for i, p := range programs {
		c.Programs[p.Code], progIDs[i] = append(c.Programs[p.Code], p), p.ID
	}
	acts, err := st.ActivitiesByProgram(ctx, progIDs)
	if err != nil {
		return nil, err
	}
	for _, a := range acts {
		c.Activities[a.Code] = append(c.Activities[a.Code], a)
	}
	return c, nil
}
