package storage

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/kinerja/kinerja/internal/domain"
)

// StatsDimension is what achievement stats group by.
type StatsDimension string

// The dimensions of achievement stats.
const (
	ByOrgUnit  StatsDimension = "ORG_UNIT"
	ByAsisten  StatsDimension = "ASISTEN"
	BySasaran  StatsDimension = "SASARAN"
	ByProgram  StatsDimension = "PROGRAM"
	ByCategory StatsDimension = "CATEGORY"
	ByYear     StatsDimension = "YEAR"
)

// statsDimension is how stats group by a dimension: by a raw key (in the
// facts f joined to their indicator i and its owner o; in the budget lines
// bl joined to their sub-activity sa, its activity a and its unit u), then
// by the columns that name the group, joined to the raw key k.
type statsDimension struct {
	key  string // the raw key over the facts
	bkey string // the raw key over the budget lines; "" where lines have none
	name func(k string) (cols []string, join string)
}

var statsColumns = map[StatsDimension]statsDimension{
	ByOrgUnit: {"o.id", "u.id", func(k string) ([]string, string) {
		return []string{k + " AS org_unit_id", "ou.code AS org_unit_code", "ou.name AS org_unit_name"},
			" LEFT JOIN org_units ou ON ou.id = " + k
	}},
	// %s: the BI view of org units, which names each unit's Asisten.
	ByAsisten: {"o.id", "u.id", func(k string) ([]string, string) {
		return []string{"bo.asisten_id", "bo.asisten_code", "bo.asisten_name"}, " LEFT JOIN %s bo ON bo.id = " + k
	}},
	BySasaran: {"i.sasaran_id", "", func(k string) ([]string, string) {
		return []string{k + " AS sasaran_id", "sas.code AS sasaran_code", "sas.name AS sasaran_name"},
			" LEFT JOIN sasaran sas ON sas.id = " + k
	}},
	ByProgram: {"COALESCE(i.program_id, ia.program_id, isaa.program_id)", "a.program_id", func(k string) ([]string, string) {
		return []string{k + " AS program_id", "pr.code AS program_code", "pr.name AS program_name"},
			" LEFT JOIN programs pr ON pr.id = " + k
	}},
	// %s: the category column of the basis.
	ByCategory: {"%s", "", func(k string) ([]string, string) { return []string{k + " AS category"}, "" }},
	ByYear:     {"f.year", "bl.year", func(k string) ([]string, string) { return []string{k + " AS year"}, "" }},
}

// twoStage builds the statement that groups the rows of from/where by the
// raw keys of dims (key picks the facts' or the budget lines'), computing
// inner, then joins the groups to what names them and groups them again
// by those names (several units share one Asisten), computing outer over
// the inner aggregates (of g). It also returns the names grouped by.
func (s *Store) twoStage(dims []StatsDimension, key func(statsDimension) string, from, where string, inner, outer []string) (string, []string) {
	var (
		raw, cols, names []string
		joins            string
		seen             = map[string]string{}
	)
	for _, d := range dims {
		c := statsColumns[d]
		k, ok := seen[key(c)]
		if !ok {
			k = fmt.Sprintf("g.k%d", len(raw))
			seen[key(c)] = k
			raw = append(raw, key(c)+" AS "+k[2:])
		}
		named, join := c.name(k)
		if d == ByAsisten {
			join = fmt.Sprintf(join, s.BIName(BIOrgUnits, false))
		}
		cols = append(cols, named...)
		if !strings.Contains(joins, join) {
			joins += join
		}
		for _, col := range named {
			f := strings.Fields(col)
			names = append(names, f[len(f)-1])
		}
	}
	sub := "SELECT " + strings.Join(append(raw, inner...), ", ") + " FROM " + from + " WHERE " + where
	if len(raw) > 0 {
		groups := make([]string, len(raw))
		for i := range raw {
			groups[i] = fmt.Sprintf("k%d", i)
		}
		sub += " GROUP BY " + strings.Join(groups, ", ")
	}
	stmt := "SELECT " + strings.Join(append(cols, outer...), ", ") + " FROM (" + sub + ") g" + joins
	if len(names) > 0 {
		stmt += " GROUP BY " + strings.Join(names, ", ") + " ORDER BY " + strings.Join(names, ", ")
	}
	return stmt, names
}

// StatsQuery selects and groups achievement stats: indicators owned (and
// budget lines of units) in the subtree of Path within the caller's Scope,
// in the years FromYear..ToYear, of Level when set, from APPROVED
// realisations only when ApprovedOnly.
type StatsQuery struct {
	Scope, Path      string
	FromYear, ToYear int
	Level            *domain.Level
	ApprovedOnly     bool
	GroupBy          []StatsDimension
}

// StatsRow is one group of achievement stats: its keys (nil where the
// dimension is not grouped by, or the group has no such unit, sasaran or
// program), the mean capaian and counts, and the budget of the group when
// HasBudget.
type StatsRow struct {
	OrgUnitID                *int64
	OrgUnitCode, OrgUnitName *string
	AsistenID                *int64
	AsistenCode, AsistenName *string
	SasaranID                *int64
	SasaranCode, SasaranName *string
	ProgramID                *int64
	ProgramCode, ProgramName *string
	Category                 *domain.Category
	Year                     *int
	Mean                     *float64
	// Sum is the sum of the capaian as the database returned it (exact
	// decimals on PostgreSQL, see factColumns).
	Sum                  *string
	WithCapaian, Without int
	SangatTinggi, Tinggi int
	Sedang, Rendah       int
	SangatRendah         int
	// Stale is the number of indicators of the subtree whose facts are
	// left for the facts worker.
	Stale           int
	HasBudget       bool         `gorm:"-"`
	Pagu, Realisasi domain.Total `gorm:"-"`
}

// key identifies the group of r among the rows of one query.
func (r *StatsRow) key() string {
	return fmt.Sprint(anyOf(r.OrgUnitID), anyOf(r.AsistenID), anyOf(r.SasaranID), anyOf(r.ProgramID), anyOf(r.Year))
}

// anyOf is *p, or nil when p is nil.
func anyOf[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}

// AchievementStats returns the groups of q, in order of their keys, in one
// statement over the achievement view and, when every dimension of q.GroupBy
// applies to budget lines (ORG_UNIT, ASISTEN, PROGRAM, YEAR), one over the
// budget view: the grouping is done by the database.
func (s *Store) AchievementStats(ctx context.Context, q StatsQuery) ([]*StatsRow, error) {
	capaian, category, sum := s.factColumns(q.ApprovedOnly)
	budget := true
	for _, d := range q.GroupBy {
		c, ok := statsColumns[d]
		if !ok {
			return nil, fmt.Errorf("achievement stats: no dimension %q", d)
		}
		if c.bkey == "" {
			budget = false
		}
	}
	inner := []string{"COUNT(*) AS rows_n", "COUNT(" + capaian + ") AS n", sum("") + " AS total"}
	outer := []string{"SUM(g.rows_n) - SUM(g.n) AS without", "SUM(g.n) AS with_capaian", sum("g.total") + " AS sum"}
	for _, c := range domain.Categories {
		name := strings.ToLower(string(c))
		inner = append(inner, fmt.Sprintf("COUNT(CASE WHEN %s = '%s' THEN 1 END) AS %s", category, c, name))
		outer = append(outer, fmt.Sprintf("SUM(g.%s) AS %s", name, name))
	}
	from := "achievement_facts f JOIN indicators i ON i.id = f.indicator_id JOIN org_units o ON o.id = i.owner_id"
	if slices.Contains(q.GroupBy, ByProgram) {
		from += " LEFT JOIN activities ia ON ia.id = i.activity_id LEFT JOIN sub_activities isa ON isa.id = i.sub_activity_id" +
			" LEFT JOIN activities isaa ON isaa.id = isa.activity_id"
	}
	where, args := statsWhere(q, "f.year", "o.path")
	if q.Level != nil {
		where += " AND i.level = ?"
		args = append(args, *q.Level)
	}
	// Whether a write left facts of the subtree for the facts worker: then
	// the figures would not be those of the lines, and are refused.
	slo, shi := pathRange(q.Path)
	if q.Path == "" {
		slo, shi = pathRange(q.Scope)
	}
	outer = append(outer, "(SELECT COUNT(*) FROM achievement_facts_stale st JOIN indicators si ON si.id = st.indicator_id"+
		" JOIN org_units so ON so.id = si.owner_id WHERE so.path >= ? AND so.path < ?) AS stale")
	args = append([]any{slo, shi}, args...)
	stmt, _ := s.twoStage(q.GroupBy, func(d statsDimension) string {
		if d.key == "%s" {
			return category
		}
		return d.key
	}, from, where, inner, outer)
	var rows []*StatsRow
	if err := s.db.WithContext(ctx).Raw(stmt, args...).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("achievement stats: %w", err)
	}
	if len(rows) > 0 && rows[0].Stale > 0 {
		return nil, conflict("the achievement of %d indicators of this subtree is being recomputed after a change of settings; ask again in a minute", rows[0].Stale)
	}
	for _, r := range rows {
		if r.WithCapaian > 0 && r.Sum != nil {
			mean, err := s.meanOf(*r.Sum, r.WithCapaian)
			if err != nil {
				return nil, fmt.Errorf("achievement stats: %w", err)
			}
			r.Mean = &mean
		}
	}
	if !budget {
		return rows, nil
	}
	type budgetRow struct {
		StatsRow
		PaguSen, RealisasiSen string
	}
	bwhere, bargs := statsWhere(q, "bl.year", "u.path")
	if q.ApprovedOnly {
		// A budget line counts for a reader of approved data once its
		// agency has approved its year, as everywhere else.
		cond, a1, a2, a3 := approvedYearSQL("bl.year", "u.path")
		bwhere += " AND " + cond
		bargs = append(bargs, a1, a2, a3)
	}
	bstmt, _ := s.twoStage(q.GroupBy, func(d statsDimension) string { return d.bkey },
		"budget_lines bl JOIN sub_activities sa ON sa.id = bl.sub_activity_id JOIN activities a ON a.id = sa.activity_id"+
			" JOIN org_units u ON u.id = sa.org_unit_id", bwhere,
		[]string{"SUM(bl.pagu) AS pagu", "SUM(bl.realisasi) AS realisasi"},
		[]string{"SUM(g.pagu) AS pagu_sen", "SUM(g.realisasi) AS realisasi_sen"})
	var brows []budgetRow
	if err := s.db.WithContext(ctx).Raw(bstmt, bargs...).Scan(&brows).Error; err != nil {
		return nil, fmt.Errorf("achievement stats: budget: %w", err)
	}
	byKey := make(map[string]*StatsRow, len(rows))
	for _, r := range rows {
		r.HasBudget = true
		byKey[r.key()] = r
	}
	for i := range brows {
		br := &brows[i]
		pagu, err1 := parseSen(br.PaguSen)
		real, err2 := parseSen(br.RealisasiSen)
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("achievement stats: budget sums %q %q", br.PaguSen, br.RealisasiSen)
		}
		r := byKey[br.key()]
		if r == nil {
			// A group with budget lines but no indicator.
			r = &br.StatsRow
			r.HasBudget = true
			rows = append(rows, r)
			byKey[r.key()] = r
		}
		r.Pagu, r.Realisasi = pagu, real
	}
	return rows, nil
}

// statsWhere returns the condition that a row of year column year and path
// column path is within q's years and subtrees, with its arguments.
func statsWhere(q StatsQuery, year, path string) (string, []any) {
	where := year + " >= ? AND " + year + " <= ?"
	args := []any{q.FromYear, q.ToYear}
	for _, p := range []string{q.Scope, q.Path} {
		if p != "" {
			lo, hi := pathRange(p)
			where += " AND " + path + " >= ? AND " + path + " < ?"
			args = append(args, lo, hi)
		}
	}
	return where, args
}

// parseSen parses a sum of sen as the database returns it ("" for none).
func parseSen(s string) (domain.Total, error) {
	if s == "" {
		return domain.Total{}, nil
	}
	s = strings.TrimSuffix(s, ".0")
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return domain.Total{}, err
	}
	return domain.TotalOf(domain.Money(n)), nil
}
