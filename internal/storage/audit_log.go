package storage

import (
	"context"
	"time"

	"gorm.io/gorm"

	"github.com/kinerja/kinerja/models"
)

// AuditFilter selects entries of the audit trail; zero fields select all.
// OrgUnitID selects the entries of that unit's subtree; From and To bound
// the time, From included, To not.
type AuditFilter struct {
	IndicatorID int64
	OrgUnitID   int64
	UserID      int64
	Action      string
	From, To    *time.Time
}

// auditFilter selects the entries f selects within the subtree of scope:
// an entry belongs to the org unit it names, and entries that name none (the
// import of a data set) belong to no scope.
func (s *Store) auditFilter(ctx context.Context, f AuditFilter, scope string) (*gorm.DB, error) {
	q := s.db.WithContext(ctx).Table("audit_log").Joins("JOIN org_units o ON o.id = audit_log.org_unit_id")
	q = under(q, "o.path", scope)
	if f.OrgUnitID != 0 {
		u, err := s.OrgUnit(ctx, f.OrgUnitID)
		if err != nil {
			return nil, err
		}
		q = under(q, "o.path", u.Path)
	}
	if f.IndicatorID != 0 {
		q = q.Where("audit_log.indicator_id = ?", f.IndicatorID)
	}
	if f.UserID != 0 {
		q = q.Where("audit_log.user_id = ?", f.UserID)
	}
	if f.Action != "" {
		q = q.Where("audit_log.action = ?", f.Action)
	}
	if f.From != nil {
		q = q.Where("audit_log.at >= ?", f.From.UTC())
	}
	if f.To != nil {
		q = q.Where("audit_log.at < ?", f.To.UTC())
	}
	return q, nil
}

// AuditLog returns the page w of the audit entries f selects within the
// subtree of scope, in the order they were written (by id).
func (s *Store) AuditLog(ctx context.Context, f AuditFilter, scope string, w Window) (Page[models.AuditEntry], error) {
	q, err := s.auditFilter(ctx, f, scope)
	if err != nil {
		return Page[models.AuditEntry]{}, err
	}
	return readPage[models.AuditEntry](q, "audit entries", "audit_log.*", []string{"audit_log.id"}, w)
}

// CountAuditLog returns how many audit entries f selects within scope.
func (s *Store) CountAuditLog(ctx context.Context, f AuditFilter, scope string) (int64, error) {
	q, err := s.auditFilter(ctx, f, scope)
	if err != nil {
		return 0, err
	}
	return count(q, "audit entries")
}

// AuditEntryKey is the key of an audit entry in the order of AuditLog, for
// a Window.
func AuditEntryKey(e *models.AuditEntry) []any { return []any{e.ID} }
