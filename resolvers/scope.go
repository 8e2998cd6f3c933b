package resolvers

import (
	"context"
	"fmt"

	"github.com/kinerja/kinerja/auth"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/models"
)

// MinYear and MaxYear bound the years the API accepts in arguments.
const (
	MinYear = 1900
	MaxYear = 2200
)

// checkYear refuses a year no plan can hold.
func checkYear(year int) error {
	if year < MinYear || year > MaxYear {
		return domain.Invalid("year", fmt.Sprintf("%d is not a plausible year (%d–%d)", year, MinYear, MaxYear))
	}
	return nil
}

// unitFor returns the org unit with id if the caller may read its data, the
// caller's own unit when id is nil.
func (r *Resolver) unitFor(ctx context.Context, id *int64) (*auth.Identity, *Loaders, *models.OrgUnit, error) {
	who, l, err := r.caller(ctx)
	if err != nil {
		return nil, nil, nil, err
	}
	uid := who.UnitID
	if id != nil {
		uid = *id
	}
	u, err := l.OrgUnit(ctx, uid)
	if err != nil {
		return nil, nil, nil, err
	}
	if u == nil {
		return nil, nil, nil, notFound("org unit", uid)
	}
	if err := who.CanRead(u.Path); err != nil {
		return nil, nil, nil, err
	}
	return who, l, u, nil
}

// seeUnits keeps the units the caller may see (its subtree and the units
// above it).
func seeUnits(who *auth.Identity, units []*models.OrgUnit) []*models.OrgUnit {
	out := make([]*models.OrgUnit, 0, len(units))
	for _, u := range units {
		if who.CanSee(u.Path) {
			out = append(out, u)
		}
	}
	return out
}

// planVisible reports whether the caller may see plan p: one of its own
// agency's (above it) or of a unit of its subtree.
func (r *Resolver) planVisible(ctx context.Context, who *auth.Identity, l *Loaders, planID int64) (*models.Plan, error) {
	p, err := l.Plan(ctx, planID)
	if err != nil {
		return nil, err
	}
	if p == nil {
		return nil, notFound("plan", planID)
	}
	u, err := l.OrgUnit(ctx, p.OrgUnitID)
	if err != nil {
		return nil, err
	}
	if u == nil || !who.CanSee(u.Path) {
		return nil, auth.Forbidden("this plan belongs to an agency outside your scope")
	}
	return p, nil
}
