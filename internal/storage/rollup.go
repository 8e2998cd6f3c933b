package storage

import (
	"context"
	"fmt"
	"strings"

	"gorm.io/gorm"

	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/models"
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

// measuresSQL reads one row per indicator: its target of the year and its
// realisations of the year pivoted by period (at most one per period), so
// that the quarters roll up in Go by domain.Reported, exactly as for one
// indicator. %s is the extra realisation join condition, %s the WHERE.
const measuresSQL = `SELECT indicators.id, indicators.level, indicators.sasaran_id, o.path,
	indicators.polarity, indicators.accumulation,
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
	settings, err := s.settingsOn(ctx, f.Scope, f.Paths)
	if err != nil {
		return nil, err
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
			value, lo, hi *float64
			label         *string
			year          *float64
			q             [4]*float64
		)
		if err := rows.Scan(&m.IndicatorID, &m.Level, &m.SasaranID, &m.OwnerPath, &m.Polarity, &m.Accumulation,
			&value, &lo, &hi, &label, &year, &q[0], &q[1], &q[2], &q[3]); err != nil {
			return nil, fmt.Errorf("read measures of %d: %w", f.Year, err)
		}
		m.Formula, m.Cap = settings.of(m.OwnerPath)
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

// unitSettings holds the units that set a convention for negative
// indicators or a capaian cap, by path.
type unitSettings map[string]struct {
	formula *domain.NegativeFormula
	cap     *float64
}

// of returns the settings in force for the indicators owned in the unit at
// path: each the unit's own, else its nearest ancestor's; GAP and no cap
// setting (nil) by default.
func (us unitSettings) of(path string) (domain.NegativeFormula, *float64) {
	var (
		formula *domain.NegativeFormula
		cap     *float64
	)
	for p := path; len(p) > 1 && (formula == nil || cap == nil); p = p[:strings.LastIndexByte(p[:len(p)-1], '/')+1] {
		if s, ok := us[p]; ok {
			if formula == nil {
				formula = s.formula
			}
			if cap == nil {
				cap = s.cap
			}
		}
	}
	if formula == nil {
		return domain.NegativeGap, cap
	}
	return *formula, cap
}

// settingsOn reads the units that set a negative formula or a capaian cap
// among those on paths (the subtrees, and the units above them), within
// scope and above it.
func (s *Store) settingsOn(ctx context.Context, scope string, paths []string) (unitSettings, error) {
	conds := []string{}
	args := []any{}
	var above []int64
	for _, p := range append([]string{scope}, paths...) {
		if p == "" {
			continue
		}
		above = append(above, models.PathIDs(p)...)
	}
	for _, p := range paths {
		lo, hi := pathRange(p)
		conds = append(conds, "(path >= ? AND path < ?)")
		args = append(args, lo, hi)
	}
	if len(above) > 0 {
		conds = append(conds, "id IN ?")
		args = append(args, above)
	}
	return readSettings(s.db.WithContext(ctx).Where(strings.Join(conds, " OR "), args...))
}

// readSettings reads the units q selects that set a negative formula or a
// capaian cap.
func readSettings(q *gorm.DB) (unitSettings, error) {
	var rows []struct {
		Path            string
		NegativeFormula *domain.NegativeFormula
		CapaianCap      *float64
	}
	if err := q.Table("org_units").Select("path, negative_formula, capaian_cap").
		Where("negative_formula IS NOT NULL OR capaian_cap IS NOT NULL").Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("read unit settings: %w", err)
	}
	us := make(unitSettings, len(rows))
	for _, r := range rows {
		us[r.Path] = struct {
			formula *domain.NegativeFormula
			cap     *float64
		}{r.NegativeFormula, r.CapaianCap}
	}
	return us, nil
}
