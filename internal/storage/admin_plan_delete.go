package storage

import (
	"context"
	"fmt"
	"strings"

	"gorm.io/gorm"

	"github.com/kinerja/kinerja/models"
)

// planElement describes a kind of plan element for DeletePlanElement: its
// table, the words for it, the subject type of the figures documents state
// about it ("" when none), and what keeps one from being deleted.
type planElement struct {
	table, what string
	stated      string
	dependents  func(id int64) []dependent
}

// planElements are the kinds of plan element DeletePlanElement knows.
var planElements = map[models.PlanElementKind]planElement{
	models.PlanElementKindPlan: {"plans", "plan", "", func(id int64) []dependent {
		return []dependent{
			{"mission", "missions", "missions", "plan_id = ?", []any{id}},
			{"goal", "goals", "goals", "plan_id = ?", []any{id}},
			{"program", "programs", "programs", "plan_id = ?", []any{id}},
			{"indicator", "indicators", "indicators", "plan_id = ?", []any{id}},
		}
	}},
	models.PlanElementKindMission: {"missions", "mission", "", func(id int64) []dependent {
		return []dependent{{"goal", "goals", "goals", "mission_id = ?", []any{id}}}
	}},
	models.PlanElementKindGoal: {"goals", "goal", "", func(id int64) []dependent {
		return []dependent{
			{"sasaran", "sasaran", "sasaran", "goal_id = ?", []any{id}},
			{"indicator", "indicators", "indicators", "goal_id = ?", []any{id}},
		}
	}},
	models.PlanElementKindSasaran: {"sasaran", "sasaran", "", func(id int64) []dependent {
		return []dependent{{"indicator", "indicators", "indicators", "sasaran_id = ?", []any{id}}}
	}},
	models.PlanElementKindProgram: {"programs", "program", "PROGRAM", func(id int64) []dependent {
		return []dependent{
			{"activity", "activities", "activities", "program_id = ?", []any{id}},
			{"indicator", "indicators", "indicators", "program_id = ?", []any{id}},
		}
	}},
	models.PlanElementKindActivity: {"activities", "activity", "ACTIVITY", func(id int64) []dependent {
		return []dependent{
			{"sub-activity", "sub-activities", "sub_activities", "activity_id = ?", []any{id}},
			{"indicator", "indicators", "indicators", "activity_id = ?", []any{id}},
		}
	}},
	models.PlanElementKindSubActivity: {"sub_activities", "sub-activity", "SUB_ACTIVITY", func(id int64) []dependent {
		return []dependent{
			{"indicator", "indicators", "indicators", "sub_activity_id = ?", []any{id}},
			{"budget line", "budget lines", "budget_lines", "sub_activity_id = ?", []any{id}},
		}
	}},
}

// DeletePlanElement deletes the plan element of kind with id, when nothing
// depends on it: no elements below it, no indicators, no budget lines. The
// figures documents stated about it and its program–sasaran links go with it.
func (s *Store) DeletePlanElement(ctx context.Context, actor Actor, kind models.PlanElementKind, id int64) error {
	el, ok := planElements[kind]
	if !ok {
		return fmt.Errorf("delete plan element: unknown kind %q", kind)
	}
	return s.write(ctx, "delete "+el.what, el.what, func(tx *gorm.DB, trail *auditTrail) error {
		var row struct {
			PlanID int64
			Code   string
		}
		q := tx.Table(el.table).Where("id = ?", id)
		switch kind {
		case models.PlanElementKindPlan:
			q = q.Select("id AS plan_id, name AS code")
		case models.PlanElementKindMission:
			q = q.Select("plan_id, CAST(number AS TEXT) AS code")
		default:
			q = q.Select("plan_id, code")
		}
		if err := q.Take(&row).Error; err != nil {
			if isNotFound(err) {
				return notFound(el.what, id)
			}
			return fmt.Errorf("read %s %d: %w", el.what, id, err)
		}
		_, unit, err := planToManage(tx, actor, row.PlanID)
		if err != nil {
			return err
		}
		old, err := rowValues(tx, el.table, id)
		if err != nil {
			return err
		}
		blocking, err := blockers(tx, el.dependents(id))
		if err != nil {
			return err
		}
		if blocking != "" {
			return conflict("%s %q still has %s: delete them first", el.what, row.Code, blocking)
		}
		if el.stated != "" {
			if err := deleteStated(tx, el.stated, id); err != nil {
				return err
			}
		}
		switch kind {
		case models.PlanElementKindProgram:
			err = tx.Where("program_id = ?", id).Delete(&models.ProgramSasaran{}).Error
		case models.PlanElementKindSasaran:
			err = tx.Where("sasaran_id = ?", id).Delete(&models.ProgramSasaran{}).Error
		}
		if err != nil {
			return fmt.Errorf("unlink %s %d: %w", el.what, id, err)
		}
		if err := tx.Exec("DELETE FROM "+el.table+" WHERE id = ?", id).Error; err != nil {
			return err
		}
		trail.deleted(actor, string(kind), id, unit.ID, old)
		return nil
	})
}

// rowValues reads the row of table with id as its column values keyed by
// their API names, for the audit trail of a delete.
func rowValues(tx *gorm.DB, table string, id int64) (map[string]any, error) {
	row := map[string]any{}
	if err := tx.Table(table).Where("id = ?", id).Take(&row).Error; err != nil {
		return nil, fmt.Errorf("read %s %d: %w", table, id, err)
	}
	out := make(map[string]any, len(row))
	for k, v := range row {
		if k == "id" || k == "created_at" || k == "updated_at" {
			continue
		}
		parts := strings.Split(k, "_")
		for i := 1; i < len(parts); i++ {
			parts[i] = strings.ToUpper(parts[i][:1]) + parts[i][1:]
		}
		out[strings.Join(parts, "")] = v
	}
	return out, nil
}
