package storage

import (
	"context"
	"fmt"

	"github.com/kinerja/kinerja/models"
)

// statedPath is the org unit path a stated figure belongs to: its org
// unit's, the unit carrying out its activity or sub-activity, the owner of
// its indicator, or the agency whose plan holds its program.
const statedPath = "COALESCE(ou.path, aou.path, sou.path, iou.path, pou.path)"

// StatedFiguresUnder returns the figures documents stated about subjects in
// the subtree of path (within the caller's scope), of the years from to to
// and those stated without a year, in the order they were recorded; in one
// statement.
func (s *Store) StatedFiguresUnder(ctx context.Context, scope, path string, from, to int) ([]models.StatedFigure, error) {
	q := s.db.WithContext(ctx).Table("stated_figures sf").Select("sf.*").
		Joins("LEFT JOIN org_units ou ON sf.subject_type = 'ORG_UNIT' AND ou.id = sf.subject_id").
		Joins("LEFT JOIN activities a ON sf.subject_type = 'ACTIVITY' AND a.id = sf.subject_id").
		Joins("LEFT JOIN org_units aou ON aou.id = a.org_unit_id").
		Joins("LEFT JOIN sub_activities sa ON sf.subject_type = 'SUB_ACTIVITY' AND sa.id = sf.subject_id").
		Joins("LEFT JOIN org_units sou ON sou.id = sa.org_unit_id").
		Joins("LEFT JOIN indicators i ON sf.subject_type = 'INDICATOR' AND i.id = sf.subject_id").
		Joins("LEFT JOIN org_units iou ON iou.id = i.owner_id").
		Joins("LEFT JOIN programs p ON sf.subject_type = 'PROGRAM' AND p.id = sf.subject_id").
		Joins("LEFT JOIN plans pl ON pl.id = p.plan_id").
		Joins("LEFT JOIN org_units pou ON pou.id = pl.org_unit_id").
		Where("(sf.year IS NULL OR (sf.year >= ? AND sf.year <= ?))", from, to)
	q = under(under(q, statedPath, scope), statedPath, path)
	var out []models.StatedFigure
	if err := q.Order("sf.id").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("read stated figures: %w", err)
	}
	return out, nil
}

// TargetTrail returns the entries of the audit trail that record a change
// of a target (created, updated, deleted) or the approval of a realisation,
// of indicators owned in the subtree of path (within the caller's scope), in
// the order they were written; in one statement.
func (s *Store) TargetTrail(ctx context.Context, scope, path string) ([]models.AuditEntry, error) {
	q := s.db.WithContext(ctx).Table("audit_log").Select("audit_log.*").
		Joins("LEFT JOIN org_units o ON o.id = audit_log.org_unit_id").
		Where(auditPath+" IS NOT NULL AND audit_log.indicator_id IS NOT NULL").
		Where("((audit_log.object_type = ? AND audit_log.action IN ?) OR (audit_log.object_type = ? AND audit_log.action = ?))",
			ObjectTarget, []string{AuditCreate, AuditUpdate, AuditDelete}, ObjectRealisation, AuditApprove)
	q = under(under(q, auditPath, scope), auditPath, path)
	var out []models.AuditEntry
	if err := q.Order("audit_log.id").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("read the trail of targets: %w", err)
	}
	return out, nil
}
