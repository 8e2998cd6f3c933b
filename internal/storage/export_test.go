package storage

import (
	"context"
	"fmt"

	"gorm.io/gorm"

	"github.com/kinerja/kinerja/models"
)

// MigrateUpTo applies the migrations up to version v: for tests of one
// migration.
func (s *Store) MigrateUpTo(ctx context.Context, v int64) error {
	p, err := s.provider()
	if err != nil {
		return err
	}
	if _, err := p.UpTo(ctx, v); err != nil {
		return fmt.Errorf("migrate up to %d: %w", v, err)
	}
	return nil
}

// Exec runs a statement on the database, for tests that set up rows the API
// has no write for (an approved realisation, a corrupt row).
func (s *Store) Exec(ctx context.Context, sql string, args ...any) error {
	return s.w.WithContext(ctx).Exec(sql, args...).Error
}

// DB gives the tests of this directory the database handle of s, for rows
// written beside the API (a schema before a migration).
func DB(s *Store) *gorm.DB { return s.w }

// MigrateDownTo rolls the migrations back to version v: for tests of one
// migration's Down.
func (s *Store) MigrateDownTo(ctx context.Context, v int64) error {
	p, err := s.provider()
	if err != nil {
		return err
	}
	if _, err := p.DownTo(ctx, v); err != nil {
		return fmt.Errorf("migrate down to %d: %w", v, err)
	}
	return nil
}

// DSN returns the database the data version listens to.
func (v *DataVersion) DSN() string { return v.dsn }

// SetFactsBatches sets how many indicators a batch of facts and a write
// recompute, and whether the facts worker may run, until the test ends.
func SetFactsBatches(t interface{ Cleanup(func()) }, s *Store, batch, inWrite int, worker bool) {
	b, w := factsBatch, factsInWrite
	factsBatch, factsInWrite, s.facts.paused = batch, inWrite, !worker
	t.Cleanup(func() { factsBatch, factsInWrite = b, w })
}

// SetFromLinesMax sets how many indicators a summary computes from the
// lines while their facts are stale, until the test ends.
func SetFromLinesMax(t interface{ Cleanup(func()) }, n int) {
	was := fromLinesMax
	fromLinesMax = n
	t.Cleanup(func() { fromLinesMax = was })
}

// ListIndicatorsThroughGORM is ListIndicators as GORM builds it, the
// reference of its hand-written statement.
func (s *Store) ListIndicatorsThroughGORM(ctx context.Context, q IndicatorQuery, w Window) (Page[models.Indicator], error) {
	return readPageWith(s.indicatorFilter(ctx, q), "indicators", indicatorColumns, []string{"indicators.id"}, w, indicatorFields)
}
