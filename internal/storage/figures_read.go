package storage

import (
	"context"
	"fmt"

	"github.com/kinerja/kinerja/models"
)

// The reads of a unit's figures as a whole (the data sheets of a workbook,
// an import resolving codes): every row of the subtree of path within
// scope, each in one statement.

// IndicatorsUnder returns the indicators owned in the subtree of path within
// scope, with their owners' paths, in plan order.
func (s *Store) IndicatorsUnder(ctx context.Context, scope, path string) ([]models.Indicator, error) {
	var out []models.Indicator
	q := under(s.indicators(ctx, scope), "o.path", path)
	if err := q.Order("indicators.plan_id, indicators.position, indicators.id").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("read indicators under %s: %w", path, err)
	}
	return out, nil
}

// SubActivitiesUnder returns the sub-activities carried out in the subtree
// of path within scope, with their units' paths, in the order of the budget
// hierarchy.
func (s *Store) SubActivitiesUnder(ctx context.Context, scope, path string) ([]models.SubActivity, error) {
	var out []models.SubActivity
	q := s.db.WithContext(ctx).Table("sub_activities").Select("sub_activities.*, o.path AS unit_path").
		Joins("JOIN org_units o ON o.id = sub_activities.org_unit_id").
		Joins("JOIN activities a ON a.id = sub_activities.activity_id").
		Joins("JOIN programs p ON p.id = a.program_id")
	q = under(under(q, "o.path", scope), "o.path", path)
	if err := q.Order("p.position, p.id, a.position, a.id, sub_activities.position, sub_activities.id").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("read sub-activities under %s: %w", path, err)
	}
	return out, nil
}

// StatedRow is a stated figure with the code of its subject and the path of
// the unit the subject belongs to (an org unit itself, an indicator's owner,
// the unit of a program's plan, an activity's or sub-activity's unit).
type StatedRow struct {
	models.StatedFigure
	SubjectCode string
	SubjectPath string
}

// statedSubjects selects the stated figures with their subjects' codes and
// paths.
const statedSubjects = `SELECT * FROM (SELECT sf.*,
	COALESCE(ou.code, i.code, p.code, a.code, sa.code) AS subject_code,
	COALESCE(ou.path, io.path, po.path, ao.path, sao.path) AS subject_path
	FROM stated_figures sf
	LEFT JOIN org_units ou ON sf.subject_type = 'ORG_UNIT' AND ou.id = sf.subject_id
	LEFT JOIN indicators i ON sf.subject_type = 'INDICATOR' AND i.id = sf.subject_id
	LEFT JOIN org_units io ON io.id = i.owner_id
	LEFT JOIN programs p ON sf.subject_type = 'PROGRAM' AND p.id = sf.subject_id
	LEFT JOIN plans pl ON pl.id = p.plan_id
	LEFT JOIN org_units po ON po.id = pl.org_unit_id
	LEFT JOIN activities a ON sf.subject_type = 'ACTIVITY' AND a.id = sf.subject_id
	LEFT JOIN org_units ao ON ao.id = a.org_unit_id
	LEFT JOIN sub_activities sa ON sf.subject_type = 'SUB_ACTIVITY' AND sa.id = sf.subject_id
	LEFT JOIN org_units sao ON sao.id = sa.org_unit_id) s`

// StatedUnder returns the stated figures whose subjects belong to the
// subtree of path within scope, of the years up to lastYear and those of no
// year, ordered as they were stored.
func (s *Store) StatedUnder(ctx context.Context, scope, path string, lastYear int) ([]StatedRow, error) {
	var out []StatedRow
	slo, shi := pathRange(scope)
	lo, hi := pathRange(path)
	err := s.db.WithContext(ctx).Raw(statedSubjects+` WHERE s.subject_path >= ? AND s.subject_path < ?
		AND s.subject_path >= ? AND s.subject_path < ? AND (s.year IS NULL OR s.year <= ?) ORDER BY s.id`,
		slo, shi, lo, hi, lastYear).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("read stated figures under %s: %w", path, err)
	}
	return out, nil
}

// OrgUnitsUnder returns the org units of the subtree of path within scope,
// in the order of their paths.
func (s *Store) OrgUnitsUnder(ctx context.Context, scope, path string) ([]models.OrgUnit, error) {
	var out []models.OrgUnit
	q := under(under(s.db.WithContext(ctx).Table("org_units"), "path", scope), "path", path)
	if err := q.Order("path").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("read org units under %s: %w", path, err)
	}
	return out, nil
}
