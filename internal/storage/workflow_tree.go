package storage

import (
	"fmt"
	"slices"
	"strings"

	"gorm.io/gorm"

	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/models"
)

// periodTree is the approval state of every unit of a subtree for one
// period of a year, read in a fixed number of statements: the units (and
// those above the subtree's root), the approval records, the realisations
// counted by owner and status, and the entry windows.
type periodTree struct {
	year   int
	period domain.Period
	root   models.OrgUnit
	// units are the subtree's units, in path order; byID holds them and the
	// units above the root.
	units []models.OrgUnit
	byID  map[int64]*models.OrgUnit
	// rep maps every unit of the subtree to its reporting unit (0 for none).
	rep map[int64]int64
	// records are the approval records by unit, of the unit's own level.
	records map[int64]*models.Approval
	// own counts the realisations each reporting unit reports; byOwner those
	// of each owner.
	own, byOwner map[int64]domain.Counts
	windows      map[int64]domain.Window // by agency
}

// readPeriodTree reads the tree of root's subtree for period of year, on db
// (a transaction, or the read pool).
func readPeriodTree(db *gorm.DB, root models.OrgUnit, year int, period domain.Period) (*periodTree, error) {
	t := &periodTree{year: year, period: period, root: root, byID: map[int64]*models.OrgUnit{},
		records: map[int64]*models.Approval{}, own: map[int64]domain.Counts{}, byOwner: map[int64]domain.Counts{}, windows: map[int64]domain.Window{}}
	var above []models.OrgUnit
	if err := db.Where("id IN ?", models.PathIDs(root.Path)).Find(&above).Error; err != nil {
		return nil, fmt.Errorf("read the units above %s: %w", root.Code, err)
	}
	var err error
	if t.units, err = subtreeOf(db, root); err != nil {
		return nil, err
	}
	for i := range above {
		t.byID[above[i].ID] = &above[i]
	}
	for i := range t.units {
		t.byID[t.units[i].ID] = &t.units[i]
	}
	t.rep = reportingUnits(t.units)

	lo, hi := pathRange(root.Path)
	var recs []models.Approval
	err = db.Table("approvals").Select("approvals.*").Joins("JOIN org_units o ON o.id = approvals.org_unit_id").
		Where("approvals.year = ? AND approvals.period = ?", year, period).
		Where("(o.path >= ? AND o.path < ?) OR o.id IN ?", lo, hi, models.PathIDs(root.Path)).Find(&recs).Error
	if err != nil {
		return nil, fmt.Errorf("read the approvals of %s %d: %w", period, year, err)
	}
	for i := range recs {
		if u := t.byID[recs[i].OrgUnitID]; u != nil && string(recs[i].Level) == string(u.Kind) {
			t.records[u.ID] = &recs[i]
		}
	}

	var counts []struct {
		OwnerID int64
		Status  domain.Status
		N       int
	}
	err = db.Table("realisations r").Select("i.owner_id, r.status, COUNT(*) AS n").
		Joins("JOIN indicators i ON i.id = r.indicator_id").Joins("JOIN org_units o ON o.id = i.owner_id").
		Where("r.year = ? AND r.period = ? AND o.path >= ? AND o.path < ?", year, period, lo, hi).
		Group("i.owner_id, r.status").Scan(&counts).Error
	if err != nil {
		return nil, fmt.Errorf("count the realisations of %s %d: %w", period, year, err)
	}
	for _, c := range counts {
		var d domain.Counts
		switch c.Status {
		case domain.Draft:
			d.Draft = c.N
		case domain.Submitted:
			d.Submitted = c.N
		case domain.Approved:
			d.Approved = c.N
		case domain.Rejected:
			d.Rejected = c.N
		}
		t.byOwner[c.OwnerID] = t.byOwner[c.OwnerID].Add(d)
		if r := t.rep[c.OwnerID]; r != 0 {
			t.own[r] = t.own[r].Add(d)
		}
	}

	var agencies []int64
	for _, u := range t.byID {
		if u.Kind == models.KindAgency {
			agencies = append(agencies, u.ID)
		}
	}
	var windows []models.EntryPeriod
	if err := db.Where("year = ? AND period = ? AND org_unit_id IN ?", year, period, agencies).Find(&windows).Error; err != nil {
		return nil, fmt.Errorf("read the entry windows of %s %d: %w", period, year, err)
	}
	for _, w := range windows {
		t.windows[w.OrgUnitID] = windowOf([]models.EntryPeriod{w})
	}
	return t, nil
}

// placeOf returns where the data of the unit with id (in the tree) sits.
func (t *periodTree) placeOf(id int64) place {
	u := t.byID[id]
	ids := models.PathIDs(u.Path)
	line := make([]models.OrgUnit, 0, len(ids))
	for i := len(ids) - 1; i >= 0; i-- {
		if a := t.byID[ids[i]]; a != nil {
			line = append(line, *a)
		}
	}
	return placeOnLine(*u, line)
}

// lock returns the entry lock of the unit with id as the tree read it
// (nothing is locked: for the answers of reads).
func (t *periodTree) lock(id int64) *entryLock {
	p := t.placeOf(id)
	l := &entryLock{place: p, year: t.year, period: t.period}
	if p.agency != nil {
		l.agencyRecord = t.records[p.agency.ID]
		l.window = t.windows[p.agency.ID]
	}
	if p.reporting != nil {
		l.own = t.records[p.reporting.ID]
		if p.agency != nil && p.agency.ID == p.reporting.ID {
			l.own = l.agencyRecord
		}
	}
	return l
}

// isApprovalUnit reports whether u has an approval level.
func isApprovalUnit(u *models.OrgUnit) bool {
	_, ok := domain.ApprovalLevelOf(string(u.Kind))
	return ok
}

// aggregate reports whether the approval unit with id has nothing of its
// own to approve: an Asisten without data of its own in the period.
func (t *periodTree) aggregate(id int64) bool {
	u := t.byID[id]
	rec := t.records[id]
	return u.Kind == models.KindAssistant && t.own[id].Total() == 0 && (rec == nil || rec.State == domain.Draft)
}

// required reports whether the approval unit with id must be approved
// before the agency above it: every Bagian, and any other unit with data of
// its own.
func (t *periodTree) required(id int64) bool {
	return t.byID[id].Kind == models.KindDivision || !t.aggregate(id)
}

// stateOf returns the state of the approval unit with id.
func (t *periodTree) stateOf(id int64) domain.PeriodState {
	l := t.lock(id)
	rec := l.own
	var recState domain.Status
	if rec != nil {
		recState = rec.State
	}
	switch {
	case l.agency != nil && l.agency.ID == id:
		if approved(rec) {
			return domain.PeriodApproved
		}
		// For the agency, a unit approved below is a unit ready for it.
		var states []domain.PeriodState
		for _, b := range t.below(id) {
			st := t.stateOf(b.ID)
			if st == domain.PeriodApproved {
				st = domain.PeriodSubmitted
			}
			states = append(states, st)
		}
		if t.own[id].Total() > 0 || (rec != nil && rec.State != domain.Draft) {
			states = append(states, domain.PeriodStateOf(recState, t.own[id], false))
		}
		return domain.CombineStates(states...)
	case t.aggregate(id):
		var states []domain.PeriodState
		for _, u := range t.units {
			if isApprovalUnit(&u) && u.ID != id && t.placeOf(u.ID).approver.ID == id {
				states = append(states, t.stateOf(u.ID))
			}
		}
		return domain.CombineStates(states...)
	}
	return domain.PeriodStateOf(recState, t.own[id], l.agencyApproved())
}

// below returns the approval units under the unit with id (not itself) that
// must be approved before it, in path order: for an agency, every Bagian and
// every other unit with data of its own; for any other unit, none.
func (t *periodTree) below(id int64) []models.OrgUnit {
	if t.byID[id].Kind != models.KindAgency {
		return nil
	}
	var out []models.OrgUnit
	for _, u := range t.units {
		if u.ID != id && isApprovalUnit(&u) && strings.HasPrefix(u.Path, t.byID[id].Path) && t.required(u.ID) {
			out = append(out, u)
		}
	}
	return out
}

// facts returns where the period of the approval unit with id stands.
func (t *periodTree) facts(id int64) domain.PeriodFacts {
	f := domain.PeriodFacts{State: t.stateOf(id), Counts: t.own[id], Aggregate: t.aggregate(id)}
	for _, b := range t.below(id) {
		if rec := t.records[b.ID]; !approved(rec) {
			f.OpenBelow = append(f.OpenBelow, domain.OpenUnit{Name: b.Name, State: t.stateOf(b.ID)})
		}
	}
	return f
}

// subtreeCounts counts the realisations of the subtree of the unit with id.
func (t *periodTree) subtreeCounts(id int64) domain.Counts {
	var c domain.Counts
	prefix := t.byID[id].Path
	for owner, n := range t.byOwner {
		if u := t.byID[owner]; u != nil && strings.HasPrefix(u.Path, prefix) {
			c = c.Add(n)
		}
	}
	return c
}

// approvalUnits returns the approval units of the tree within scope, in
// path order.
func (t *periodTree) approvalUnits(scope string) []models.OrgUnit {
	return slices.DeleteFunc(slices.Clone(t.units), func(u models.OrgUnit) bool {
		return !isApprovalUnit(&u) || !strings.HasPrefix(u.Path, scope)
	})
}
