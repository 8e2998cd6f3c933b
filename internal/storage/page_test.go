package storage_test

import (
	"context"
	"testing"

	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/internal/testdb"
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
		if !counted.Counted || counted.Total != 40 || bare.Counted || bare.Total != 0 {
			t.Errorf("counted page: %v %d; uncounted: %v %d", counted.Counted, counted.Total, bare.Counted, bare.Total)
		}
		if len(bare.Items) != 5 || !bare.More || bare.Items[4].ID != counted.Items[4].ID {
			t.Errorf("uncounted page of %d items, more %v", len(bare.Items), bare.More)
		}
	})
}
