package storage_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/internal/testdb"
)

// rootSummary is the summary of every indicator of the demo in year.
func rootSummary(t *testing.T, st *storage.Store, year int, approved bool) domain.Summary {
	t.Helper()
	got, err := st.AchievementSummaries(context.Background(), storage.SummaryFilter{Paths: []string{"/1/"}, Year: year, ApprovedOnly: approved})
	if err != nil {
		t.Fatal(err)
	}
	return got[0]
}

// TestFactsRebuilt: what migration 00011 does to an existing database (no
// facts, every indicator stale) gives, after RefreshFacts, the facts the
// writes had kept, and the same summaries.
func TestFactsRebuilt(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		ctx := context.Background()
		db := storage.DB(st)
		before := rootSummary(t, st, 2023, false)
		if before.With != 39 || before.Without != 1 || before.Mean == nil { // every level: IKT-01 has no line
			t.Fatalf("the demo's 2023 summary: %+v", before)
		}
		var facts int64
		if err := db.Raw("SELECT COUNT(*) FROM achievement_facts").Scan(&facts).Error; err != nil || facts == 0 {
			t.Fatalf("the demo has %d facts (%v)", facts, err)
		}
		if err := db.Exec("DELETE FROM achievement_facts").Error; err != nil {
			t.Fatal(err)
		}
		if err := db.Exec("INSERT INTO achievement_facts_stale SELECT id FROM indicators").Error; err != nil {
			t.Fatal(err)
		}
		n, err := st.RefreshFacts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var indicators, after int64
		db.Raw("SELECT COUNT(*) FROM indicators").Scan(&indicators)
		db.Raw("SELECT COUNT(*) FROM achievement_facts").Scan(&after)
		if int64(n) != indicators || after != facts {
			t.Errorf("refreshed %d of %d indicators into %d facts, want %d", n, indicators, after, facts)
		}
		if got := rootSummary(t, st, 2023, false); *got.Mean != *before.Mean || got.With != before.With || got.Without != before.Without {
			t.Errorf("summary after the rebuild %+v, before %+v", got, before)
		}
	})
}

// TestFactsOutsideTheFunnel: a line changed by SQL outside the server
// leaves its indicator stale, and RefreshFacts (run when the server
// starts, and by any write) computes it again; a fact changed by hand is
// what VerifyFacts reports.
func TestFactsOutsideTheFunnel(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		ctx := context.Background()
		db := storage.DB(st)
		var id int64
		if err := db.Raw(`SELECT f.indicator_id FROM achievement_facts f WHERE f.year = 2023 AND f.capaian IS NOT NULL
			AND EXISTS (SELECT 1 FROM realisations r WHERE r.indicator_id = f.indicator_id AND r.year = 2023 AND r.period = 'YEAR')
			ORDER BY f.indicator_id LIMIT 1`).Scan(&id).Error; err != nil || id == 0 {
			t.Fatalf("an indicator with a yearly realisation: %d %v", id, err)
		}
		capaian := func() float64 {
			var v float64
			if err := db.Raw("SELECT capaian FROM achievement_facts WHERE indicator_id = ? AND year = 2023", id).Scan(&v).Error; err != nil {
				t.Fatal(err)
			}
			return v
		}
		was := capaian()
		if err := db.Exec("UPDATE realisations SET value = 0 WHERE indicator_id = ? AND year = 2023 AND period = 'YEAR'", id).Error; err != nil {
			t.Fatal(err)
		}
		var stale int64
		db.Raw("SELECT COUNT(*) FROM achievement_facts_stale WHERE indicator_id = ?", id).Scan(&stale)
		if stale == 0 {
			t.Fatal("the trigger did not mark the indicator stale")
		}
		if _, err := st.RefreshFacts(ctx); err != nil {
			t.Fatal(err)
		}
		if now := capaian(); now == was {
			t.Errorf("capaian %v unchanged after its realisation became 0", now)
		}

		if err := db.Exec("UPDATE achievement_facts SET capaian = capaian + 1 WHERE indicator_id = ? AND year = 2023", id).Error; err != nil {
			t.Fatal(err)
		}
		problems, err := st.VerifyFacts(ctx)
		if err != nil || len(problems) != 1 {
			t.Fatalf("VerifyFacts after a fact was changed by hand: %q %v", problems, err)
		}
		if err := db.Exec("INSERT INTO achievement_facts_stale VALUES (?)", id).Error; err != nil {
			t.Fatal(err)
		}
		if _, err := st.RefreshFacts(ctx); err != nil {
			t.Fatal(err)
		}
	})
}

// TestFactsConcurrentWriters: many writers at once on one indicator, each
// its own quarter, with its target changed among them: no write's
// transaction computes the facts from lines another has changed since
// (the data version's lock orders them), so the facts are those of the
// final lines (the check testdb runs after every test).
func TestFactsConcurrentWriters(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		ctx := context.Background()
		f := newEntryFixture(t, st)
		quarters := []domain.Period{domain.Q1, domain.Q2, domain.Q3, domain.Q4}
		const n = 24
		errs := parallel(n, func(i int) error {
			if i%6 == 5 {
				v := float64(10 + i)
				_, err := st.SetTarget(ctx, f.actor, f.indicator, f.year, domain.Target{Value: &v})
				return err
			}
			_, err := st.RecordRealisation(ctx, f.actor, storage.RealisationInput{IndicatorID: f.indicator, Year: f.year,
				Period: quarters[i%4], Value: float64(i + 1)})
			return err
		})
		for i, err := range errs {
			if err != nil {
				t.Errorf("writer %d: %v", i, err)
			}
		}
		problems, err := st.VerifyFacts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range problems {
			t.Error(p)
		}
		var got int64
		storage.DB(st).Raw("SELECT COUNT(*) FROM achievement_facts WHERE indicator_id = ? AND year = ? AND capaian IS NOT NULL",
			f.indicator, f.year).Scan(&got)
		if got != 1 {
			t.Errorf("%d facts with a capaian for the indicator written, want 1", got)
		}
	})
}

// TestFactsLeftForTheWorker: a change of settings above more indicators
// than a write recomputes leaves the rest stale for the facts worker; until
// it is done, summaries of the subtree are computed from the lines (the
// same as the facts give after; refused with CONFLICT past fromLinesMax
// indicators) and stats are refused with CONFLICT, never answered from
// facts older than the lines.
func TestFactsLeftForTheWorker(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		ctx := context.Background()
		f := newEntryFixture(t, st)
		storage.SetFactsBatches(t, st, 5, 10, false)
		before := rootSummary(t, st, 2023, false)
		cap := 100.0
		if _, err := st.UpdateOrgUnit(ctx, f.actor, 1, storage.OrgUnitChange{CapaianCap: &cap}); err != nil {
			t.Fatal(err)
		}
		var stale int64
		storage.DB(st).Raw("SELECT COUNT(DISTINCT indicator_id) FROM achievement_facts_stale").Scan(&stale)
		if stale != 40-10 {
			t.Fatalf("%d indicators left stale by the write, want 30 (40 under the root, 10 in the write)", stale)
		}
		// From the lines: every capaian capped at 100.
		during := rootSummary(t, st, 2023, false)
		if during.Mean == nil || *during.Mean > 100 || *during.Mean == *before.Mean || during.With != before.With {
			t.Fatalf("summary while stale: %+v (before the cap: mean %v)", during, *before.Mean)
		}
		_, err := st.AchievementStats(ctx, storage.StatsQuery{FromYear: 2023, ToYear: 2023})
		if !errors.Is(err, storage.ErrConflict) {
			t.Fatalf("stats while stale: %v, want a conflict", err)
		}
		// A subtree too large to roll up from the lines is refused too.
		storage.SetFromLinesMax(t, 39)
		if _, err := st.AchievementSummaries(ctx, storage.SummaryFilter{Paths: []string{"/1/"}, Year: 2023}); !errors.Is(err, storage.ErrConflict) {
			t.Fatalf("a summary over 40 stale-or-not indicators with at most 39 from the lines: %v, want a conflict", err)
		}
		storage.SetFromLinesMax(t, 40)
		if _, err := st.RefreshFacts(ctx); err != nil {
			t.Fatal(err)
		}
		after := rootSummary(t, st, 2023, false)
		if *after.Mean != *during.Mean || after.With != during.With || after.Without != during.Without {
			t.Errorf("summary from the facts %+v, from the lines %+v", after, during)
		}
		rows, err := st.AchievementStats(ctx, storage.StatsQuery{FromYear: 2023, ToYear: 2023})
		if err != nil || len(rows) != 1 || rows[0].WithCapaian != 39 {
			t.Fatalf("stats once refreshed: %v %v", rows, err)
		}

		// With the worker: it catches up once the write has committed.
		storage.SetFactsBatches(t, st, 5, 10, true)
		cap = 0
		if _, err := st.UpdateOrgUnit(ctx, f.actor, 1, storage.OrgUnitChange{CapaianCap: &cap}); err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(20 * time.Second)
		for {
			storage.DB(st).Raw("SELECT COUNT(*) FROM achievement_facts_stale").Scan(&stale)
			if stale == 0 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("%d stale indicators left after 20 s", stale)
			}
			time.Sleep(20 * time.Millisecond)
		}
		if got := rootSummary(t, st, 2023, false); *got.Mean != *before.Mean {
			t.Errorf("mean %v once the cap was lifted, want %v as before", *got.Mean, *before.Mean)
		}
	})
}
