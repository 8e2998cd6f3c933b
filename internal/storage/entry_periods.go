package storage

import (
	"context"
	"fmt"

	"gorm.io/gorm"

	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/models"
)

// ClosePeriod closes period of year for data entry in the agency with id:
// no realisation of the period is recorded or submitted there until it is
// opened again. actor must manage the agency (an ADMIN).
func (s *Store) ClosePeriod(ctx context.Context, actor Actor, agencyID int64, year int, period domain.Period) (*models.EntryPeriod, error) {
	return s.setWindow(ctx, actor, agencyID, year, period, false)
}

// OpenPeriod opens period of year for data entry in the agency with id
// again. A period is open until an ADMIN closes it.
func (s *Store) OpenPeriod(ctx context.Context, actor Actor, agencyID int64, year int, period domain.Period) (*models.EntryPeriod, error) {
	return s.setWindow(ctx, actor, agencyID, year, period, true)
}

func (s *Store) setWindow(ctx context.Context, actor Actor, agencyID int64, year int, period domain.Period, open bool) (*models.EntryPeriod, error) {
	op, action := "close period", AuditClosePeriod
	if open {
		op, action = "open period", AuditOpenPeriod
	}
	var out models.EntryPeriod
	err := s.write(ctx, op, "period", func(tx *gorm.DB, trail *auditTrail) error {
		if err := checkYearPeriod(year, period); err != nil {
			return err
		}
		agency, err := unitToManage(tx, actor, agencyID, "org unit")
		if err != nil {
			return err
		}
		if agency.Kind != models.KindAgency {
			return domain.Invalid("orgUnitId", fmt.Sprintf("%s is a %s, not an agency: periods are opened and closed for a whole agency", agency.Name, agency.Kind))
		}
		// The agency's record of the period, exclusively: every entry in
		// the period holds it shared, so none is half-way when it closes.
		if _, err := anchor(tx, agency, domain.ApprovalAgency, year, period, true); err != nil {
			return err
		}
		var old []models.EntryPeriod
		if err := tx.Where("org_unit_id = ? AND year = ? AND period = ?", agency.ID, year, period).Limit(1).Find(&old).Error; err != nil {
			return fmt.Errorf("read the entry window: %w", err)
		}
		was := windowOf(old)
		switch {
		case open && !was.Closed:
			return conflict("%s %d is already open for data entry in %s", period, year, agency.Name)
		case !open && was.Closed:
			return conflict("%s %d was already closed for data entry in %s on %s", period, year, agency.Name, was.ClosedAt.UTC().Format("2 January 2006 15:04 MST"))
		}
		now, who := tx.NowFunc(), actor.ActorID()
		out = models.EntryPeriod{OrgUnitID: agency.ID, Year: year, Period: period, Open: open, UpdatedBy: &who, UpdatedAt: now}
		if !open {
			out.ClosedAt, out.ClosedBy = &now, &who
		}
		id, _, err := upsert{
			table: "entry_periods", key: []string{"org_unit_id", "year", "period"},
			columns: []string{"org_unit_id", "year", "period", "open", "closed_at", "closed_by", "updated_by", "updated_at"},
			values:  []any{out.OrgUnitID, year, period, open, out.ClosedAt, out.ClosedBy, who, now},
		}.run(tx)
		if err != nil {
			return err
		}
		out.ID = id
		c := change{action: action, object: ObjectEntryPeriod, id: id, unit: agency.ID, new: out}
		if len(old) == 1 {
			c.old = old[0]
		}
		trail.add(who, c)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// EntryPeriods returns the periods of year an ADMIN has closed or opened
// again in the agency with id, in period order; a period without one is
// open.
func (s *Store) EntryPeriods(ctx context.Context, agencyID int64, year int) ([]models.EntryPeriod, error) {
	var out []models.EntryPeriod
	if err := s.db.WithContext(ctx).Where("org_unit_id = ? AND year = ?", agencyID, year).Order("period").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("read the entry windows of %d: %w", year, err)
	}
	return out, nil
}
