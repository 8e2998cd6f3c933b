package storage

import (
	"context"
	"errors"
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

// auditPath is the path an audit entry is scoped by: its org unit's path
// as it is now, or as it was when the entry was written once the unit is
// deleted. Entries that name no unit (the import of a data set) belong to no
// scope.
const auditPath = "COALESCE(o.path, audit_log.unit_path)"

// auditFilter selects the entries f selects within the subtree of scope.
func (s *Store) auditFilter(ctx context.Context, f AuditFilter, scope string) (*gorm.DB, error) {
	q := s.db.WithContext(ctx).Table("audit_log").Joins("LEFT JOIN org_units o ON o.id = audit_log.org_unit_id").
		Where(auditPath + " IS NOT NULL")
	q = under(q, auditPath, scope)
	if f.OrgUnitID != 0 {
		u, err := s.OrgUnit(ctx, f.OrgUnitID)
		switch {
		case err == nil:
			q = under(q, auditPath, u.Path)
		case errors.Is(err, ErrNotFound):
			q = q.Where("audit_log.org_unit_id = ?", f.OrgUnitID)
		default:
			return nil, err
		}
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
