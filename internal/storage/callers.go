package storage

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/kinerja/kinerja/models"
)

// Every request reads its caller's user row (its role, unit path, session
// generation and status), so Caller keeps the rows of this instance's
// callers for a moment. A cached row is good only while nothing may have
// changed it since it was read: every write that touches a user or an org
// unit (a logout, a new password, deactivation, a change of role or unit, a
// moved subtree) moves the cache's epoch on, on this instance as soon as it
// commits, and on the other instances of a PostgreSQL database through a
// notification (callersChannel) that PostgreSQL delivers when the write
// commits. An instance that does not hear the notifications (before it
// listens, while it reconnects) reads every caller from the database. The
// TTL bounds what nothing announces: a change made with SQL by hand, or by
// another program on the same SQLite file.

// callersTTL is how long a cached caller row is used at most.
const callersTTL = 5 * time.Second

// callersChannel is the PostgreSQL notification channel of the writes that
// touch users or org units.
const callersChannel = "kinerja_callers"

// callerCache holds the user rows of recent callers.
type callerCache struct {
	epoch atomic.Uint64
	// live tells whether the writes of every instance reach this one:
	// always on SQLite, while listening on PostgreSQL.
	live atomic.Bool
	mu   sync.RWMutex
	rows map[int64]cachedCaller
	now  func() time.Time

	cancel context.CancelFunc
	done   chan struct{}
}

type cachedCaller struct {
	u     models.User
	epoch uint64
	at    time.Time
}

func newCallerCache() *callerCache {
	return &callerCache{rows: map[int64]cachedCaller{}, now: time.Now}
}

// invalidate forgets every cached row.
func (c *callerCache) invalidate() { c.epoch.Add(1) }

// Caller returns the user with id and the path of its org unit, as User
// does, from this instance's cache when a write since cannot have changed
// it (see above).
func (s *Store) Caller(ctx context.Context, id int64) (*models.User, error) {
	c := s.callers
	if !c.live.Load() {
		return s.User(ctx, id)
	}
	epoch, now := c.epoch.Load(), c.now()
	c.mu.RLock()
	e, ok := c.rows[id]
	c.mu.RUnlock()
	if ok && e.epoch == epoch && now.Sub(e.at) < callersTTL {
		u := e.u
		return &u, nil
	}
	u, err := s.User(ctx, id)
	if err != nil {
		return nil, err
	}
	// A write that committed while the row was read moved the epoch on:
	// the row may predate it, so it is not kept.
	if c.epoch.Load() == epoch {
		c.mu.Lock()
		c.rows[id] = cachedCaller{u: *u, epoch: epoch, at: now}
		c.mu.Unlock()
	}
	return u, nil
}

// touchesCallers tells whether a write that recorded trail may have changed
// what Caller returns.
func (t *auditTrail) touchesCallers() bool {
	for _, e := range t.entries {
		if e.ObjectType == ObjectUser || e.ObjectType == ObjectOrgUnit {
			return true
		}
	}
	return false
}

// listenCallers keeps a connection to the PostgreSQL database at dsn that
// listens on callersChannel and moves the epoch on for each notification,
// until stopCallers. While it is not listening the cache is not used.
func (c *callerCache) listen(dsn string, log *slog.Logger) {
	ctx, cancel := context.WithCancel(context.Background())
	c.cancel, c.done = cancel, make(chan struct{})
	go func() {
		defer close(c.done)
		wait := 100 * time.Millisecond
		for {
			err := c.listenOnce(ctx, dsn)
			c.live.Store(false)
			if ctx.Err() != nil {
				return
			}
			if log != nil {
				log.WarnContext(ctx, "callers cache: lost the notification connection; reading callers from the database until it is back", "err", err, "in", wait)
			}
			select {
			case <-ctx.Done():
				return
			case <-time.After(wait):
			}
			wait = min(2*wait, 10*time.Second)
		}
	}()
}

// listenOnce connects, listens and moves the epoch on for each
// notification until the connection fails or ctx ends.
func (c *callerCache) listenOnce(ctx context.Context, dsn string) error {
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return err
	}
	defer func() { _ = conn.Close(context.Background()) }()
	if _, err := conn.Exec(ctx, "LISTEN "+callersChannel); err != nil {
		return err
	}
	// Writes may have committed unheard before this point.
	c.invalidate()
	c.live.Store(true)
	for {
		if _, err := conn.WaitForNotification(ctx); err != nil {
			return err
		}
		c.invalidate()
	}
}

// stop ends the listener, if any.
func (c *callerCache) stop() {
	if c.cancel != nil {
		c.cancel()
		<-c.done
	}
}
