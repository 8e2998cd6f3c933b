package resolvers

import (
	"context"

	"github.com/kinerja/kinerja/auth"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/models"
)

// The approval workflow's glue: the rules are internal/domain's, enforced
// and answered by internal/storage; here they are fetched, called and
// converted.

// realisationAllowed is what the caller may do now with one realisation.
type realisationAllowed struct {
	id int64
	domain.Allowed
}

// realisationPermissions reads what the caller may do with the realisations
// with ids, in a fixed number of statements (storage.RealisationPermissions).
func (l *Loaders) realisationPermissions(ctx context.Context, ids []int64) ([]realisationAllowed, error) {
	m, err := l.st.RealisationPermissions(ctx, l.who, ids)
	if err != nil {
		return nil, err
	}
	out := make([]realisationAllowed, 0, len(m))
	for _, id := range ids {
		if a, ok := m[id]; ok {
			out = append(out, realisationAllowed{id, a})
		}
	}
	return out, nil
}

// seeRealisations registers realisations the request returns: what the
// caller may do with them, their indicators and the users who submitted and
// approved them are then fetched for all of them at once. Call with the
// mutex held.
func (l *Loaders) seeRealisations(rs []*models.Realisation) {
	for _, r := range rs {
		l.permissions.want.add(r.ID)
		l.indicators.want.add(r.IndicatorID)
		for _, u := range []*int64{r.SubmittedBy, r.ApprovedBy} {
			if u != nil {
				l.users.want.add(*u)
			}
		}
	}
}

// Permissions returns what the caller may do now with the realisation with
// id: nothing when it is gone.
func (l *Loaders) Permissions(ctx context.Context, id int64) (domain.Allowed, error) {
	p, err := l.permissions.get(ctx, l, id)
	if err != nil || p == nil {
		return domain.Allowed{}, err
	}
	return p.Allowed, nil
}

// may resolves one of a realisation's may* flags.
func (r *Resolver) may(ctx context.Context, obj *models.Realisation, flag func(domain.Allowed) bool) (bool, error) {
	_, l, err := r.caller(ctx)
	if err != nil {
		return false, err
	}
	a, err := l.Permissions(ctx, obj.ID)
	return flag(a), err
}

// userOrNil resolves a reference to a user that may be gone: nil then.
func (r *Resolver) userOrNil(ctx context.Context, id *int64) (*models.User, error) {
	if id == nil {
		return nil, nil
	}
	_, l, err := r.caller(ctx)
	if err != nil {
		return nil, err
	}
	return l.User(ctx, *id)
}

// unitApproval converts where a unit stands for the API.
func unitApproval(a *storage.UnitApproval) *models.UnitApproval {
	out := &models.UnitApproval{
		Unit: &a.Unit, Level: a.Level, Year: a.Year, Period: a.Period, State: a.State,
		Counts: a.Counts, OwnCounts: a.Own,
		MayEdit: a.Allowed.Edit, MaySubmit: a.Allowed.Submit, MayApprove: a.Allowed.Approve,
		MayReject: a.Allowed.Reject, MayUnapprove: a.Allowed.Unapprove,
	}
	if rec := a.Record; rec != nil {
		out.SubmittedAt, out.SubmittedByID = rec.SubmittedAt, rec.SubmittedBy
		out.ApprovedAt, out.ApprovedByID, out.Reason = rec.ApprovedAt, rec.ApprovedBy, rec.Reason
	}
	return out
}

// periodChange runs a period action as the caller and converts its answer.
func periodChange(ctx context.Context, r *Resolver, act func(who *auth.Identity) (*storage.UnitApproval, error)) (*models.UnitApproval, error) {
	a, err := change(ctx, r, act)
	if err != nil {
		return nil, err
	}
	return unitApproval(a), nil
}

// expect returns the write options of an expectedVersion argument.
func expect(v *int) []storage.WriteOption {
	if v == nil {
		return nil
	}
	return []storage.WriteOption{storage.ExpectVersion(*v)}
}

// asked reports whether an optional Boolean argument is true.
func asked(b *bool) bool { return b != nil && *b }
