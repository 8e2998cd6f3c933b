package app

import (
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/models"
)

// Capaians computes the capaian of every measure of ms over the whole
// year, in order.
func Capaians(ms []storage.Measure) []domain.Capaian {
	out := make([]domain.Capaian, len(ms))
	for i := range ms {
		m := &ms[i]
		out[i] = domain.Compute(domain.Measure{Polarity: m.Polarity, Formula: m.Formula, Cap: domain.EffectiveCap(m.Cap),
			Target: m.Target, Realisation: m.Reported.Value(m.Accumulation, 0)})
	}
	return out
}

// summary converts a domain summary to the API's.
func summary(s domain.Summary, year int, level *domain.Level, approvedOnly bool) *models.AchievementSummary {
	if s.ByCategory == nil {
		s.ByCategory = map[domain.Category]int{}
	}
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
