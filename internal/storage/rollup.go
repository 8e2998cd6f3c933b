package storage

import (
	"context"
	"fmt"
	"strings"

	"github.com/kinerja/kinerja/internal/domain"
)

// Measure is what the capaian of one indicator in one year is computed
// from, with what an aggregate groups it by: one row of MeasuresUnder.
type Measure struct {
	IndicatorID  int64
	Level        domain.Level
	SasaranID    *int64
	OwnerPath    string
	Polarity     domain.Polarity
	Accumulation domain.Accumulation
	// Formula is the convention of a NEGATIVE indicator: its owner's
	// setting, else the nearest ancestor's, else GAP.
	Formula domain.NegativeFormula
	// Cap is the capaian cap setting in force for the owner: its own, else
	// the nearest ancestor's (0 for none, see domain.EffectiveCap); nil when
	// no unit on its path sets one.
	Cap *float64
	// Target is the target of the year; nil when none is set.
	Target *domain.Target
	// Reported is the realisations of the year by period.
	Reported domain.Reported
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

// negativeFormula is the SQL of the convention of the NEGATIVE indicator
// owned in org unit o: the setting of the deepest unit on o's path that has
// one (o itself included). Units with a setting are few, so the subquery
// reads few rows; it runs once per NEGATIVE indicator.
const negativeFormula = `CASE WHEN indicators.polarity = 'NEGATIVE' THEN
	(SELECT f.negative_formula FROM org_units f
	 WHERE f.negative_formula IS NOT NULL AND f.path = substr(o.path, 1, length(f.path))
	 ORDER BY f.depth DESC LIMIT 1) END`

// capaianCap is the SQL of the capaian cap setting in force for the
// indicators owned in org unit o, found as negativeFormula.
const capaianCap = `(SELECT f.capaian_cap FROM org_units f
	 WHERE f.capaian_cap IS NOT NULL AND f.path = substr(o.path, 1, length(f.path))
	 ORDER BY f.depth DESC LIMIT 1)`

// measuresSQL reads one row per indicator: its target of the year and its
// realisations of the year pivoted by period (at most one per period), so
// that the quarters roll up in Go by domain.Reported, exactly as for one
// indicator. %s is the extra realisation join condition, %s the WHERE.
const measuresSQL = `SELECT indicators.id, indicators.level, indicators.sasaran_id, o.path,
	indicators.polarity, indicators.accumulation, ` + negativeFormula + `, ` + capaianCap + `,
	t.value, t.min, t.max, t.label,
	MAX(CASE WHEN r.period = 'YEAR' THEN r.value END),
	MAX(CASE WHEN r.period = 'Q1' THEN r.value END),
	MAX(CASE WHEN r.period = 'Q2' THEN r.value END),
	MAX(CASE WHEN r.period = 'Q3' THEN r.value END),
	MAX(CASE WHEN r.period = 'Q4' THEN r.value END)
FROM indicators
JOIN org_units o ON o.id = indicators.owner_id
LEFT JOIN targets t ON t.indicator_id = indicators.id AND t.year = ?
LEFT JOIN realisations r ON r.indicator_id = indicators.id AND r.year = ?%s
WHERE %s
GROUP BY indicators.id, indicators.level, indicators.sasaran_id, o.path, indicators.polarity, indicators.accumulation,
	t.value, t.min, t.max, t.label
ORDER BY indicators.id`

// MeasuresUnder returns a Measure for every indicator f selects, in order
// of id, in one set-based statement whatever the number of indicators,
// joined on the org tree rather than passing id lists: one row per
// indicator, the quarters pivoted in the database.
func (s *Store) MeasuresUnder(ctx context.Context, f MeasuresFilter) ([]Measure, error) {
	if len(f.Paths) == 0 {
		return nil, nil
	}
	args := []any{f.Year, f.Year}
	join := ""
	if f.ApprovedOnly {
		join = " AND r.status = ?"
		args = append(args, domain.Approved)
	}
	lo, hi := pathRange(f.Scope)
	where := []string{"o.path >= ? AND o.path < ?"}
	args = append(args, lo, hi)
	paths := make([]string, 0, len(f.Paths))
	for _, p := range f.Paths {
		lo, hi := pathRange(p)
		paths = append(paths, "(o.path >= ? AND o.path < ?)")
		args = append(args, lo, hi)
	}
	where = append(where, "("+strings.Join(paths, " OR ")+")")
	if f.Level != nil {
		where = append(where, "indicators.level = ?")
		args = append(args, *f.Level)
	}
	if len(f.SasaranIDs) > 0 {
		where = append(where, "indicators.sasaran_id IN ?")
		args = append(args, f.SasaranIDs)
	}
	rows, err := s.db.WithContext(ctx).Raw(fmt.Sprintf(measuresSQL, join, strings.Join(where, " AND ")), args...).Rows()
	if err != nil {
		return nil, fmt.Errorf("read measures of %d: %w", f.Year, err)
	}
	defer rows.Close()
	var out []Measure
	for rows.Next() {
		var (
			m             Measure
			formula       *string
			value, lo, hi *float64
			label         *string
			year          *float64
			q             [4]*float64
		)
		if err := rows.Scan(&m.IndicatorID, &m.Level, &m.SasaranID, &m.OwnerPath, &m.Polarity, &m.Accumulation, &formula, &m.Cap,
			&value, &lo, &hi, &label, &year, &q[0], &q[1], &q[2], &q[3]); err != nil {
			return nil, fmt.Errorf("read measures of %d: %w", f.Year, err)
		}
		m.Formula = domain.NegativeGap
		if formula != nil {
			m.Formula = domain.NegativeFormula(*formula)
		}
		if value != nil || lo != nil || hi != nil {
			m.Target = &domain.Target{Value: value, Min: lo, Max: hi}
			if label != nil {
				m.Target.Label = *label
			}
		}
		m.Reported = domain.Reported{Year: year, Quarters: q}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read measures of %d: %w", f.Year, err)
	}
	return out, nil
}
