package report

import (
	"context"
	"strings"

	"github.com/kinerja/kinerja/internal/app"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/models"
)

// Report is the LKjIP of an org unit for a year: one field per table.
type Report struct {
	OrgUnit *models.OrgUnit
	Year    int
	// Plan is the plan the unit works to in Year; nil when there is none
	// (every table is then empty but the budget).
	Plan         *models.Plan
	ApprovedOnly bool

	Agreement         []*AgreementRow
	Achievement       *Achievement
	History           *History
	Renstra           []*RenstraRow
	Efficiency        *Efficiency
	ProgramIndicators []*ProgramIndicatorRow
	Budget            *Budget
	PreviousBudget    *Budget
	Narrative         []*NarrativeRow
}

// SasaranRef names the sasaran of a row.
type SasaranRef struct {
	SasaranID   models.GlobalID
	SasaranCode string
	Sasaran     string
}

// IndicatorRef names the indicator of a row.
type IndicatorRef struct {
	IndicatorID   models.GlobalID
	IndicatorCode string
	Indicator     string
	// Unit is the indicator's Satuan.
	Unit string
}

// ProgramRef names the program of a row.
type ProgramRef struct {
	ProgramID   models.GlobalID
	ProgramCode string
	Program     string
}

// AgreementRow is a row of the performance agreement (Tabel 2.4).
type AgreementRow struct {
	SasaranRef
	IndicatorRef
	Target  *models.Target
	Formula *string
}

// AchievementRow is a row of target vs realisation (Tabel 3.1).
type AchievementRow struct {
	SasaranRef
	IndicatorRef
	Achievement *models.Achievement
}

// Achievement is Tabel 3.1: its rows and their mean.
type Achievement struct {
	Rows    []*AchievementRow
	Summary *models.AchievementSummary
}

// History is Tabel 3.2: the plan's years up to the report's and, per
// indicator, its achievement in each of them.
type History struct {
	Years []int
	Rows  []*HistoryRow
}

// HistoryRow is one indicator of History.
type HistoryRow struct {
	SasaranRef
	IndicatorRef
	// Years holds the achievement of each of History.Years that has a
	// target or a realisation, in order.
	Years []*models.Achievement
}

// RenstraRow is a row of Tabel 3.3: progress against the Renstra end
// target.
type RenstraRow struct {
	SasaranRef
	IndicatorRef
	Achievement *models.Achievement
}

// Efficiency is Tabel 3.4 in both forms, each labelled.
type Efficiency struct {
	GapLabel    string
	SavingLabel string
	Rows        []*EfficiencyRow
}

// EfficiencyRow compares a sasaran indicator's capaian with the absorption
// of a program that supports the sasaran.
type EfficiencyRow struct {
	SasaranRef
	IndicatorRef
	ProgramRef
	Capaian    *float64
	Met        *bool
	Pagu       domain.Total
	Realisasi  domain.Total
	Absorption *float64
	Gap        *float64
	Saving     *float64
}

// ProgramIndicatorRow is a row of Tabel 3.5.
type ProgramIndicatorRow struct {
	SasaranRef
	ProgramRef
	IndicatorRef
	Achievement *models.Achievement
}

// NarrativeRow is what was recorded with one realisation of an indicator.
type NarrativeRow struct {
	IndicatorRef
	Level       domain.Level
	Period      domain.Period
	Realisation float64
	DataSource  *string
	Obstacles   *string
	Remedies    *string
}

// Build computes the Report of unit u (which the caller of s may read) for
// year, of approved values only when the caller reads those only or asked
// for them. Every read goes through s, batched: the number of statements
// does not depend on the number of rows.
func Build(ctx context.Context, s *app.Session, u *models.OrgUnit, year int, approvedOnly bool) (*Report, error) {
	r := &Report{OrgUnit: u, Year: year, ApprovedOnly: s.ApprovedOnly(approvedOnly),
		Agreement: []*AgreementRow{}, Renstra: []*RenstraRow{}, ProgramIndicators: []*ProgramIndicatorRow{}, Narrative: []*NarrativeRow{},
		History:    &History{Years: []int{}, Rows: []*HistoryRow{}},
		Efficiency: &Efficiency{GapLabel: domain.EfficiencyGapLabel, SavingLabel: domain.EfficiencySavingLabel, Rows: []*EfficiencyRow{}},
	}
	b := &builder{s: s, u: u, year: year, approved: approvedOnly, r: r}
	var err error
	if r.Plan, err = s.PlanOf(ctx, u, year); err != nil {
		return nil, err
	}
	if err := b.structure(ctx); err != nil {
		return nil, err
	}
	steps := []func(context.Context) error{b.summary, b.budgets, b.sasaranTables, b.programTables, b.efficiency}
	for _, step := range steps {
		if err := step(ctx); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// builder holds what the tables are built from.
type builder struct {
	s        *app.Session
	u        *models.OrgUnit
	year     int
	approved bool
	r        *Report

	// sasaran of the plan in order, with the indicators of each owned in
	// the unit's subtree, and the programs that support each.
	sasaran    []*models.Sasaran
	indicators map[int64][]*models.Indicator
	programs   map[int64][]*models.Program
	progInds   map[int64][]*models.Indicator
	achieved   map[int64]*models.Achievement
}

// mine keeps the indicators owned in the unit's subtree.
func (b *builder) mine(inds []*models.Indicator) []*models.Indicator {
	var out []*models.Indicator
	for _, ind := range inds {
		if strings.HasPrefix(ind.OwnerPath, b.u.Path) {
			out = append(out, ind)
		}
	}
	return out
}

// structure reads the plan's sasaran, their indicators, their programs and
// the programs' indicators, one level at a time (one statement each).
func (b *builder) structure(ctx context.Context) error {
	b.indicators, b.programs, b.progInds = map[int64][]*models.Indicator{}, map[int64][]*models.Program{}, map[int64][]*models.Indicator{}
	b.achieved = map[int64]*models.Achievement{}
	if b.r.Plan == nil {
		return nil
	}
	goals, err := b.s.PlanGoals(ctx, b.r.Plan.ID)
	if err != nil {
		return err
	}
	for _, g := range goals {
		ss, err := b.s.GoalSasaran(ctx, g.ID)
		if err != nil {
			return err
		}
		b.sasaran = append(b.sasaran, ss...)
	}
	for _, sa := range b.sasaran {
		inds, err := b.s.ElementIndicators(ctx, domain.LevelSasaran, sa.ID)
		if err != nil {
			return err
		}
		b.indicators[sa.ID] = b.mine(inds)
	}
	for _, sa := range b.sasaran {
		ps, err := b.s.SasaranPrograms(ctx, sa.ID)
		if err != nil {
			return err
		}
		b.programs[sa.ID] = ps
	}
	for _, sa := range b.sasaran {
		for _, p := range b.programs[sa.ID] {
			if _, ok := b.progInds[p.ID]; ok {
				continue
			}
			inds, err := b.s.ElementIndicators(ctx, domain.LevelProgram, p.ID)
			if err != nil {
				return err
			}
			b.progInds[p.ID] = b.mine(inds)
		}
	}
	return nil
}

// summary computes the mean of Tabel 3.1 over the sasaran indicators of
// the unit's subtree (app's summary of the unit).
func (b *builder) summary(ctx context.Context) error {
	sum, err := b.s.UnitAchievement(ctx, b.u, b.year, domain.LevelSasaran, b.approved)
	if err != nil {
		return err
	}
	b.r.Achievement = &Achievement{Rows: []*AchievementRow{}, Summary: sum}
	return nil
}

func sasaranRef(s *models.Sasaran) SasaranRef {
	return SasaranRef{SasaranID: models.GlobalID{Type: models.TypeSasaran, ID: s.ID}, SasaranCode: s.Code, Sasaran: s.Name}
}

func indicatorRef(ind *models.Indicator) IndicatorRef {
	return IndicatorRef{IndicatorID: models.GlobalID{Type: models.TypeIndicator, ID: ind.ID}, IndicatorCode: ind.Code, Indicator: ind.Name, Unit: ind.Unit}
}

func programRef(p *models.Program) ProgramRef {
	return ProgramRef{ProgramID: models.GlobalID{Type: models.TypeProgram, ID: p.ID}, ProgramCode: p.Code, Program: p.Name}
}

// sasaranTables fills the tables of the sasaran indicators: agreement,
// achievement, history, Renstra and narrative.
func (b *builder) sasaranTables(ctx context.Context) error {
	r := b.r
	if r.Plan != nil {
		for y := r.Plan.StartYear; y <= b.year; y++ {
			r.History.Years = append(r.History.Years, y)
		}
	}
	for _, sa := range b.sasaran {
		sref := sasaranRef(sa)
		for _, ind := range b.indicators[sa.ID] {
			iref := indicatorRef(ind)
			target, err := b.target(ctx, ind)
			if err != nil {
				return err
			}
			r.Agreement = append(r.Agreement, &AgreementRow{SasaranRef: sref, IndicatorRef: iref, Target: target, Formula: ind.Formula})
			a, err := b.achievement(ctx, ind)
			if err != nil {
				return err
			}
			r.Achievement.Rows = append(r.Achievement.Rows, &AchievementRow{SasaranRef: sref, IndicatorRef: iref, Achievement: a})
			hist, err := app.HistoryOf(ctx, b.s, ind, b.approved)
			if err != nil {
				return err
			}
			row := &HistoryRow{SasaranRef: sref, IndicatorRef: iref, Years: []*models.Achievement{}}
			for _, h := range hist {
				if r.Plan != nil && h.Year >= r.Plan.StartYear && h.Year <= b.year {
					row.Years = append(row.Years, h)
				}
			}
			r.History.Rows = append(r.History.Rows, row)
			ra, err := app.RenstraAchievementOf(ctx, b.s, ind, b.year, b.approved)
			if err != nil {
				return err
			}
			r.Renstra = append(r.Renstra, &RenstraRow{SasaranRef: sref, IndicatorRef: iref, Achievement: ra})
			if err := b.narrative(ctx, ind); err != nil {
				return err
			}
		}
	}
	return nil
}

// programTables fills Tabel 3.5 and the narrative of program indicators.
func (b *builder) programTables(ctx context.Context) error {
	for _, sa := range b.sasaran {
		for _, p := range b.programs[sa.ID] {
			for _, ind := range b.progInds[p.ID] {
				a, err := b.achievement(ctx, ind)
				if err != nil {
					return err
				}
				b.r.ProgramIndicators = append(b.r.ProgramIndicators, &ProgramIndicatorRow{
					SasaranRef: sasaranRef(sa), ProgramRef: programRef(p), IndicatorRef: indicatorRef(ind), Achievement: a})
			}
		}
	}
	seen := map[int64]bool{}
	for _, sa := range b.sasaran {
		for _, p := range b.programs[sa.ID] {
			for _, ind := range b.progInds[p.ID] {
				if !seen[ind.ID] {
					seen[ind.ID] = true
					if err := b.narrative(ctx, ind); err != nil {
						return err
					}
				}
			}
		}
	}
	return nil
}

// target returns the target of ind in the report's year, nil when none.
func (b *builder) target(ctx context.Context, ind *models.Indicator) (*models.Target, error) {
	ts, err := b.s.Targets(ctx, ind.ID, b.year)
	if err != nil || len(ts) == 0 {
		return nil, err
	}
	return ts[0], nil
}

// achievement returns the achievement of ind in the report's year, once.
func (b *builder) achievement(ctx context.Context, ind *models.Indicator) (*models.Achievement, error) {
	if a, ok := b.achieved[ind.ID]; ok {
		return a, nil
	}
	a, err := app.Achievement(ctx, b.s, ind, b.year, 0, b.approved)
	if err != nil {
		return nil, err
	}
	b.achieved[ind.ID] = a
	return a, nil
}

// narrative adds what was recorded with the realisations of ind in the
// report's year.
func (b *builder) narrative(ctx context.Context, ind *models.Indicator) error {
	reals, err := b.s.Realisations(ctx, ind.ID, b.year, b.approved)
	if err != nil {
		return err
	}
	for _, re := range reals {
		b.r.Narrative = append(b.r.Narrative, &NarrativeRow{IndicatorRef: indicatorRef(ind), Level: ind.Level, Period: re.Period,
			Realisation: re.Value, DataSource: re.DataSource, Obstacles: re.Obstacles, Remedies: re.Remedies})
	}
	return nil
}

// efficiency fills Tabel 3.4: each sasaran indicator against each program
// that supports its sasaran, with the program's budget of the year.
func (b *builder) efficiency(ctx context.Context) error {
	byProgram := map[int64]*BudgetRow{}
	for _, row := range b.r.Budget.Rows {
		if row.Level == LevelProgram && row.ID != nil {
			byProgram[row.ID.ID] = row
		}
	}
	for _, sa := range b.sasaran {
		for _, ind := range b.indicators[sa.ID] {
			a, err := b.achievement(ctx, ind)
			if err != nil {
				return err
			}
			for _, p := range b.programs[sa.ID] {
				row := &EfficiencyRow{SasaranRef: sasaranRef(sa), IndicatorRef: indicatorRef(ind), ProgramRef: programRef(p),
					Capaian: a.Capaian, Met: a.Met}
				var tot domain.Totals
				if bp := byProgram[p.ID]; bp != nil {
					row.Pagu, row.Realisasi, row.Absorption = bp.Pagu, bp.Realisasi, bp.Absorption
					tot = domain.Totals{Pagu: bp.Pagu, Realisasi: bp.Realisasi}
				}
				if g, ok := domain.EfficiencyGap(a.Capaian, row.Absorption); ok {
					row.Gap = &g
				}
				if sv, ok := domain.EfficiencySaving(tot, a.Met != nil && *a.Met); ok {
					row.Saving = &sv
				}
				b.r.Efficiency.Rows = append(b.r.Efficiency.Rows, row)
			}
		}
	}
	return nil
}
