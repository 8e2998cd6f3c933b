package app

import (
	"strings"

	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/models"
)

// Capaians computes the capaian of every measure of ms over the whole
// year, in order.
func Capaians(ms []storage.Measure) []domain.Capaian {
	out := make([]domain.Capaian, len(ms))
	for i := range ms {
		out[i] = ms[i].Capaian()
	}
	return out
}

// UnitSummaries returns the achievement over the subtree of each of units
// in year, of the measures of ms (read for the paths of units, of level
// lv or of every level for nil, of approved values only when approved).
func UnitSummaries(units []*models.OrgUnit, ms []storage.Measure, year int, lv *domain.Level, approved bool) map[int64]*models.AchievementSummary {
	caps := Capaians(ms)
	out := make(map[int64]*models.AchievementSummary, len(units))
	for _, u := range units {
		var mine []domain.Capaian
		for i := range ms {
			if strings.HasPrefix(ms[i].OwnerPath, u.Path) {
				mine = append(mine, caps[i])
			}
		}
		out[u.ID] = summary(domain.Summarise(mine), year, lv, approved)
	}
	return out
}

// SasaranSummaries returns the achievement of the indicators of each
// sasaran of ids in year, of the measures of ms (read for those sasaran).
func SasaranSummaries(ids []int64, ms []storage.Measure, year int, approved bool) map[int64]*models.AchievementSummary {
	caps := Capaians(ms)
	bySasaran := map[int64][]domain.Capaian{}
	for i := range ms {
		if id := ms[i].SasaranID; id != nil {
			bySasaran[*id] = append(bySasaran[*id], caps[i])
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
