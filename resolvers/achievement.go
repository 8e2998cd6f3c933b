package resolvers

import (
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/models"
)

// measure returns what the capaian of ind in year (up to quarter, 0 for the
// whole year) is computed from: its target of the year and its realisation
// of the period rolled up by its accumulation rule.
func measure(ind *models.Indicator, formula domain.NegativeFormula, target *models.Target, reals []*models.Realisation, quarter int) domain.Measure {
	m := domain.Measure{Polarity: ind.Polarity, Formula: formula}
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
// the whole year).
func achievement(ind *models.Indicator, formula domain.NegativeFormula, year, quarter int, target *models.Target, reals []*models.Realisation) *models.Achievement {
	m := measure(ind, formula, target, reals, quarter)
	c := domain.Compute(m)
	a := &models.Achievement{
		Year:        year,
		Target:      target,
		Realisation: m.Realisation,
		Capaian:     c.Value,
		State:       c.State,
		Category:    c.Category,
		Met:         c.Met,
		Method:      c.Method,
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

// summary converts a domain summary to the API's.
func summary(s domain.Summary, year int, level *domain.Level, approvedOnly bool) *models.AchievementSummary {
	out := &models.AchievementSummary{
		ApprovedOnly:   approvedOnly,
		Year:           year,
		Level:          level,
		MeanCapaian:    s.Mean,
		Category:       s.Category,
		WithCapaian:    s.With,
		WithoutCapaian: s.Without,
		ByCategory:     make([]*models.CategoryCount, 0, len(domain.Categories)),
	}
	for _, c := range domain.Categories {
		out.ByCategory = append(out.ByCategory, &models.CategoryCount{Category: c, Count: s.ByCategory[c]})
	}
	return out
}
