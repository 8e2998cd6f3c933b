package resolvers

import (
	"context"

	"github.com/kinerja/kinerja/auth"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/models"
)

// auditFilter turns the API's filter into storage's, checking that the
// caller may read the audit trail, and the unit it names when that exists.
func (r *Resolver) auditFilter(ctx context.Context, who *auth.Identity, l *Loaders, in *models.AuditLogFilter) (storage.AuditFilter, error) {
	var f storage.AuditFilter
	if err := domain.AuditTrailReadable(domain.Role(who.Role)); err != nil {
		return f, err
	}
	if in == nil {
		return f, nil
	}
	if in.OrgUnitID != nil {
		// A unit since deleted still selects its entries.
		u, err := l.OrgUnit(ctx, *in.OrgUnitID)
		if err != nil {
			return f, err
		}
		if u != nil {
			if err := who.CanRead(u.Path); err != nil {
				return f, err
			}
		}
		f.OrgUnitID = *in.OrgUnitID
	}
	f.IndicatorID, f.UserID = orZero(in.IndicatorID), orZero(in.UserID)
	if in.Action != nil {
		f.Action = string(*in.Action)
	}
	f.From, f.To = in.From, in.To
	return f, nil
}

func orZero(id *int64) int64 {
	if id == nil {
		return 0
	}
	return *id
}
