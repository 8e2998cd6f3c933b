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
