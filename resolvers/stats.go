package resolvers

import (
	"fmt"

	"github.com/kinerja/kinerja/internal/app"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/models"
)

// MaxStatsYears is the longest range of years achievementStats counts.
const MaxStatsYears = 50

// statsArgs are the arguments of achievementStats, checked.
type statsArgs struct {
	app.StatsQuery
	unitID *int64
}

// statsQuery checks the arguments of achievementStats: plausible years in
// order, at most MaxStatsYears of them, no dimension twice.
func statsQuery(year int, groupBy []models.StatsDimension, f *models.StatsFilter) (statsArgs, error) {
	q := statsArgs{StatsQuery: app.StatsQuery{From: year, To: year, Level: domain.LevelSasaran, GroupBy: groupBy}}
	if f != nil {
		q.unitID = f.OrgUnitID
		if f.FromYear != nil {
			q.From = *f.FromYear
		}
		if f.ToYear != nil {
			q.To = *f.ToYear
		}
		q.Level = ""
		if f.Level != nil {
			q.Level = *f.Level
		}
		q.ApprovedOnly = asked(f.ApprovedOnly)
	}
	for _, y := range []int{year, q.From, q.To} {
		if err := checkYear(y); err != nil {
			return q, err
		}
	}
	if q.From > q.To {
		return q, domain.Invalid("filter.fromYear", fmt.Sprintf("fromYear %d is after toYear %d", q.From, q.To))
	}
	if q.To-q.From >= MaxStatsYears {
		return q, domain.Invalid("filter.toYear", fmt.Sprintf("at most %d years at once", MaxStatsYears))
	}
	seen := map[models.StatsDimension]bool{}
	for _, d := range groupBy {
		if seen[d] {
			return q, domain.Invalid("groupBy", fmt.Sprintf("%s is given twice", d))
		}
		seen[d] = true
	}
	return q, nil
}
