package storage

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/models"
)

// CreateOrgUnit adds a unit under in.ParentID, which actor must manage.
func (s *Store) CreateOrgUnit(ctx context.Context, actor Actor, in NewOrgUnit) (*models.OrgUnit, error) {
	var out models.OrgUnit
	err := s.write(ctx, "create org unit", "org unit", func(tx *gorm.DB, trail *auditTrail) error {
		parent, err := unitToChange(tx, actor, in.ParentID, "parent org unit")
		if err != nil {
			return err
		}
		out = models.OrgUnit{ParentID: &parent.ID, Kind: in.Kind, NegativeFormula: in.NegativeFormula, CapaianCap: in.CapaianCap}
		if out.Code, err = requiredText("code", in.Code, MaxCode); err != nil {
			return err
		}
		if out.Name, err = requiredText("name", in.Name, MaxName); err != nil {
			return err
		}
		if err := checkUnitEnums(in.Kind, in.NegativeFormula); err != nil {
			return err
		}
		if err := checkUnitCap(in.CapaianCap); err != nil {
			return err
		}
		if err := uniqueUnitCode(tx, parent, out.Code, 0); err != nil {
			return err
		}
		if err := insertOrgUnit(tx, &out); err != nil {
			return err
		}
		trail.created(actor, ObjectOrgUnit, out.ID, out.ID, out)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// UpdateOrgUnit changes the unit with id; nil fields of in keep their value.
// A new parent moves the unit with its whole subtree: their paths and depths
// are rewritten in one statement. actor must manage the unit and, when it
// moves, the new parent.
func (s *Store) UpdateOrgUnit(ctx context.Context, actor Actor, id int64, in OrgUnitChange) (*models.OrgUnit, error) {
	var u *models.OrgUnit
	err := s.write(ctx, "update org unit", "org unit", func(tx *gorm.DB, trail *auditTrail) error {
		var err error
		if u, err = unitToChange(tx, actor, id, "org unit"); err != nil {
			return err
		}
		old := *u
		var parent *models.OrgUnit
		if u.ParentID != nil {
			if parent, err = unitByID(tx, *u.ParentID, "parent org unit"); err != nil {
				return err
			}
		}
		moving := in.ParentID != nil && (u.ParentID == nil || *in.ParentID != *u.ParentID)
		if moving {
			if err := notAboveActor(tx, actor, u); err != nil {
				return err
			}
			if parent, err = newParent(tx, actor, u, *in.ParentID); err != nil {
				return err
			}
		}
		oldCode := u.Code
		if err := changedText(&u.Code, "code", in.Code, MaxCode); err != nil {
			return err
		}
		if err := changedText(&u.Name, "name", in.Name, MaxName); err != nil {
			return err
		}
		if in.Kind != nil {
			u.Kind = *in.Kind
		}
		if in.NegativeFormula != nil {
			u.NegativeFormula = in.NegativeFormula
		}
		if err := checkUnitEnums(u.Kind, u.NegativeFormula); err != nil {
			return err
		}
		if in.CapaianCap != nil {
			if err := checkUnitCap(in.CapaianCap); err != nil {
				return err
			}
			u.CapaianCap = in.CapaianCap
		}
		if moving || u.Code != oldCode {
			if err := uniqueUnitCode(tx, parent, u.Code, u.ID); err != nil {
				return err
			}
		}
		if moving {
			if err := moveSubtree(tx, u, parent); err != nil {
				return err
			}
		}
		if err := tx.Save(u).Error; err != nil {
			return err
		}
		trail.updated(actor, ObjectOrgUnit, u.ID, u.ID, old, *u)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}

// newParent reads the unit u is to move under, checks that actor manages it
// and that it does not lie in u's own subtree.
func newParent(tx *gorm.DB, actor Actor, u *models.OrgUnit, parentID int64) (*models.OrgUnit, error) {
	if parentID == u.ID {
		return nil, domain.Invalid("parentId", fmt.Sprintf("%s cannot be its own parent", u.Code))
	}
	p, err := unitToChange(tx, actor, parentID, "parent org unit")
	if err != nil {
		return nil, err
	}
	if isAncestorPath(u.Path, p.Path) {
		return nil, domain.Invalid("parentId", fmt.Sprintf("%s (%s) lies below %s: a unit cannot move into its own subtree", p.Code, p.Name, u.Code))
	}
	return p, nil
}

// notAboveActor refuses to move u when it holds the actor's own org unit:
// the actor would move itself out of what it manages.
func notAboveActor(tx *gorm.DB, actor Actor, u *models.OrgUnit) error {
	var paths []string
	err := tx.Table("users").Joins("JOIN org_units o ON o.id = users.org_unit_id").
		Where("users.id = ?", actor.ActorID()).Pluck("o.path", &paths).Error
	switch {
	case err != nil:
		return fmt.Errorf("read the acting user's org unit: %w", err)
	case len(paths) == 1 && isAncestorPath(u.Path, paths[0]):
		return domain.Invalid("parentId", fmt.Sprintf("%s (%s) holds your own org unit: you cannot move it, or you would move yourself out of what you manage; an admin above it must do it", u.Code, u.Name))
	}
	return nil
}

// moveSubtree puts u under parent: the path and depth of u and of every unit
// below it change in one UPDATE, and u's row in memory follows. u and parent
// are locked by the caller. The subtree's rows are locked first, in path
// order: a unit being created under one of them (which locks its parent)
// either commits before, and the UPDATE, a later statement, sees it; or
// waits, and reads its parent's new path.
func moveSubtree(tx *gorm.DB, u, parent *models.OrgUnit) error {
	oldPath := u.Path
	newPath := models.ChildPath(parent.Path, u.ID)
	delta := parent.Depth + 1 - u.Depth
	lo, hi := pathRange(oldPath)
	if tx.Dialector.Name() == string(Postgres) {
		var ids []int64
		err := forUpdate(tx).Table("org_units").Where("path >= ? AND path < ?", lo, hi).Order("path").Pluck("id", &ids).Error
		if err != nil {
			return fmt.Errorf("lock subtree of %s: %w", u.Code, err)
		}
	}
	err := tx.Exec(`UPDATE org_units SET path = ? || substr(path, ?), depth = depth + ?, updated_at = ?
		WHERE path >= ? AND path < ?`,
		newPath, len(oldPath)+1, delta, time.Now().UTC(), lo, hi).Error
	if err != nil {
		return fmt.Errorf("move subtree of %s: %w", u.Code, err)
	}
	u.ParentID, u.Path, u.Depth = &parent.ID, newPath, u.Depth+delta
	return nil
}

// DeleteOrgUnit deletes the unit with id, which must be empty: no child
// units, users, indicators, plans, activities or sub-activities. The figures
// documents stated about it go with it. Nobody deletes their own unit.
func (s *Store) DeleteOrgUnit(ctx context.Context, actor Actor, id int64) error {
	return s.write(ctx, "delete org unit", "org unit", func(tx *gorm.DB, trail *auditTrail) error {
		u, err := unitToChange(tx, actor, id, "org unit")
		if err != nil {
			return err
		}
		var me models.User
		err = tx.Select("org_unit_id").Where("id = ?", actor.ActorID()).Take(&me).Error
		switch {
		case err == nil && me.OrgUnitID == u.ID:
			return conflict("%s (%s) is your own org unit: another admin above it must delete it", u.Code, u.Name)
		case err != nil && !isNotFound(err):
			return fmt.Errorf("read acting user: %w", err)
		}
		blocking, err := blockers(tx, []dependent{
			{"child unit", "child units", "org_units", "parent_id = ?", []any{id}},
			{"user", "users", "users", "org_unit_id = ?", []any{id}},
			{"indicator", "indicators", "indicators", "owner_id = ?", []any{id}},
			{"plan", "plans", "plans", "org_unit_id = ?", []any{id}},
			{"activity", "activities", "activities", "org_unit_id = ?", []any{id}},
			{"sub-activity", "sub-activities", "sub_activities", "org_unit_id = ?", []any{id}},
		})
		if err != nil {
			return err
		}
		if blocking != "" {
			return conflict("%s (%s) still has %s: move or delete them first", u.Code, u.Name, blocking)
		}
		if err := deleteStated(tx, "ORG_UNIT", id); err != nil {
			return err
		}
		if err := deleteWorkflowRecords(tx, u); err != nil {
			return err
		}
		if err := tx.Delete(&models.OrgUnit{}, id).Error; err != nil {
			return err
		}
		// The entry is kept within the parent's scope: the unit is gone.
		scope := u.ID
		if u.ParentID != nil {
			scope = *u.ParentID
		}
		trail.deleted(actor, ObjectOrgUnit, u.ID, scope, *u)
		return nil
	})
}

// checkUnitEnums checks the kind and negative formula of a unit (gqlgen has
// already refused unknown values; this guards other callers).
func checkUnitEnums(kind models.OrgUnitKind, f *domain.NegativeFormula) error {
	if !kind.Valid() {
		return domain.Invalid("kind", fmt.Sprintf("%q is not a kind of org unit", kind))
	}
	if f != nil && !f.Valid() {
		return domain.Invalid("negativeFormula", fmt.Sprintf("%q is not GAP or RATIO", *f))
	}
	return nil
}

// checkUnitCap checks a unit's capaian cap; nil (inherit) is valid.
func checkUnitCap(cap *float64) error {
	if cap == nil {
		return nil
	}
	return domain.CheckCap("capaianCap", *cap)
}

// uniqueUnitCode refuses code when a unit under parent (nil: a root) other
// than except already has it.
func uniqueUnitCode(tx *gorm.DB, parent *models.OrgUnit, code string, except int64) error {
	cond, args, where := "parent_id IS NULL AND code = ?", []any{code}, "among the root units"
	if parent != nil {
		cond, args, where = "parent_id = ? AND code = ?", []any{parent.ID, code}, "under "+parent.Code+" ("+parent.Name+")"
	}
	dup, err := taken(tx, "org_units", except, cond, args...)
	if err != nil {
		return err
	}
	if dup {
		return conflict("the code %q is already used by another unit %s: choose another code", code, where)
	}
	return nil
}
