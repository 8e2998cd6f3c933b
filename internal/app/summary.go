package app

import (
	"strings"

	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/models"
)

// Capaians computes the capaian of every indicator of m over the whole
// year, in order. The convention of a NEGATIVE indicator comes with m
// (m.Formulas): no statement per indicator or per owner.
func Capaians(m storage.Measures) []domain.Capaian {
	targets := make(map[int64]*models.Target, len(m.Targets))
	for i := range m.Targets {
		targets[m.Targets[i].IndicatorID] = &m.Targets[i]
	}
	reals := make(map[int64][]*models.Realisation)
	for i := range m.Realisations {
		re := &m.Realisations[i]
		reals[re.IndicatorID] = append(reals[re.IndicatorID], re)
	}
	out := make([]domain.Capaian, len(m.Indicators))
	for i := range m.Indicators {
		ind := &m.Indicators[i]
		formula := domain.NegativeGap
		if f, ok := m.Formulas[ind.ID]; ok {
			formula = f
		}
		out[i] = domain.Compute(measure(ind, formula, targets[ind.ID], reals[ind.ID], 0))
	}
	return out
}

// UnitSummaries returns the achievement over the subtree of each of units
// in year, of the indicators of m (read for the paths of units, of level
// lv or of every level for nil, of approved values only when approved).
func UnitSummaries(units []*models.OrgUnit, m storage.Measures, year int, lv *domain.Level, approved bool) map[int64]*models.AchievementSummary {
	caps := Capaians(m)
	out := make(map[int64]*models.AchievementSummary, len(units))
	for _, u := range units {
		var mine []domain.Capaian
		for i, ind := range m.Indicators {
			if strings.HasPrefix(ind.OwnerPath, u.Path) {
				mine = append(mine, caps[i])
			}
		}
		out[u.ID] = summary(domain.Summarise(mine), year, lv, approved)
	}
	return out
}

// SasaranSummaries returns the achievement of the indicators of each
// sasaran of ids in year, of the indicators of m (read for those sasaran).
func SasaranSummaries(ids []int64, m storage.Measures, year int, approved bool) map[int64]*models.AchievementSummary {
	caps := Capaians(m)
	bySasaran := map[int64][]domain.Capaian{}
	for i, ind := range m.Indicators {
		if ind.SasaranID != nil {
			bySasaran[*ind.SasaranID] = append(bySasaran[*ind.SasaranID], caps[i])
		}
	}
	lv := domain.LevelSasaran
	out := make(map[int64]*models.AchievementSummary, len(ids))
	for _, id := range ids {
		out[id] = summary(domain.Summarise(bySasaran[id]), year, &lv, approved)
	}
	return out
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
