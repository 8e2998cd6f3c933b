package app

import "github.com/kinerja/kinerja/models"

// seeAuditEntries registers audit entries the request returns: their users,
// units and indicators are fetched for all of them at once. Call with the
// mutex held.
func (l *Session) seeAuditEntries(es []*models.AuditEntry) {
	for _, e := range es {
		for _, ref := range []struct {
			id   *int64
			want idSet
		}{{e.UserID, l.users.want}, {e.OrgUnitID, l.units.want}, {e.IndicatorID, l.indicators.want}} {
			if ref.id != nil {
				ref.want.add(*ref.id)
			}
		}
	}
}
