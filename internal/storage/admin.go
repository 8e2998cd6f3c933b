package storage

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"gorm.io/gorm"

	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/models"
)

// The limits of what an ADMIN enters when managing org units, users, the
// plan and indicators.
const (
	// MaxCode is the longest code (of a unit, a plan element, an indicator).
	MaxCode = 50
	// MaxName is the longest name, display name or unit of measure.
	MaxName = 500
	// MaxLongText is the longest vision, mission text or indicator formula.
	MaxLongText = 2000
	// MinPlanYear and MaxPlanYear bound the years of a plan.
	MinPlanYear = 1900
	MaxPlanYear = 2200
	// MaxPlanSpan is the most years a plan may run (endYear − startYear).
	MaxPlanSpan = 20
)

// requiredText trims s and checks that it is valid UTF-8 of 1 to max
// characters, naming field in the error.
func requiredText(field, s string, max int) (string, error) {
	if !utf8.ValidString(s) {
		return "", domain.Invalid(field, "is not valid UTF-8 text")
	}
	s = strings.TrimSpace(s)
	if s == "" {
		return "", domain.Invalid(field, "must not be empty")
	}
	if err := checkText(field, s, max); err != nil {
		return "", err
	}
	return s, nil
}

// optionalText is requiredText for a text that may be blank, which gives
// nil.
func optionalText(field, s string, max int) (*string, error) {
	if err := checkText(field, s, max); err != nil {
		return nil, err
	}
	return optional(s), nil
}

// changedText applies an optional change of a required text to *dst.
func changedText(dst *string, field string, s *string, max int) error {
	if s == nil {
		return nil
	}
	v, err := requiredText(field, *s, max)
	if err != nil {
		return err
	}
	*dst = v
	return nil
}

// checkPlanTarget validates a Renstra end target or a baseline, naming the
// failing part as field.value, field.min and so on.
func checkPlanTarget(field string, t *TargetFields) error {
	if t == nil {
		return nil
	}
	if t.Label != nil {
		if err := checkText(field+".label", *t.Label, domain.MaxLabel); err != nil {
			return err
		}
	}
	err := planTarget(t).Validate()
	var in *domain.InputError
	if errors.As(err, &in) {
		return domain.Invalid(field+"."+in.Field, in.Message)
	}
	return err
}

// planTarget converts the input of a Renstra end target or a baseline.
func planTarget(t *TargetFields) domain.Target {
	d := domain.Target{Value: t.Value, Min: t.Min, Max: t.Max}
	if t.Label != nil {
		d.Label = strings.TrimSpace(*t.Label)
	}
	return d
}

// unitToManage reads the org unit with id inside tx and checks that actor may
// manage it; what names the unit in a not-found error.
func unitToManage(tx *gorm.DB, actor Actor, id int64, what string) (*models.OrgUnit, error) {
	u, err := unitByID(tx, id, what)
	if err != nil {
		return nil, err
	}
	if err := actor.CanManage(u.Path); err != nil {
		return nil, err
	}
	return u, nil
}

// unitToChange is unitToManage for a change of the tree itself (a unit
// created under it, a move, a delete): the row stays locked to the end of
// the transaction, so that its path cannot change under the change.
func unitToChange(tx *gorm.DB, actor Actor, id int64, what string) (*models.OrgUnit, error) {
	return unitToManage(forUpdate(tx), actor, id, what)
}

// unitByID reads the org unit with id inside tx; what names it in a
// not-found error.
func unitByID(tx *gorm.DB, id int64, what string) (*models.OrgUnit, error) {
	var u models.OrgUnit
	if err := tx.Where("id = ?", id).Take(&u).Error; err != nil {
		if isNotFound(err) {
			return nil, notFound(what, id)
		}
		return nil, fmt.Errorf("read %s %d: %w", what, id, err)
	}
	return &u, nil
}

// planToManage reads the plan with id and its org unit inside tx, and checks
// that actor may manage that unit. The plan's row stays locked to the end of
// the transaction: changes to a plan and its elements run one at a time (the
// position of a new element is one after the last).
func planToManage(tx *gorm.DB, actor Actor, id int64) (*models.Plan, *models.OrgUnit, error) {
	var p models.Plan
	if err := forUpdate(tx).Where("id = ?", id).Take(&p).Error; err != nil {
		if isNotFound(err) {
			return nil, nil, notFound("plan", id)
		}
		return nil, nil, fmt.Errorf("read plan %d: %w", id, err)
	}
	u, err := unitToManage(tx, actor, p.OrgUnitID, "org unit")
	if err != nil {
		return nil, nil, err
	}
	return &p, u, nil
}

// elementToManage reads the plan element of type T with id (what names it),
// then its plan and the plan's org unit, and checks that actor may manage
// that unit.
func elementToManage[T any](tx *gorm.DB, actor Actor, what string, id int64, planOf func(*T) int64) (*T, *models.Plan, *models.OrgUnit, error) {
	var row T
	if err := tx.Where("id = ?", id).Take(&row).Error; err != nil {
		if isNotFound(err) {
			return nil, nil, nil, notFound(what, id)
		}
		return nil, nil, nil, fmt.Errorf("read %s %d: %w", what, id, err)
	}
	p, u, err := planToManage(tx, actor, planOf(&row))
	if err != nil {
		return nil, nil, nil, err
	}
	return &row, p, u, nil
}

// codeName validates a code, unique among the rows of table in the plan
// (except the row itself), and a name, and returns them trimmed.
func codeName(tx *gorm.DB, table, what string, planID, except int64, inCode, inName string) (code, name string, err error) {
	if code, err = requiredText("code", inCode, MaxCode); err != nil {
		return "", "", err
	}
	if name, err = requiredText("name", inName, MaxName); err != nil {
		return "", "", err
	}
	dup, err := taken(tx, table, except, "plan_id = ? AND code = ?", planID, code)
	if err != nil {
		return "", "", err
	}
	if dup {
		return "", "", conflict("the code %q is already used by another %s of this plan: choose another code", code, what)
	}
	return code, name, nil
}

// withinUnit checks that u lies in the subtree of agency, the org unit of a
// plan; field names the input that chose u.
func withinUnit(field string, u, agency *models.OrgUnit) error {
	if isAncestorPath(agency.Path, u.Path) {
		return nil
	}
	return domain.Invalid(field, fmt.Sprintf("%s (%s) is not within %s (%s), the org unit of the plan: choose a unit of its subtree",
		u.Code, u.Name, agency.Code, agency.Name))
}

// nextPosition returns the position of a new row of table among its
// siblings, those whose column equals id: one after the last.
func nextPosition(tx *gorm.DB, table, column string, id int64) (int, error) {
	var last int
	err := tx.Table(table).Where(column+" = ?", id).Select("COALESCE(MAX(position), 0)").Row().Scan(&last)
	if err != nil {
		return 0, fmt.Errorf("position in %s: %w", table, err)
	}
	return last + 1, nil
}

// taken reports whether a row of table other than except matches cond: the
// friendly check before a unique index would refuse a duplicate.
func taken(tx *gorm.DB, table string, except int64, cond string, args ...any) (bool, error) {
	var n int64
	err := tx.Table(table).Where(cond, args...).Where("id <> ?", except).Count(&n).Error
	if err != nil {
		return false, fmt.Errorf("check %s: %w", table, err)
	}
	return n > 0, nil
}

// dependent is a kind of row that keeps another from being deleted: the rows
// of table that match cond.
type dependent struct {
	one, many string
	table     string
	cond      string
	args      []any
}

// blockers counts the rows of each dependent and returns them in words
// ("2 child units and 1 user"), or "" when there are none.
func blockers(tx *gorm.DB, deps []dependent) (string, error) {
	var parts []string
	for _, d := range deps {
		var n int64
		if err := tx.Table(d.table).Where(d.cond, d.args...).Count(&n).Error; err != nil {
			return "", fmt.Errorf("count %s: %w", d.many, err)
		}
		switch {
		case n == 1:
			parts = append(parts, "1 "+d.one)
		case n > 1:
			parts = append(parts, fmt.Sprintf("%d %s", n, d.many))
		}
	}
	return joinWords(parts), nil
}

// joinWords joins parts as a list in prose: "a", "a and b", "a, b and c".
func joinWords(parts []string) string {
	switch len(parts) {
	case 0:
		return ""
	case 1:
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

// deleteStated deletes the figures documents stated about a subject
// (ORG_UNIT, PROGRAM, ACTIVITY, SUB_ACTIVITY or INDICATOR) being deleted.
func deleteStated(tx *gorm.DB, subjectType string, id int64) error {
	err := tx.Where("subject_type = ? AND subject_id = ?", subjectType, id).Delete(&models.StatedFigure{}).Error
	if err != nil {
		return fmt.Errorf("delete stated figures of %s %d: %w", subjectType, id, err)
	}
	return nil
}
