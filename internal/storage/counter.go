package storage

import (
	"context"
	"fmt"
	"sync/atomic"

	"gorm.io/gorm"
)

// Counter counts the SQL statements run for one context (one request): tests
// assert it, benchmarks report it.
type Counter struct{ n atomic.Int64 }

// Count returns the statements counted so far.
func (c *Counter) Count() int64 { return c.n.Load() }

type counterKey struct{}

// WithCounter returns a context whose statements are counted by the
// returned Counter.
func WithCounter(ctx context.Context) (context.Context, *Counter) {
	c := &Counter{}
	return context.WithValue(ctx, counterKey{}, c), c
}

// registerCounter adds a callback after every kind of statement that bumps
// the Counter of the statement's context, if any, and the store's stats.
func registerCounter(db *gorm.DB, stats *statementStats) error {
	count := func(kind int) func(*gorm.DB) {
		bump := stats.count(kind)
		return func(tx *gorm.DB) {
			bump(tx)
			if tx.Statement == nil || tx.Statement.Context == nil {
				return
			}
			if c, ok := tx.Statement.Context.Value(counterKey{}).(*Counter); ok {
				c.n.Add(1)
			}
		}
	}
	cb := db.Callback()
	for name, err := range map[string]error{
		"create": cb.Create().After("gorm:create").Register("kinerja:count", count(0)),
		"query":  cb.Query().After("gorm:query").Register("kinerja:count", count(1)),
		"update": cb.Update().After("gorm:update").Register("kinerja:count", count(2)),
		"delete": cb.Delete().After("gorm:delete").Register("kinerja:count", count(3)),
		"row":    cb.Row().After("gorm:row").Register("kinerja:count", count(4)),
		"raw":    cb.Raw().After("gorm:raw").Register("kinerja:count", count(5)),
	} {
		if err != nil {
			return fmt.Errorf("register statement counter for %s: %w", name, err)
		}
	}
	return nil
}
