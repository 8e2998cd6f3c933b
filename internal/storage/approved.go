package storage

import (
	"context"
	"fmt"

	"gorm.io/gorm"

	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/models"
)

// The reads of a reader of approved data only (a VIEWER, or one that asks):
// a realisation counts once it is APPROVED; a budget line once the agency
// above its sub-activity's unit has approved the YEAR of its year, which
// locks it.

// approvedYear narrows q, over budget lines (the table or alias lines)
// joined to the org units of their sub-activities (alias units), to the
// lines of an agency that has approved the YEAR of their year.
func approvedYear(q *gorm.DB, lines, units string) *gorm.DB {
	return approvedYearAt(q, lines+".year", units+".path")
}

// approvedYearAt is approvedYear for rows whose year and org unit path are
// the (qualified) columns year and path.
func approvedYearAt(q *gorm.DB, year, path string) *gorm.DB {
	return q.Where(approvedYearSQL(year, path))
}

// approvedYearSQL is the condition of approvedYearAt with its arguments.
func approvedYearSQL(year, path string) (string, any, any, any) {
	return `EXISTS (SELECT 1 FROM approvals ap JOIN org_units ag ON ag.id = ap.org_unit_id
		WHERE ap.year = ` + year + ` AND ap.period = ? AND ap.level = ? AND ap.state = ?
		AND substr(` + path + `, 1, length(ag.path)) = ag.path)`, domain.Year, domain.ApprovalAgency, domain.Approved
}

// ApprovedRealisationsByID is RealisationsByID for a reader of approved data
// only: the APPROVED ones among the realisations with the given ids.
func (s *Store) ApprovedRealisationsByID(ctx context.Context, ids []int64) ([]models.Realisation, error) {
	return findIn[models.Realisation](ctx, s.db.Where("status = ?", domain.Approved), "id", ids, "id")
}

// ApprovedBudgetLines is BudgetLines for a reader of approved data only.
func (s *Store) ApprovedBudgetLines(ctx context.Context, subActivityIDs []int64, years []int) ([]models.BudgetLine, error) {
	if len(subActivityIDs) == 0 {
		return []models.BudgetLine{}, nil
	}
	q := s.approvedLines(ctx).Where("budget_lines.sub_activity_id IN ?", subActivityIDs)
	if len(years) > 0 {
		q = q.Where("budget_lines.year IN ?", years)
	}
	return scanLines(q.Order("budget_lines.sub_activity_id, budget_lines.year"))
}

// ApprovedBudgetLinesByID is BudgetLinesByID for a reader of approved data
// only.
func (s *Store) ApprovedBudgetLinesByID(ctx context.Context, ids []int64) ([]models.BudgetLine, error) {
	if len(ids) == 0 {
		return []models.BudgetLine{}, nil
	}
	return scanLines(s.approvedLines(ctx).Where("budget_lines.id IN ?", ids).Order("budget_lines.id"))
}

// approvedLines selects the approved budget lines.
func (s *Store) approvedLines(ctx context.Context) *gorm.DB {
	q := s.db.WithContext(ctx).Table("budget_lines").Select("budget_lines.*").
		Joins("JOIN sub_activities sa ON sa.id = budget_lines.sub_activity_id").
		Joins("JOIN org_units o ON o.id = sa.org_unit_id")
	return approvedYear(q, "budget_lines", "o")
}

func scanLines(q *gorm.DB) ([]models.BudgetLine, error) {
	var out []models.BudgetLine
	if err := q.Find(&out).Error; err != nil {
		return nil, fmt.Errorf("read approved budget lines: %w", err)
	}
	return out, nil
}
