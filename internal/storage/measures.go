package storage

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/jackc/pgx/v5"

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

// yearMeasuresTemplate reads the targets (kind 0) and the realisations (kind 1)
// of a year of some indicators in one statement: the columns of
// targetColumns and realisationColumns, those of the other kind NULL.
const yearMeasuresTemplate = `SELECT 0 AS kind, id, indicator_id, year, NULL::text AS period, value, min, max, label, version, updated_by,
	NULL::text AS data_source, NULL::text AS obstacles, NULL::text AS remedies, NULL::text AS status,
	NULL::bigint AS submitted_by, NULL::timestamptz AS submitted_at, NULL::bigint AS approved_by, NULL::timestamptz AS approved_at,
	NULL::text AS rejection_reason, NULL::timestamptz AS created_at, NULL::timestamptz AS updated_at
FROM targets WHERE indicator_id = ANY($1) AND year = $2
UNION ALL
SELECT 1, id, indicator_id, year, period, value, NULL, NULL, NULL, version, updated_by,
	data_source, obstacles, remedies, status, submitted_by, submitted_at, approved_by, approved_at, rejection_reason, created_at, updated_at
FROM realisations WHERE indicator_id = ANY($1) AND year = $2%s`

// yearMeasuresSQL is yearMeasuresTemplate for every realisation, then for
// the APPROVED ones ($3).
var yearMeasuresSQL = [2]string{fmt.Sprintf(yearMeasuresTemplate, ""), fmt.Sprintf(yearMeasuresTemplate, " AND status = $3")}

// YearMeasures returns what Targets and Realisations (ApprovedRealisations
// when approvedOnly) return for the given indicators in year, in their
// order: on PostgreSQL in one statement, a round trip and a statement
// fewer for a page of indicators that shows both (a dashboard).
func (s *Store) YearMeasures(ctx context.Context, indicatorIDs []int64, year int, approvedOnly bool) ([]models.Target, []models.Realisation, error) {
	if len(indicatorIDs) == 0 {
		return []models.Target{}, []models.Realisation{}, nil
	}
	// The ids as one array parameter: one statement text whatever their
	// number (pgx prepares it once per connection), and no placeholder per
	// id to build. Only pgx runs it (below).
	b := binder{numbered: true, args: []any{int64Array(indicatorIDs), year}}
	stmt := yearMeasuresSQL[0]
	if approvedOnly {
		stmt = yearMeasuresSQL[1]
		b.args = append(b.args, domain.Approved)
	}
	targets := make([]models.Target, 0, len(indicatorIDs))
	realisations := make([]models.Realisation, 0, len(indicatorIDs))
	err := queryPgx(s.raw(ctx, b, stmt), func(rows pgx.Rows) error {
		var t models.Target
		var r models.Realisation
		// The columns of the other kind are NULL: skipped (nil).
		c := new(cells)
		target := []any{nil, &t.ID, &t.IndicatorID, &t.Year, nil, c.optFloat64(&t.Value), c.optFloat64(&t.Min), c.optFloat64(&t.Max),
			c.optText(&t.Label), &t.Version, c.optInt64(&t.UpdatedBy),
			nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil}
		realisation := []any{nil, &r.ID, &r.IndicatorID, &r.Year, enumText{(*string)(&r.Period)}, &r.Value, nil, nil, nil, &r.Version, c.optInt64(&r.UpdatedBy),
			c.optText(&r.DataSource), c.optText(&r.Obstacles), c.optText(&r.Remedies), enumText{(*string)(&r.Status)},
			c.optInt64(&r.SubmittedBy), c.optTime(&r.SubmittedAt), c.optInt64(&r.ApprovedBy), c.optTime(&r.ApprovedAt),
			c.optText(&r.RejectionReason), &r.CreatedAt, &r.UpdatedAt}
		for rows.Next() {
			kind, err := measureKind(rows)
			if err != nil {
				return err
			}
			// The kinds come one after the other: the scan plans change once.
			if kind == 0 {
				if err := rows.Scan(target...); err != nil {
					return err
				}
				targets = append(targets, t)
				continue
			}
			if err := rows.Scan(realisation...); err != nil {
				return err
			}
			realisations = append(realisations, r)
		}
		return nil
	})
	if err == nil {
		// Unordered in SQL, where sorting the wide rows of the union cost
		// PostgreSQL a tenth of the statement: ordered here as the plain
		// reads order them. (A union's branches come one after the other
		// in practice, so the scan plans change once; any order scans.)
		slices.SortFunc(targets, func(a, b models.Target) int { return cmp.Compare(a.IndicatorID, b.IndicatorID) })
		slices.SortFunc(realisations, func(a, b models.Realisation) int {
			return cmp.Or(cmp.Compare(a.IndicatorID, b.IndicatorID), cmp.Compare(a.Period, b.Period))
		})
		return targets, realisations, nil
	}
	if !errors.Is(err, errNotPgx) {
		return nil, nil, fmt.Errorf("read targets and realisations of %d: %w", year, err)
	}
	years := []int{year}
	tt, err := s.Targets(ctx, indicatorIDs, years)
	if err != nil {
		return nil, nil, err
	}
	read := s.Realisations
	if approvedOnly {
		read = s.ApprovedRealisations
	}
	rr, err := read(ctx, indicatorIDs, years)
	if err != nil {
		return nil, nil, err
	}
	return tt, rr, nil
}

// measureKind returns the kind column of a row of yearMeasuresSQL, 0 or 1,
// read from its raw value (an int4, in binary or text format).
func measureKind(rows pgx.Rows) (int, error) {
	raw := rows.RawValues()
	if len(raw) == 0 || len(raw[0]) == 0 {
		return 0, errors.New("a measure without its kind")
	}
	switch v := raw[0]; {
	case len(v) == 4 && rows.FieldDescriptions()[0].Format == pgx.BinaryFormatCode:
		if k := int(v[3]); k <= 1 && v[0]|v[1]|v[2] == 0 {
			return k, nil
		}
	case len(v) == 1 && (v[0] == '0' || v[0] == '1'):
		return int(v[0] - '0'), nil
	}
	return 0, fmt.Errorf("a measure of unknown kind %q", raw[0])
}
