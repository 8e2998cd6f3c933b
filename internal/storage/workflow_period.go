package storage

import (
	"context"
	"fmt"

	"gorm.io/gorm"

	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/models"
)

// UnitApproval is where one unit stands for a period of a year, with what
// the caller may do about it now.
type UnitApproval struct {
	Unit   models.OrgUnit
	Level  domain.ApprovalLevel
	Year   int
	Period domain.Period
	State  domain.PeriodState
	// Own counts the realisations the unit reports (its Subbagian's
	// included), by status; Counts those of its whole subtree.
	Own, Counts domain.Counts
	// Record is the unit's approval record (nil when it has none): who
	// submitted and approved, when, and the reason of the last rejection or
	// unapproval.
	Record  *models.Approval
	Allowed domain.Allowed
}

// SubmitPeriod submits every draft and rejected realisation the unit with
// id reports for period of year, at once; with none, the unit submits that
// it has nothing to report.
func (s *Store) SubmitPeriod(ctx context.Context, actor Actor, unitID int64, year int, period domain.Period) (*UnitApproval, error) {
	return s.periodAction(ctx, actor, unitID, year, period, domain.ActionSubmit, "")
}

// ApprovePeriod approves the period of year of the unit with id: by the
// APPROVER of the Asisten over a Bagian, every realisation of the Bagian is
// approved with it (none must be a draft or rejected; a Bagian with nothing
// to report is approved as empty); by the APPROVER of an agency, the period
// is approved for the whole agency, which needs every Bagian under it
// approved. The unit's data is locked then.
func (s *Store) ApprovePeriod(ctx context.Context, actor Actor, unitID int64, year int, period domain.Period) (*UnitApproval, error) {
	return s.periodAction(ctx, actor, unitID, year, period, domain.ActionApprove, "")
}

// RejectPeriod sends every submitted realisation of the unit with id for
// period of year back to it, with reason.
func (s *Store) RejectPeriod(ctx context.Context, actor Actor, unitID int64, year int, period domain.Period, reason string) (*UnitApproval, error) {
	return s.periodAction(ctx, actor, unitID, year, period, domain.ActionReject, reason)
}

// UnapprovePeriod undoes the approval of the period of year of the unit
// with id, for reason: the period and its approved realisations wait for
// approval again. While the agency's approval stands, a Bagian's cannot be
// undone.
func (s *Store) UnapprovePeriod(ctx context.Context, actor Actor, unitID int64, year int, period domain.Period, reason string) (*UnitApproval, error) {
	return s.periodAction(ctx, actor, unitID, year, period, domain.ActionUnapprove, reason)
}

// periodAction does act to the period of the unit with id, when the
// workflow's rules allow it the actor.
func (s *Store) periodAction(ctx context.Context, actor Actor, unitID int64, year int, period domain.Period, act domain.Action, reason string) (*UnitApproval, error) {
	tr := transitions[act]
	var out *UnitApproval
	err := s.write(ctx, tr.op+" period", "period", func(tx *gorm.DB, trail *auditTrail) error {
		if err := checkYearPeriod(year, period); err != nil {
			return err
		}
		if tr.reason {
			var err error
			if reason, err = domain.CheckReason(reason); err != nil {
				return err
			}
		}
		p, err := unitForPeriod(tx, unitID)
		if err != nil {
			return err
		}
		unit := *p.reporting
		isAgency := p.agency != nil && p.agency.ID == unit.ID
		lock, err := lockPeriod(tx, p, year, period, isAgency)
		if err != nil {
			return err
		}
		tree, err := readPeriodTree(tx, unit, year, period)
		if err != nil {
			return err
		}
		facts := tree.facts(unit.ID)
		if err := domain.PeriodAllowed(caller(actor), lock.subject(false), facts).Check(act); err != nil {
			return refused(actor, err)
		}
		rows, err := realisationsWithOwner(forUpdateOf(tx, "realisations"),
			"realisations.year = ? AND realisations.period = ? AND realisations.status IN ? AND i.owner_id IN ?",
			year, period, tr.from, reportedBy(unit, tree.units))
		if err != nil {
			return err
		}
		if _, err := tr.apply(tx, trail, actor.ActorID(), reason, rows); err != nil {
			return err
		}
		rec, err := setRecord(tx, lock.own, tr, actor.ActorID(), reason)
		if err != nil {
			return err
		}
		trail.add(actor.ActorID(), change{action: tr.audit, object: ObjectPeriod, id: rec.ID, unit: unit.ID,
			old: *lock.own, new: *rec, reason: reason})
		if tree, err = readPeriodTree(tx, unit, year, period); err != nil {
			return err
		}
		out = tree.status(actor, unit.ID)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// setRecord moves the approval record rec (locked) as tr does to a period,
// done by the user with id who for reason, and returns it as it is now.
// Submitted, a period waits for its approval; unapproved, it waits again.
func setRecord(tx *gorm.DB, rec *models.Approval, tr transition, who int64, reason string) (*models.Approval, error) {
	now := tx.NowFunc()
	after := *rec
	after.State, after.Version, after.UpdatedBy, after.UpdatedAt = tr.to, rec.Version+1, &who, now
	cols := map[string]any{"state": tr.to, "version": gorm.Expr("version + 1"), "updated_by": who, "updated_at": now}
	switch tr.audit {
	case AuditSubmit:
		cols["submitted_by"], cols["submitted_at"], cols["reason"] = who, now, nil
		after.SubmittedBy, after.SubmittedAt, after.Reason = &who, &now, nil
	case AuditApprove:
		cols["approved_by"], cols["approved_at"], cols["reason"] = who, now, nil
		after.ApprovedBy, after.ApprovedAt, after.Reason = &who, &now, nil
	case AuditReject, AuditUnapprove:
		cols["approved_by"], cols["approved_at"], cols["reason"] = nil, nil, reason
		after.ApprovedBy, after.ApprovedAt, after.Reason = nil, nil, &reason
	}
	res := tx.Model(&models.Approval{}).Where("id = ? AND version = ?", rec.ID, rec.Version).Updates(cols)
	if res.Error != nil {
		return nil, fmt.Errorf("%s the period: %w", tr.op, res.Error)
	}
	if res.RowsAffected != 1 {
		return nil, conflict("the period changed at the same moment: try again")
	}
	return &after, nil
}

// status returns where the approval unit with id stands, with what actor
// may do.
func (t *periodTree) status(actor Actor, id int64) *UnitApproval {
	u := t.byID[id]
	level, _ := domain.ApprovalLevelOf(string(u.Kind))
	f := t.facts(id)
	return &UnitApproval{
		Unit: *u, Level: level, Year: t.year, Period: t.period, State: f.State,
		Own: t.own[id], Counts: t.subtreeCounts(id), Record: t.records[id],
		Allowed: domain.PeriodAllowed(caller(actor), t.lock(id).subject(false), f),
	}
}

// checkYearPeriod checks a year and period named by a caller.
func checkYearPeriod(year int, period domain.Period) error {
	if !period.Valid() {
		return domain.Invalid("period", fmt.Sprintf("%q is not a period: use Q1, Q2, Q3, Q4 or YEAR", period))
	}
	if year < MinPlanYear || year > MaxPlanYear {
		return domain.Invalid("year", fmt.Sprintf("%d is not a year between %d and %d", year, MinPlanYear, MaxPlanYear))
	}
	return nil
}
