package resolvers_test

import (
	"math"
	"testing"

	"github.com/kinerja/kinerja/internal/apitest"
	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/internal/testdb"
)

const statsQuery = `query($year: Int!, $by: [StatsDimension!]!, $f: StatsFilter) {
  achievementStats(year: $year, groupBy: $by, filter: $f) {
    fromYear toYear groupBy approvedOnly
    groups { ...g }
    total { ...g }
  }
}
fragment g on StatsGroup {
  orgUnit { id code name } asisten { id code name } sasaran { code } program { code } category year
  meanCapaian meanCategory withCapaian withoutCapaian byCategory { category count } pagu realisasi absorption
}`

type statsKeyOut struct{ ID, Code, Name string }

type statsGroupOut struct {
	OrgUnit, Asisten, Sasaran, Program *statsKeyOut
	Category                           *string
	Year                               *int
	MeanCapaian                        *float64
	MeanCategory                       *string
	WithCapaian, WithoutCapaian        int
	ByCategory                         []struct {
		Category string
		Count    int
	}
	Pagu, Realisasi *string
	Absorption      *float64
}

type statsOut struct {
	AchievementStats struct {
		FromYear, ToYear int
		GroupBy          []string
		ApprovedOnly     bool
		Groups           []statsGroupOut
		Total            statsGroupOut
	}
}

// indicatorsByAsisten returns the capaian of 2023 of the SASARAN indicators
// as the achievement field computes them, by the code of the Asisten over
// their owner, and the number without one.
func indicatorsByAsisten(t *testing.T, api *apitest.API, token string, approved bool) (map[string][]float64, map[string]int) {
	t.Helper()
	var out struct {
		Indicators struct {
			Edges []struct {
				Node struct {
					Owner struct {
						Code, Kind string
						Ancestors  []struct{ Code, Kind string }
					}
					Achievement struct{ Capaian *float64 }
				}
			}
		}
	}
	api.OK(token, `query($a: Boolean) { indicators(first: 100, filter: {level: SASARAN}) { edges { node {
		owner { code kind ancestors { code kind } } achievement(year: 2023, approvedOnly: $a) { capaian } } } } }`, map[string]any{"a": approved}, &out)
	caps, without := map[string][]float64{}, map[string]int{}
	for _, e := range out.Indicators.Edges {
		asisten := ""
		if e.Node.Owner.Kind == "ASSISTANT" {
			asisten = e.Node.Owner.Code
		}
		for _, a := range e.Node.Owner.Ancestors {
			if a.Kind == "ASSISTANT" {
				asisten = a.Code
			}
		}
		if c := e.Node.Achievement.Capaian; c != nil {
			caps[asisten] = append(caps[asisten], *c)
		} else {
			without[asisten]++
		}
	}
	return caps, without
}

func mean(xs []float64) float64 {
	var s float64
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }

// TestAchievementStatsByAsisten: grouped by ASISTEN, 2023, the Sekda sees
// one group per Asisten with indicators, each mean that of its indicators'
// capaian as the achievement field gives them; the total is
// achievementSummary's; the budget sums the lines; a fixed number of
// statements whatever the grouping.
func TestAchievementStatsByAsisten(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		api := apitest.New(t, st)
		sekda := api.Token("sekda")
		var out statsOut
		warmCaller(t, api, sekda)
		api.OK(sekda, statsQuery, map[string]any{"year": 2023, "by": []string{"ASISTEN"}}, &out)
		statements := api.Statements()
		s := out.AchievementStats
		caps, without := indicatorsByAsisten(t, api, sekda, false)
		seen := map[string]bool{}
		for _, g := range s.Groups {
			if g.Asisten == nil {
				t.Errorf("a group without an Asisten: %+v", g)
				continue
			}
			code := g.Asisten.Code
			if seen[code] {
				t.Errorf("Asisten %s has two groups", code)
			}
			seen[code] = true
			want := caps[code]
			if len(want) == 0 {
				if g.WithCapaian != 0 || g.MeanCapaian != nil {
					t.Errorf("%s: mean %v with %d, want none (no indicator)", code, g.MeanCapaian, g.WithCapaian)
				}
				continue
			}
			if g.MeanCapaian == nil || !near(*g.MeanCapaian, mean(want)) || g.WithCapaian != len(want) || g.WithoutCapaian != without[code] {
				t.Errorf("%s: mean %v with %d without %d, want %v with %d without %d", code, g.MeanCapaian, g.WithCapaian, g.WithoutCapaian, mean(want), len(want), without[code])
			}
		}
		for code := range caps {
			if !seen[code] {
				t.Errorf("Asisten %q has indicators but no group", code)
			}
		}
		if len(caps) < 2 {
			t.Errorf("the demo data's indicators fall under %d Asisten, want at least 2", len(caps))
		}

		var sum struct {
			AchievementSummary struct {
				MeanCapaian                 float64
				WithCapaian, WithoutCapaian int
			}
			Budget struct{ Pagu, Realisasi string }
		}
		api.OK(sekda, `{ achievementSummary(year: 2023) { meanCapaian withCapaian withoutCapaian } budget(year: 2023) { pagu realisasi } }`, nil, &sum)
		tot := s.Total
		if tot.MeanCapaian == nil || !near(*tot.MeanCapaian, sum.AchievementSummary.MeanCapaian) || tot.WithCapaian != sum.AchievementSummary.WithCapaian ||
			tot.WithoutCapaian != sum.AchievementSummary.WithoutCapaian || apitest.Round2(*tot.MeanCapaian) != 102.14 || *tot.MeanCategory != "SANGAT_TINGGI" {
			t.Errorf("total = mean %v with %d without %d, want achievementSummary's %v with %d without %d (102.14)", tot.MeanCapaian, tot.WithCapaian, tot.WithoutCapaian,
				sum.AchievementSummary.MeanCapaian, sum.AchievementSummary.WithCapaian, sum.AchievementSummary.WithoutCapaian)
		}
		if tot.Pagu == nil || *tot.Pagu != sum.Budget.Pagu || *tot.Realisasi != sum.Budget.Realisasi || *tot.Pagu != "304308454755.00" {
			t.Errorf("total budget = %v / %v, want the budget query's %s / %s", tot.Pagu, tot.Realisasi, sum.Budget.Pagu, sum.Budget.Realisasi)
		}
		counted := 0
		for _, c := range tot.ByCategory {
			counted += c.Count
		}
		if counted != tot.WithCapaian {
			t.Errorf("byCategory adds up to %d, want withCapaian %d", counted, tot.WithCapaian)
		}

		// The same number of statements grouped by every unit, and by Asisten
		// over two years.
		warmCaller(t, api, sekda)
		api.OK(sekda, statsQuery, map[string]any{"year": 2023, "by": []string{"ORG_UNIT"}}, &out)
		if n := api.Statements(); n != statements {
			t.Errorf("by ORG_UNIT: %d statements, want %d as by ASISTEN", n, statements)
		}
		warmCaller(t, api, sekda)
		api.OK(sekda, statsQuery, map[string]any{"year": 2023, "by": []string{"ASISTEN", "YEAR"}, "f": map[string]any{"fromYear": 2022, "toYear": 2023}}, &out)
		if n := api.Statements(); n != statements {
			t.Errorf("by ASISTEN and YEAR over two years: %d statements, want %d", n, statements)
		}
		// unit, groups and their budget, total and its budget (the caller's
		// row is cached).
		if statements != 5 {
			t.Errorf("achievementStats: %d statements, want 5", statements)
		}
	})
}

// TestAchievementStatsTrend: grouped by YEAR over 2022–2023 in one query,
// each year's group equals that year's achievementSummary.
func TestAchievementStatsTrend(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		api := apitest.New(t, st)
		sekda := api.Token("sekda")
		var out statsOut
		api.OK(sekda, statsQuery, map[string]any{"year": 2023, "by": []string{"YEAR"}, "f": map[string]any{"fromYear": 2022, "toYear": 2023}}, &out)
		gs := out.AchievementStats.Groups
		if len(gs) != 2 || *gs[0].Year != 2022 || *gs[1].Year != 2023 {
			t.Fatalf("groups %+v, want 2022 and 2023", gs)
		}
		for _, g := range gs {
			var sum struct{ AchievementSummary struct{ MeanCapaian float64 } }
			api.OK(sekda, `query($y: Int!) { achievementSummary(year: $y) { meanCapaian } }`, map[string]any{"y": *g.Year}, &sum)
			if g.MeanCapaian == nil || !near(*g.MeanCapaian, sum.AchievementSummary.MeanCapaian) {
				t.Errorf("%d: mean %v, want achievementSummary's %v", *g.Year, g.MeanCapaian, sum.AchievementSummary.MeanCapaian)
			}
		}
	})
}

// TestAchievementStatsScopeAndApproved: an Asisten counts its own subtree
// only; a VIEWER approved values only, as achievementSummary; bad input is
// refused.
func TestAchievementStatsScopeAndApproved(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		api := apitest.New(t, st)
		x := lookup(t, api)
		var out statsOut
		api.OK(api.Token("asisten.ekbang"), statsQuery, map[string]any{"year": 2023, "by": []string{"ASISTEN"}}, &out)
		for _, g := range out.AchievementStats.Groups {
			if g.Asisten == nil || g.Asisten.Code != "ASISTEN-EKBANG" {
				t.Errorf("asisten.ekbang sees a group of %+v", g.Asisten)
			}
		}
		viewer := api.Token("bi")
		api.OK(viewer, statsQuery, map[string]any{"year": 2023, "by": []string{}}, &out)
		var sum struct {
			AchievementSummary struct {
				MeanCapaian                 *float64
				WithCapaian, WithoutCapaian int
				ApprovedOnly                bool
			}
		}
		api.OK(viewer, `{ achievementSummary(year: 2023) { meanCapaian withCapaian withoutCapaian approvedOnly } }`, nil, &sum)
		tot := out.AchievementStats.Total
		if !out.AchievementStats.ApprovedOnly || !sum.AchievementSummary.ApprovedOnly || tot.WithCapaian != sum.AchievementSummary.WithCapaian ||
			tot.WithoutCapaian != sum.AchievementSummary.WithoutCapaian || (tot.MeanCapaian == nil) != (sum.AchievementSummary.MeanCapaian == nil) ||
			(tot.MeanCapaian != nil && !near(*tot.MeanCapaian, *sum.AchievementSummary.MeanCapaian)) {
			t.Errorf("VIEWER: stats %+v approved %v, want achievementSummary's %+v", tot, out.AchievementStats.ApprovedOnly, sum.AchievementSummary)
		}
		// The VIEWER's budget is the approved one: nothing until the Sekda
		// approves 2023, as the budget query says.
		var vb struct{ Budget struct{ Pagu string } }
		api.OK(viewer, `{ budget(year: 2023) { pagu } }`, nil, &vb)
		if vb.Budget.Pagu != "0.00" || (tot.Pagu != nil && *tot.Pagu != vb.Budget.Pagu) {
			t.Errorf("VIEWER: stats pagu %v, budget pagu %s; want both 0.00 before 2023 is approved", tot.Pagu, vb.Budget.Pagu)
		}
		api.Fails(api.Token("bagian.tapem"), statsQuery, map[string]any{"year": 2023, "by": []string{}, "f": map[string]any{"orgUnitId": x.unit("SETDA")}}, "FORBIDDEN")
		api.Fails(viewer, statsQuery, map[string]any{"year": 2023, "by": []string{"YEAR", "YEAR"}}, "BAD_USER_INPUT")
		api.Fails(viewer, statsQuery, map[string]any{"year": 2023, "by": []string{}, "f": map[string]any{"fromYear": 2024, "toYear": 2023}}, "BAD_USER_INPUT")
		api.Fails(viewer, statsQuery, map[string]any{"year": 1800, "by": []string{}}, "BAD_USER_INPUT")
	})
}
