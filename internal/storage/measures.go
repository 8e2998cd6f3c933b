package storage

import (
	"context"
	"fmt"
	"strings"

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
	q := s.db.WithContext(ctx).Table("targets").Select(targetColumns).Where("indicator_id IN ?", indicatorIDs)
	if len(years) > 0 {
		q = q.Where("year IN ?", years)
	}
	return scanRows(q.Order("indicator_id, year"), "targets", expectRows(indicatorIDs, years, 1), targetFields)
}

// Realisations returns the realisations of the given indicators, in the
// given years when years is not empty, ordered by indicator, year and period.
func (s *Store) Realisations(ctx context.Context, indicatorIDs []int64, years []int) ([]models.Realisation, error) {
	var out []models.Realisation
	if len(indicatorIDs) == 0 {
		return out, nil
	}
	q := s.db.WithContext(ctx).Table("realisations").Select(realisationColumns).Where("indicator_id IN ?", indicatorIDs)
	if len(years) > 0 {
		q = q.Where("year IN ?", years)
	}
	return scanRows(q.Order("indicator_id, year, period"), "realisations", expectRows(indicatorIDs, years, 4), realisationFields)
}

// ApprovedRealisations is Realisations for a reader of approved data only:
// the APPROVED realisations alone.
func (s *Store) ApprovedRealisations(ctx context.Context, indicatorIDs []int64, years []int) ([]models.Realisation, error) {
	var out []models.Realisation
	if len(indicatorIDs) == 0 {
		return out, nil
	}
	q := s.db.WithContext(ctx).Table("realisations").Select(realisationColumns).
		Where("indicator_id IN ? AND status = ?", indicatorIDs, domain.Approved)
	if len(years) > 0 {
		q = q.Where("year IN ?", years)
	}
	return scanRows(q.Order("indicator_id, year, period"), "approved realisations", expectRows(indicatorIDs, years, 4), realisationFields)
}

// RealisationsByID returns the realisations with the given ids.
func (s *Store) RealisationsByID(ctx context.Context, ids []int64) ([]models.Realisation, error) {
	return findIn[models.Realisation](ctx, s.db, "id", ids, "id")
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
// any of SasaranIDs when set. With ApprovedOnly, only APPROVED realisations
// count (what a reader of approved data only sees).
type MeasuresFilter struct {
	Scope        string
	Paths        []string
	Level        *domain.Level
	SasaranIDs   []int64
	Year         int
	ApprovedOnly bool
}

// measureRow is one row of MeasuresUnder: an indicator with its target of
// the year and one of its realisations of the year (LEFT JOINs: either may
// be missing).
type measureRow struct {
	ID           int64
	Polarity     domain.Polarity
	Accumulation domain.Accumulation
	Level        domain.Level
	OwnerID      int64
	SasaranID    *int64
	OwnerPath    string
	TID          *int64
	TValue       *float64
	TMin         *float64
	TMax         *float64
	TLabel       *string
	RID          *int64
	RPeriod      *domain.Period
	RValue       *float64
}

// MeasuresUnder returns the indicators f selects with their targets and
// realisations of f.Year, in one set-based statement whatever the number of
// indicators, joined on the org tree rather than passing id lists. The
// indicators carry only what a capaian needs (id, polarity, accumulation,
// level, owner, sasaran).
func (s *Store) MeasuresUnder(ctx context.Context, f MeasuresFilter) (Measures, error) {
	var m Measures
	if len(f.Paths) == 0 {
		return m, nil
	}
	realisations := "LEFT JOIN realisations r ON r.indicator_id = indicators.id AND r.year = ?"
	joinArgs := []any{f.Year}
	if f.ApprovedOnly {
		realisations += " AND r.status = ?"
		joinArgs = append(joinArgs, domain.Approved)
	}
	q := s.db.WithContext(ctx).Table("indicators").
		Select(`indicators.id, indicators.polarity, indicators.accumulation, indicators.level, indicators.owner_id,
			indicators.sasaran_id, o.path AS owner_path,
			t.id AS t_id, t.value AS t_value, t.min AS t_min, t.max AS t_max, t.label AS t_label,
			r.id AS r_id, r.period AS r_period, r.value AS r_value`).
		Joins("JOIN org_units o ON o.id = indicators.owner_id").
		Joins("LEFT JOIN targets t ON t.indicator_id = indicators.id AND t.year = ?", f.Year).
		Joins(realisations, joinArgs...)
	q = under(q, "o.path", f.Scope)
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
	var rows []measureRow
	if err := q.Order("indicators.id, r.period").Scan(&rows).Error; err != nil {
		return m, fmt.Errorf("read measures of %d: %w", f.Year, err)
	}
	for _, r := range rows {
		if n := len(m.Indicators); n == 0 || m.Indicators[n-1].ID != r.ID {
			m.Indicators = append(m.Indicators, models.Indicator{ID: r.ID, Polarity: r.Polarity, Accumulation: r.Accumulation,
				Level: r.Level, OwnerID: r.OwnerID, SasaranID: r.SasaranID, OwnerPath: r.OwnerPath})
			if r.TID != nil {
				m.Targets = append(m.Targets, models.Target{ID: *r.TID, IndicatorID: r.ID, Year: f.Year,
					Value: r.TValue, Min: r.TMin, Max: r.TMax, Label: r.TLabel})
			}
		}
		if r.RID != nil {
			m.Realisations = append(m.Realisations, models.Realisation{ID: *r.RID, IndicatorID: r.ID, Year: f.Year,
				Period: *r.RPeriod, Value: *r.RValue})
		}
	}
	return m, nil
}
