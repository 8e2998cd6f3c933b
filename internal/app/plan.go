package app

import (
	"context"

	"github.com/kinerja/kinerja/models"
)

// PlanOf returns the plan unit u works to in year: its own plan covering
// the year, else the nearest ancestor's (a Bagian works to its agency's
// plan); nil when there is none.
func (l *Session) PlanOf(ctx context.Context, u *models.OrgUnit, year int) (*models.Plan, error) {
	plans, err := l.st.Plans(ctx, u.Path)
	if err != nil {
		return nil, err
	}
	depth := map[int64]int{u.ID: len(u.AncestorIDs())}
	for i, id := range u.AncestorIDs() {
		depth[id] = i
	}
	var best *models.Plan
	for i := range plans {
		p := &plans[i]
		d, ok := depth[p.OrgUnitID]
		if !ok || !p.Covers(year) {
			continue
		}
		if best == nil || d > depth[best.OrgUnitID] {
			best = p
		}
	}
	if best != nil {
		l.Register(best)
	}
	return best, nil
}
