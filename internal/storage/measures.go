package storage

import (
	"context"

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
