package storage

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/kinerja/kinerja/internal/domain"
)

// SummaryFilter selects the groups of an achievement summary: the subtree
// of each of Paths (grouped by its index in Paths), or when SasaranIDs is
// set, each of those sasaran (grouped by id) within the caller's Scope; of
// indicators of Level when set, in Year, from APPROVED realisations only
// when ApprovedOnly.
type SummaryFilter struct {
	Scope        string
	Paths        []string
	SasaranIDs   []int64
	Level        *domain.Level
	Year         int
	ApprovedOnly bool
}

// summaryGroup is one row of the summary statement: its group key, the
// number of indicators, the number with a capaian, their sum in order of
// indicator id, and the count of each category.
type summaryGroup struct {
	Grp          int64
	Indicators   int
	Stale        int
	N            int
	Total        *string
	SangatTinggi int
	Tinggi       int
	Sedang       int
	Rendah       int
	SangatRendah int
}

// AchievementSummaries returns the summary of every group f selects (by
// index into f.Paths, or by sasaran id), in one statement whatever the
// number of indicators and groups, over the achievement facts (facts.go):
// every indicator selected counts, those without a capaian of the year as
// such. The mean is domain.ExactSum's, as in domain.Summarise (see
// factColumns).
// Groups without indicators are absent.
func (s *Store) AchievementSummaries(ctx context.Context, f SummaryFilter) (map[int64]domain.Summary, error) {
	if len(f.Paths) == 0 && len(f.SasaranIDs) == 0 {
		return nil, nil
	}
	// On PostgreSQL the statement is written with its placeholders
	// numbered, as the server takes it: GORM passes it on as it is rather
	// than copying it byte by byte to number them (see numbered).
	b := binder{numbered: s.dialect == Postgres}
	var (
		from = "indicators i JOIN org_units o ON o.id = i.owner_id"
		key  = "i.sasaran_id"
	)
	if len(f.SasaranIDs) == 0 {
		var groups strings.Builder
		for i, p := range f.Paths {
			plo, phi := pathRange(p)
			if i > 0 {
				groups.WriteString(" UNION ALL ")
			}
			groups.WriteString("SELECT CAST(" + b.arg(i) + " AS BIGINT) AS k, CAST(" + b.arg(plo) + " AS TEXT) AS lo, CAST(" + b.arg(phi) + " AS TEXT) AS hi")
		}
		from += " JOIN (" + groups.String() + ") g ON o.path >= g.lo AND o.path < g.hi"
		key = "g.k"
	}
	from += " LEFT JOIN achievement_facts f ON f.indicator_id = i.id AND f.year = " + b.arg(f.Year)
	lo, hi := pathRange(f.Scope)
	where := "o.path >= " + b.arg(lo) + " AND o.path < " + b.arg(hi)
	if f.Level != nil {
		where += " AND i.level = " + b.arg(*f.Level)
	}
	if len(f.SasaranIDs) > 0 {
		where += " AND " + b.in("i.sasaran_id", f.SasaranIDs)
	}
	q := "SELECT " + key + " AS grp, " + s.summaryColumns(f.ApprovedOnly) + " FROM " + from +
		" WHERE " + where + " GROUP BY " + key
	rows, err := scanRows(s.raw(ctx, b, q), fmt.Sprintf("achievement summary of %d", f.Year), len(f.Paths)+len(f.SasaranIDs),
		func(r *summaryGroup) []any {
			return []any{&r.Grp, &r.Indicators, &r.Stale, &r.N, &r.Total, &r.SangatTinggi, &r.Tinggi, &r.Sedang, &r.Rendah, &r.SangatRendah}
		})
	if err != nil {
		return nil, err
	}
	out := make(map[int64]domain.Summary, len(rows))
	var (
		stale []int64
		lines int
	)
	for _, r := range rows {
		if r.Stale > 0 {
			stale = append(stale, r.Grp)
			lines += r.Indicators
			continue
		}
		sum := domain.Summary{With: r.N, Without: r.Indicators - r.N, ByCategory: make(map[domain.Category]int, len(domain.Categories))}
		for i, n := range []int{r.SangatTinggi, r.Tinggi, r.Sedang, r.Rendah, r.SangatRendah} {
			sum.ByCategory[domain.Categories[i]] = n
		}
		if r.N > 0 && r.Total != nil {
			mean, err := s.meanOf(*r.Total, r.N)
			if err != nil {
				return nil, fmt.Errorf("achievement summary of %d: %w", f.Year, err)
			}
			cat := domain.CategoryOf(mean)
			sum.Mean, sum.Category = &mean, &cat
		}
		out[r.Grp] = sum
	}
	if lines > fromLinesMax {
		// Rolling up so many from the lines would hold a connection for
		// seconds per request while the worker catches up: refused, as
		// achievementStats does.
		return nil, conflict("the achievement of %d indicators is being recomputed after a change of settings; ask again in a minute", lines)
	}
	if len(stale) > 0 {
		if err := s.summariesFromLines(ctx, f, stale, out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// fromLinesMax is the most indicators a summary computes from the lines
// while the facts worker has some of them left (a variable for the tests).
var fromLinesMax = 20000

// summariesFromLines sets in out the summaries of the groups of f whose
// keys are groups, computed from the lines (the targets and realisations)
// rather than the facts: for the groups holding an indicator whose facts
// a write left for the facts worker to recompute.
func (s *Store) summariesFromLines(ctx context.Context, f SummaryFilter, groups []int64, out map[int64]domain.Summary) error {
	m := MeasuresFilter{Scope: f.Scope, Paths: []string{f.Scope}, Level: f.Level, Year: f.Year, ApprovedOnly: f.ApprovedOnly}
	if len(f.SasaranIDs) > 0 {
		m.SasaranIDs = groups
	} else {
		m.Paths = make([]string, len(groups))
		for i, g := range groups {
			m.Paths[i] = f.Paths[g]
		}
	}
	ms, err := s.MeasuresUnder(ctx, m)
	if err != nil {
		return err
	}
	caps := make(map[int64][]domain.Capaian, len(groups))
	for i := range ms {
		c := ms[i].Capaian()
		for _, g := range groups {
			if len(f.SasaranIDs) > 0 && ms[i].SasaranID != nil && *ms[i].SasaranID == g ||
				len(f.SasaranIDs) == 0 && strings.HasPrefix(ms[i].OwnerPath, f.Paths[g]) {
				caps[g] = append(caps[g], c)
			}
		}
	}
	for _, g := range groups {
		out[g] = domain.Summarise(caps[g])
	}
	return nil
}

// summaryColumns are the aggregates of a summary group after its key, as
// summaryGroup holds them; the same for every statement of a dialect and
// approvedOnly, so made once.
func (s *Store) summaryColumns(approvedOnly bool) string {
	i := 0
	if approvedOnly {
		i = 1
	}
	if s.dialect == Postgres {
		return summaryColumnsOf[0][i]
	}
	return summaryColumnsOf[1][i]
}

var summaryColumnsOf = func() (cols [2][2]string) {
	for d, dialect := range []Dialect{Postgres, SQLite} {
		for a, approved := range []bool{false, true} {
			capaian, category, sum := (&Store{dialect: dialect}).factColumns(approved)
			// An indicator is stale when a write left its facts for the
			// worker; the uncorrelated test runs once, so the index is
			// probed per indicator only while the worker has work.
			sel := []string{"COUNT(*) AS indicators",
				"COUNT(CASE WHEN (SELECT EXISTS (SELECT 1 FROM achievement_facts_stale)) AND" +
					" EXISTS (SELECT 1 FROM achievement_facts_stale st WHERE st.indicator_id = i.id) THEN 1 END) AS stale",
				"COUNT(" + capaian + ") AS n", sum("") + " AS total"}
			for _, c := range domain.Categories {
				sel = append(sel, fmt.Sprintf("COUNT(CASE WHEN %s = '%s' THEN 1 END) AS %s", category, c, strings.ToLower(string(c))))
			}
			cols[d][a] = strings.Join(sel, ", ")
		}
	}
	return cols
}()

// factColumns returns the columns of the achievement facts (as f) of every
// realisation, or of approved ones: the capaian and its category, and sum,
// which makes an aggregate (of the exact decimals of a column) that
// meanOf reads. On PostgreSQL it is the NUMERIC sum of the exact decimals:
// exact whatever the order of the rows. SQLite has no exact sum (its SUM of
// floats compensates its rounding errors, but rounds), so there the
// decimals are listed and added exactly in Go: the mean is domain.ExactSum's
// on both.
func (s *Store) factColumns(approved bool) (capaian, category string, sum func(col string) string) {
	capaian, category, exact := "f.capaian", "f.category", "f.capaian_exact"
	if approved {
		capaian, category, exact = "f.approved_capaian", "f.approved_category", "f.approved_capaian_exact"
	}
	sum = func(col string) string {
		if col == "" {
			col = exact
		}
		if s.dialect == Postgres {
			return "SUM(" + col + ")"
		}
		return "group_concat(" + col + ", ' ')"
	}
	return capaian, category, sum
}

// meanOf returns the mean of the n values whose aggregate (see
// factColumns) is total.
func (s *Store) meanOf(total string, n int) (float64, error) {
	if s.dialect == Postgres {
		return domain.MeanOfDecimal(total, n)
	}
	var sum domain.ExactSum
	for _, d := range strings.Fields(total) {
		v, err := strconv.ParseFloat(d, 64)
		if err != nil {
			return 0, fmt.Errorf("mean: %w", err)
		}
		sum.Add(v)
	}
	mean, _ := sum.Mean()
	return mean, nil
}
