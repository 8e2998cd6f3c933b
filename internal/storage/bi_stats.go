package storage

import (
	"context"
	"fmt"
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

// statsColumns are the columns of a dimension in the achievement view and,
// where budget lines have the dimension, in the budget view, aliased to the
// names of StatsRow.
var statsColumns = map[StatsDimension]struct{ achievement, budget []string }{
	ByOrgUnit:  {[]string{"owner_id AS org_unit_id", "owner_code AS org_unit_code", "owner_name AS org_unit_name"}, []string{"org_unit_id", "org_unit_code", "org_unit_name"}},
	ByAsisten:  {[]string{"asisten_id", "asisten_code", "asisten_name"}, []string{"asisten_id", "asisten_code", "asisten_name"}},
	BySasaran:  {[]string{"sasaran_id", "sasaran_code", "sasaran_name"}, nil},
	ByProgram:  {[]string{"program_id", "program_code", "program_name"}, []string{"program_id", "program_code", "program_name"}},
	ByCategory: {[]string{"category"}, nil},
	ByYear:     {[]string{"year"}, []string{"year"}},
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
	WithCapaian, Without     int
	SangatTinggi, Tinggi     int
	Sedang, Rendah           int
	SangatRendah             int
	HasBudget                bool         `gorm:"-"`
	Pagu, Realisasi          domain.Total `gorm:"-"`
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
	var cols, bcols, keys, bkeys []string
	budget := true
	for _, d := range q.GroupBy {
		c, ok := statsColumns[d]
		if !ok {
			return nil, fmt.Errorf("achievement stats: no dimension %q", d)
		}
		cols = append(cols, c.achievement...)
		for _, col := range c.achievement {
			keys = append(keys, strings.Fields(col)[0])
		}
		if c.budget == nil {
			budget = false
		}
		bcols = append(bcols, c.budget...)
		bkeys = append(bkeys, c.budget...)
	}
	sel := append(append([]string(nil), cols...),
		"AVG(capaian) AS mean", "COUNT(capaian) AS with_capaian", "COUNT(*) - COUNT(capaian) AS without")
	for _, c := range domain.Categories {
		sel = append(sel, fmt.Sprintf("SUM(CASE WHEN category = '%s' THEN 1 ELSE 0 END) AS %s", c, strings.ToLower(string(c))))
	}
	a := s.db.WithContext(ctx).Table(s.BIName(BIAchievement, q.ApprovedOnly)).Select(strings.Join(sel, ", "))
	a = under(under(a, "owner_path", q.Scope), "owner_path", q.Path).Where("year >= ? AND year <= ?", q.FromYear, q.ToYear)
	if q.Level != nil {
		a = a.Where("level = ?", *q.Level)
	}
	if len(keys) > 0 {
		a = a.Group(strings.Join(keys, ", ")).Order(strings.Join(keys, ", "))
	}
	var rows []*StatsRow
	if err := a.Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("achievement stats: %w", err)
	}
	if !budget {
		return rows, nil
	}
	type budgetRow struct {
		StatsRow
		PaguSen, RealisasiSen string
	}
	name := s.BIName(BIBudget, false)
	b := s.db.WithContext(ctx).Table(name).
		Select(strings.Join(append(bcols, "SUM(pagu_sen) AS pagu_sen", "SUM(realisasi_sen) AS realisasi_sen"), ", "))
	b = under(under(b, "org_unit_path", q.Scope), "org_unit_path", q.Path).Where("year >= ? AND year <= ?", q.FromYear, q.ToYear)
	if q.ApprovedOnly {
		// A budget line counts for a reader of approved data once its
		// agency has approved its year, as everywhere else.
		b = approvedYearAt(b, name+".year", name+".org_unit_path")
	}
	if len(bkeys) > 0 {
		b = b.Group(strings.Join(bkeys, ", "))
	}
	var brows []budgetRow
	if err := b.Scan(&brows).Error; err != nil {
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
