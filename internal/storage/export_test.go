package storage

import "context"

// Exec runs a statement on the database, for tests that set up rows the API
// has no write for (an approved realisation, a corrupt row).
func (s *Store) Exec(ctx context.Context, sql string, args ...any) error {
	return s.w.WithContext(ctx).Exec(sql, args...).Error
}
