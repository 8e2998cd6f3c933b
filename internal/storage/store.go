package storage

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"time"

	"github.com/glebarez/sqlite"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
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
	db      *gorm.DB
	dialect Dialect
	stats   *statementStats
}

// Open opens the database named by dsn: a postgres:// or postgresql:// URL
// for PostgreSQL, anything else is the path of an SQLite file (created when
// missing). It does not migrate; call Migrate.
func Open(ctx context.Context, dsn string, log *slog.Logger) (*Store, error) {
	var (
		dialector gorm.Dialector
		dialect   Dialect
	)
	if dialect = DialectOf(dsn); dialect == Postgres {
		dialector = postgres.Open(dsn)
	} else {
		if err := createPrivate(dsn, log); err != nil {
			return nil, fmt.Errorf("open sqlite: %w", err)
		}
		dialector = sqlite.Open(sqliteDSN(dsn))
	}
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
	if dialect == SQLite {
		// One writer at a time is SQLite's rule; a small pool of readers
		// works beside it in WAL mode.
		sqlDB.SetMaxOpenConns(4)
	} else {
		sqlDB.SetMaxOpenConns(20)
		sqlDB.SetMaxIdleConns(10)
		sqlDB.SetConnMaxIdleTime(5 * time.Minute)
	}
	if err := sqlDB.PingContext(ctx); err != nil {
		_ = sqlDB.Close()
		return nil, fmt.Errorf("connect to %s: %w", dialect, err)
	}
	s := &Store{db: db, dialect: dialect, stats: &statementStats{}}
	if err := registerCounter(db, s.stats); err != nil {
		_ = sqlDB.Close()
		return nil, err
	}
	return s, nil
}

// sqliteDSN turns a file path into a DSN with the pragmas Kinerja relies on:
// foreign keys enforced, WAL for concurrent readers, a busy timeout, and
// transactions that take the write lock when they begin (so that two writers
// queue rather than fail on upgrade).
func sqliteDSN(path string) string {
	q := url.Values{}
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Set("_txlock", "immediate")
	return "file:" + path + "?" + q.Encode()
}

// Dialect returns the engine of s.
func (s *Store) Dialect() Dialect { return s.dialect }

// Close closes the database.
func (s *Store) Close() error {
	sqlDB, err := s.db.DB()
	if err != nil {
		return err
	}
	return sqlDB.Close()
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
	if err := s.db.WithContext(ctx).Exec("VACUUM INTO ?", path).Error; err != nil {
		return fmt.Errorf("snapshot: %w", err)
	}
	return nil
}
