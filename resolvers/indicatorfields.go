package resolvers

import (
	"context"

	"github.com/kinerja/kinerja/auth"
	"github.com/kinerja/kinerja/internal/app"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/models"
)

// indicatorFields answers the owner, target, realisations and achievement
// of the indicators one request reads (models.IndicatorFields). It keeps the
// request's context because gqlgen calls the fields as methods without one:
// that is what lets them run in line instead of one goroutine per field per
// node. The values come from the request's loaders, which the page resolver
// primed (prefetchIndicators), with the caller's scope and role.
type indicatorFields struct {
	ctx context.Context // the request's, see above
	l   *Loaders
}

// withIndicatorFields returns ctx carrying l, whose indicators answer their
// fields through it.
func withIndicatorFields(ctx context.Context, l *Loaders) context.Context {
	ctx = context.WithValue(ctx, loadersKey{}, l)
	l.SetIndicatorFields(&indicatorFields{ctx: ctx, l: l})
	return ctx
}

func (f *indicatorFields) Owner(ind *models.Indicator) (*models.OrgUnit, error) {
	u, err := f.l.OrgUnit(f.ctx, ind.OwnerID)
	if err != nil {
		return nil, err
	}
	if u == nil {
		return nil, notFound("org unit", ind.OwnerID)
	}
	return u, nil
}

func (f *indicatorFields) Target(ind *models.Indicator, year int) (*models.Target, error) {
	if err := checkYear(year); err != nil {
		return nil, err
	}
	return yearTarget(f.ctx, f.l, ind.ID, year)
}

func (f *indicatorFields) Realisations(ind *models.Indicator, year int, approvedOnly *bool) ([]*models.Realisation, error) {
	if err := checkYear(year); err != nil {
		return nil, err
	}
	reals, err := f.l.Realisations(f.ctx, ind.ID, year, asked(approvedOnly))
	if reals == nil && err == nil {
		reals = []*models.Realisation{}
	}
	return reals, err
}

func (f *indicatorFields) Achievement(ind *models.Indicator, year int, quarter *int, approvedOnly *bool) (*models.Achievement, error) {
	if err := checkYear(year); err != nil {
		return nil, err
	}
	q := 0
	if quarter != nil {
		if err := domain.CheckQuarter(*quarter); err != nil {
			return nil, err
		}
		q = *quarter
	}
	return app.Achievement(f.ctx, f.l, ind, year, q, asked(approvedOnly))
}

// changeIndicator is change for a write that returns an indicator, whose
// fields then answer through the request's loaders like any other.
func changeIndicator(ctx context.Context, r *Resolver, write func(who *auth.Identity) (*models.Indicator, error)) (*models.Indicator, error) {
	ind, err := change(ctx, r, write)
	if ind != nil {
		if _, l, cerr := r.caller(ctx); cerr == nil {
			l.Register(ind)
		}
	}
	return ind, err
}
