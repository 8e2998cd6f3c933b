package app

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/kinerja/kinerja/auth"
	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/internal/testdb"
	"github.com/kinerja/kinerja/models"
)

// TestDeadlineStopsCachedReads: once the request's context ends, a read
// the request's caches could answer is refused too, and a read waiting for
// another's fetch stops waiting.
func TestDeadlineStopsCachedReads(t *testing.T) {
	st := testdb.New(t, storage.SQLite)
	l := NewSession(st, &auth.Identity{UnitPath: "/", Role: auth.Admin})
	ctx, cancel := context.WithCancel(context.Background())
	if u, err := l.OrgUnit(ctx, 1); err != nil || u == nil {
		t.Fatalf("org unit 1 = %v, %v", u, err)
	}
	if _, err := l.Children(ctx, 1); err != nil {
		t.Fatal(err)
	}
	cancel()
	if u, err := l.OrgUnit(ctx, 1); !errors.Is(err, context.Canceled) {
		t.Errorf("cached org unit after the deadline = %v, %v; want context.Canceled", u, err)
	}
	if _, err := l.Children(ctx, 1); !errors.Is(err, context.Canceled) {
		t.Errorf("cached children after the deadline: %v, want context.Canceled", err)
	}

	// A fetch that hangs: the second caller waits for it until its own
	// context ends.
	release := make(chan struct{})
	started := make(chan struct{})
	c := newRowCache(func(context.Context, []int64) ([]models.OrgUnit, error) {
		close(started)
		<-release
		return nil, nil
	}, func(u *models.OrgUnit) int64 { return u.ID }, nil)
	defer close(release)
	go func() { _, _ = c.get(context.Background(), l, 1) }()
	<-started
	waiting, stop := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer stop()
	done := make(chan error, 1)
	go func() {
		_, err := c.get(waiting, l, 1)
		done <- err
	}()
	select {
	case err := <-done:
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("waiting for a hung fetch: %v, want context.DeadlineExceeded", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("a read waiting for a hung fetch ignores its deadline")
	}
}
