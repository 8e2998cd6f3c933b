package storage

import (
	"context"
	"fmt"
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

// summaryGroup is one row of the summary statement: its part (0 for the
// capaian of the achievement view, 1 for the count of indicators), its
// group key, and the aggregates of the part.
type summaryGroup struct {
	Part, Grp    int64
	N            int
	Total        *float64
	SangatTinggi int
	Tinggi       int
	Sedang       int
	Rendah       int
	SangatRendah int
}

// AchievementSummaries returns the summary of every group f selects (by
// index into f.Paths, or by sasaran id), in one statement whatever the
// number of indicators and groups: the capaian are computed and grouped by
// the database in the achievement view (the SQL of domain.Compute, see
// docs/bi.md), the indicators without a row of the year counted beside
// them. Groups without indicators are absent.
func (s *Store) AchievementSummaries(ctx context.Context, f SummaryFilter) (map[int64]domain.Summary, error) {
	if len(f.Paths) == 0 && len(f.SasaranIDs) == 0 {
		return nil, nil
	}
	// A group table of (key, lo, hi) for subtrees; the sasaran id for sasaran.
	var (
		keys    string
		keyArgs []any
		bySas   = len(f.SasaranIDs) > 0
	)
	lo, hi := pathRange(f.Scope)
	// keyOf returns the group key column and the join to the group table
	// of the part reading table, whose owner path is path.
	keyOf := func(table, path string) (string, string) {
		if bySas {
			return table + ".sasaran_id", ""
		}
		return "g.k", " JOIN (" + keys + ") g ON " + path + " >= g.lo AND " + path + " < g.hi"
	}
	if !bySas {
		parts := make([]string, len(f.Paths))
		for i, p := range f.Paths {
			plo, phi := pathRange(p)
			parts[i] = "SELECT CAST(? AS BIGINT) AS k, CAST(? AS TEXT) AS lo, CAST(? AS TEXT) AS hi"
			keyArgs = append(keyArgs, i, plo, phi)
		}
		keys = strings.Join(parts, " UNION ALL ")
	}
	filter := func(table, path string, args []any) (string, []any) {
		where := []string{path + " >= ? AND " + path + " < ?"}
		args = append(args, lo, hi)
		if f.Level != nil {
			where = append(where, table+".level = ?")
			args = append(args, *f.Level)
		}
		if bySas {
			where = append(where, table+".sasaran_id IN ?")
			args = append(args, f.SasaranIDs)
		}
		return " WHERE " + strings.Join(where, " AND "), args
	}

	var args []any
	// Part 0: the capaian of the year, from the view.
	cats := make([]string, len(domain.Categories))
	for i, c := range domain.Categories {
		cats[i] = fmt.Sprintf("SUM(CASE WHEN a.category = '%s' THEN 1 ELSE 0 END) AS %s", c, strings.ToLower(string(c)))
	}
	k, join := keyOf("a", "a.owner_path")
	q0 := fmt.Sprintf("SELECT 0 AS part, %s AS grp, COUNT(a.capaian) AS n, SUM(a.capaian) AS total, %s FROM %s a",
		k, strings.Join(cats, ", "), s.BIName(BIAchievement, f.ApprovedOnly)) + join
	if join != "" {
		args = append(args, keyArgs...)
	}
	w0, args := filter("a", "a.owner_path", args)
	q0 += w0 + " AND a.year = ? AND a.capaian IS NOT NULL GROUP BY " + k
	args = append(args, f.Year)
	// Part 1: every indicator, with a capaian or not.
	k, join = keyOf("i", "o.path")
	q1 := fmt.Sprintf("SELECT 1, %s, COUNT(*), NULL, 0, 0, 0, 0, 0 FROM indicators i JOIN org_units o ON o.id = i.owner_id", k) + join
	if join != "" {
		args = append(args, keyArgs...)
	}
	w1, args := filter("i", "o.path", args)
	q1 += w1 + " GROUP BY " + k

	var rows []summaryGroup
	if err := s.db.WithContext(ctx).Raw(q0+" UNION ALL "+q1, args...).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("achievement summary of %d: %w", f.Year, err)
	}
	out := map[int64]domain.Summary{}
	for _, r := range rows {
		sum, ok := out[r.Grp]
		if !ok {
			sum = domain.Summary{ByCategory: make(map[domain.Category]int, len(domain.Categories))}
		}
		if r.Part == 1 {
			sum.Without += r.N
		} else {
			sum.With += r.N
			sum.Without -= r.N
			for i, n := range []int{r.SangatTinggi, r.Tinggi, r.Sedang, r.Rendah, r.SangatRendah} {
				sum.ByCategory[domain.Categories[i]] += n
			}
			if r.N > 0 && r.Total != nil {
				mean := *r.Total / float64(r.N)
				cat := domain.CategoryOf(mean)
				sum.Mean, sum.Category = &mean, &cat
			}
		}
		out[r.Grp] = sum
	}
	return out, nil
}
