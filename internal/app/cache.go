package app

import (
	"context"
	"sort"
)

// The request-scoped dataloaders of this package batch by what the request
// has seen rather than by a timing window: every row a resolver returns is
// registered, and the first time a nested field asks for, say, the targets
// of one indicator, the loader fetches the targets of every indicator the
// request has returned so far in one statement. The number of statements
// then depends on the shape of the query, never on the number of rows nor
// on goroutine scheduling, which keeps the API fast (no waiting for a batch
// to fill) and the statement-count tests exact.
//
// The caches of a request share the Session mutex for their bookkeeping but
// fetch without holding it, one fetch at a time per cache: callers that miss
// while a fetch is in flight wait for it (it was started with every row seen
// so far, theirs included) instead of starting another. Fetches of
// different caches run concurrently.

// idSet is a set of row ids.
type idSet map[int64]struct{}

func (s idSet) add(ids ...int64) {
	for _, id := range ids {
		if id != 0 {
			s[id] = struct{}{}
		}
	}
}

// sorted returns the ids of s not in skip, in order (stable SQL for tests
// and plans).
func (s idSet) sorted(skip func(int64) bool) []int64 {
	out := make([]int64, 0, len(s))
	for id := range s {
		if !skip(id) {
			out = append(out, id)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// flight is one fetch in progress; done closes when it ends.
type flight struct {
	done chan struct{}
	err  error
}

// rowCache holds rows of one type by id. Rows other rows refer to are added
// to want as they are seen; a miss fetches all of want at once.
type rowCache[T any] struct {
	rows     map[int64]*T
	want     idSet
	fetch    func(ctx context.Context, ids []int64) ([]T, error)
	idOf     func(*T) int64
	seen     func(*T)
	inflight *flight
}

func newRowCache[T any](fetch func(context.Context, []int64) ([]T, error), idOf func(*T) int64, seen func(*T)) *rowCache[T] {
	return &rowCache[T]{rows: map[int64]*T{}, want: idSet{}, fetch: fetch, idOf: idOf, seen: seen}
}

// put stores rows fetched elsewhere. Call with the mutex held.
func (c *rowCache[T]) put(rows []*T) {
	for _, r := range rows {
		c.rows[c.idOf(r)] = r
		if c.seen != nil {
			c.seen(r)
		}
	}
}

// get returns the row with id, nil when it does not exist. Call without the
// mutex held.
func (c *rowCache[T]) get(ctx context.Context, l *Session, id int64) (*T, error) {
	return load(ctx, l, c.rows, &c.inflight, id,
		func() []int64 {
			c.want.add(id)
			return c.want.sorted(func(id int64) bool { _, ok := c.rows[id]; return ok })
		},
		c.fetch,
		func(ids []int64, found []T) {
			for _, id := range ids {
				c.rows[id] = nil
			}
			rows := make([]*T, len(found))
			for i := range found {
				rows[i] = &found[i]
			}
			c.put(rows)
		})
}

// listCache holds lists of rows of one type by parent id. The parents seen
// so far are in parents (shared with other caches keyed by the same
// parent); a miss fetches the lists of every parent not fetched yet.
type listCache[T any] struct {
	lists    map[int64][]*T
	parents  idSet
	fetch    func(ctx context.Context, parentIDs []int64) ([]T, error)
	parentOf func(*T) int64 // 0: none
	seen     func([]*T)
	inflight *flight
}

func newListCache[T any](parents idSet, fetch func(context.Context, []int64) ([]T, error), parentOf func(*T) int64, seen func([]*T)) *listCache[T] {
	return &listCache[T]{lists: map[int64][]*T{}, parents: parents, fetch: fetch, parentOf: parentOf, seen: seen}
}

// get returns the list of parent. Call without the mutex held.
func (c *listCache[T]) get(ctx context.Context, l *Session, parent int64) ([]*T, error) {
	return load(ctx, l, c.lists, &c.inflight, parent,
		func() []int64 { return c.next(parent) },
		c.fetch, c.store)
}

// next returns the parents seen whose lists are not loaded, parent among
// them. Call with the mutex held.
func (c *listCache[T]) next(parent int64) []int64 {
	c.parents.add(parent)
	return c.parents.sorted(func(id int64) bool { _, ok := c.lists[id]; return ok })
}

// store files the rows found for the parents ids. Call with the mutex
// held.
func (c *listCache[T]) store(ids []int64, found []T) {
	for _, id := range ids {
		c.lists[id] = nil
	}
	rows := make([]*T, len(found))
	for i := range found {
		rows[i] = &found[i]
	}
	// Each run of rows of one parent (the reads order by parent) is that
	// parent's list, a window of rows with no allocation of its own; its
	// capacity ends with it, so that a later run of the same parent is
	// appended to a copy.
	for start := 0; start < len(rows); {
		p, end := c.parentOf(rows[start]), start+1
		for end < len(rows) && c.parentOf(rows[end]) == p {
			end++
		}
		if p != 0 {
			if prev := c.lists[p]; len(prev) > 0 {
				c.lists[p] = append(prev[:len(prev):len(prev)], rows[start:end]...)
			} else {
				c.lists[p] = rows[start:end:end]
			}
		}
		start = end
	}
	if c.seen != nil {
		c.seen(rows)
	}
}

// load is the one loop of every cache of the loaders: it returns the value
// of key from results; on a miss it waits for the fetch in flight (in
// *inflight), if any, and looks again, else it names the batch to fetch
// (next, with the mutex held), fetches it (without the mutex, the only fetch
// of this cache while it runs) and files what came back (store, with the
// mutex held), which must give key a value. Call without the mutex held.
func load[K comparable, V, B, R any](ctx context.Context, l *Session, results map[K]V, inflight **flight, key K,
	next func() B, fetch func(context.Context, B) (R, error), store func(B, R)) (V, error) {
	var zero V
	if err := ctx.Err(); err != nil {
		return zero, err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	for {
		if v, ok := results[key]; ok {
			return v, nil
		}
		if f := *inflight; f != nil {
			if err := l.wait(ctx, f); err != nil {
				return zero, err
			}
			continue
		}
		batch := next()
		found, err := fly(l, inflight, func() (R, error) { return fetch(ctx, batch) })
		if err != nil {
			return zero, err
		}
		store(batch, found)
	}
}

// wait releases the mutex until flight f ends, and returns its error, or
// until ctx ends, and returns why. Call with the mutex held; it is held
// again on return.
func (l *Session) wait(ctx context.Context, f *flight) error {
	l.mu.Unlock()
	defer l.mu.Lock()
	select {
	case <-f.done:
		return f.err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// fly runs fetch without the mutex, recording it in *slot while it runs so
// that other callers wait for it. Call with the mutex held; it is held again
// on return.
func fly[T any](l *Session, slot **flight, fetch func() (T, error)) (v T, err error) {
	f := &flight{done: make(chan struct{})}
	*slot = f
	l.mu.Unlock()
	defer func() {
		l.mu.Lock()
		f.err = err
		*slot = nil
		close(f.done)
	}()
	return fetch()
}
