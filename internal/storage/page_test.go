package storage_test

import (
	"context"
	"testing"

	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/internal/testdb"
	"github.com/kinerja/kinerja/models"
)

// TestUncountedPage: a first page read without its count (the client did
// not ask for totalCount) is the same page, without the count that would
// read the whole list.
func TestUncountedPage(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		ctx := context.Background()
		counted, err := st.ListIndicators(ctx, storage.IndicatorQuery{}, storage.Window{Limit: 5})
		if err != nil {
			t.Fatal(err)
		}
		bare, err := st.ListIndicators(ctx, storage.IndicatorQuery{}, storage.Window{Limit: 5, Uncounted: true})
		if err != nil {
			t.Fatal(err)
		}
		// Neither page holds the whole list: its count is read apart.
		if counted.Counted || bare.Counted {
			t.Errorf("a page of 5 of 40 counted: %v %d; uncounted: %v %d", counted.Counted, counted.Total, bare.Counted, bare.Total)
		}
		if len(bare.Items) != 5 || !bare.More || bare.Items[4].ID != counted.Items[4].ID {
			t.Errorf("uncounted page of %d items, more %v", len(bare.Items), bare.More)
		}
	})
}

// TestPageCountsItself: a first or last page that holds its whole list is
// its count, in both directions; a page that does not, or that starts at a
// cursor, or whose count was not asked for, has none.
func TestPageCountsItself(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		ctx := context.Background()
		list := func(w storage.Window) storage.Page[models.Indicator] {
			t.Helper()
			p, err := st.ListIndicators(ctx, storage.IndicatorQuery{}, w)
			if err != nil {
				t.Fatal(err)
			}
			return p
		}
		all := list(storage.Window{Limit: 100})
		if !all.Counted || all.Total != 40 || len(all.Items) != 40 || all.More {
			t.Fatalf("first page of 100: counted %v, total %d, %d items, more %v", all.Counted, all.Total, len(all.Items), all.More)
		}
		exact := list(storage.Window{Limit: 40})
		if !exact.Counted || exact.Total != 40 || exact.More {
			t.Errorf("first page of 40: counted %v, total %d, more %v", exact.Counted, exact.Total, exact.More)
		}
		if short := list(storage.Window{Limit: 39}); short.Counted || !short.More {
			t.Errorf("first page of 39: counted %v, total %d, more %v", short.Counted, short.Total, short.More)
		}
		last := list(storage.Window{Limit: 100, Backward: true})
		if !last.Counted || last.Total != 40 || len(last.Items) != 40 || last.More {
			t.Fatalf("last page of 100: counted %v, total %d, %d items", last.Counted, last.Total, len(last.Items))
		}
		for i := range last.Items {
			if last.Items[i].ID != all.Items[i].ID {
				t.Fatalf("last page item %d is %d, first page's %d", i, last.Items[i].ID, all.Items[i].ID)
			}
		}
		if tail := list(storage.Window{Limit: 3, Backward: true}); tail.Counted || !tail.More || len(tail.Items) != 3 || tail.Items[2].ID != all.Items[39].ID {
			t.Errorf("last page of 3: counted %v, more %v, %d items", tail.Counted, tail.More, len(tail.Items))
		}
		if after := list(storage.Window{Limit: 100, After: []any{all.Items[0].ID}}); after.Counted || len(after.Items) != 39 {
			t.Errorf("page after a cursor: counted %v, %d items", after.Counted, len(after.Items))
		}
		if bare := list(storage.Window{Limit: 100, Uncounted: true}); bare.Counted || len(bare.Items) != 40 {
			t.Errorf("uncounted page: counted %v, %d items", bare.Counted, len(bare.Items))
		}
	})
}
