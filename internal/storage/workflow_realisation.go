package storage

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/models"
)

// SubmitRealisation submits the realisation with id (a DRAFT or REJECTED
// one) to the APPROVER of the unit above its Bagian.
func (s *Store) SubmitRealisation(ctx context.Context, actor Actor, id int64) (*models.Realisation, error) {
	return s.realisationAction(ctx, actor, id, domain.ActionSubmit, "")
}

// ApproveRealisation approves the submitted realisation with id; approved,
// it is locked.
func (s *Store) ApproveRealisation(ctx context.Context, actor Actor, id int64) (*models.Realisation, error) {
	return s.realisationAction(ctx, actor, id, domain.ActionApprove, "")
}

// RejectRealisation sends the submitted realisation with id back to its unit
// with reason, which the unit reads with the value.
func (s *Store) RejectRealisation(ctx context.Context, actor Actor, id int64, reason string) (*models.Realisation, error) {
	return s.realisationAction(ctx, actor, id, domain.ActionReject, reason)
}

// UnapproveRealisation undoes the approval of the realisation with id, for
// reason: it is SUBMITTED again, waiting for its approver. The approval of
// its period must be undone first.
func (s *Store) UnapproveRealisation(ctx context.Context, actor Actor, id int64, reason string) (*models.Realisation, error) {
	return s.realisationAction(ctx, actor, id, domain.ActionUnapprove, reason)
}

// realisationAction does act to the realisation with id, when the workflow's
// rules allow it the actor, with the records of its unit's period locked.
func (s *Store) realisationAction(ctx context.Context, actor Actor, id int64, act domain.Action, reason string) (*models.Realisation, error) {
	tr := transitions[act]
	var out models.Realisation
	err := s.write(ctx, tr.op+" realisation", "realisation", func(tx *gorm.DB, trail *auditTrail) error {
		if tr.reason {
			var err error
			if reason, err = domain.CheckReason(reason); err != nil {
				return err
			}
		}
		rows, err := realisationsWithOwner(tx, "realisations.id = ?", id)
		if err != nil {
			return err
		}
		if len(rows) == 0 {
			return notFound("realisation", id)
		}
		p, err := placeOf(tx, rows[0].OwnerPath)
		if err != nil {
			return err
		}
		lock, err := lockPeriod(tx, p, rows[0].Year, rows[0].Period, false)
		if err != nil {
			return err
		}
		// Read again: the records locked, the row stands still.
		if rows, err = realisationsWithOwner(forUpdateOf(tx, "realisations"), "realisations.id = ?", id); err != nil {
			return err
		}
		if err := domain.RealisationAllowed(caller(actor), lock.subject(true), rows[0].Status).Check(act); err != nil {
			return refused(actor, err)
		}
		changed, err := tr.apply(tx, trail, actor.ActorID(), reason, rows)
		if err != nil {
			return err
		}
		out = changed[0].Realisation
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// ownedRealisation is a realisation with its indicator's owner.
type ownedRealisation struct {
	models.Realisation `gorm:"embedded"`
	OwnerID            int64
	OwnerPath          string
}

// realisationsWithOwner reads the realisations that cond selects with their
// indicators' owners, in id order.
func realisationsWithOwner(tx *gorm.DB, cond string, args ...any) ([]ownedRealisation, error) {
	var out []ownedRealisation
	err := tx.Table("realisations").Select("realisations.*, i.owner_id, o.path AS owner_path").
		Joins("JOIN indicators i ON i.id = realisations.indicator_id").
		Joins("JOIN org_units o ON o.id = i.owner_id").
		Where(cond, args...).Order("realisations.id").Find(&out).Error
	if err != nil {
		return nil, fmt.Errorf("read realisations: %w", err)
	}
	return out, nil
}

// transition is what an action does to realisations: from which statuses to
// which, and which columns it sets.
type transition struct {
	op     string // for error messages
	audit  string
	from   []domain.Status
	to     domain.Status
	reason bool // the action needs a reason
}

// transitions are the transitions of the workflow's actions.
var transitions = map[domain.Action]transition{
	domain.ActionSubmit:    {"submit", AuditSubmit, []domain.Status{domain.Draft, domain.Rejected}, domain.Submitted, false},
	domain.ActionApprove:   {"approve", AuditApprove, []domain.Status{domain.Submitted}, domain.Approved, false},
	domain.ActionReject:    {"reject", AuditReject, []domain.Status{domain.Submitted}, domain.Rejected, true},
	domain.ActionUnapprove: {"unapprove", AuditUnapprove, []domain.Status{domain.Approved}, domain.Submitted, true},
}

// set returns the columns tr sets, and applies them to r.
func (tr transition) set(r *models.Realisation, who int64, reason string, now time.Time) map[string]any {
	cols := map[string]any{"status": tr.to, "version": gorm.Expr("version + 1"), "updated_by": who, "updated_at": now}
	r.Status, r.Version, r.UpdatedBy, r.UpdatedAt = tr.to, r.Version+1, &who, now
	switch tr.audit {
	case AuditSubmit:
		cols["submitted_by"], cols["submitted_at"], cols["rejection_reason"] = who, now, nil
		r.SubmittedBy, r.SubmittedAt, r.RejectionReason = &who, &now, nil
	case AuditApprove:
		cols["approved_by"], cols["approved_at"] = who, now
		r.ApprovedBy, r.ApprovedAt = &who, &now
	case AuditReject:
		cols["rejection_reason"] = reason
		r.RejectionReason = &reason
	case AuditUnapprove:
		cols["approved_by"], cols["approved_at"] = nil, nil
		r.ApprovedBy, r.ApprovedAt = nil, nil
	}
	return cols
}

// apply moves rows (all in one of tr.from) to tr.to in one statement, done
// by the user with id who for reason, records each change in trail, and
// returns the rows as they are now. The caller has locked the rows (their
// unit's period record).
func (tr transition) apply(tx *gorm.DB, trail *auditTrail, who int64, reason string, rows []ownedRealisation) ([]ownedRealisation, error) {
	if len(rows) == 0 {
		return nil, nil
	}
	now := tx.NowFunc()
	ids := make([]int64, len(rows))
	after := make([]ownedRealisation, len(rows))
	var cols map[string]any
	for i, r := range rows {
		ids[i] = r.ID
		after[i] = r
		cols = tr.set(&after[i].Realisation, who, reason, now)
	}
	res := tx.Model(&models.Realisation{}).Where("id IN ? AND status IN ?", ids, tr.from).Updates(cols)
	if res.Error != nil {
		return nil, fmt.Errorf("%s realisations: %w", tr.op, res.Error)
	}
	if res.RowsAffected != int64(len(rows)) {
		return nil, conflict("%d of %d realisations changed at the same moment: try again", int64(len(rows))-res.RowsAffected, len(rows))
	}
	for i, r := range rows {
		trail.add(who, change{action: tr.audit, object: ObjectRealisation, id: r.ID, unit: r.OwnerID, indicator: r.IndicatorID,
			old: r.Realisation, new: after[i].Realisation, reason: reason})
	}
	return after, nil
}
