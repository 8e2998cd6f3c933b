package storage

import (
	"cmp"
	"context"
	"slices"
	"sync"
	"time"

	"github.com/kinerja/kinerja/models"
)

// Nearly every request reads org units (its unit, the owners of what it
// lists, children), and they change rarely, so the store keeps them like the
// callers' rows (callers.go): a row or a list of children is used while no
// write that touches a user or an org unit has committed since it was read,
// on any instance (the callers' epoch), and for callersTTL at most. Not with
// read replicas: a row read from a replica that lags could outlive the
// write it predates.

// unitCache holds org units by id and the ids of their children.
type unitCache struct {
	mu       sync.RWMutex
	epoch    uint64 // the epoch of every entry
	rows     map[int64]cachedUnit
	children map[int64]cachedChildren
}

type cachedUnit struct {
	u  models.OrgUnit
	at time.Time
}

type cachedChildren struct {
	ids []int64
	at  time.Time
}

// unitsCached reports whether s may serve org units from its cache, and
// the epoch and time to check entries against.
func (s *Store) unitsCached() (bool, uint64, time.Time) {
	c := s.callers
	return c.live.Load() && s.replicas == nil, c.epoch.Load(), c.now()
}

// cachedUnits returns the cached rows of ids and the ids it has none for.
func (s *Store) cachedUnits(ids []int64, epoch uint64, now time.Time) (hit []models.OrgUnit, miss []int64) {
	c := &s.units
	c.mu.RLock()
	defer c.mu.RUnlock()
	for _, id := range ids {
		if e, ok := c.rows[id]; ok && c.epoch == epoch && now.Sub(e.at) < callersTTL {
			hit = append(hit, e.u)
		} else {
			miss = append(miss, id)
		}
	}
	return hit, miss
}

// keepUnits caches rows (and, when parents is set, each parent's list of
// children among rows) read at now in epoch, unless a write has moved the
// epoch on since.
func (s *Store) keepUnits(rows []models.OrgUnit, parents []int64, epoch uint64, now time.Time) {
	if s.callers.epoch.Load() != epoch {
		return
	}
	c := &s.units
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.epoch != epoch || c.rows == nil {
		c.epoch, c.rows, c.children = epoch, map[int64]cachedUnit{}, map[int64]cachedChildren{}
	}
	for _, u := range rows {
		c.rows[u.ID] = cachedUnit{u: u, at: now}
	}
	for _, p := range parents {
		ids := []int64{}
		for _, u := range rows {
			if u.ParentID != nil && *u.ParentID == p {
				ids = append(ids, u.ID)
			}
		}
		c.children[p] = cachedChildren{ids: ids, at: now}
	}
}

// OrgUnitsByID returns the org units with the given ids, in order of id.
func (s *Store) OrgUnitsByID(ctx context.Context, ids []int64) ([]models.OrgUnit, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	ok, epoch, now := s.unitsCached()
	if !ok {
		return s.orgUnitsByID(ctx, ids)
	}
	hit, miss := s.cachedUnits(ids, epoch, now)
	if len(miss) > 0 {
		read, err := s.orgUnitsByID(ctx, miss)
		if err != nil {
			return nil, err
		}
		s.keepUnits(read, nil, epoch, now)
		hit = append(hit, read...)
	}
	slices.SortFunc(hit, func(a, b models.OrgUnit) int { return cmp.Compare(a.ID, b.ID) })
	return hit, nil
}

// OrgUnitChildren returns the children of the given units, ordered by code
// (then id).
func (s *Store) OrgUnitChildren(ctx context.Context, parentIDs []int64) ([]models.OrgUnit, error) {
	ok, epoch, now := s.unitsCached()
	if !ok {
		return s.orgUnitChildren(ctx, parentIDs)
	}
	var (
		out  []models.OrgUnit
		miss []int64
	)
	s.units.mu.RLock()
	for _, p := range parentIDs {
		e, found := s.units.children[p]
		if !found || s.units.epoch != epoch || now.Sub(e.at) >= callersTTL {
			miss = append(miss, p)
			continue
		}
		rows := make([]models.OrgUnit, 0, len(e.ids))
		for _, id := range e.ids {
			r, found := s.units.rows[id]
			if !found {
				break
			}
			rows = append(rows, r.u)
		}
		if len(rows) < len(e.ids) {
			miss = append(miss, p)
			continue
		}
		out = append(out, rows...)
	}
	s.units.mu.RUnlock()
	if len(miss) > 0 {
		read, err := s.orgUnitChildren(ctx, miss)
		if err != nil {
			return nil, err
		}
		s.keepUnits(read, miss, epoch, now)
		out = append(out, read...)
	}
	slices.SortFunc(out, func(a, b models.OrgUnit) int { return cmp.Or(cmp.Compare(a.Code, b.Code), cmp.Compare(a.ID, b.ID)) })
	return out, nil
}

// ForgetUnits empties the cache of org units: for tests that count the
// statements of a request as a cold instance runs it.
func (s *Store) ForgetUnits() {
	s.units.mu.Lock()
	s.units.rows, s.units.children = nil, nil
	s.units.mu.Unlock()
}
