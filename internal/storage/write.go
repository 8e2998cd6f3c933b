package storage

import (
	"context"

	"gorm.io/gorm"
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
}

// write runs fn in one transaction: the single funnel of every change, where
// the approval workflow's locks and the audit trail will hook in. op and what
// name the change for error messages ("set target", "target").
func (s *Store) write(ctx context.Context, op, what string, fn func(tx *gorm.DB) error) error {
	err := s.w.WithContext(ctx).Transaction(fn)
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
