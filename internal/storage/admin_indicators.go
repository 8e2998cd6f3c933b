package storage

import (
	"context"
	"fmt"

	"gorm.io/gorm"

	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/models"
)

// CreateIndicator creates an indicator of the plan element in.ElementID of
// level in.Level, in that element's plan, after the element's last
// indicator. Its owner must lie in the subtree of the plan's org unit; actor
// must manage both.
func (s *Store) CreateIndicator(ctx context.Context, actor Actor, in NewIndicator) (*models.Indicator, error) {
	var out models.Indicator
	err := s.write(ctx, "create indicator", "indicator", func(tx *gorm.DB, trail *auditTrail) error {
		col, planID, err := elementOf(tx, in.Level, in.ElementID)
		if err != nil {
			return err
		}
		_, agency, err := planToManage(tx, actor, planID)
		if err != nil {
			return err
		}
		owner, err := ownerFor(tx, actor, in.OwnerID, agency)
		if err != nil {
			return err
		}
		out = models.Indicator{PlanID: planID, Level: in.Level, OwnerID: owner.ID, OwnerPath: owner.Path}
		out.SetElement(in.Level, in.ElementID)
		formula := ""
		if in.Formula != nil {
			formula = *in.Formula
		}
		err = setIndicator(tx, &out, IndicatorChange{
			Code: &in.Code, Name: &in.Name, Unit: &in.Unit, Polarity: &in.Polarity, Accumulation: &in.Accumulation,
			Formula: &formula, RenstraTarget: in.RenstraTarget, Baseline: in.Baseline,
		})
		if err != nil {
			return err
		}
		if out.Position, err = nextPosition(tx, "indicators", col, in.ElementID); err != nil {
			return err
		}
		if err := tx.Create(&out).Error; err != nil {
			return err
		}
		trail.add(actor.ActorID(), change{action: AuditCreate, object: ObjectIndicator, id: out.ID, unit: out.OwnerID, indicator: out.ID, new: out})
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// UpdateIndicator changes the indicator with id; nil fields of in keep their
// value. actor must manage its owner, the new owner when it changes, and the
// plan's org unit.
func (s *Store) UpdateIndicator(ctx context.Context, actor Actor, id int64, in IndicatorChange) (*models.Indicator, error) {
	var ind *models.Indicator
	err := s.write(ctx, "update indicator", "indicator", func(tx *gorm.DB, trail *auditTrail) error {
		var (
			agency *models.OrgUnit
			err    error
		)
		if ind, agency, err = indicatorToManage(tx, actor, id); err != nil {
			return err
		}
		old := *ind
		if in.OwnerID != nil && *in.OwnerID != ind.OwnerID {
			owner, err := ownerFor(tx, actor, *in.OwnerID, agency)
			if err != nil {
				return err
			}
			if err := noApprovedRealisations(tx, ind, "moved to another unit"); err != nil {
				return err
			}
			ind.OwnerID, ind.OwnerPath = owner.ID, owner.Path
		}
		if err := setIndicator(tx, ind, in); err != nil {
			return err
		}
		if err := tx.Save(ind).Error; err != nil {
			return err
		}
		trail.add(actor.ActorID(), change{action: AuditUpdate, object: ObjectIndicator, id: ind.ID, unit: ind.OwnerID, indicator: ind.ID, old: old, new: *ind})
		return nil
	})
	if err != nil {
		return nil, err
	}
	return ind, nil
}

// DeleteIndicator deletes the indicator with id with its targets,
// realisations and the figures documents stated about it. An approved
// realisation is locked, and keeps its indicator until it is unapproved.
func (s *Store) DeleteIndicator(ctx context.Context, actor Actor, id int64) error {
	return s.write(ctx, "delete indicator", "indicator", func(tx *gorm.DB, trail *auditTrail) error {
		ind, _, err := indicatorToManage(tx, actor, id)
		if err != nil {
			return err
		}
		if err := noApprovedRealisations(tx, ind, "deleted"); err != nil {
			return err
		}
		var years []int
		if err := tx.Model(&models.Target{}).Where("indicator_id = ?", id).Order("year").Pluck("year", &years).Error; err != nil {
			return fmt.Errorf("read the years of the targets: %w", err)
		}
		for _, y := range years {
			if err := yearUnlocked(tx, ind.OwnerPath, y); err != nil {
				return err
			}
		}
		if err := deleteStated(tx, "INDICATOR", id); err != nil {
			return err
		}
		for _, row := range []any{&models.Target{}, &models.Realisation{}} {
			if err := tx.Where("indicator_id = ?", id).Delete(row).Error; err != nil {
				return fmt.Errorf("delete %T of indicator %d: %w", row, id, err)
			}
		}
		if err := tx.Delete(&models.Indicator{}, id).Error; err != nil {
			return err
		}
		trail.add(actor.ActorID(), change{action: AuditDelete, object: ObjectIndicator, id: ind.ID, unit: ind.OwnerID, indicator: ind.ID, old: *ind})
		return nil
	})
}

// noApprovedRealisations refuses to change ind (how says what: "deleted")
// while it has approved realisations, which are locked. Its realisations
// stay locked to the end of the transaction, so that none is approved
// meanwhile.
func noApprovedRealisations(tx *gorm.DB, ind *models.Indicator, how string) error {
	var statuses []domain.Status
	err := forUpdate(tx.Model(&models.Realisation{})).Where("indicator_id = ?", ind.ID).Pluck("status", &statuses).Error
	if err != nil {
		return fmt.Errorf("read the statuses of the realisations: %w", err)
	}
	var n int64
	for _, st := range statuses {
		if st == domain.Approved {
			n++
		}
	}
	if n > 0 {
		return conflict("indicator %q has %s, which are locked: they must be unapproved before it can be %s", ind.Code, plural(n, "approved realisation"), how)
	}
	return nil
}

// indicatorToManage reads the indicator with id, its owner's path and its
// plan's org unit inside tx, and checks that actor may manage both units.
func indicatorToManage(tx *gorm.DB, actor Actor, id int64) (*models.Indicator, *models.OrgUnit, error) {
	read := func(q *gorm.DB) (*models.Indicator, error) {
		var ind models.Indicator
		err := q.Table("indicators").Select("indicators.*, o.path AS owner_path").
			Joins("JOIN org_units o ON o.id = indicators.owner_id").
			Where("indicators.id = ?", id).Take(&ind).Error
		if err != nil {
			if isNotFound(err) {
				return nil, notFound("indicator", id)
			}
			return nil, fmt.Errorf("read indicator %d: %w", id, err)
		}
		return &ind, nil
	}
	ind, err := read(tx)
	if err != nil {
		return nil, nil, err
	}
	if err := actor.CanManage(ind.OwnerPath); err != nil {
		return nil, nil, err
	}
	_, agency, err := planToManage(tx, actor, ind.PlanID)
	if err != nil {
		return nil, nil, err
	}
	if tx.Dialector.Name() == string(Postgres) {
		// The plan is locked now (always before its indicators, so two
		// writers never wait on each other); read the row as it is.
		if ind, err = read(forUpdateOf(tx, "indicators")); err != nil {
			return nil, nil, err
		}
		if err := actor.CanManage(ind.OwnerPath); err != nil {
			return nil, nil, err
		}
	}
	return ind, agency, nil
}

// elementTables are the table and the name of the plan element of each
// level.
var elementTables = map[domain.Level]struct{ table, what string }{
	domain.LevelGoal:        {"goals", "goal"},
	domain.LevelSasaran:     {"sasaran", "sasaran"},
	domain.LevelProgram:     {"programs", "program"},
	domain.LevelActivity:    {"activities", "activity"},
	domain.LevelSubActivity: {"sub_activities", "sub-activity"},
}

// elementOf looks the plan element id up in the table of level and returns
// the indicators' column that refers to it and its plan. An id that is not an
// element of level is bad input.
func elementOf(tx *gorm.DB, level domain.Level, id int64) (column string, planID int64, err error) {
	t, ok := elementTables[level]
	if !ok {
		return "", 0, domain.Invalid("level", fmt.Sprintf("%q is not a level: use GOAL, SASARAN, PROGRAM, ACTIVITY or SUB_ACTIVITY", level))
	}
	var row struct{ PlanID int64 }
	if err := tx.Table(t.table).Select("plan_id").Where("id = ?", id).Take(&row).Error; err != nil {
		if isNotFound(err) {
			return "", 0, domain.Invalid("elementId", fmt.Sprintf("there is no %s with id %d: elementId must be a %s, the level given", t.what, id, t.what))
		}
		return "", 0, fmt.Errorf("read %s %d: %w", t.what, id, err)
	}
	return elementColumn(level), row.PlanID, nil
}

// ownerFor reads the org unit with id to own an indicator of a plan of
// agency: actor must manage it, and it must lie in agency's subtree.
func ownerFor(tx *gorm.DB, actor Actor, id int64, agency *models.OrgUnit) (*models.OrgUnit, error) {
	u, err := unitToManage(tx, actor, id, "org unit")
	if err != nil {
		return nil, err
	}
	if err := withinUnit("ownerId", u, agency); err != nil {
		return nil, err
	}
	return u, nil
}

// setIndicator validates the fields of in that are set and sets them on
// ind: a code unique in the plan, a name, a unit of measure, the polarity and
// accumulation, a formula (blank clears it), the Renstra end target and the
// baseline.
func setIndicator(tx *gorm.DB, ind *models.Indicator, in IndicatorChange) error {
	if err := changedText(&ind.Code, "code", in.Code, MaxCode); err != nil {
		return err
	}
	if err := changedText(&ind.Name, "name", in.Name, MaxName); err != nil {
		return err
	}
	if err := changedText(&ind.Unit, "unit", in.Unit, MaxName); err != nil {
		return err
	}
	if in.Polarity != nil {
		if !in.Polarity.Valid() {
			return domain.Invalid("polarity", fmt.Sprintf("%q is not POSITIVE or NEGATIVE", *in.Polarity))
		}
		ind.Polarity = *in.Polarity
	}
	if in.Accumulation != nil {
		if !in.Accumulation.Valid() {
			return domain.Invalid("accumulation", fmt.Sprintf("%q is not SUM, LAST or AVERAGE", *in.Accumulation))
		}
		ind.Accumulation = *in.Accumulation
	}
	if in.Formula != nil {
		f, err := optionalText("formula", *in.Formula, MaxLongText)
		if err != nil {
			return err
		}
		ind.Formula = f
	}
	if t := in.RenstraTarget; t != nil {
		if err := checkPlanTarget("renstraTarget", t); err != nil {
			return err
		}
		d := planTarget(t)
		ind.RenstraValue, ind.RenstraMin, ind.RenstraMax, ind.RenstraLabel = d.Value, d.Min, d.Max, optional(d.Label)
	}
	if t := in.Baseline; t != nil {
		if err := checkPlanTarget("baseline", t); err != nil {
			return err
		}
		d := planTarget(t)
		ind.BaselineValue, ind.BaselineMin, ind.BaselineMax, ind.BaselineLabel = d.Value, d.Min, d.Max, optional(d.Label)
	}
	if in.Code != nil {
		dup, err := taken(tx, "indicators", ind.ID, "plan_id = ? AND code = ?", ind.PlanID, ind.Code)
		if err != nil {
			return err
		}
		if dup {
			return conflict("the code %q is already used by another indicator of this plan: choose another code", ind.Code)
		}
	}
	return nil
}
