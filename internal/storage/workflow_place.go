package storage

import (
	"errors"
	"fmt"
	"slices"

	"gorm.io/gorm"

	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/models"
)

// place is where a unit's data sits in the approval hierarchy.
type place struct {
	// unit is the unit whose data it is (an indicator's owner, or the unit
	// of a period).
	unit models.OrgUnit
	// reporting is the approval unit the data is reported and approved in:
	// the nearest unit at or above unit with an approval level (the Bagian
	// of a Subbagian); nil when there is none.
	reporting *models.OrgUnit
	level     domain.ApprovalLevel
	// approver is the unit whose APPROVER approves reporting's data: the
	// nearest approval unit above it, or reporting itself at the top.
	approver *models.OrgUnit
	// agency is the nearest AGENCY at or above unit, whose APPROVER approves
	// a period for the whole agency and whose ADMIN closes periods; nil when
	// there is none.
	agency *models.OrgUnit
}

// placeOf reads the unit at path and the units above it inside tx, and
// returns where the unit's data sits.
func placeOf(tx *gorm.DB, path string) (place, error) {
	var line []models.OrgUnit
	if err := tx.Where("id IN ?", models.PathIDs(path)).Order("depth DESC").Find(&line).Error; err != nil {
		return place{}, fmt.Errorf("read the units of %s: %w", path, err)
	}
	if len(line) == 0 || line[0].Path != path {
		return place{}, fmt.Errorf("read the units of %s: the unit is missing", path)
	}
	return placeOnLine(line[0], line), nil
}

// placeOnLine returns where unit's data sits, given line: unit and the units
// above it, deepest first.
func placeOnLine(unit models.OrgUnit, line []models.OrgUnit) place {
	p := place{unit: unit}
	for i := range line {
		u := &line[i]
		level, ok := domain.ApprovalLevelOf(string(u.Kind))
		switch {
		case !ok:
		case p.reporting == nil:
			p.reporting, p.level = u, level
		case p.approver == nil:
			p.approver = u
		}
		if u.Kind == models.KindAgency && p.agency == nil {
			p.agency = u
		}
	}
	if p.approver == nil {
		p.approver = p.reporting
	}
	return p
}

// anchor reads the approval record of unit's period at level inside tx,
// creating it (DRAFT) when it is missing, and keeps it locked to the end of
// the transaction (PostgreSQL): exclusively (FOR UPDATE) for a change of the
// record or of what it covers alone, else shared (FOR SHARE). Every write
// of a unit's data, and every approval, locks the records it depends on
// first, the agency's before the unit's: so a write and an approval of the
// same unit and period run one after the other, and none waits in a circle.
func anchor(tx *gorm.DB, unit *models.OrgUnit, level domain.ApprovalLevel, year int, period domain.Period, exclusive bool) (*models.Approval, error) {
	read := func() (*models.Approval, error) {
		q := tx.Where("org_unit_id = ? AND year = ? AND period = ? AND level = ?", unit.ID, year, period, level)
		if exclusive {
			q = forUpdate(q)
		} else {
			q = forShare(q)
		}
		var a models.Approval
		if err := q.Take(&a).Error; err != nil {
			return nil, err
		}
		return &a, nil
	}
	a, err := read()
	if err == nil || !isNotFound(err) {
		return a, err
	}
	now := tx.NowFunc()
	err = tx.Exec(`INSERT INTO approvals (org_unit_id, year, period, level, state, version, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, 1, ?, ?) ON CONFLICT (org_unit_id, year, period, level) DO NOTHING`,
		unit.ID, year, period, level, domain.Draft, now, now).Error
	if err != nil {
		return nil, fmt.Errorf("create the approval record of %s for %s %d: %w", unit.Code, period, year, err)
	}
	return read()
}

// entryLock is a unit's period with the approval records that lock it.
type entryLock struct {
	place
	year   int
	period domain.Period
	// own is the record of the reporting unit's period; agency the agency's
	// (the same when the reporting unit is the agency); nil when missing
	// from the hierarchy.
	own, agencyRecord *models.Approval
	window            domain.Window
}

// lockPeriod locks the approval records p's data of a period depends on
// (the agency's shared, or exclusively with exclusiveAgency; the reporting
// unit's exclusively) and reads the period's entry window.
func lockPeriod(tx *gorm.DB, p place, year int, period domain.Period, exclusiveAgency bool) (*entryLock, error) {
	l := &entryLock{place: p, year: year, period: period}
	var err error
	if p.agency != nil {
		sameUnit := p.reporting != nil && p.reporting.ID == p.agency.ID
		if l.agencyRecord, err = anchor(tx, p.agency, domain.ApprovalAgency, year, period, exclusiveAgency || sameUnit); err != nil {
			return nil, err
		}
		if sameUnit {
			l.own = l.agencyRecord
		}
		if l.window, err = entryWindow(tx, p.agency.ID, year, period); err != nil {
			return nil, err
		}
	}
	if p.reporting != nil && l.own == nil {
		if l.own, err = anchor(tx, p.reporting, p.level, year, period, true); err != nil {
			return nil, err
		}
	}
	return l, nil
}

// entryWindow reads whether the period of agency is open for entry.
func entryWindow(tx *gorm.DB, agencyID int64, year int, period domain.Period) (domain.Window, error) {
	var rows []models.EntryPeriod
	err := tx.Where("org_unit_id = ? AND year = ? AND period = ?", agencyID, year, period).Limit(1).Find(&rows).Error
	if err != nil {
		return domain.Window{}, fmt.Errorf("read the entry window of %s %d: %w", period, year, err)
	}
	return windowOf(rows), nil
}

func windowOf(rows []models.EntryPeriod) domain.Window {
	if len(rows) == 0 || rows[0].Open {
		return domain.Window{}
	}
	w := domain.Window{Closed: true}
	if rows[0].ClosedAt != nil {
		w.ClosedAt = *rows[0].ClosedAt
	}
	return w
}

// approved reports whether a record is APPROVED.
func approved(a *models.Approval) bool { return a != nil && a.State == domain.Approved }

// agencyApproved reports whether the agency has approved the period above
// the reporting unit (not the agency's own record as its reporting unit's).
func (l *entryLock) agencyApproved() bool {
	return l.agencyRecord != l.own && approved(l.agencyRecord)
}

// subject is the data of the unit's period as the workflow rules see it,
// for a realisation of an indicator l.unit owns (forRealisation) or for
// the reporting unit's period.
func (l *entryLock) subject(forRealisation bool) domain.Subject {
	s := domain.Subject{Year: l.year, Period: l.period, Window: l.window}
	unit := &l.unit
	if !forRealisation && l.reporting != nil {
		unit = l.reporting
	}
	s.Unit, s.UnitPath = unit.Name, unit.Path
	if l.reporting != nil {
		s.Level = l.level
		s.Approver, s.ApproverPath = l.approver.Name, l.approver.Path
	}
	switch {
	case l.agencyApproved():
		s.AboveApproved, s.Above = true, l.agency.Name
	case forRealisation && approved(l.own):
		s.AboveApproved, s.Above = true, l.reporting.Name
	}
	return s
}

// caller is the actor as the workflow rules see it.
func caller(actor Actor) domain.Caller {
	return domain.Caller{Role: domain.Role(actor.ActorRole()), UnitPath: actor.ActorUnitPath()}
}

// refused turns a refusal of the workflow rules into the error of its kind:
// the actor's FORBIDDEN for who it is, else a conflict with the data as it
// stands. Other errors pass as they are.
func refused(actor Actor, err error) error {
	var r *domain.Refusal
	if !errors.As(err, &r) {
		return err
	}
	if r.Forbidden {
		return actor.Forbidden(r.Message)
	}
	return conflict("%s", r.Message)
}

// unitForPeriod reads the unit with id for a period action: it must be an
// approval unit (a Subbagian's period is its Bagian's).
func unitForPeriod(tx *gorm.DB, id int64) (place, error) {
	u, err := unitByID(tx, id, "org unit")
	if err != nil {
		return place{}, err
	}
	p, err := placeOf(tx, u.Path)
	if err != nil {
		return place{}, err
	}
	if p.reporting == nil || p.reporting.ID != u.ID {
		if p.reporting != nil {
			return place{}, domain.Invalid("orgUnitId", fmt.Sprintf("%s reports into %s: act on the period of %s", u.Name, p.reporting.Name, p.reporting.Name))
		}
		return place{}, domain.Invalid("orgUnitId", fmt.Sprintf("%s lies in no approval hierarchy (no Bagian, Asisten or agency at or above it)", u.Name))
	}
	return p, nil
}

// reportedBy returns the ids of the units whose data reporting reports:
// itself and the units below it that are not approval units themselves nor
// under another one below it. subtree is every unit under reporting.
func reportedBy(reporting models.OrgUnit, subtree []models.OrgUnit) []int64 {
	rep := reportingUnits(subtree)
	var ids []int64
	for _, u := range subtree {
		if rep[u.ID] == reporting.ID {
			ids = append(ids, u.ID)
		}
	}
	return ids
}

// reportingUnits maps every unit of a subtree (every unit under its root,
// the root included) to its reporting unit within it (0 when it has none).
func reportingUnits(subtree []models.OrgUnit) map[int64]int64 {
	units := slices.Clone(subtree)
	slices.SortFunc(units, func(a, b models.OrgUnit) int { return a.Depth - b.Depth })
	rep := make(map[int64]int64, len(units))
	for _, u := range units {
		if _, ok := domain.ApprovalLevelOf(string(u.Kind)); ok {
			rep[u.ID] = u.ID
		} else if u.ParentID != nil {
			rep[u.ID] = rep[*u.ParentID]
		}
	}
	return rep
}

// subtreeOf reads the units under unit (unit included) inside tx.
func subtreeOf(tx *gorm.DB, unit models.OrgUnit) ([]models.OrgUnit, error) {
	var out []models.OrgUnit
	if err := under(tx, "path", unit.Path).Order("path").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("read the units under %s: %w", unit.Code, err)
	}
	return out, nil
}

// yearUnlocked refuses a change of a target or budget line of year of the
// unit at path once its agency has approved the year.
func yearUnlocked(tx *gorm.DB, path string, year int) error {
	p, err := placeOf(tx, path)
	if err != nil || p.agency == nil {
		return err
	}
	rec, err := anchor(tx, p.agency, domain.ApprovalAgency, year, domain.Year, false)
	if err != nil {
		return err
	}
	if err := domain.YearDataAllowed(p.agency.Name, year, approved(rec)); err != nil {
		return conflict("%s", err)
	}
	return nil
}

// deleteWorkflowRecords deletes the approval records and entry windows of
// the unit u, which is being deleted: refused while one of its periods is
// approved (approved data is locked).
func deleteWorkflowRecords(tx *gorm.DB, u *models.OrgUnit) error {
	var n int64
	if err := tx.Model(&models.Approval{}).Where("org_unit_id = ? AND state = ?", u.ID, domain.Approved).Count(&n).Error; err != nil {
		return fmt.Errorf("count the approved periods of %s: %w", u.Code, err)
	}
	if n > 0 {
		return conflict("%s (%s) has %s, which are locked: they must be unapproved before the unit can be deleted", u.Code, u.Name, plural(n, "approved period"))
	}
	for _, row := range []any{&models.Approval{}, &models.EntryPeriod{}} {
		if err := tx.Where("org_unit_id = ?", u.ID).Delete(row).Error; err != nil {
			return fmt.Errorf("delete the workflow records of %s: %w", u.Code, err)
		}
	}
	return nil
}

// plural returns "1 word" or "n words".
func plural(n int64, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
