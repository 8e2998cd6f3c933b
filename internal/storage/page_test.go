package storage_test

import (
	"context"
	"testing"

	"github.com/kinerja/kinerja/internal/domain"
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

// TestListIndicatorsAsGORM: the hand-written statement of ListIndicators
// selects and orders what the GORM-built one does, for every filter and
// window: scopes, subtrees, sasaran, levels, searches with LIKE's
// wildcards, cursors both ways and limits.
func TestListIndicatorsAsGORM(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		ctx := context.Background()
		all, err := st.ListIndicatorsThroughGORM(ctx, storage.IndicatorQuery{}, storage.Window{Limit: 100})
		if err != nil || len(all.Items) != 40 {
			t.Fatalf("%d indicators, %v", len(all.Items), err)
		}
		sasaran := all.Items[7].SasaranID
		level := domain.LevelSasaran
		queries := []storage.IndicatorQuery{
			{}, {Scope: "/1/2/"}, {Scope: "/1/2/3/"}, {Scope: "/1/2/", Under: "/1/2/4/"}, {Scope: "/9/"},
			{SasaranID: sasaran}, {Level: &level}, {Scope: "/1/2/", Level: &level, Search: "iku"},
			{Search: "Kualitas"}, {Search: "%"}, {Search: "_"}, {Search: `\`}, {Search: "nothing like it"},
		}
		mid, last := all.Items[12].ID, all.Items[39].ID
		windows := []storage.Window{
			{Limit: 100}, {Limit: 5}, {Limit: 1}, {Limit: 40}, {Limit: 5, Uncounted: true},
			{Limit: 100, Backward: true}, {Limit: 3, Backward: true},
			{Limit: 5, After: []any{mid}}, {Limit: 5, Before: []any{mid}, Backward: true},
			{Limit: 100, After: []any{all.Items[2].ID}, Before: []any{last}},
			{Limit: 2, After: []any{last}},
		}
		pages := 0
		for _, q := range queries {
			for _, w := range windows {
				got, err := st.ListIndicators(ctx, q, w)
				if err != nil {
					t.Fatal(err)
				}
				want, err := st.ListIndicatorsThroughGORM(ctx, q, w)
				if err != nil {
					t.Fatal(err)
				}
				if len(got.Items) > 0 {
					pages++
				}
				if got.More != want.More || got.Counted != want.Counted || got.Total != want.Total || len(got.Items) != len(want.Items) {
					t.Fatalf("%+v %+v: more %v counted %v total %d, %d items; GORM's %v %v %d, %d items", q, w,
						got.More, got.Counted, got.Total, len(got.Items), want.More, want.Counted, want.Total, len(want.Items))
				}
				for i := range got.Items {
					if g, w := got.Items[i], want.Items[i]; g.ID != w.ID || g.Code != w.Code || g.OwnerPath != w.OwnerPath || g.Level != w.Level {
						t.Fatalf("%+v: item %d is %d %s, GORM's %d %s", q, i, g.ID, g.Code, w.ID, w.Code)
					}
				}
			}
		}
		if pages < 60 {
			t.Errorf("only %d pages had rows: the cases select too little", pages)
		}
	})
}
