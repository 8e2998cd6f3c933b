package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/plugin/dbresolver"
)

// ReplicaPin bounds how long after a write its writer's reads stay on the
// primary while the replicas have not replayed it.
const ReplicaPin = 30 * time.Second

// replayRecheck is how long a replica's replay position, once read, serves
// the decisions of other reads.
const replayRecheck = 2 * time.Millisecond

// writeSetting is the statement setting by which dbresolver sends a
// statement to the primary (what dbresolver.Write sets).
const writeSetting = "gorm:db_resolver:write"

type readerKey struct{}

// WithReader returns ctx carrying the id of the user the statements run
// on ctx are for: after that user's writes its reads go to the primary
// until the replicas have replayed them (read-your-writes).
func WithReader(ctx context.Context, userID int64) context.Context {
	return context.WithValue(ctx, readerKey{}, userID)
}

type primaryKey struct{}

// OnPrimary returns ctx whose statements read from the primary, for reads
// that must see every committed write (the caller's session).
func OnPrimary(ctx context.Context) context.Context {
	return context.WithValue(ctx, primaryKey{}, true)
}

func readerFrom(ctx context.Context) (int64, bool) {
	if ctx == nil {
		return 0, false
	}
	id, ok := ctx.Value(readerKey{}).(int64)
	return id, ok
}

// replicas sends reads to PostgreSQL streaming replicas, keeping each
// writer on the primary until they have replayed its writes.
type replicas struct {
	pools []*sql.DB // one per replica, as the resolver uses them

	mu         sync.Mutex
	writes     map[int64]pinnedWrite // by user
	replayed   int64                 // the least replay position of the replicas, as last read
	checked    time.Time
	refreshing bool
}

// pinnedWrite is a user's last write: its position in the primary's WAL,
// and when.
type pinnedWrite struct {
	lsn int64
	at  time.Time
}

// UseReplicas sends the reads of s that run outside a write transaction to
// the PostgreSQL replicas at urls (streaming replicas of the primary s
// opened), spread at random; writes, everything in a write transaction,
// locks and notifications stay on the primary. A user's reads after its
// write (see WithReader) go to the primary until every replica has replayed
// the write, or for ReplicaPin at most. Call it once, before s is used.
func (s *Store) UseReplicas(ctx context.Context, urls []string) error {
	if len(urls) == 0 {
		return nil
	}
	if s.dialect != Postgres {
		return errors.New("replicas: only a PostgreSQL database has replicas")
	}
	r := &replicas{writes: map[int64]pinnedWrite{}}
	var dialectors []gorm.Dialector
	for i, u := range urls {
		if DialectOf(u) != Postgres {
			return fmt.Errorf("replica %d: not a postgres:// URL", i+1)
		}
		pool, err := sql.Open("pgx", u)
		if err != nil {
			r.close()
			return fmt.Errorf("replica %d: %w", i+1, err)
		}
		pool.SetMaxOpenConns(20)
		pool.SetMaxIdleConns(20)
		pool.SetConnMaxIdleTime(5 * time.Minute)
		r.pools = append(r.pools, pool)
		if err := pool.PingContext(ctx); err != nil {
			r.close()
			return fmt.Errorf("connect to replica %d: %w", i+1, err)
		}
		dialectors = append(dialectors, postgres.New(postgres.Config{Conn: pool}))
	}
	if err := s.db.Use(dbresolver.Register(dbresolver.Config{Replicas: dialectors, Policy: dbresolver.RandomPolicy{}})); err != nil {
		r.close()
		return fmt.Errorf("replicas: %w", err)
	}
	// Each of the resolver's callbacks first keeps a pinned reader on the
	// primary (see pinned).
	cb := s.db.Callback()
	// Before "*" as dbresolver registered it: a replacement without it
	// would run after the statement.
	for _, p := range []struct {
		get     func(string) func(*gorm.DB)
		replace func(string, func(*gorm.DB)) error
	}{
		{cb.Query().Get, cb.Query().Before("*").Replace},
		{cb.Row().Get, cb.Row().Before("*").Replace},
		{cb.Raw().Get, cb.Raw().Before("*").Replace},
	} {
		resolve := p.get("gorm:db_resolver")
		if resolve == nil {
			r.close()
			return errors.New("replicas: no gorm:db_resolver callback")
		}
		err := p.replace("gorm:db_resolver", func(db *gorm.DB) {
			if r.pinned(db.Statement.Context) {
				db.Statement.Settings.Store(writeSetting, struct{}{})
			}
			resolve(db)
		})
		if err != nil {
			r.close()
			return fmt.Errorf("replicas: %w", err)
		}
	}
	s.replicas = r
	return nil
}

// wrote notes, after a write on ctx has committed, where the primary's WAL
// stands: the writer's reads stay on the primary until the replicas have
// replayed that far.
func (s *Store) wrote(ctx context.Context) {
	if s.replicas == nil {
		return
	}
	id, ok := readerFrom(ctx)
	if !ok {
		return
	}
	var lsn int64
	err := s.w.WithContext(ctx).Clauses(dbresolver.Write).
		Raw("SELECT (pg_current_wal_insert_lsn() - '0/0'::pg_lsn)::bigint").Row().Scan(&lsn)
	if err != nil {
		// Unknown: keep the writer on the primary for the whole pin.
		lsn = 1<<63 - 1
	}
	r := s.replicas
	r.mu.Lock()
	r.writes[id] = pinnedWrite{lsn: lsn, at: time.Now()}
	r.mu.Unlock()
}

// pinned reports whether the reads on ctx must go to the primary: their
// user wrote what the replicas may not have replayed yet.
func (r *replicas) pinned(ctx context.Context) bool {
	if ctx == nil {
		return false
	}
	if p, _ := ctx.Value(primaryKey{}).(bool); p {
		return true
	}
	id, ok := readerFrom(ctx)
	if !ok {
		return false
	}
	r.mu.Lock()
	w, ok := r.writes[id]
	switch {
	case !ok:
		r.mu.Unlock()
		return false
	case time.Since(w.at) > ReplicaPin || w.lsn <= r.replayed:
		delete(r.writes, id)
		r.mu.Unlock()
		return false
	case r.refreshing || time.Since(r.checked) < replayRecheck:
		r.mu.Unlock()
		return true
	}
	r.refreshing = true
	r.mu.Unlock()

	replayed, err := r.replay(ctx)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.refreshing = false
	if err != nil {
		return true
	}
	r.replayed, r.checked = max(r.replayed, replayed), time.Now()
	if w.lsn <= r.replayed {
		delete(r.writes, id)
		return false
	}
	return true
}

// replay returns the least WAL position the replicas have replayed (a
// replica that is no standby counts as having replayed everything).
func (r *replicas) replay(ctx context.Context) (int64, error) {
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	least := int64(1<<63 - 1)
	for _, p := range r.pools {
		var lsn sql.NullInt64
		if err := p.QueryRowContext(ctx, "SELECT (pg_last_wal_replay_lsn() - '0/0'::pg_lsn)::bigint").Scan(&lsn); err != nil {
			return 0, fmt.Errorf("replay position of a replica: %w", err)
		}
		if lsn.Valid {
			least = min(least, lsn.Int64)
		}
	}
	return least, nil
}

// close closes the replicas' pools.
func (r *replicas) close() error {
	if r == nil {
		return nil
	}
	var errs []error
	for _, p := range r.pools {
		errs = append(errs, p.Close())
	}
	return errors.Join(errs...)
}
