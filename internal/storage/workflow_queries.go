package storage

import (
	"context"
	"fmt"
	"strings"

	"gorm.io/gorm"

	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/models"
)

// ApprovalStatus returns where every approval unit of the subtree of the
// unit with id stands for period of year (a Bagian, an Asisten, the agency;
// a Subbagian's data counts with its Bagian's), in path order, each with its
// counts and what actor may do now. Units outside actor's subtree are left
// out; a unit neither in it nor above it is refused.
func (s *Store) ApprovalStatus(ctx context.Context, actor Actor, unitID int64, year int, period domain.Period) ([]UnitApproval, error) {
	if err := checkYearPeriod(year, period); err != nil {
		return nil, err
	}
	unit, err := s.OrgUnit(ctx, unitID)
	if err != nil {
		return nil, err
	}
	scope := actor.ActorUnitPath()
	if scope == "" || !strings.HasPrefix(unit.Path, scope) && !strings.HasPrefix(scope, unit.Path) {
		return nil, actor.Forbidden("this org unit is outside your scope: you see the approvals of your own unit and the units below it")
	}
	tree, err := readPeriodTree(s.db.WithContext(ctx), *unit, year, period)
	if err != nil {
		return nil, err
	}
	units := tree.approvalUnits(scope)
	out := make([]UnitApproval, 0, len(units))
	for _, u := range units {
		out = append(out, *tree.status(actor, u.ID))
	}
	return out, nil
}

// PendingApprovals returns the page w of the realisations waiting for
// actor's approval, ordered by id: the SUBMITTED realisations of the units
// whose approver is actor's unit (an Asisten's Bagian with their
// Subbagian). It is empty for a caller that is no APPROVER.
func (s *Store) PendingApprovals(ctx context.Context, actor Actor, w Window) (Page[models.Realisation], error) {
	q, err := s.pending(ctx, actor)
	if err != nil || q == nil {
		return Page[models.Realisation]{Counted: w.counted()}, err
	}
	return readPage[models.Realisation](q, "pending approvals", "realisations.*", []string{"realisations.id"}, w)
}

// CountPendingApprovals returns how many realisations wait for actor's
// approval (see PendingApprovals).
func (s *Store) CountPendingApprovals(ctx context.Context, actor Actor) (int64, error) {
	q, err := s.pending(ctx, actor)
	if err != nil || q == nil {
		return 0, err
	}
	return count(q, "pending approvals")
}

// pending selects the realisations waiting for actor's approval; nil when
// none can (actor approves no unit's data).
func (s *Store) pending(ctx context.Context, actor Actor) (*gorm.DB, error) {
	db := s.db.WithContext(ctx)
	owners, err := approvedBy(db, actor)
	if err != nil || len(owners) == 0 {
		return nil, err
	}
	return db.Table("realisations").Joins("JOIN indicators i ON i.id = realisations.indicator_id").
		Where("realisations.status = ? AND i.owner_id IN ?", domain.Submitted, owners), nil
}

// RealisationKey is the key of a realisation in the order of
// PendingApprovals, for a Window.
func RealisationKey(r *models.Realisation) []any { return []any{r.ID} }

// approvedBy returns the ids of the units whose data the APPROVER actor
// approves, none for another role.
func approvedBy(db *gorm.DB, actor Actor) ([]int64, error) {
	path := actor.ActorUnitPath()
	if domain.Role(actor.ActorRole()) != domain.RoleApprover || path == "" {
		return nil, nil
	}
	var units []models.OrgUnit
	lo, hi := pathRange(path)
	err := db.Where("(path >= ? AND path < ?) OR id IN ?", lo, hi, models.PathIDs(path)).Find(&units).Error
	if err != nil {
		return nil, fmt.Errorf("read the units of the approver: %w", err)
	}
	byID := make(map[int64]*models.OrgUnit, len(units))
	for i := range units {
		byID[units[i].ID] = &units[i]
	}
	var owners []int64
	for _, u := range units {
		if !strings.HasPrefix(u.Path, path) {
			continue
		}
		if p := placeOnLine(u, lineOf(u, byID)); p.approver != nil && p.approver.Path == path {
			owners = append(owners, u.ID)
		}
	}
	return owners, nil
}

// lineOf returns u and the units above it found in byID, deepest first.
func lineOf(u models.OrgUnit, byID map[int64]*models.OrgUnit) []models.OrgUnit {
	ids := models.PathIDs(u.Path)
	line := make([]models.OrgUnit, 0, len(ids))
	for i := len(ids) - 1; i >= 0; i-- {
		if a := byID[ids[i]]; a != nil {
			line = append(line, *a)
		}
	}
	return line
}

// RealisationPermissions returns what actor may do now with each of the
// realisations with the given ids (those that exist), by id: the API's
// mayEdit, maySubmit, mayApprove, mayReject and mayUnapprove, decided by the
// rules that the writes enforce. It reads in four statements whatever the
// number of realisations.
func (s *Store) RealisationPermissions(ctx context.Context, actor Actor, ids []int64) (map[int64]domain.Allowed, error) {
	out := make(map[int64]domain.Allowed, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	db := s.db.WithContext(ctx)
	rows, err := realisationsWithOwner(db, "realisations.id IN ?", ids)
	if err != nil || len(rows) == 0 {
		return out, err
	}
	var unitIDs, years []int64
	var periods []domain.Period
	for _, r := range rows {
		unitIDs = append(unitIDs, models.PathIDs(r.OwnerPath)...)
		years = append(years, int64(r.Year))
		periods = append(periods, r.Period)
	}
	var units []models.OrgUnit
	if err := db.Where("id IN ?", unitIDs).Find(&units).Error; err != nil {
		return nil, fmt.Errorf("read the units of realisations: %w", err)
	}
	byID := make(map[int64]*models.OrgUnit, len(units))
	for i := range units {
		byID[units[i].ID] = &units[i]
	}
	type key struct {
		unit   int64
		year   int
		period domain.Period
	}
	var recs []models.Approval
	if err := db.Where("org_unit_id IN ? AND year IN ? AND period IN ?", unitIDs, years, periods).Find(&recs).Error; err != nil {
		return nil, fmt.Errorf("read the approvals of realisations: %w", err)
	}
	records := map[key]*models.Approval{}
	for i, a := range recs {
		if u := byID[a.OrgUnitID]; u != nil && string(a.Level) == string(u.Kind) {
			records[key{a.OrgUnitID, a.Year, a.Period}] = &recs[i]
		}
	}
	var wins []models.EntryPeriod
	if err := db.Where("org_unit_id IN ? AND year IN ? AND period IN ?", unitIDs, years, periods).Find(&wins).Error; err != nil {
		return nil, fmt.Errorf("read the entry windows of realisations: %w", err)
	}
	windows := map[key]domain.Window{}
	for _, w := range wins {
		windows[key{w.OrgUnitID, w.Year, w.Period}] = windowOf([]models.EntryPeriod{w})
	}
	c := caller(actor)
	for _, r := range rows {
		owner := byID[r.OwnerID]
		if owner == nil {
			continue
		}
		l := &entryLock{place: placeOnLine(*owner, lineOf(*owner, byID)), year: r.Year, period: r.Period}
		if l.agency != nil {
			l.agencyRecord = records[key{l.agency.ID, r.Year, r.Period}]
			l.window = windows[key{l.agency.ID, r.Year, r.Period}]
		}
		if l.reporting != nil {
			l.own = records[key{l.reporting.ID, r.Year, r.Period}]
		}
		out[r.ID] = domain.RealisationAllowed(c, l.subject(true), r.Status)
	}
	return out, nil
}
