package storage

import (
	"context"

	"gorm.io/gorm"

	"github.com/kinerja/kinerja/internal/events"
)

// Actor is who makes a change, with the checks of what it may change. The
// request identity of package auth satisfies it; storage calls the checks
// inside the change's transaction, on the rows as they are there.
type Actor interface {
	// ActorID is the id of the acting user, recorded with the change.
	ActorID() int64
	// CanEnter returns nil when the actor may enter data (targets,
	// realisations, budget lines) for the org unit at path.
	CanEnter(path string) error
	// CanManage returns nil when the actor may manage org units, plans,
	// indicators and users at the org unit at path.
	CanManage(path string) error
	// ActorRole (ADMIN, APPROVER, OPERATOR or VIEWER) and ActorUnitPath
	// (the path of the actor's org unit) are what the approval workflow's
	// rules decide with.
	ActorRole() string
	ActorUnitPath() string
	// Forbidden returns the error that refuses the actor an action for who
	// it is (its role or place), with msg saying why.
	Forbidden(msg string) error
}

// write runs fn in one transaction: the single funnel of every change. fn
// records what it changed in trail, and the entries are written in the same
// transaction; a change that records nothing is refused, so that no write
// escapes the audit trail. op and what name the change for error messages
// ("set target", "target"). The entries that are events of the workflow
// go to the event bus, inside the transaction and once it has committed.
func (s *Store) write(ctx context.Context, op, what string, fn func(tx *gorm.DB, trail *auditTrail) error) error {
	var (
		published []events.Event
		callers   bool // the write touches users or org units: see callers.go
		version   int64
		stale     bool // facts left for the worker: see facts_worker.go
	)
	err := s.w.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		trail := &auditTrail{}
		if err := fn(tx, trail); err != nil {
			return err
		}
		if err := trail.flush(tx, op); err != nil {
			return err
		}
		callers = trail.touchesCallers()
		if callers && s.dialect == Postgres {
			if err := tx.Exec("SELECT pg_notify(?, '')", callersChannel).Error; err != nil {
				return err
			}
		}
		var err error
		if version, err = bumpVersion(tx, s.dialect); err != nil {
			return err
		}
		// After the version's lock: see facts.go.
		if stale, err = refreshFacts(tx); err != nil {
			return err
		}
		published, err = s.publish(ctx, tx, trail)
		return err
	})
	if err == nil {
		s.version.committed(version)
		s.wrote(ctx)
	}
	if err == nil && callers {
		s.callers.invalidate()
	}
	if err == nil && stale {
		s.refreshLater()
	}
	if err == nil && len(published) > 0 {
		s.bus.Committed(published)
	}
	return translate(op, what, err)
}

// pathRange returns the bounds of the subtree under path ("/1/2/"): every
// path p with lo <= p < hi. Paths are digits and slashes, and '0' follows '/'
// in byte order.
func pathRange(path string) (lo, hi string) {
	if path == "" {
		return "", "\x7f"
	}
	return path, path[:len(path)-1] + "0"
}

// under adds to q the condition that column (a path) lies in the subtree of
// path.
func under(q *gorm.DB, column, path string) *gorm.DB {
	lo, hi := pathRange(path)
	return q.Where(column+" >= ? AND "+column+" < ?", lo, hi)
}
