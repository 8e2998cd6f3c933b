package storage_test

import (
	"context"
	"sync/atomic"
	"testing"

	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/internal/testdb"
)

// BenchmarkSQLite measures the SQLite driver on what the API does most: a
// dashboard's reads (the summary's measures, the budget rows, the first page
// of indicators), a write (a realisation, in its own transaction), and both
// at once from parallel goroutines (one write in eight operations).
func BenchmarkSQLite(b *testing.B) {
	ctx := context.Background()
	st := testdb.New(b, storage.SQLite)
	f := newEntryFixture(b, st)
	read := func() {
		if _, err := st.MeasuresUnder(ctx, storage.MeasuresFilter{Paths: []string{""}, Year: 2023}); err != nil {
			b.Fatal(err)
		}
		if _, err := st.BudgetRows(ctx, "", []string{""}, 2023); err != nil {
			b.Fatal(err)
		}
		if _, err := st.ListIndicators(ctx, storage.IndicatorQuery{}, storage.Window{Limit: 20}); err != nil {
			b.Fatal(err)
		}
	}
	var n atomic.Int64
	write := func() {
		i := n.Add(1)
		_, err := st.RecordRealisation(ctx, f.actor, storage.RealisationInput{
			IndicatorID: f.indicator, Year: f.year, Period: domain.Q1, Value: float64(i % 1000),
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	read()
	write()
	b.Run("read", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			read()
		}
	})
	b.Run("write", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			write()
		}
	})
	b.Run("mixed-parallel", func(b *testing.B) {
		b.ReportAllocs()
		b.SetParallelism(4)
		b.RunParallel(func(pb *testing.PB) {
			for i := 0; pb.Next(); i++ {
				if i%8 == 7 {
					write()
				} else {
					read()
				}
			}
		})
	})
}
