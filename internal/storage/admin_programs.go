package storage

import (
	"context"
	"fmt"

	"gorm.io/gorm"

	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/models"
)

// CreateProgram adds a program to the plan with planID, after its last
// program, linked to the sasaran in.SasaranIds (all of the same plan).
func (s *Store) CreateProgram(ctx context.Context, actor Actor, planID int64, in ProgramFields) (*models.Program, error) {
	var out models.Program
	err := s.write(ctx, "create program", "program", func(tx *gorm.DB, trail *auditTrail) error {
		p, unit, err := planToManage(tx, actor, planID)
		if err != nil {
			return err
		}
		out = models.Program{PlanID: p.ID}
		if out.Code, out.Name, err = codeName(tx, "programs", "program", p.ID, 0, in.Code, in.Name); err != nil {
			return err
		}
		links, err := sasaranOfPlan(tx, p.ID, in.SasaranIds)
		if err != nil {
			return err
		}
		if out.Position, err = nextPosition(tx, "programs", "plan_id", p.ID); err != nil {
			return err
		}
		if err := tx.Create(&out).Error; err != nil {
			return err
		}
		if err := linkSasaran(tx, out.ID, links); err != nil {
			return err
		}
		trail.created(actor, ObjectProgram, out.ID, unit.ID, withLinks(out, links))
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// UpdateProgram replaces the code and name of the program with id and, when
// in.SasaranIds is not nil, its sasaran links.
func (s *Store) UpdateProgram(ctx context.Context, actor Actor, id int64, in ProgramFields) (*models.Program, error) {
	var out *models.Program
	err := s.write(ctx, "update program", "program", func(tx *gorm.DB, trail *auditTrail) error {
		var (
			unit *models.OrgUnit
			err  error
		)
		if out, _, unit, err = elementToManage(tx, actor, "program", id, func(p *models.Program) int64 { return p.PlanID }); err != nil {
			return err
		}
		var oldLinks []int64
		if err := tx.Model(&models.ProgramSasaran{}).Where("program_id = ?", out.ID).Order("sasaran_id").Pluck("sasaran_id", &oldLinks).Error; err != nil {
			return fmt.Errorf("read sasaran links: %w", err)
		}
		old, newLinks := withLinks(*out, oldLinks), oldLinks
		if out.Code, out.Name, err = codeName(tx, "programs", "program", out.PlanID, out.ID, in.Code, in.Name); err != nil {
			return err
		}
		if in.SasaranIds != nil {
			links, err := sasaranOfPlan(tx, out.PlanID, in.SasaranIds)
			if err != nil {
				return err
			}
			newLinks = links
			if err := tx.Where("program_id = ?", out.ID).Delete(&models.ProgramSasaran{}).Error; err != nil {
				return fmt.Errorf("unlink sasaran: %w", err)
			}
			if err := linkSasaran(tx, out.ID, links); err != nil {
				return err
			}
		}
		if err := tx.Save(out).Error; err != nil {
			return err
		}
		trail.updated(actor, ObjectProgram, out.ID, unit.ID, old, withLinks(*out, newLinks))
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// withLinks is the audit snapshot of a program with the sasaran it supports.
func withLinks(p models.Program, sasaranIDs []int64) map[string]any {
	m := snapshot(p)
	if sasaranIDs == nil {
		sasaranIDs = []int64{}
	}
	m["sasaranIds"] = sasaranIDs
	return m
}

// sasaranOfPlan returns ids without repeats, once each is known to be a
// sasaran of the plan with planID.
func sasaranOfPlan(tx *gorm.DB, planID int64, ids []int64) ([]int64, error) {
	seen := map[int64]bool{}
	var unique []int64
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			unique = append(unique, id)
		}
	}
	if len(unique) == 0 {
		return nil, nil
	}
	var rows []models.Sasaran
	if err := tx.Where("id IN ?", unique).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("read sasaran: %w", err)
	}
	found := map[int64]models.Sasaran{}
	for _, r := range rows {
		found[r.ID] = r
	}
	for _, id := range unique {
		r, ok := found[id]
		switch {
		case !ok:
			return nil, notFound("sasaran", id)
		case r.PlanID != planID:
			return nil, domain.Invalid("sasaranIds", fmt.Sprintf("sasaran %s (id %d) belongs to another plan: a program supports sasaran of its own plan", r.Code, id))
		}
	}
	return unique, nil
}

// linkSasaran links the program with programID to the given sasaran.
func linkSasaran(tx *gorm.DB, programID int64, sasaranIDs []int64) error {
	if len(sasaranIDs) == 0 {
		return nil
	}
	rows := make([]models.ProgramSasaran, len(sasaranIDs))
	for i, id := range sasaranIDs {
		rows[i] = models.ProgramSasaran{ProgramID: programID, SasaranID: id}
	}
	if err := tx.Create(&rows).Error; err != nil {
		return fmt.Errorf("link sasaran: %w", err)
	}
	return nil
}

// CreateActivity adds an activity to the program with programID, after its
// last activity, carried out by a unit of the plan's subtree.
func (s *Store) CreateActivity(ctx context.Context, actor Actor, programID int64, in ActivityFields) (*models.Activity, error) {
	var out models.Activity
	err := s.write(ctx, "create activity", "activity", func(tx *gorm.DB, trail *auditTrail) error {
		prog, _, agency, err := elementToManage(tx, actor, "program", programID, func(p *models.Program) int64 { return p.PlanID })
		if err != nil {
			return err
		}
		out = models.Activity{ProgramID: prog.ID, PlanID: prog.PlanID}
		if out.Code, out.Name, out.OrgUnitID, err = activityFields(tx, "activities", "activity", agency, out.PlanID, 0, in); err != nil {
			return err
		}
		if out.Position, err = nextPosition(tx, "activities", "program_id", prog.ID); err != nil {
			return err
		}
		if err := tx.Create(&out).Error; err != nil {
			return err
		}
		trail.created(actor, ObjectActivity, out.ID, out.OrgUnitID, out)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// UpdateActivity replaces the code, name and unit of the activity with id.
func (s *Store) UpdateActivity(ctx context.Context, actor Actor, id int64, in ActivityFields) (*models.Activity, error) {
	var out *models.Activity
	err := s.write(ctx, "update activity", "activity", func(tx *gorm.DB, trail *auditTrail) error {
		var (
			agency *models.OrgUnit
			err    error
		)
		if out, _, agency, err = elementToManage(tx, actor, "activity", id, func(a *models.Activity) int64 { return a.PlanID }); err != nil {
			return err
		}
		old := *out
		if out.Code, out.Name, out.OrgUnitID, err = activityFields(tx, "activities", "activity", agency, out.PlanID, out.ID, in); err != nil {
			return err
		}
		if err := tx.Save(out).Error; err != nil {
			return err
		}
		trail.updated(actor, ObjectActivity, out.ID, out.OrgUnitID, old, *out)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// CreateSubActivity adds a sub-activity to the activity with activityID,
// after its last one, carried out by a unit of the plan's subtree.
func (s *Store) CreateSubActivity(ctx context.Context, actor Actor, activityID int64, in ActivityFields) (*models.SubActivity, error) {
	var out models.SubActivity
	err := s.write(ctx, "create sub-activity", "sub-activity", func(tx *gorm.DB, trail *auditTrail) error {
		act, _, agency, err := elementToManage(tx, actor, "activity", activityID, func(a *models.Activity) int64 { return a.PlanID })
		if err != nil {
			return err
		}
		out = models.SubActivity{ActivityID: act.ID, PlanID: act.PlanID}
		if out.Code, out.Name, out.OrgUnitID, err = activityFields(tx, "sub_activities", "sub-activity", agency, out.PlanID, 0, in); err != nil {
			return err
		}
		if out.Position, err = nextPosition(tx, "sub_activities", "activity_id", act.ID); err != nil {
			return err
		}
		if err := tx.Create(&out).Error; err != nil {
			return err
		}
		trail.created(actor, ObjectSubActivity, out.ID, out.OrgUnitID, out)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// UpdateSubActivity replaces the code, name and unit of the sub-activity
// with id.
func (s *Store) UpdateSubActivity(ctx context.Context, actor Actor, id int64, in ActivityFields) (*models.SubActivity, error) {
	var out *models.SubActivity
	err := s.write(ctx, "update sub-activity", "sub-activity", func(tx *gorm.DB, trail *auditTrail) error {
		var (
			agency *models.OrgUnit
			err    error
		)
		if out, _, agency, err = elementToManage(tx, actor, "sub-activity", id, func(s *models.SubActivity) int64 { return s.PlanID }); err != nil {
			return err
		}
		old := *out
		if out.Code, out.Name, out.OrgUnitID, err = activityFields(tx, "sub_activities", "sub-activity", agency, out.PlanID, out.ID, in); err != nil {
			return err
		}
		if err := tx.Save(out).Error; err != nil {
			return err
		}
		trail.updated(actor, ObjectSubActivity, out.ID, out.OrgUnitID, old, *out)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// activityFields validates in for an activity or sub-activity (a row of
// table): a code unique in the plan, a name, and a unit that lies in the
// subtree of agency, the plan's org unit.
func activityFields(tx *gorm.DB, table, what string, agency *models.OrgUnit, planID, except int64, in ActivityFields) (code, name string, unitID int64, err error) {
	if code, name, err = codeName(tx, table, what, planID, except, in.Code, in.Name); err != nil {
		return "", "", 0, err
	}
	u, err := unitByID(tx, in.OrgUnitID, "org unit")
	if err != nil {
		return "", "", 0, err
	}
	if err := withinUnit("orgUnitId", u, agency); err != nil {
		return "", "", 0, err
	}
	return code, name, u.ID, nil
}
