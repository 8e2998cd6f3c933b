package storage

import (
	"context"
	"fmt"

	"gorm.io/gorm"

	"github.com/kinerja/kinerja/models"
)

// OrgUnit returns the org unit with id.
func (s *Store) OrgUnit(ctx context.Context, id int64) (*models.OrgUnit, error) {
	rows, err := s.OrgUnitsByID(ctx, []int64{id})
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, notFound("org unit", id)
	}
	return &rows[0], nil
}

// orgUnitsByID reads the org units with the given ids, in order of id.
func (s *Store) orgUnitsByID(ctx context.Context, ids []int64) ([]models.OrgUnit, error) {
	q := s.db.WithContext(ctx).Table("org_units").Select(orgUnitColumns).Where("id IN ?", ids).Order("id")
	return scanRows(q, "org units", len(ids), orgUnitFields)
}

// orgUnitChildren reads the children of the given units, ordered by code.
func (s *Store) orgUnitChildren(ctx context.Context, parentIDs []int64) ([]models.OrgUnit, error) {
	return findIn[models.OrgUnit](ctx, s.db, "parent_id", parentIDs, "code, id")
}

// OrgUnitFilter selects org units: those of the subtree of Scope, children
// of ParentID when set, of Kind when set, with one of IDs when set.
type OrgUnitFilter struct {
	Scope    string
	ParentID *int64
	Kind     *models.OrgUnitKind
	IDs      []int64
}

func (s *Store) orgUnitFilter(ctx context.Context, f OrgUnitFilter) *gorm.DB {
	q := under(s.db.WithContext(ctx).Table("org_units"), "path", f.Scope)
	if f.ParentID != nil {
		q = q.Where("parent_id = ?", *f.ParentID)
	}
	if f.Kind != nil {
		q = q.Where("kind = ?", *f.Kind)
	}
	if f.IDs != nil {
		q = q.Where("id IN ?", f.IDs)
	}
	return q
}

// OrgUnitKey is the key of an org unit in the order of ListOrgUnits, for a
// Window.
func OrgUnitKey(u *models.OrgUnit) []any { return []any{u.Depth, u.Code, u.ID} }

// ListOrgUnits returns the page w of the org units f selects, ordered by
// depth and code.
func (s *Store) ListOrgUnits(ctx context.Context, f OrgUnitFilter, w Window) (Page[models.OrgUnit], error) {
	return readPage[models.OrgUnit](s.orgUnitFilter(ctx, f), "org units", "org_units.*", []string{"depth", "code", "id"}, w)
}

// CountOrgUnits returns how many org units f selects.
func (s *Store) CountOrgUnits(ctx context.Context, f OrgUnitFilter) (int64, error) {
	return count(s.orgUnitFilter(ctx, f), "org units")
}

// OrgUnitByCode returns the org unit with code under parent (nil: a root).
func (s *Store) OrgUnitByCode(ctx context.Context, parentID *int64, code string) (*models.OrgUnit, error) {
	q := s.db.WithContext(ctx).Where("code = ?", code)
	if parentID == nil {
		q = q.Where("parent_id IS NULL")
	} else {
		q = q.Where("parent_id = ?", *parentID)
	}
	var u models.OrgUnit
	if err := q.Take(&u).Error; err != nil {
		if isNotFound(err) {
			return nil, &Error{Kind: ErrNotFound, Message: fmt.Sprintf("org unit %q does not exist", code)}
		}
		return nil, fmt.Errorf("read org unit %q: %w", code, err)
	}
	return &u, nil
}
