package storage_test

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/internal/testdb"
)

// TestDataVersion: a write moves the stamp of its own instance at once and,
// on PostgreSQL, that of another instance on the database by notification;
// when the other instance's notification connection is lost, its stamp is
// not trusted until it listens again, and then it has moved on.
func TestDataVersion(t *testing.T) {
	for _, d := range testdb.Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			a, b := testdb.Twin(t, d)
			for _, st := range []*storage.Store{a, b} {
				st.DataVersion().Watch()
				waitStamp(t, st, func(uint64, bool) bool { _, ok := st.DataVersion().Stamp(); return ok })
			}
			u, err := a.UserByUsername(ctx, "sekda")
			if err != nil {
				t.Fatal(err)
			}
			a0, _ := a.DataVersion().Stamp()
			b0, _ := b.DataVersion().Stamp()
			if err := a.EndSessions(ctx, u.ID); err != nil {
				t.Fatal(err)
			}
			if s, ok := a.DataVersion().Stamp(); !ok || s == a0 {
				t.Errorf("the writer's stamp %d (trusted %v) did not move at once", s, ok)
			}
			if d == storage.SQLite {
				return
			}
			waitStamp(t, b, func(s uint64, ok bool) bool { return ok && s != b0 })

			// Cut the other instance's notification connection.
			b1, _ := b.DataVersion().Stamp()
			conn, err := pgx.Connect(ctx, b.DataVersion().DSN())
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close(ctx)
			var cut int
			err = conn.QueryRow(ctx, `SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
				WHERE datname = current_database() AND application_name = 'kinerja listen `+storage.VersionChannel+`'`).Scan(&cut)
			if err != nil || cut != 2 {
				t.Fatalf("cut %d listeners (%v), want the 2 instances'", cut, err)
			}
			waitStamp(t, b, func(s uint64, ok bool) bool { return ok && s != b1 })
		})
	}
}

// waitStamp waits (at most 10 s) until the stamp of st satisfies done.
func waitStamp(t *testing.T, st *storage.Store, done func(uint64, bool) bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(time.Millisecond) {
		if done(st.DataVersion().Stamp()) {
			return
		}
		if time.Now().After(deadline) {
			s, ok := st.DataVersion().Stamp()
			t.Fatalf("stamp %d, trusted %v after 10 s", s, ok)
		}
	}
}
