package storage

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"gorm.io/gorm"

	"github.com/kinerja/kinerja/internal/events"
	"github.com/kinerja/kinerja/models"
)

// workflowActions are the audit actions that are events of the workflow,
// published to the subscribers of package events.
var workflowActions = map[string]bool{
	AuditSubmit: true, AuditApprove: true, AuditReject: true, AuditUnapprove: true,
	AuditOpenPeriod: true, AuditClosePeriod: true,
}

// newBus returns the event bus of a database of dialect at dsn.
func newBus(dialect Dialect, dsn string, log *slog.Logger) events.Bus {
	if dialect == Postgres {
		return events.NewPostgres(dsn, log)
	}
	return events.NewLocal()
}

// Events returns the bus that delivers the workflow's events once their
// changes have committed, from every instance on the same database.
func (s *Store) Events() events.Bus { return s.bus }

// marked is an entry of an audit trail that is a workflow event, with the
// year and period of its object.
type marked struct {
	entry  int // index in auditTrail.entries
	year   int
	period string
}

// mark notes that the entry just added for c is an event of the workflow,
// when it is one.
func (t *auditTrail) mark(c change) {
	if !workflowActions[c.action] {
		return
	}
	m := marked{entry: len(t.entries) - 1}
	for _, v := range []any{c.new, c.old} {
		switch x := v.(type) {
		case models.Realisation:
			m.year, m.period = x.Year, string(x.Period)
		case models.Approval:
			m.year, m.period = x.Year, string(x.Period)
		case models.EntryPeriod:
			m.year, m.period = x.Year, string(x.Period)
		default:
			continue
		}
		break
	}
	t.marked = append(t.marked, m)
}

// events returns the workflow events of the trail, once it is flushed.
func (t *auditTrail) events() []events.Event {
	if len(t.marked) == 0 {
		return nil
	}
	out := make([]events.Event, 0, len(t.marked))
	for _, m := range t.marked {
		e := t.entries[m.entry]
		if e.OrgUnitID == nil || e.UnitPath == nil {
			continue // no unit: no scope to deliver it in
		}
		ev := events.Event{AuditID: e.ID, Action: e.Action, Object: e.ObjectType, OrgUnitID: *e.OrgUnitID,
			UnitPath: *e.UnitPath, Year: m.year, Period: m.period, At: e.At, HasReason: e.Reason != nil}
		if e.ObjectID != nil {
			ev.ObjectID = *e.ObjectID
		}
		if e.IndicatorID != nil {
			ev.IndicatorID = *e.IndicatorID
		}
		if e.UserID != nil {
			ev.ActorID = *e.UserID
		}
		out = append(out, ev)
	}
	return out
}

// publish hands the workflow events of a flushed trail to the bus inside
// the change's transaction tx, and returns them for Committed.
func (s *Store) publish(ctx context.Context, tx *gorm.DB, trail *auditTrail) ([]events.Event, error) {
	evs := trail.events()
	if len(evs) == 0 {
		return nil, nil
	}
	if s.dialect == Postgres {
		// The instant as stored: pgx sends whole microseconds.
		for i := range evs {
			evs[i].At = evs[i].At.Truncate(time.Microsecond)
		}
	}
	exec := func(ctx context.Context, sql string, args ...any) error {
		return tx.WithContext(ctx).Exec(sql, args...).Error
	}
	if err := s.bus.InTransaction(ctx, exec, evs); err != nil {
		return nil, fmt.Errorf("publish the workflow's events: %w", err)
	}
	return evs, nil
}

// AuditEntry returns the audit entry with id, for the details of an event
// (its reason).
func (s *Store) AuditEntry(ctx context.Context, id int64) (*models.AuditEntry, error) {
	var out []models.AuditEntry
	if err := s.db.WithContext(ctx).Where("id = ?", id).Limit(1).Find(&out).Error; err != nil {
		return nil, fmt.Errorf("read audit entry %d: %w", id, err)
	}
	if len(out) == 0 {
		return nil, notFound("audit entry", id)
	}
	return &out[0], nil
}
