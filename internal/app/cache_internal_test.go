package app

import (
	"context"
	"errors"
	"fmt"
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

// A list cache files each parent's rows in the order read, whether the rows
// of a parent come together (each list a window of the rows, with no
// allocation of its own) or apart; rows without a parent are in no list;
// appending to one list leaves its neighbours as they are.
func TestListCacheStore(t *testing.T) {
	type row struct{ id, parent int64 }
	c := newListCache(idSet{}, nil, func(r *row) int64 { return r.parent }, nil)
	c.store([]int64{1, 2, 3, 4}, []row{{10, 1}, {11, 1}, {20, 2}, {30, 3}, {12, 1}, {0, 0}, {31, 3}})
	ids := func(p int64) []int64 {
		var out []int64
		for _, r := range c.lists[p] {
			out = append(out, r.id)
		}
		return out
	}
	for p, want := range map[int64][]int64{1: {10, 11, 12}, 2: {20}, 3: {30, 31}, 4: nil} {
		if _, ok := c.lists[p]; !ok || fmt.Sprint(ids(p)) != fmt.Sprint(want) {
			t.Errorf("parent %d: %v (filed %v), want %v", p, ids(p), ok, want)
		}
	}
	if _, ok := c.lists[0]; ok {
		t.Error("rows without a parent were filed under 0")
	}
	_ = append(c.lists[2], &row{99, 2})
	if got := ids(3); fmt.Sprint(got) != "[30 31]" {
		t.Errorf("appending to parent 2's list changed parent 3's: %v", got)
	}
	grouped := make([]row, 100)
	for i := range grouped {
		grouped[i] = row{int64(i), int64(i/4 + 1)}
	}
	parents := make([]int64, 25)
	for i := range parents {
		parents[i] = int64(i + 1)
	}
	c = newListCache(idSet{}, nil, func(r *row) int64 { return r.parent }, nil)
	if n := testing.AllocsPerRun(10, func() { c.store(parents, grouped) }); n > 1 {
		t.Errorf("%v allocations to file 100 rows of 25 parents, want 1 (the rows)", n)
	}
}
