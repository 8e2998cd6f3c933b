package storage_test

import (
	"context"
	"testing"
	"time"

	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/internal/testdb"
	"github.com/kinerja/kinerja/models"
)

// TestCallerCache: a caller read again is answered without a statement; a
// logout moves its session generation on for the next read at once on the
// instance that wrote it, and on another instance of the same database
// within a bounded time (PostgreSQL: as soon as the notification of the
// commit arrives; SQLite files shared by two processes: the TTL).
func TestCallerCache(t *testing.T) {
	for _, d := range testdb.Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			a, b := testdb.Twin(t, d)
			sekda, err := a.UserByUsername(ctx, "sekda")
			if err != nil {
				t.Fatal(err)
			}
			caller := func(st *storage.Store) (*models.User, int64) {
				t.Helper()
				cctx, c := storage.WithCounter(ctx)
				u, err := st.Caller(cctx, sekda.ID)
				if err != nil {
					t.Fatal(err)
				}
				return u, c.Count()
			}
			// On PostgreSQL the cache is used once the instance listens.
			deadline := time.Now().Add(5 * time.Second)
			for _, st := range []*storage.Store{a, b} {
				for {
					caller(st)
					if _, n := caller(st); n == 0 {
						break
					}
					if time.Now().After(deadline) {
						t.Fatal("a caller read twice is still read from the database after 5 s")
					}
					time.Sleep(10 * time.Millisecond)
				}
			}
			if u, n := caller(a); n != 0 || u.SessionGen != sekda.SessionGen || u.UnitPath == "" {
				t.Fatalf("cached caller: gen %d, path %q, %d statements; want gen %d, its path, 0", u.SessionGen, u.UnitPath, n, sekda.SessionGen)
			}

			if err := a.EndSessions(ctx, sekda.ID); err != nil {
				t.Fatal(err)
			}
			if u, n := caller(a); u.SessionGen != sekda.SessionGen+1 || n != 1 {
				t.Errorf("after a logout on the same instance: gen %d in %d statements, want %d read in 1", u.SessionGen, n, sekda.SessionGen+1)
			}
			for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(5 * time.Millisecond) {
				if u, _ := caller(b); u.SessionGen == sekda.SessionGen+1 {
					break
				}
				if time.Now().After(deadline) {
					t.Fatal("after a logout on another instance: the old session generation still after 5 s")
				}
			}
		})
	}
}
