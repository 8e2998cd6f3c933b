package resolvers_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"sort"
	"testing"
	"time"

	"github.com/kinerja/kinerja/internal/apitest"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/internal/testdb"
	"github.com/kinerja/kinerja/models"
)

// dashboardQuery is what a dashboard asks for: every indicator of a unit
// with its owner, its target, its realisations and its achievement, and the
// unit's summary.
const dashboardQuery = `query($unit: ID!, $year: Int!) {
  indicators(first: 100, filter: {orgUnitId: $unit}) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node {
      id code name unit polarity level
      owner { id code name }
      target(year: $year) { value min max label text }
      realisations(year: $year) { period value dataSource }
      achievement(year: $year) { capaian category state met method }
    } }
  }
  achievementSummary(year: $year, orgUnitId: $unit) { meanCapaian category withCapaian withoutCapaian byCategory { category count } }
}`

type dashboardOut struct {
	Indicators struct {
		TotalCount int
		Edges      []struct {
			Node struct {
				Code  string
				Owner struct{ Code string }
			}
		}
	}
	AchievementSummary struct {
		MeanCapaian float64
		WithCapaian int
	}
}

// addIndicators adds n SASARAN indicators under sasaran S1, owned by
// BAG-RENKEU, each with a 2023 target and four quarterly realisations.
func addIndicators(t testing.TB, st *storage.Store, x *ids, n int) {
	t.Helper()
	plan, err := st.Plans(context.Background(), "")
	apitest.Must(t, err)
	sasaran, err := st.SasaranByGoal(context.Background(), []int64{1})
	apitest.Must(t, err)
	owner := apitest.RowID(t, x.unit("BAG-RENKEU"))
	err = st.Import(context.Background(), func(im *storage.Importer) error {
		for i := 0; i < n; i++ {
			ind := models.Indicator{PlanID: plan[0].ID, Code: fmt.Sprintf("X-%03d", i), Name: fmt.Sprintf("Extra indicator %d", i),
				Unit: "Persen", Polarity: domain.Positive, Accumulation: domain.Last, Level: domain.LevelSasaran,
				OwnerID: owner, SasaranID: &sasaran[0].ID, Position: 100 + i}
			if err := im.Row(&ind); err != nil {
				return err
			}
			v := float64(80 + i%20)
			if err := im.Row(&models.Target{IndicatorID: ind.ID, Year: 2023, Value: &v}); err != nil {
				return err
			}
			for _, p := range domain.Quarters {
				r := models.Realisation{IndicatorID: ind.ID, Year: 2023, Period: p, Value: v - 1, Status: domain.Draft, Version: 1}
				if err := im.Row(&r); err != nil {
					return err
				}
			}
		}
		return nil
	})
	apitest.Must(t, err)
}

// TestDashboardStatements: the nested dashboard query over every indicator
// of the Setda runs a fixed number of SQL statements, the same for 40
// indicators as for 100.
func TestDashboardStatements(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		api := apitest.New(t, st)
		x := lookup(t, api)
		vars := map[string]any{"unit": x.unit("SETDA"), "year": 2023}
		tok := api.Token("sekda")

		var out dashboardOut
		warmCaller(t, api, tok)
		api.OK(tok, dashboardQuery, vars, &out)
		before := api.Statements()
		if out.Indicators.TotalCount != 40 || len(out.Indicators.Edges) != 40 || apitest.Round2(out.AchievementSummary.MeanCapaian) != 102.14 {
			t.Fatalf("dashboard: %d of %d indicators, mean %v; want 40 of 40 and 102.14", len(out.Indicators.Edges), out.Indicators.TotalCount, out.AchievementSummary.MeanCapaian)
		}
		// 1 unit, 1 page with its count, 1 owners with the units above them
		// (their settings), 1 targets and realisations (2 on SQLite), 1 for
		// the summary (over the achievement facts); the caller's row is
		// cached.
		want := int64(5)
		if st.Dialect() == storage.SQLite {
			want = 6
		}
		if before != want {
			t.Errorf("dashboard over 40 indicators: %d statements, want %d", before, want)
		}

		addIndicators(t, st, x, 60)
		warmCaller(t, api, tok)
		api.OK(tok, dashboardQuery, vars, &out)
		if out.Indicators.TotalCount != 100 || len(out.Indicators.Edges) != 100 || out.AchievementSummary.WithCapaian != 87 {
			t.Fatalf("dashboard: %d of %d indicators, %d with capaian; want 100 of 100 and 87", len(out.Indicators.Edges), out.Indicators.TotalCount, out.AchievementSummary.WithCapaian)
		}
		if after := api.Statements(); after != before {
			t.Errorf("dashboard over 100 indicators: %d statements, want %d as for 40", after, before)
		}
	})
}

// TestPlanTreeStatements: the whole plan, down to every indicator's
// achievement, in a number of statements set by the depth of the query.
func TestPlanTreeStatements(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		api := apitest.New(t, st)
		var out struct {
			Plans []struct {
				Name      string
				StartYear int
				Missions  []struct{ Number int }
				Goals     []struct {
					Code    string
					Sasaran []struct {
						Code       string
						Programs   []struct{ Code string }
						Indicators []struct {
							Code        string
							Achievement struct{ Capaian *float64 }
						}
						Achievement struct {
							MeanCapaian *float64
							WithCapaian int
						}
					}
				}
				Programs []struct {
					Code       string
					Sasaran    []struct{ Code string }
					Activities []struct {
						Code          string
						OrgUnit       struct{ Code string }
						SubActivities []struct {
							Code       string
							BudgetLine *struct{ Pagu string }
						}
					}
					Indicators []struct{ Code string }
				}
			}
		}
		api.OK(api.Token("sekda"), `{ plans { name startYear missions { number }
			goals { code sasaran { code programs { code } indicators { code achievement(year: 2023) { capaian } } achievement(year: 2023) { meanCapaian withCapaian } } }
			programs { code sasaran { code } activities { code orgUnit { code } subActivities { code budgetLine(year: 2023) { pagu } } } indicators { code } } } }`, nil, &out)
		if len(out.Plans) != 1 {
			t.Fatalf("%d plans, want 1", len(out.Plans))
		}
		p := out.Plans[0]
		sasaran, inds, subs, lines := 0, 0, 0, 0
		for _, g := range p.Goals {
			for _, s := range g.Sasaran {
				sasaran++
				inds += len(s.Indicators)
				if s.Code == "S1" && (len(s.Programs) != 1 || s.Programs[0].Code != "01" || apitest.Round2(*s.Achievement.MeanCapaian) != 104.39 || s.Achievement.WithCapaian != 3) {
					t.Errorf("S1 = programs %+v achievement %v/%d, want program 01, mean 104.39 of 3", s.Programs, deref(s.Achievement.MeanCapaian), s.Achievement.WithCapaian)
				}
			}
		}
		for _, pr := range p.Programs {
			for _, a := range pr.Activities {
				for _, s := range a.SubActivities {
					subs++
					if s.BudgetLine != nil {
						lines++
					}
				}
			}
		}
		if len(p.Missions) != 5 || sasaran != 18 || inds != 27 || subs != 68 || lines != 65 {
			t.Errorf("plan tree: %d missions, %d sasaran, %d sasaran indicators, %d sub-activities, %d 2023 lines; want 5, 18, 27, 68, 65",
				len(p.Missions), sasaran, inds, subs, lines)
		}
		if n := api.Statements(); n > 24 {
			t.Errorf("plan tree: %d statements, want at most 24 (one or two per level of the query)", n)
		}
	})
}

// dashboardRequest returns sekda's token and the body of the dashboard
// query over the first agency, sent once to warm the query cache.
func dashboardRequest(b *testing.B, api *apitest.API) (string, []byte) {
	b.Helper()
	var out struct {
		OrgUnits struct {
			Edges []struct{ Node struct{ ID string } }
		}
	}
	tok := api.Token("sekda")
	api.OK(tok, `{ orgUnits(kind: AGENCY) { edges { node { id } } } }`, nil, &out)
	vars := map[string]any{"unit": out.OrgUnits.Edges[0].Node.ID, "year": 2023}
	api.OK(tok, dashboardQuery, vars, nil) // warm the query cache
	return tok, apitest.Body(b, dashboardQuery, vars)
}

// runParallel sends body with tok from 8 clients per core at once, each
// answer checked to start with prefix.
func runParallel(b *testing.B, api *apitest.API, tok string, body []byte, prefix string) {
	b.ReportAllocs()
	b.SetParallelism(8)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if status, resp := api.Raw(tok, body); status != http.StatusOK || !bytes.HasPrefix(resp, []byte(prefix)) {
				b.Errorf("status %d: %.300s", status, resp)
				return
			}
		}
	})
}

// BenchmarkDashboard measures the dashboard query through the real HTTP
// handler: time, allocations and SQL statements per request, and the median
// request time.
func BenchmarkDashboard(b *testing.B) {
	for _, d := range testdb.Dialects(b) {
		b.Run(string(d), func(b *testing.B) {
			st := testdb.New(b, d)
			api := apitest.New(b, st)
			tok, body := dashboardRequest(b, api)
			times := make([]time.Duration, 0, b.N)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				start := time.Now()
				status, resp := api.Raw(tok, body)
				times = append(times, time.Since(start))
				if status != http.StatusOK || !bytes.HasPrefix(resp, []byte(`{"data":{"indicators":{"totalCount":40,`)) {
					b.Fatalf("status %d: %.300s", status, resp)
				}
			}
			b.StopTimer()
			sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
			b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "ms-median")
			b.ReportMetric(float64(api.Statements()), "sql/op")
		})
	}
}

// BenchmarkDashboardParallel measures the dashboard query under 8 clients
// per core at once: the time per request is the inverse of the throughput,
// which the sequential benchmark above does not show (a lone request may
// use both cores).
func BenchmarkDashboardParallel(b *testing.B) {
	for _, d := range testdb.Dialects(b) {
		b.Run(string(d), func(b *testing.B) {
			st := testdb.New(b, d)
			api := apitest.New(b, st)
			tok, body := dashboardRequest(b, api)
			runParallel(b, api, tok, body, `{"data":{"indicators":{"totalCount":40,`)
		})
	}
}

// budgetTreeQuery is the budget tree of compare.py's benchmark.
const budgetTreeQuery = `query BudgetTree($unit: ID!) {
  budget(year: 2023, orgUnitId: $unit) {
    pagu realisasi sisa absorption
    programs { id code name pagu realisasi
      activities { id code name pagu realisasi
        subActivities { id code name pagu realisasi } } }
  }
}`

// BenchmarkBudgetTreeParallel measures the budget tree of the Setda under 8
// clients per core at once.
func BenchmarkBudgetTreeParallel(b *testing.B) {
	for _, d := range testdb.Dialects(b) {
		b.Run(string(d), func(b *testing.B) {
			st := testdb.New(b, d)
			api := apitest.New(b, st)
			var out struct {
				Me struct{ OrgUnit struct{ ID string } }
			}
			tok := api.Token("sekda")
			api.OK(tok, `{ me { orgUnit { id } } }`, nil, &out)
			vars := map[string]any{"unit": out.Me.OrgUnit.ID}
			api.OK(tok, budgetTreeQuery, vars, nil) // warm the query cache
			runParallel(b, api, tok, apitest.Body(b, budgetTreeQuery, vars), `{"data":{"budget":{"pagu":"304308454755.00",`)
		})
	}
}
