package storage

import "strings"

// DialectOf returns the engine a dsn names: PostgreSQL for a postgres:// or
// postgresql:// URL, SQLite for anything else (a file path).
func DialectOf(dsn string) Dialect {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		return Postgres
	}
	return SQLite
}
