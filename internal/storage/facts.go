package storage

import (
	"context"
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"

	"gorm.io/gorm"

	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/models"
)

// The achievement facts (migration 00011) hold the capaian and category of
// every indicator in every year that has a target or a realisation, over
// every realisation and over APPROVED ones, computed by domain.Compute from
// the stored lines. Triggers list the indicators whose lines, polarity,
// accumulation, owner or owner's settings a statement changed in
// achievement_facts_stale; refreshFacts recomputes those. The write funnel
// calls it inside every write's transaction, after the data version is
// bumped: on PostgreSQL that row lock orders the writers, so each refresh
// reads the lines as the writers before it committed them, and no reader
// ever sees facts that disagree with the lines.

// factsBatch is the number of indicators recomputed per statement (a
// variable for the tests).
var factsBatch = 2000

// Capaian computes the capaian of m over the whole year: the one way every
// aggregate computes it.
func (m *Measure) Capaian() domain.Capaian {
	return domain.Compute(domain.Measure{Polarity: m.Polarity, Formula: m.Formula, Cap: domain.EffectiveCap(m.Cap),
		Target: m.Target, Realisation: m.Reported.Value(m.Accumulation, 0)})
}

// factsSQL reads, for the indicators whose id matches %[1]s, every year that has a target
// or a realisation, with the target and the realisations pivoted by period,
// over every realisation and over APPROVED ones.
const factsSQL = `SELECT i.id, o.path, i.polarity, i.accumulation, y.year,
	t.value, t.min, t.max, t.label,
	MAX(CASE WHEN r.period = 'YEAR' THEN r.value END),
	MAX(CASE WHEN r.period = 'Q1' THEN r.value END),
	MAX(CASE WHEN r.period = 'Q2' THEN r.value END),
	MAX(CASE WHEN r.period = 'Q3' THEN r.value END),
	MAX(CASE WHEN r.period = 'Q4' THEN r.value END),
	MAX(CASE WHEN r.period = 'YEAR' AND r.status = 'APPROVED' THEN r.value END),
	MAX(CASE WHEN r.period = 'Q1' AND r.status = 'APPROVED' THEN r.value END),
	MAX(CASE WHEN r.period = 'Q2' AND r.status = 'APPROVED' THEN r.value END),
	MAX(CASE WHEN r.period = 'Q3' AND r.status = 'APPROVED' THEN r.value END),
	MAX(CASE WHEN r.period = 'Q4' AND r.status = 'APPROVED' THEN r.value END)
FROM indicators i
JOIN org_units o ON o.id = i.owner_id
JOIN (SELECT indicator_id, year FROM targets WHERE indicator_id %[1]s
      UNION SELECT indicator_id, year FROM realisations WHERE indicator_id %[1]s) y ON y.indicator_id = i.id
LEFT JOIN targets t ON t.indicator_id = i.id AND t.year = y.year
LEFT JOIN realisations r ON r.indicator_id = i.id AND r.year = y.year
WHERE i.id %[1]s
GROUP BY i.id, o.path, i.polarity, i.accumulation, y.year, t.value, t.min, t.max, t.label`

// fact is one row of achievement_facts.
type fact struct {
	indicator        int64
	year             int
	capaian          *float64
	category         *domain.Category
	approvedCapaian  *float64
	approvedCategory *domain.Category
}

// factOf returns the value and category of c when it has a finite value,
// else nils.
func factOf(c domain.Capaian) (*float64, *domain.Category) {
	if c.Value == nil || c.Category == nil || math.IsNaN(*c.Value) || math.IsInf(*c.Value, 0) {
		return nil, nil
	}
	return c.Value, c.Category
}

// refreshFacts recomputes in tx the facts of the stale indicators, at
// most about factsInWrite of them, and reports whether some are left.
func refreshFacts(tx *gorm.DB) (more bool, err error) {
	after := int64(-1)
	for done := 0; ; {
		n, err := refreshBatch(tx, &after)
		if err != nil || n < factsBatch {
			return false, err
		}
		if done += n; done >= factsInWrite {
			return true, nil
		}
	}
}

// refreshBatch recomputes in tx the facts of up to factsBatch stale
// indicators of ids above *after, moves *after to the last, and returns how
// many.
func refreshBatch(tx *gorm.DB, after *int64) (int, error) {
	var ids []int64
	if err := tx.Raw("SELECT DISTINCT indicator_id FROM achievement_facts_stale WHERE indicator_id > ? ORDER BY indicator_id LIMIT ?", *after, factsBatch).
		Scan(&ids).Error; err != nil {
		return 0, fmt.Errorf("read stale facts: %w", err)
	}
	if len(ids) == 0 {
		return 0, nil
	}
	first, last := ids[0], ids[len(ids)-1]
	*after = last
	// Ids close together (a bulk load, a migration: every indicator) are
	// recomputed as a range, which costs the database less than a list;
	// an indicator of the range that was not stale gets the same facts.
	match, args := "IN ?", []any{ids}
	if last-first < 2*int64(factsBatch) {
		match, args = "BETWEEN ? AND ?", []any{first, last}
	}
	facts, err := computeFacts(tx, match, args)
	if err != nil {
		return 0, err
	}
	if err := tx.Exec("DELETE FROM achievement_facts WHERE indicator_id "+match, args...).Error; err != nil {
		return 0, fmt.Errorf("refresh facts: %w", err)
	}
	if err := insertFacts(tx, facts); err != nil {
		return 0, err
	}
	if err := tx.Exec("DELETE FROM achievement_facts_stale WHERE indicator_id "+match, args...).Error; err != nil {
		return 0, fmt.Errorf("refresh facts: %w", err)
	}
	return len(ids), nil
}

// computeFacts computes the facts of the indicators whose id matches match
// (with args) from their lines.
func computeFacts(tx *gorm.DB, match string, args []any) ([]fact, error) {
	rows, err := tx.Raw(fmt.Sprintf(factsSQL, match), append(append(append([]any(nil), args...), args...), args...)...).Rows()
	if err != nil {
		return nil, fmt.Errorf("read the lines of stale facts: %w", err)
	}
	defer rows.Close()
	type line struct {
		m, approved Measure
		year        int
	}
	var (
		lines []line
		owner = map[string]bool{}
	)
	for rows.Next() {
		var (
			l             line
			value, lo, hi *float64
			label         *string
			y, ay         *float64
			q, aq         [4]*float64
		)
		if err := rows.Scan(&l.m.IndicatorID, &l.m.OwnerPath, &l.m.Polarity, &l.m.Accumulation, &l.year,
			&value, &lo, &hi, &label, &y, &q[0], &q[1], &q[2], &q[3], &ay, &aq[0], &aq[1], &aq[2], &aq[3]); err != nil {
			return nil, fmt.Errorf("read the lines of stale facts: %w", err)
		}
		if value != nil || lo != nil || hi != nil {
			l.m.Target = &domain.Target{Value: value, Min: lo, Max: hi}
			if label != nil {
				l.m.Target.Label = *label
			}
		}
		l.approved = l.m
		l.m.Reported = domain.Reported{Year: y, Quarters: q}
		l.approved.Reported = domain.Reported{Year: ay, Quarters: aq}
		owner[l.m.OwnerPath] = true
		lines = append(lines, l)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read the lines of stale facts: %w", err)
	}
	settings, err := settingsAbove(tx, owner)
	if err != nil {
		return nil, err
	}
	out := make([]fact, len(lines))
	for i := range lines {
		l := &lines[i]
		l.m.Formula, l.m.Cap = settings.of(l.m.OwnerPath)
		l.approved.Formula, l.approved.Cap = l.m.Formula, l.m.Cap
		f := fact{indicator: l.m.IndicatorID, year: l.year}
		f.capaian, f.category = factOf(l.m.Capaian())
		f.approvedCapaian, f.approvedCategory = factOf(l.approved.Capaian())
		out[i] = f
	}
	return out, nil
}

// settingsAbove reads in tx the settings of the units on the paths of
// owners (each unit and those above it) that set any.
func settingsAbove(tx *gorm.DB, owners map[string]bool) (unitSettings, error) {
	seen := map[int64]bool{}
	var ids []int64
	for p := range owners {
		for _, id := range models.PathIDs(p) {
			if !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
	}
	if len(ids) == 0 {
		return unitSettings{}, nil
	}
	return readSettings(tx.Where("id IN ?", ids))
}

// exact is what achievement_facts keeps of *v (nil for nil) for a mean
// that does not depend on the order of the rows: on PostgreSQL, which sums
// decimals exactly, its exact decimal; on SQLite, which lists them for Go
// to add (see factColumns), the shortest decimal that reads back as *v.
func exact(postgres bool, v *float64) *string {
	if v == nil {
		return nil
	}
	d := strconv.FormatFloat(*v, 'g', -1, 64)
	if postgres {
		d = domain.ExactDecimal(*v)
	}
	return &d
}

// factsInsertRows is the number of facts per INSERT statement (8
// parameters each, well within SQLite's and PostgreSQL's limits).
const factsInsertRows = 500

// insertFacts writes facts in tx.
func insertFacts(tx *gorm.DB, facts []fact) error {
	pg := tx.Dialector.Name() == "postgres"
	for len(facts) > 0 {
		n := min(len(facts), factsInsertRows)
		var sb strings.Builder
		sb.WriteString("INSERT INTO achievement_facts (indicator_id, year, capaian, category, approved_capaian, approved_category," +
			" capaian_exact, approved_capaian_exact) VALUES ")
		args := make([]any, 0, 8*n)
		for i, f := range facts[:n] {
			if i > 0 {
				sb.WriteByte(',')
			}
			sb.WriteString("(?,?,?,?,?,?,?,?)")
			args = append(args, f.indicator, f.year, f.capaian, f.category, f.approvedCapaian, f.approvedCategory,
				exact(pg, f.capaian), exact(pg, f.approvedCapaian))
		}
		if err := tx.Exec(sb.String(), args...).Error; err != nil {
			return fmt.Errorf("write facts: %w", err)
		}
		facts = facts[n:]
	}
	return nil
}

// RefreshFacts recomputes the facts of every stale indicator, a batch per
// transaction, each bumping the data version as the writes do (which also
// orders it among them): what the writes outside the funnel (a bulk load,
// the migration that creates the facts, an operator's SQL) left stale. It
// returns the number of indicators recomputed.
func (s *Store) RefreshFacts(ctx context.Context) (int, error) {
	total, after := 0, int64(-1)
	for {
		var (
			n       int
			version int64
		)
		var stale bool
		if err := s.w.WithContext(ctx).Raw("SELECT EXISTS (SELECT 1 FROM achievement_facts_stale)").Row().Scan(&stale); err != nil {
			return total, fmt.Errorf("refresh the achievement facts: %w", err)
		}
		if !stale {
			return total, nil
		}
		err := s.w.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
			var err error
			if version, err = bumpVersion(tx, s.dialect); err != nil {
				return err
			}
			n, err = refreshBatch(tx, &after)
			return err
		})
		if err != nil {
			return total, fmt.Errorf("refresh the achievement facts: %w", err)
		}
		s.version.committed(version)
		total += n
		if n < factsBatch {
			after = -1 // once more from the start: rows written meanwhile
		}
	}
}

// VerifyFacts recomputes the facts of every indicator that is not listed
// stale and returns how each differs from the stored facts ("" entries
// none): the check that the triggers and the funnel keep the facts
// current, which the tests run after every test's writes.
func (s *Store) VerifyFacts(ctx context.Context) ([]string, error) {
	var problems []string
	err := s.w.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var ids []int64
		if err := tx.Raw("SELECT id FROM indicators WHERE id NOT IN (SELECT indicator_id FROM achievement_facts_stale) ORDER BY id").
			Scan(&ids).Error; err != nil {
			return err
		}
		type key struct {
			indicator int64
			year      int
		}
		want := map[key]fact{}
		for len(ids) > 0 {
			n := min(len(ids), factsBatch)
			facts, err := computeFacts(tx, "IN ?", []any{ids[:n]})
			if err != nil {
				return err
			}
			for _, f := range facts {
				want[key{f.indicator, f.year}] = f
			}
			ids = ids[n:]
		}
		rows, err := tx.Raw(`SELECT indicator_id, year, capaian, category, approved_capaian, approved_category,
			CAST(capaian_exact AS TEXT), CAST(approved_capaian_exact AS TEXT) FROM achievement_facts
			WHERE indicator_id NOT IN (SELECT indicator_id FROM achievement_facts_stale)`).Rows()
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var (
				f      fact
				ex, ax *string
			)
			if err := rows.Scan(&f.indicator, &f.year, &f.capaian, &f.category, &f.approvedCapaian, &f.approvedCategory, &ex, &ax); err != nil {
				return err
			}
			k := key{f.indicator, f.year}
			w, ok := want[k]
			delete(want, k)
			switch {
			case !ok:
				problems = append(problems, fmt.Sprintf("indicator %d %d: a fact without lines", f.indicator, f.year))
			case !sameFact(f, w):
				problems = append(problems, fmt.Sprintf("indicator %d %d: stored %s, computed %s", f.indicator, f.year, f, w))
			case !sameValue(s.dialect == Postgres, ex, f.capaian) || !sameValue(s.dialect == Postgres, ax, f.approvedCapaian):
				problems = append(problems, fmt.Sprintf("indicator %d %d: decimals %v %v of %s", f.indicator, f.year, anyOf(ex), anyOf(ax), f))
			}
		}
		for k, w := range want {
			problems = append(problems, fmt.Sprintf("indicator %d %d: no fact stored, computed %s", k.indicator, k.year, w))
		}
		return rows.Err()
	})
	return problems, err
}

// sameFact reports whether a and b hold the same values.
func sameFact(a, b fact) bool {
	return eq(a.capaian, b.capaian) && eq(a.category, b.category) &&
		eq(a.approvedCapaian, b.approvedCapaian) && eq(a.approvedCategory, b.approvedCategory)
}

// sameValue reports whether the decimal d is what exact keeps of the float
// v: exactly v on PostgreSQL, a decimal that reads back as v on SQLite
// (both nil, or both set).
func sameValue(postgres bool, d *string, v *float64) bool {
	if d == nil || v == nil {
		return d == nil && v == nil
	}
	if !postgres {
		f, err := strconv.ParseFloat(*d, 64)
		return err == nil && f == *v
	}
	r, ok := new(big.Rat).SetString(*d)
	return ok && r.Cmp(new(big.Rat).SetFloat64(*v)) == 0
}

func eq[T comparable](a, b *T) bool { return a == nil && b == nil || a != nil && b != nil && *a == *b }

func (f fact) String() string {
	return fmt.Sprintf("%v %v / approved %v %v", anyOf(f.capaian), anyOf(f.category), anyOf(f.approvedCapaian), anyOf(f.approvedCategory))
}
