package app

import (
	"context"

	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/models"
)

// realisationAllowed is what the caller may do now with one realisation.
type realisationAllowed struct {
	id int64
	domain.Allowed
}

// realisationPermissions reads what the caller may do with the realisations
// with ids, in a fixed number of statements (storage.RealisationPermissions).
func (l *Session) realisationPermissions(ctx context.Context, ids []int64) ([]realisationAllowed, error) {
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
func (l *Session) seeRealisations(rs []*models.Realisation) {
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
func (l *Session) Permissions(ctx context.Context, id int64) (domain.Allowed, error) {
	p, err := l.permissions.get(ctx, l, id)
	if err != nil || p == nil {
		return domain.Allowed{}, err
	}
	return p.Allowed, nil
}
