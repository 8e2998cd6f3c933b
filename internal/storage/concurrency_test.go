package storage_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/internal/testdb"
	"github.com/kinerja/kinerja/models"
)

// These tests write one key from many goroutines at once, on both engines:
// every write must be acknowledged, none lost, and the stored row must be the
// one acknowledged last. On PostgreSQL at READ COMMITTED a read followed by a
// save loses updates; an upsert in one statement, or a row lock, does not.

// writers is how many goroutines write the same key at once.
const writers = 50

// anyone is an Actor that may enter and manage everything.
type anyone struct{ id int64 }

func (a anyone) ActorID() int64            { return a.id }
func (anyone) CanEnter(string) error       { return nil }
func (anyone) CanManage(path string) error { return nil }
func (anyone) ActorRole() string           { return "ADMIN" }
func (anyone) ActorUnitPath() string       { return "/" }
func (anyone) Forbidden(m string) error    { return errors.New(m) }

// entryFixture names an indicator and a sub-activity of the demo plan, a
// year of the plan with no data, and an actor.
type entryFixture struct {
	st          *storage.Store
	actor       anyone
	indicator   int64
	subActivity int64
	year        int
}

func newEntryFixture(t testing.TB, st *storage.Store) entryFixture {
	t.Helper()
	ctx := context.Background()
	u, err := st.UserByUsername(ctx, "admin")
	if err != nil {
		t.Fatal(err)
	}
	page, err := st.ListIndicators(ctx, storage.IndicatorQuery{}, storage.Window{Limit: 1})
	if err != nil || len(page.Items) == 0 {
		t.Fatalf("an indicator: %v", err)
	}
	ind := page.Items[0]
	plan, err := st.Plan(ctx, ind.PlanID)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := st.BudgetRows(ctx, "", []string{""}, 2023)
	if err != nil || len(rows) == 0 {
		t.Fatalf("a budget line: %v", err)
	}
	return entryFixture{st: st, actor: anyone{u.ID}, indicator: ind.ID, subActivity: rows[0].SubActivityID, year: plan.EndYear}
}

// parallel runs fn(0..n-1) at once and returns its errors by index.
func parallel(n int, fn func(i int) error) []error {
	errs := make([]error, n)
	var (
		wg    sync.WaitGroup
		start = make(chan struct{})
	)
	for i := range n {
		wg.Go(func() {
			<-start
			errs[i] = fn(i)
		})
	}
	close(start)
	wg.Wait()
	return errs
}

func failed(t *testing.T, what string, errs []error) {
	t.Helper()
	for i, err := range errs {
		if err != nil {
			t.Errorf("%s %d: %v", what, i, err)
		}
	}
}

// TestConcurrentRealisations records 50 realisations of one period at once,
// several rounds, each on a key that does not exist yet: all are
// acknowledged, with the versions 1..50 once each, and the stored row is the
// one acknowledged with version 50.
func TestConcurrentRealisations(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		f := newEntryFixture(t, st)
		ctx := context.Background()
		for _, period := range []domain.Period{domain.Q1, domain.Q2, domain.Q3, domain.Q4} {
			acked := make([]*models.Realisation, writers)
			errs := parallel(writers, func(i int) error {
				var err error
				acked[i], err = st.RecordRealisation(ctx, f.actor, storage.RealisationInput{
					IndicatorID: f.indicator, Year: f.year, Period: period,
					Value: float64(i), DataSource: fmt.Sprintf("writer %d", i),
				})
				return err
			})
			failed(t, string(period)+": writer", errs)
			if t.Failed() {
				return
			}
			versions := make([]int, 0, writers)
			var last *models.Realisation
			for _, r := range acked {
				versions = append(versions, r.Version)
				if r.Version == writers {
					last = r
				}
			}
			slices.Sort(versions)
			for i, v := range versions {
				if v != i+1 {
					t.Fatalf("%s: acknowledged versions %v, want 1..%d once each", period, versions, writers)
				}
			}
			stored, err := st.Realisations(ctx, []int64{f.indicator}, []int{f.year})
			if err != nil {
				t.Fatal(err)
			}
			i := slices.IndexFunc(stored, func(r models.Realisation) bool { return r.Period == period })
			if i < 0 {
				t.Fatalf("%s: no realisation stored", period)
			}
			got := stored[i]
			if got.Version != writers || got.Value != last.Value || *got.DataSource != *last.DataSource {
				t.Errorf("%s: stored version %d value %v (%s), want the last acknowledged: version %d value %v (%s)",
					period, got.Version, got.Value, *got.DataSource, last.Version, last.Value, *last.DataSource)
			}
		}
	})
}

// TestConcurrentTargetsAndBudgetLines sets one target and one budget line
// from 50 goroutines at once: every write is acknowledged, one row remains,
// and it holds one of the values written.
func TestConcurrentTargetsAndBudgetLines(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		f := newEntryFixture(t, st)
		ctx := context.Background()
		errs := parallel(writers, func(i int) error {
			v := float64(100 + i)
			_, err := st.SetTarget(ctx, f.actor, f.indicator, f.year, domain.Target{Value: &v})
			return err
		})
		failed(t, "target writer", errs)
		targets, err := st.Targets(ctx, []int64{f.indicator}, []int{f.year})
		if err != nil {
			t.Fatal(err)
		}
		if len(targets) != 1 || targets[0].Value == nil || *targets[0].Value < 100 || *targets[0].Value >= 100+writers {
			t.Errorf("targets after %d writers: %+v, want one of the values written", writers, targets)
		}

		errs = parallel(writers, func(i int) error {
			pagu := domain.Money(1_000_000_00 + i)
			_, err := st.RecordBudgetLine(ctx, f.actor, f.subActivity, f.year, pagu, pagu/2)
			return err
		})
		failed(t, "budget writer", errs)
		lines, err := st.BudgetLines(ctx, []int64{f.subActivity}, []int{f.year})
		if err != nil {
			t.Fatal(err)
		}
		if len(lines) != 1 || lines[0].Pagu < 1_000_000_00 || lines[0].Pagu >= 1_000_000_00+writers || lines[0].Realisasi != lines[0].Pagu/2 {
			t.Errorf("budget lines after %d writers: %+v, want one line as one writer wrote it", writers, lines)
		}
	})
}

// TestApprovedLockUnderConcurrency: a realisation that is approved stays
// locked while 50 writers try to replace it; each is refused with CONFLICT
// saying it is locked.
func TestApprovedLockUnderConcurrency(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		ctx := context.Background()
		f := newEntryFixture(t, st)
		approved, err := st.RecordRealisation(ctx, f.actor, storage.RealisationInput{IndicatorID: f.indicator, Year: f.year, Period: domain.Year, Value: 7})
		if err != nil {
			t.Fatal(err)
		}
		if err := st.Exec(ctx, "UPDATE realisations SET status = ? WHERE id = ?", domain.Approved, approved.ID); err != nil {
			t.Fatal(err)
		}
		errs := parallel(writers, func(i int) error {
			_, err := st.RecordRealisation(ctx, f.actor, storage.RealisationInput{
				IndicatorID: approved.IndicatorID, Year: approved.Year, Period: approved.Period, Value: float64(i),
			})
			return err
		})
		for i, err := range errs {
			var se *storage.Error
			if !errors.As(err, &se) || !errors.Is(err, storage.ErrConflict) || !strings.Contains(se.Message, "locked") {
				t.Fatalf("writer %d: %v, want a conflict saying the realisation is locked", i, err)
			}
		}
		after, err := st.Realisations(ctx, []int64{approved.IndicatorID}, []int{approved.Year})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range after {
			if r.Period == approved.Period && (r.Value != approved.Value || r.Version != approved.Version) {
				t.Errorf("the approved realisation changed: %+v, was %+v", r, *approved)
			}
		}
	})
}

// TestConcurrentMoveAndInsert moves a unit back and forth between two
// parents while units are created below it: every unit's path and depth
// must follow from its parent's, whichever ran first.
func TestConcurrentMoveAndInsert(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		ctx := context.Background()
		f := newEntryFixture(t, st)
		page, err := st.ListOrgUnits(ctx, storage.OrgUnitFilter{}, storage.Window{Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		units := page.Items
		create := func(parent int64, code string) *models.OrgUnit {
			t.Helper()
			u, err := st.CreateOrgUnit(ctx, f.actor, storage.NewOrgUnit{ParentID: parent, Code: code, Name: code, Kind: models.KindDivision})
			if err != nil {
				t.Fatalf("create %s: %v", code, err)
			}
			return u
		}
		root := units[0].ID
		x, y := create(root, "MOVE-X"), create(root, "MOVE-Y")
		m := create(x.ID, "MOVE-M")
		m1 := create(m.ID, "MOVE-M1")
		const rounds, inserters = 10, 8
		for round := range rounds {
			to := y.ID
			if round%2 == 1 {
				to = x.ID
			}
			errs := parallel(1+inserters, func(i int) error {
				if i == 0 {
					_, err := st.UpdateOrgUnit(ctx, f.actor, m.ID, storage.OrgUnitChange{ParentID: &to})
					return err
				}
				parent := m1.ID
				if i%2 == 0 {
					parent = m.ID
				}
				code := fmt.Sprintf("C-%d-%d", round, i)
				_, err := st.CreateOrgUnit(ctx, f.actor, storage.NewOrgUnit{ParentID: parent, Code: code, Name: code, Kind: models.KindSubdivision})
				return err
			})
			failed(t, fmt.Sprintf("round %d: writer", round), errs)
		}
		allPage, err := st.ListOrgUnits(ctx, storage.OrgUnitFilter{}, storage.Window{Limit: 10000})
		if err != nil {
			t.Fatal(err)
		}
		all := allPage.Items
		byID := map[int64]models.OrgUnit{}
		for _, u := range all {
			byID[u.ID] = u
		}
		if len(all) != len(units)+4+rounds*inserters {
			t.Errorf("%d units, want %d", len(all), len(units)+4+rounds*inserters)
		}
		for _, u := range all {
			if u.ParentID == nil {
				continue
			}
			p := byID[*u.ParentID]
			if want := models.ChildPath(p.Path, u.ID); u.Path != want || u.Depth != p.Depth+1 {
				t.Errorf("unit %s: path %s depth %d, want %s depth %d (parent %s at %s)", u.Code, u.Path, u.Depth, want, p.Depth+1, p.Code, p.Path)
			}
		}
	})
}

// TestConcurrentPositions creates 20 programs in one plan at once: each is
// placed after the last, so their positions are 1 apart, none shared.
func TestConcurrentPositions(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		ctx := context.Background()
		f := newEntryFixture(t, st)
		ind, err := st.Indicator(ctx, f.indicator)
		if err != nil {
			t.Fatal(err)
		}
		const n = 20
		errs := parallel(n, func(i int) error {
			code := fmt.Sprintf("P-%02d", i)
			_, err := st.CreateProgram(ctx, f.actor, ind.PlanID, storage.ProgramFields{Code: code, Name: code})
			return err
		})
		failed(t, "creator", errs)
		programs, err := st.ProgramsByPlan(ctx, []int64{ind.PlanID})
		if err != nil {
			t.Fatal(err)
		}
		seen := map[int]string{}
		for _, p := range programs {
			if other, dup := seen[p.Position]; dup {
				t.Errorf("programs %s and %s share position %d", other, p.Code, p.Position)
			}
			seen[p.Position] = p.Code
		}
	})
}
