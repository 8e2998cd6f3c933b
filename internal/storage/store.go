package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"time"

	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/kinerja/kinerja/internal/events"
)

// Dialect names a database engine.
type Dialect string

// The supported engines.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// Store is the database of one Kinerja instance.
type Store struct {
	// db reads. On SQLite it is a pool of read-only connections.
	db *gorm.DB
	// w writes: every write transaction, the migrations, settings. On
	// SQLite it is one connection, so that writers queue in Go rather than
	// contend for SQLite's write lock; on PostgreSQL it is db.
	w       *gorm.DB
	dialect Dialect
	stats   *statementStats
	// bus carries the workflow's events to subscribers (see events.go).
	bus events.Bus
	// callers caches the user rows of the callers (see callers.go).
	callers *callerCache
	// version is the data version every write bumps (see dataversion.go).
	version *DataVersion
	// replicas, when set, take the reads (see replicas.go).
	replicas *replicas
	// facts recomputes what a write left stale (see facts_worker.go).
	facts *factsWorker
	// units caches org units (see orgunit_cache.go).
	units unitCache
}

// Open opens the database named by dsn: a postgres:// or postgresql:// URL
// for PostgreSQL, anything else is the path of an SQLite file (created when
// missing). It does not migrate; call Migrate.
func Open(ctx context.Context, dsn string, log *slog.Logger) (*Store, error) {
	var (
		s   *Store
		err error
	)
	if DialectOf(dsn) == Postgres {
		s, err = openPostgres(ctx, dsn, log)
	} else {
		s, err = openSQLite(ctx, dsn, log)
	}
	if err != nil {
		return nil, err
	}
	s.stats = &statementStats{}
	s.bus = newBus(s.dialect, dsn, log)
	s.callers = newCallerCache()
	if s.dialect == Postgres {
		s.callers.listen(dsn, log)
	} else {
		s.callers.live.Store(true)
	}
	s.version = newDataVersion(s.dialect, dsn, log)
	s.facts = &factsWorker{log: orDiscard(log)}
	for _, db := range s.pools() {
		if err := db.Use(pgxStats{s.stats}); err != nil {
			_ = s.Close()
			return nil, err
		}
		if err := registerCounter(db, s.stats); err != nil {
			_ = s.Close()
			return nil, err
		}
	}
	return s, nil
}

// postgresConns is the size of the pool of connections to PostgreSQL.
const postgresConns = 20

// openPostgres opens one pool of connections that reads and writes.
func openPostgres(ctx context.Context, dsn string, log *slog.Logger) (*Store, error) {
	db, err := openPool(ctx, Postgres, postgres.Open(dsn), log, func(sqlDB *sql.DB) {
		// Keep every connection the pool opens: a connection closed
		// for being idle one moment is opened again the next under load,
		// and PostgreSQL forks a session and plans every statement anew
		// for each. A lifetime rotates them slowly (a restarted or failed
		// over server, memory held by a long session).
		sqlDB.SetMaxOpenConns(postgresConns)
		sqlDB.SetMaxIdleConns(postgresConns)
		sqlDB.SetConnMaxIdleTime(5 * time.Minute)
		sqlDB.SetConnMaxLifetime(time.Hour)
	})
	if err != nil {
		return nil, err
	}
	return &Store{db: db, w: db, dialect: Postgres}, nil
}

// openPool opens a GORM database on dialector, sizes its pool with size and
// checks that it answers.
func openPool(ctx context.Context, dialect Dialect, dialector gorm.Dialector, log *slog.Logger, size func(*sql.DB)) (*gorm.DB, error) {
	db, err := gorm.Open(dialector, &gorm.Config{
		SkipDefaultTransaction: true,
		// Cache prepared statements: the API asks the same few shapes of
		// query over and over, and parsing SQL is a real share of a
		// request on SQLite.
		PrepareStmt:        true,
		PrepareStmtMaxSize: 512,
		PrepareStmtTTL:     time.Hour,
		TranslateError:     true,
		NowFunc:            func() time.Time { return time.Now().UTC() },
		Logger:             newLogger(log),
	})
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", dialect, err)
	}
	sqlDB, err := db.DB()
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", dialect, err)
	}
	size(sqlDB)
	if err := sqlDB.PingContext(ctx); err != nil {
		_ = sqlDB.Close()
		return nil, fmt.Errorf("connect to %s: %w", dialect, err)
	}
	return db, nil
}

// pools returns the distinct connection pools of s, the writer last (on
// SQLite the last connection closed checkpoints the WAL into the file).
func (s *Store) pools() []*gorm.DB {
	if s.w == s.db {
		return []*gorm.DB{s.db}
	}
	return []*gorm.DB{s.db, s.w}
}

// Dialect returns the engine of s.
func (s *Store) Dialect() Dialect { return s.dialect }

// Close closes the database.
func (s *Store) Close() error {
	s.facts.stop()
	s.callers.stop()
	s.version.close()
	errs := []error{s.bus.Close(), s.replicas.close()}
	for _, db := range s.pools() {
		sqlDB, err := db.DB()
		if err == nil {
			err = sqlDB.Close()
		}
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error {
	sqlDB, err := s.db.DB()
	if err != nil {
		return err
	}
	return sqlDB.PingContext(ctx)
}

// newLogger logs slow statements through log, and failed ones (other than
// "record not found") at DEBUG: the caller gets the error and logs it once.
// Statements are logged without their arguments (they hold user data).
func newLogger(log *slog.Logger) logger.Interface {
	if log == nil {
		return logger.Discard
	}
	return &gormLogger{log: log, slow: 500 * time.Millisecond}
}

type gormLogger struct {
	log  *slog.Logger
	slow time.Duration
}

func (l *gormLogger) LogMode(logger.LogLevel) logger.Interface { return l }
func (l *gormLogger) Info(context.Context, string, ...any)     {}
func (l *gormLogger) Warn(ctx context.Context, msg string, args ...any) {
	l.log.WarnContext(ctx, fmt.Sprintf(msg, args...))
}
func (l *gormLogger) Error(ctx context.Context, msg string, args ...any) {
	l.log.ErrorContext(ctx, fmt.Sprintf(msg, args...))
}
func (l *gormLogger) Trace(ctx context.Context, begin time.Time, fc func() (string, int64), err error) {
	elapsed := time.Since(begin)
	switch {
	case err != nil && !errors.Is(err, gorm.ErrRecordNotFound) && !errors.Is(err, context.Canceled):
		sql, _ := fc()
		l.log.DebugContext(ctx, "sql failed", "err", err, "sql", firstWords(sql), "elapsed", elapsed)
	case elapsed > l.slow:
		sql, rows := fc()
		l.log.WarnContext(ctx, "slow sql", "sql", firstWords(sql), "rows", rows, "elapsed", elapsed)
	}
}

// ParamsFilter drops the arguments of a statement, so that Trace sees it
// with its placeholders (gorm.ParamsFilter).
func (l *gormLogger) ParamsFilter(_ context.Context, sql string, _ ...any) (string, []any) {
	return sql, nil
}

// firstWords shortens a statement (without its arguments: see
// ParamsFilter) for a log line.
func firstWords(sql string) string {
	if len(sql) > 300 {
		return sql[:300] + "…"
	}
	return sql
}

// Snapshot writes a consistent copy of an SQLite database to path (VACUUM
// INTO): a backup, or a template for tests.
func (s *Store) Snapshot(ctx context.Context, path string) error {
	if s.dialect != SQLite {
		return fmt.Errorf("snapshot: only SQLite databases can be copied to a file")
	}
	// VACUUM INTO writes into an empty file as it finds it, so the copy
	// gets FileMode.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, FileMode)
	if err != nil {
		return fmt.Errorf("snapshot: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("snapshot: %w", err)
	}
	if err := s.w.WithContext(ctx).Exec("VACUUM INTO ?", path).Error; err != nil {
		return fmt.Errorf("snapshot: %w", err)
	}
	return nil
}
