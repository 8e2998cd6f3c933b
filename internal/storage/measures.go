package storage

import (
	"context"
	"fmt"
	"strings"

	"gorm.io/gorm"

	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/models"
)

// Targets returns the targets of the given indicators, in the given years
// when years is not empty, ordered by indicator and year.
func (s *Store) Targets(ctx context.Context, indicatorIDs []int64, years []int) ([]models.Target, error) {
	var out []models.Target
	if len(indicatorIDs) == 0 {
		return out, nil
	}
	q := s.db.WithContext(ctx).Where("indicator_id IN ?", indicatorIDs)
	if len(years) > 0 {
		q = q.Where("year IN ?", years)
	}
	if err := q.Order("indicator_id, year").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("read targets: %w", err)
	}
	return out, nil
}

// Realisations returns the realisations of the given indicators, in the
// given years when years is not empty, ordered by indicator, year and period.
func (s *Store) Realisations(ctx context.Context, indicatorIDs []int64, years []int) ([]models.Realisation, error) {
	var out []models.Realisation
	if len(indicatorIDs) == 0 {
		return out, nil
	}
	q := s.db.WithContext(ctx).Where("indicator_id IN ?", indicatorIDs)
	if len(years) > 0 {
		q = q.Where("year IN ?", years)
	}
	if err := q.Order("indicator_id, year, period").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("read realisations: %w", err)
	}
	return out, nil
}

// Measures is what the achievement of many indicators in one year is
// computed from: the indicators, their targets and their realisations.
type Measures struct {
	Indicators   []models.Indicator
	Targets      []models.Target
	Realisations []models.Realisation
}

// MeasuresFilter selects the indicators of an aggregate: those owned in the
// caller's Scope and in any of the subtrees of Paths, of Level when set, of
// any of SasaranIDs when set.
type MeasuresFilter struct {
	Scope      string
	Paths      []string
	Level      *domain.Level
	SasaranIDs []int64
	Year       int
}

// MeasuresUnder returns the indicators f selects with their targets and
// realisations of f.Year: three set-based statements, whatever the number of
// indicators, joined on the org tree rather than passing id lists.
func (s *Store) MeasuresUnder(ctx context.Context, f MeasuresFilter) (Measures, error) {
	var m Measures
	if len(f.Paths) == 0 {
		return m, nil
	}
	scoped := func(table, join string) *gorm.DB {
		q := s.db.WithContext(ctx).Table(table)
		if join != "" {
			q = q.Joins(join)
		}
		q = under(q.Joins("JOIN org_units o ON o.id = indicators.owner_id"), "o.path", f.Scope)
		conds := make([]string, 0, len(f.Paths))
		args := make([]any, 0, 2*len(f.Paths))
		for _, p := range f.Paths {
			lo, hi := pathRange(p)
			conds = append(conds, "(o.path >= ? AND o.path < ?)")
			args = append(args, lo, hi)
		}
		q = q.Where("("+strings.Join(conds, " OR ")+")", args...)
		if f.Level != nil {
			q = q.Where("indicators.level = ?", *f.Level)
		}
		if len(f.SasaranIDs) > 0 {
			q = q.Where("indicators.sasaran_id IN ?", f.SasaranIDs)
		}
		return q
	}
	if err := scoped("indicators", "").Select("indicators.*, o.path AS owner_path").
		Order("indicators.id").Find(&m.Indicators).Error; err != nil {
		return m, fmt.Errorf("read indicators of aggregate: %w", err)
	}
	if len(m.Indicators) == 0 {
		return m, nil
	}
	if err := scoped("targets", "JOIN indicators ON indicators.id = targets.indicator_id").Select("targets.*").
		Where("targets.year = ?", f.Year).Find(&m.Targets).Error; err != nil {
		return m, fmt.Errorf("read targets of aggregate: %w", err)
	}
	if err := scoped("realisations", "JOIN indicators ON indicators.id = realisations.indicator_id").Select("realisations.*").
		Where("realisations.year = ?", f.Year).Find(&m.Realisations).Error; err != nil {
		return m, fmt.Errorf("read realisations of aggregate: %w", err)
	}
	return m, nil
}
