package app

import (
	"context"
	"strings"

	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/models"
)

// aggregateKey names one kind of achievement aggregate: over org unit
// subtrees (bySasaran false) or over sasaran, of a year, of a level ("" for
// every level), of every value or of approved values only.
type aggregateKey struct {
	year      int
	level     domain.Level
	bySasaran bool
	approved  bool
}

// aggregate holds the summaries of one aggregateKey by unit or sasaran id.
type aggregate struct {
	results  map[int64]*models.AchievementSummary
	inflight *flight
}

func (l *Session) aggregateFor(key aggregateKey) *aggregate {
	agg, ok := l.aggregates[key]
	if !ok {
		agg = &aggregate{results: map[int64]*models.AchievementSummary{}}
		l.aggregates[key] = agg
	}
	return agg
}

// above reports whether the unit with id, seen by the request, lies at a
// lesser depth than u: an aggregate computed for u is computed at once for
// the units seen as deep as u or deeper (its siblings in a list, the owners
// below it), never for a unit above, such as the caller's own at the root of
// a country, whose aggregate reads every line there and waits until it is
// asked for. Call with the mutex held.
func (l *Session) above(id int64, u *models.OrgUnit) bool {
	seen := l.units.rows[id]
	return id != u.ID && seen != nil && seen.Depth < u.Depth
}

// readableUnits returns the units the request has seen, that the caller
// may read and that done does not hold yet. Call with the mutex held.
func (l *Session) readableUnits(done func(int64) bool) []*models.OrgUnit {
	var out []*models.OrgUnit
	for _, id := range l.seenUnits.sorted(done) {
		if unit := l.units.rows[id]; unit != nil && strings.HasPrefix(unit.Path, l.scope) {
			out = append(out, unit)
		}
	}
	return out
}

// UnitAchievement returns the achievement over the subtree of unit u (which
// the caller may read) in year, over indicators of level lv ("" for all),
// of approved values only when the caller reads those only or asked for
// them (approvedOnly). It computes it for every readable unit the request
// has seen at once.
func (l *Session) UnitAchievement(ctx context.Context, u *models.OrgUnit, year int, lv domain.Level, approvedOnly bool) (*models.AchievementSummary, error) {
	return l.unitAchievement(ctx, u, year, lv, approvedOnly, true)
}

// UnitAchievementAlone is UnitAchievement for u alone, not for the other
// units the request has seen: for a field asked once (the root's
// achievementSummary), where the units seen are those of its other fields
// (a dashboard's owners), whose achievements nothing asks for. Computing
// them with u cost PostgreSQL three times the planning and execution.
func (l *Session) UnitAchievementAlone(ctx context.Context, u *models.OrgUnit, year int, lv domain.Level, approvedOnly bool) (*models.AchievementSummary, error) {
	return l.unitAchievement(ctx, u, year, lv, approvedOnly, false)
}

func (l *Session) unitAchievement(ctx context.Context, u *models.OrgUnit, year int, lv domain.Level, approvedOnly, batch bool) (*models.AchievementSummary, error) {
	l.mu.Lock()
	approved := l.approvedOnly(approvedOnly)
	agg := l.aggregateFor(aggregateKey{year: year, level: lv, approved: approved})
	l.mu.Unlock()
	return load(ctx, l, agg.results, &agg.inflight, u.ID,
		func() []*models.OrgUnit {
			l.units.put([]*models.OrgUnit{u})
			if !batch {
				return []*models.OrgUnit{u}
			}
			return l.readableUnits(func(id int64) bool { _, ok := agg.results[id]; return ok || l.above(id, u) })
		},
		func(ctx context.Context, batch []*models.OrgUnit) (map[int64]*models.AchievementSummary, error) {
			got, err := l.st.AchievementSummaries(ctx, storage.SummaryFilter{Scope: l.scope, Paths: pathsOf(batch), Level: levelPtr(lv), Year: year, ApprovedOnly: approved})
			if err != nil {
				return nil, err
			}
			out := make(map[int64]*models.AchievementSummary, len(batch))
			for i, u := range batch {
				out[u.ID] = summary(got[int64(i)], year, levelPtr(lv), approved)
			}
			return out, nil
		},
		fileInto[[]*models.OrgUnit](agg.results))
}

// SasaranAchievement returns the achievement of the indicators of sasaran s
// that the caller may read, in year (of approved values only as for
// UnitAchievement); computed for every sasaran the request has seen at once.
func (l *Session) SasaranAchievement(ctx context.Context, s *models.Sasaran, year int, approvedOnly bool) (*models.AchievementSummary, error) {
	l.mu.Lock()
	approved := l.approvedOnly(approvedOnly)
	agg := l.aggregateFor(aggregateKey{year: year, level: domain.LevelSasaran, bySasaran: true, approved: approved})
	l.mu.Unlock()
	return load(ctx, l, agg.results, &agg.inflight, s.ID,
		func() []int64 {
			l.seenSasaran.add(s.ID)
			return l.seenSasaran.sorted(func(id int64) bool { _, ok := agg.results[id]; return ok })
		},
		func(ctx context.Context, ids []int64) (map[int64]*models.AchievementSummary, error) {
			got, err := l.st.AchievementSummaries(ctx, storage.SummaryFilter{Scope: l.scope, SasaranIDs: ids, Year: year, ApprovedOnly: approved})
			if err != nil {
				return nil, err
			}
			lv := domain.LevelSasaran
			out := make(map[int64]*models.AchievementSummary, len(ids))
			for _, id := range ids {
				out[id] = summary(got[id], year, &lv, approved)
			}
			return out, nil
		},
		fileInto[[]int64](agg.results))
}

// budgets holds the budget trees of one year by unit id.
type budgets struct {
	results  map[int64]*models.Budget
	inflight *flight
}

// UnitBudget returns the budget of year over the subtree of unit u (which
// the caller may read), of approved lines only when the caller reads those
// only or asked for them (approvedOnly); computed for every readable unit
// the request has seen at once.
func (l *Session) UnitBudget(ctx context.Context, u *models.OrgUnit, year int, approvedOnly bool) (*models.Budget, error) {
	l.mu.Lock()
	key := readKey{year, l.approvedOnly(approvedOnly)}
	b, ok := l.budgets[key]
	if !ok {
		b = &budgets{results: map[int64]*models.Budget{}}
		l.budgets[key] = b
	}
	l.mu.Unlock()
	return load(ctx, l, b.results, &b.inflight, u.ID,
		func() []*models.OrgUnit {
			l.units.put([]*models.OrgUnit{u})
			return l.readableUnits(func(id int64) bool { _, ok := b.results[id]; return ok || l.above(id, u) })
		},
		func(ctx context.Context, batch []*models.OrgUnit) (map[int64]*models.Budget, error) {
			rows, err := l.st.BudgetRowsOf(ctx, storage.BudgetRowsFilter{Scope: l.scope, Paths: pathsOf(batch), Year: year, ApprovedOnly: key.approved})
			if err != nil {
				return nil, err
			}
			return Budgets(batch, year, rows, key.approved), nil
		},
		fileInto[[]*models.OrgUnit](b.results))
}

// fileInto returns a load store function that files the results of a batch
// by id into into.
func fileInto[B, V any](into map[int64]V) func(B, map[int64]V) {
	return func(_ B, results map[int64]V) {
		for id, v := range results {
			into[id] = v
		}
	}
}

func pathsOf(units []*models.OrgUnit) []string {
	paths := make([]string, len(units))
	for i, u := range units {
		paths[i] = u.Path
	}
	return paths
}

func levelPtr(lv domain.Level) *domain.Level {
	if lv == "" {
		return nil
	}
	return &lv
}
