package app

import (
	"context"
	"sort"

	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/models"
)

// measure returns what the capaian of ind in year (up to quarter, 0 for the
// whole year) is computed from: its target of the year and its realisation
// of the period rolled up by its accumulation rule.
func measure(ind *models.Indicator, s Settings, target *models.Target, reals []*models.Realisation, quarter int) domain.Measure {
	m := domain.Measure{Polarity: ind.Polarity, Formula: s.Formula, Cap: s.Cap}
	if ind.Polarity != domain.Negative {
		m.Formula = domain.NegativeGap
	}
	if target != nil {
		t := target.Domain()
		m.Target = &t
	}
	var rep domain.Reported
	for _, r := range reals {
		rep.Set(r.Period, r.Value)
	}
	m.Realisation = rep.Value(ind.Accumulation, quarter)
	return m
}

// achievement computes the Achievement of ind in year (up to quarter, 0 for
// the whole year) against target.
func achievement(ind *models.Indicator, s Settings, year, quarter int, target *models.Target, reals []*models.Realisation) *models.Achievement {
	m := measure(ind, s, target, reals, quarter)
	c := domain.Compute(m)
	a := &models.Achievement{
		Year:            year,
		Target:          target,
		Realisation:     m.Realisation,
		Capaian:         c.Value,
		UncappedCapaian: c.Uncapped,
		State:           c.State,
		Category:        c.Category,
		Met:             c.Met,
		Method:          c.Method,
	}
	if quarter > 0 {
		q := quarter
		a.Quarter = &q
	}
	if c.Note != "" {
		note := c.Note
		a.Note = &note
	}
	return a
}

// Achievement returns the achievement of ind in year, up to quarter (0 for
// the whole year), against its target of the year; of approved values only
// when the caller reads those only or asked for them.
func Achievement(ctx context.Context, r Reader, ind *models.Indicator, year, quarter int, approvedOnly bool) (*models.Achievement, error) {
	if quarter != 0 {
		if err := domain.CheckQuarter(quarter); err != nil {
			return nil, err
		}
	}
	targets, err := r.Targets(ctx, ind.ID, year)
	if err != nil {
		return nil, err
	}
	var target *models.Target
	if len(targets) > 0 {
		target = targets[0]
	}
	reals, err := r.Realisations(ctx, ind.ID, year, approvedOnly)
	if err != nil {
		return nil, err
	}
	settings, err := IndicatorSettings(ctx, r, ind)
	if err != nil {
		return nil, err
	}
	return achievement(ind, settings, year, quarter, target, reals), nil
}

// RenstraAchievement returns the achievement of ind in year against its
// Renstra (five-year) target.
func RenstraAchievement(ctx context.Context, r Reader, ind *models.Indicator, year int) (*models.Achievement, error) {
	reals, err := r.Realisations(ctx, ind.ID, year, false)
	if err != nil {
		return nil, err
	}
	settings, err := IndicatorSettings(ctx, r, ind)
	if err != nil {
		return nil, err
	}
	return achievement(ind, settings, year, 0, ind.Renstra(), reals), nil
}

// History returns the achievement of ind in every year that has a target
// or a realisation, in order of year.
func History(ctx context.Context, r Reader, ind *models.Indicator) ([]*models.Achievement, error) {
	targets, err := r.Targets(ctx, ind.ID, 0)
	if err != nil {
		return nil, err
	}
	reals, err := r.Realisations(ctx, ind.ID, 0, false)
	if err != nil {
		return nil, err
	}
	settings, err := IndicatorSettings(ctx, r, ind)
	if err != nil {
		return nil, err
	}
	byYear := map[int]*models.Target{}
	realsByYear := map[int][]*models.Realisation{}
	for _, t := range targets {
		byYear[t.Year] = t
	}
	for _, re := range reals {
		realsByYear[re.Year] = append(realsByYear[re.Year], re)
	}
	years := make([]int, 0, len(byYear)+len(realsByYear))
	for y := range byYear {
		years = append(years, y)
	}
	for y := range realsByYear {
		if _, ok := byYear[y]; !ok {
			years = append(years, y)
		}
	}
	sort.Ints(years)
	out := make([]*models.Achievement, len(years))
	for i, y := range years {
		out[i] = achievement(ind, settings, y, 0, byYear[y], realsByYear[y])
	}
	return out, nil
}
