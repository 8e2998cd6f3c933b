package storage_test

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/kinerja/kinerja/internal/demo"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/internal/testdb"
)

// slowOp bounds a single read or write under load: far above what any takes
// (milliseconds; a write queued behind the 79 others, under -race on a busy
// 2-core machine, took 5.3 s), below the 10 s busy timeout that a stalled
// start waits out.
const slowOp = 8 * time.Second

// TestSQLiteColdStartUnderLoad starts from a fresh SQLite file (migrated,
// the demo data loaded, closed), opens it and at once runs 8 writers and 8
// readers against it, five times over: no request fails ("database is
// locked") and none takes anywhere near the busy timeout. A cold store has
// prepared no statement yet, which is when a pool shared by readers and
// writers used to stall: a reader preparing a statement a writer also needs
// waited for a connection that writers queued behind the write lock held.
func TestSQLiteColdStartUnderLoad(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "kinerja.db")
	warm, err := storage.Open(ctx, path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := warm.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	ds, err := demo.LKjIP2023()
	if err != nil {
		t.Fatal(err)
	}
	if err := demo.Load(ctx, warm, ds, testdb.Password); err != nil {
		t.Fatal(err)
	}
	f := newEntryFixture(t, warm)
	if err := warm.Close(); err != nil {
		t.Fatal(err)
	}
	for start := range 5 {
		t.Run(fmt.Sprintf("start %d", start+1), func(t *testing.T) {
			st, err := storage.Open(ctx, path, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			f.st = st
			runLoad(t, f, 8, 8, 10)
		})
	}
}

// runLoad runs writers × ops realisations (each writer on its own periods)
// and readers × ops dashboard reads at once, and fails on any error or any
// operation slower than slowOp.
func runLoad(t *testing.T, f entryFixture, writers, readers, ops int) {
	t.Helper()
	st := f.st
	ctx := context.Background()
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		fails []string
		start = make(chan struct{})
	)
	report := func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		fails = append(fails, fmt.Sprintf(format, args...))
	}
	timed := func(what string, fn func() error) {
		began := time.Now()
		err := fn()
		if d := time.Since(began); d > slowOp {
			report("%s took %v", what, d.Round(time.Millisecond))
		}
		if err != nil {
			report("%s: %v", what, err)
		}
	}
	periods := []domain.Period{domain.Q1, domain.Q2, domain.Q3, domain.Q4, domain.Year}
	for w := range writers {
		wg.Go(func() {
			<-start
			for i := range ops {
				year := f.year - (w+i)%3
				timed(fmt.Sprintf("writer %d op %d", w, i), func() error {
					var err error
					switch i % 3 {
					case 0:
						_, err = st.RecordRealisation(ctx, f.actor, storage.RealisationInput{
							IndicatorID: f.indicator, Year: year, Period: periods[(w+i)%len(periods)], Value: float64(i),
						})
					case 1:
						v := float64(w)
						_, err = st.SetTarget(ctx, f.actor, f.indicator, year, domain.Target{Value: &v})
					default:
						_, err = st.RecordBudgetLine(ctx, f.actor, f.subActivity, year, domain.Money(100*w+i), 0)
					}
					return err
				})
			}
		})
	}
	for r := range readers {
		wg.Go(func() {
			<-start
			for i := range ops {
				timed(fmt.Sprintf("reader %d op %d", r, i), func() error {
					ind, err := st.Indicator(ctx, f.indicator)
					if err != nil {
						return err
					}
					if _, err := st.Plan(ctx, ind.PlanID); err != nil {
						return err
					}
					if _, err := st.Realisations(ctx, []int64{f.indicator}, nil); err != nil {
						return err
					}
					if _, err := st.MeasuresUnder(ctx, storage.MeasuresFilter{Paths: []string{""}, Year: 2023}); err != nil {
						return err
					}
					_, err = st.BudgetRows(ctx, "", []string{""}, 2023)
					return err
				})
			}
		})
	}
	close(start)
	wg.Wait()
	for _, f := range fails {
		t.Error(f)
	}
}
