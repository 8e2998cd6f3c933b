package app

import (
	"context"
	"fmt"
	"sort"

	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/models"
)

// StatsQuery is what AchievementStats counts: the indicators owned in the
// subtree of Unit (which the caller may read), in the years From..To, of
// Level ("" for every level), grouped by GroupBy.
type StatsQuery struct {
	Unit         *models.OrgUnit
	From, To     int
	Level        domain.Level
	GroupBy      []models.StatsDimension
	ApprovedOnly bool
}

// AchievementStats returns the achievement and budget of q's indicators
// grouped by q.GroupBy, and their total, from the BI views with the grouping
// done by the database: at most four statements whatever the number of
// indicators and groups. Approved values only when the caller reads those
// only or asked for them.
func (l *Session) AchievementStats(ctx context.Context, q StatsQuery) (*models.AchievementStats, error) {
	l.mu.Lock()
	st, scope, approved := l.st, l.scope, l.approvedOnly(q.ApprovedOnly)
	l.mu.Unlock()
	sq := storage.StatsQuery{Scope: scope, Path: q.Unit.Path, FromYear: q.From, ToYear: q.To, Level: levelPtr(q.Level), ApprovedOnly: approved}
	for _, d := range q.GroupBy {
		sq.GroupBy = append(sq.GroupBy, storage.StatsDimension(d))
	}
	rows, err := st.AchievementStats(ctx, sq)
	if err != nil {
		return nil, err
	}
	total := rows // without a grouping the one group is the total
	if len(sq.GroupBy) > 0 {
		sq.GroupBy = nil
		if total, err = st.AchievementStats(ctx, sq); err != nil {
			return nil, err
		}
	}
	out := &models.AchievementStats{FromYear: q.From, ToYear: q.To, GroupBy: q.GroupBy, ApprovedOnly: approved,
		Groups: make([]*models.StatsGroup, 0, len(rows)), Total: statsGroup(total[0])}
	for _, r := range rows {
		out.Groups = append(out.Groups, statsGroup(r))
	}
	sort.SliceStable(out.Groups, func(i, j int) bool { return lessGroup(q.GroupBy, out.Groups[i], out.Groups[j]) })
	return out, nil
}

// statsGroup converts a row of the store to the API's group.
func statsGroup(r *storage.StatsRow) *models.StatsGroup {
	g := &models.StatsGroup{
		OrgUnit:     statsKey(models.TypeOrgUnit, r.OrgUnitID, r.OrgUnitCode, r.OrgUnitName),
		Asisten:     statsKey(models.TypeOrgUnit, r.AsistenID, r.AsistenCode, r.AsistenName),
		Sasaran:     statsKey(models.TypeSasaran, r.SasaranID, r.SasaranCode, r.SasaranName),
		Program:     statsKey(models.TypeProgram, r.ProgramID, r.ProgramCode, r.ProgramName),
		Category:    r.Category,
		Year:        r.Year,
		MeanCapaian: r.Mean,
		WithCapaian: r.WithCapaian, WithoutCapaian: r.Without,
	}
	if r.Mean != nil {
		c := domain.CategoryOf(*r.Mean)
		g.MeanCategory = &c
	}
	counts := map[domain.Category]int{domain.SangatTinggi: r.SangatTinggi, domain.Tinggi: r.Tinggi, domain.Sedang: r.Sedang,
		domain.Rendah: r.Rendah, domain.SangatRendah: r.SangatRendah}
	for _, c := range domain.Categories {
		g.ByCategory = append(g.ByCategory, &models.CategoryCount{Category: c, Count: counts[c]})
	}
	if r.HasBudget {
		pagu, real := r.Pagu, r.Realisasi
		g.Pagu, g.Realisasi = &pagu, &real
		g.Absorption = domain.Totals{Pagu: pagu, Realisasi: real}.Absorption()
	}
	return g
}

func statsKey(typ string, id *int64, code, name *string) *models.StatsKey {
	if id == nil {
		return nil
	}
	k := &models.StatsKey{ID: models.GlobalID{Type: typ, ID: *id}}
	if code != nil {
		k.Code = *code
	}
	if name != nil {
		k.Name = *name
	}
	return k
}

// lessGroup orders groups by the keys of dims in turn: codes, categories
// best first, years; a missing key last.
func lessGroup(dims []models.StatsDimension, a, b *models.StatsGroup) bool {
	for _, d := range dims {
		var x, y string
		switch d {
		case models.StatsDimensionOrgUnit:
			x, y = keyCode(a.OrgUnit), keyCode(b.OrgUnit)
		case models.StatsDimensionAsisten:
			x, y = keyCode(a.Asisten), keyCode(b.Asisten)
		case models.StatsDimensionSasaran:
			x, y = keyCode(a.Sasaran), keyCode(b.Sasaran)
		case models.StatsDimensionProgram:
			x, y = keyCode(a.Program), keyCode(b.Program)
		case models.StatsDimensionCategory:
			x, y = categoryRank(a.Category), categoryRank(b.Category)
		case models.StatsDimensionYear:
			x, y = yearKey(a.Year), yearKey(b.Year)
		}
		if x != y {
			return x < y
		}
	}
	return false
}

func keyCode(k *models.StatsKey) string {
	if k == nil {
		return "\uffff"
	}
	return k.Code
}

func categoryRank(c *domain.Category) string {
	for i, k := range domain.Categories {
		if c != nil && *c == k {
			return string(rune('0' + i))
		}
	}
	return "9"
}

func yearKey(y *int) string {
	if y == nil {
		return "9999"
	}
	return fmt.Sprintf("%04d", *y)
}
