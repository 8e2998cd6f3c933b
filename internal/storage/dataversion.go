package storage

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/jackc/pgx/v5"
	"gorm.io/gorm"

	"github.com/kinerja/kinerja/internal/events"
)

// VersionChannel is the PostgreSQL notification channel on which every
// write announces the data version it committed.
const VersionChannel = "kinerja_data_version"

// DataVersion tells an instance when the data may have changed: its Stamp
// changes with every write this instance commits and, on PostgreSQL, with
// every write another instance commits (announced by NOTIFY) and with every
// loss of the notification connection (when writes may have gone unheard).
// A cache of answers is valid while the stamp stays the same.
type DataVersion struct {
	dialect Dialect
	dsn     string
	log     *slog.Logger

	stamp atomic.Uint64
	live  atomic.Bool

	mu      sync.Mutex
	seen    int64 // the highest version of the data_version row seen
	started bool
	closed  bool
	cancel  context.CancelFunc
	done    chan struct{}
}

func newDataVersion(dialect Dialect, dsn string, log *slog.Logger) *DataVersion {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	v := &DataVersion{dialect: dialect, dsn: dsn, log: log}
	// One process writes an SQLite file: what it commits is all it needs
	// to hear of.
	v.live.Store(dialect == SQLite)
	return v
}

// DataVersion returns the data version of s.
func (s *Store) DataVersion() *DataVersion { return s.version }

// Stamp returns the current stamp, and whether it can be trusted: on
// PostgreSQL only while this instance listens for the writes of the others
// (Watch starts listening). A stamp that cannot be trusted must not serve
// cached answers.
func (v *DataVersion) Stamp() (uint64, bool) {
	return v.stamp.Load(), v.live.Load()
}

// Watch makes v follow the writes of other instances on PostgreSQL: it
// listens for their notifications from now until the store is closed. It
// returns at once; Stamp reports untrusted until the listener is connected.
// On SQLite it does nothing.
func (v *DataVersion) Watch() {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.dialect != Postgres || v.started || v.closed {
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	v.started, v.cancel, v.done = true, cancel, make(chan struct{})
	go func() {
		defer close(v.done)
		events.Listen(ctx, v.dsn, VersionChannel, v.log, versionListener{v})
	}()
}

// close stops listening.
func (v *DataVersion) close() {
	v.mu.Lock()
	v.closed = true
	started := v.started
	if started {
		v.cancel()
	}
	v.mu.Unlock()
	if started {
		<-v.done
	}
	v.live.Store(v.dialect == SQLite)
}

// committed notes that version n of the data has committed: the stamp
// moves on unless n was seen already.
func (v *DataVersion) committed(n int64) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if n > v.seen {
		v.seen = n
		v.stamp.Add(1)
	}
}

// versionListener is the events.Listener of a DataVersion.
type versionListener struct{ v *DataVersion }

// Listening reads the version the database holds now, and moves the stamp
// on in any case: writes may have been missed before.
func (l versionListener) Listening(ctx context.Context, conn *pgx.Conn) error {
	var n int64
	if err := conn.QueryRow(ctx, "SELECT version FROM data_version WHERE id = 1").Scan(&n); err != nil {
		return fmt.Errorf("read the data version: %w", err)
	}
	v := l.v
	v.mu.Lock()
	v.seen = max(v.seen, n)
	v.stamp.Add(1)
	v.live.Store(true)
	v.mu.Unlock()
	return nil
}

// Notified notes the version another write committed.
func (l versionListener) Notified(payload string) {
	n, err := strconv.ParseInt(payload, 10, 64)
	if err != nil {
		l.v.stamp.Add(1) // not a number: assume a change
		return
	}
	l.v.committed(n)
}

// Lost stops the stamp from being trusted until the next connection.
func (l versionListener) Lost() {
	l.v.live.Store(false)
	l.v.stamp.Add(1)
}

// bumpVersion bumps the data version inside the write transaction tx and,
// on PostgreSQL, announces it to every instance (NOTIFY is delivered when,
// and only if, tx commits). It returns the new version.
func bumpVersion(tx *gorm.DB, dialect Dialect) (int64, error) {
	q := "UPDATE data_version SET version = version + 1 WHERE id = 1 RETURNING version"
	if dialect == Postgres {
		q = `WITH v AS (` + q + `)
			SELECT v.version FROM v CROSS JOIN LATERAL (SELECT pg_notify('` + VersionChannel + `', v.version::text)) n`
	}
	var n int64
	if err := tx.Raw(q).Row().Scan(&n); err != nil {
		return 0, fmt.Errorf("bump the data version: %w", err)
	}
	return n, nil
}
