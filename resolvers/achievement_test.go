package resolvers_test

import (
	"testing"

	"github.com/kinerja/kinerja/internal/apitest"
	"github.com/kinerja/kinerja/internal/demo"
	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/internal/testdb"
)

// tabel31 is Tabel 3.1 of the seed: code, target text, realisation, capaian
// rounded to two decimals, category.
var tabel31 = []struct {
	code     string
	target   string
	real     float64
	capaian  float64
	category string
}{
	{"IKU-01", "89", 89.5, 100.56, "SANGAT_TINGGI"},
	{"IKU-02", "75", 85.1, 113.47, "SANGAT_TINGGI"},
	{"IKU-03", "98", 97.15, 99.13, "SANGAT_TINGGI"},
	{"IKU-04", "96", 94, 97.92, "SANGAT_TINGGI"},
	{"IKU-05", "79", 79.67, 100.85, "SANGAT_TINGGI"},
	{"IKU-06", "88", 88.9, 101.02, "SANGAT_TINGGI"},
	{"IKU-07", "3.5", 3.1, 88.57, "TINGGI"},
	{"IKU-08", "89.7", 90.2, 100.56, "SANGAT_TINGGI"},
	{"IKU-09", "70.5", 74.5, 105.67, "SANGAT_TINGGI"},
	{"IKU-10", "82", 87, 106.10, "SANGAT_TINGGI"},
	{"IKU-11", "25", 36, 144, "SANGAT_TINGGI"},
	{"IKU-12", "100", 100, 100, "SANGAT_TINGGI"},
	{"IKU-13", "100", 100, 100, "SANGAT_TINGGI"},
	{"IKU-14", "100", 100, 100, "SANGAT_TINGGI"},
	{"IKU-15", "100", 100, 100, "SANGAT_TINGGI"},
	{"IKU-16", "B (60-70)", 68.4, 100, "SANGAT_TINGGI"},
	{"IKU-17", "100", 100, 100, "SANGAT_TINGGI"},
	{"IKU-18", "1", 1, 100, "SANGAT_TINGGI"},
	{"IKU-19", "100", 100, 100, "SANGAT_TINGGI"},
	{"IKU-20", "100", 100, 100, "SANGAT_TINGGI"},
	{"IKU-21", "100", 100, 100, "SANGAT_TINGGI"},
	{"IKU-22", "2", 2, 100, "SANGAT_TINGGI"},
	{"IKU-23", "1", 1, 100, "SANGAT_TINGGI"},
	{"IKU-24", "4", 4, 100, "SANGAT_TINGGI"},
	{"IKU-25", "100", 100, 100, "SANGAT_TINGGI"},
	{"IKU-26", "100", 100, 100, "SANGAT_TINGGI"},
	{"IKU-27", "100", 100, 100, "SANGAT_TINGGI"},
}

type achievementNode struct {
	Code        string `json:"code"`
	Achievement struct {
		Target struct {
			Text string `json:"text"`
		} `json:"target"`
		Realisation float64  `json:"realisation"`
		Capaian     *float64 `json:"capaian"`
		State       string   `json:"state"`
		Category    string   `json:"category"`
		Met         bool     `json:"met"`
	} `json:"achievement"`
}

const tabel31Query = `query($search: String) {
  indicators(first: 100, filter: {level: SASARAN, search: $search}) {
    totalCount
    edges { node { code achievement(year: 2023) { target { text } realisation capaian state category met } } }
  }
}`

// visibleCodes returns, for each demo user, the codes of the Tabel 3.1
// indicators it may read: those owned in the subtree of its unit.
func visibleCodes(t *testing.T) map[string]map[string]bool {
	t.Helper()
	d, err := demo.LKjIP2023()
	if err != nil {
		t.Fatal(err)
	}
	parent := map[string]string{}
	for _, u := range d.OrgUnits {
		parent[u.Code] = u.Parent
	}
	under := func(unit, top string) bool {
		for ; unit != ""; unit = parent[unit] {
			if unit == top {
				return true
			}
		}
		return false
	}
	out := map[string]map[string]bool{}
	for _, u := range d.Users {
		out[u.Username] = map[string]bool{}
		for _, ind := range d.Indicators {
			if ind.Level == "SASARAN" && under(ind.Owner, u.Unit) {
				out[u.Username][ind.Code] = true
			}
		}
	}
	return out
}

// TestTabel31 checks every row of Tabel 3.1 through indicator.achievement,
// as each demo user: each sees exactly the indicators of its subtree, with
// the seed's figures.
func TestTabel31(t *testing.T) {
	visible := visibleCodes(t)
	if len(visible) != 18 || len(visible["sekda"]) != 27 || len(visible["bi"]) != 27 || len(visible["bagian.renkeu"]) == 0 {
		t.Fatalf("demo users and their indicators: %d users, sekda %d, bi %d; want 18, 27, 27", len(visible), len(visible["sekda"]), len(visible["bi"]))
	}
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		api := apitest.New(t, st)
		for user, want := range visible {
			var out struct {
				Indicators struct {
					TotalCount int
					Edges      []struct{ Node achievementNode }
				}
			}
			api.OK(api.Token(user), tabel31Query, nil, &out)
			if out.Indicators.TotalCount != len(want) {
				t.Errorf("%s: totalCount %d, want %d", user, out.Indicators.TotalCount, len(want))
			}
			got := map[string]achievementNode{}
			for _, e := range out.Indicators.Edges {
				got[e.Node.Code] = e.Node
				if !want[e.Node.Code] {
					t.Errorf("%s reads %s, owned outside its subtree", user, e.Node.Code)
				}
			}
			for _, row := range tabel31 {
				n, ok := got[row.code]
				if !ok {
					if want[row.code] {
						t.Errorf("%s: %s missing", user, row.code)
					}
					continue
				}
				a := n.Achievement
				if user == "bi" {
					// A VIEWER reads approved values only, and the demo's
					// realisations are drafts: the target, but no capaian.
					if a.State != "INCOMPLETE" || a.Realisation != 0 || a.Target.Text != row.target {
						t.Errorf("bi: %s = %s real %v target %s, want INCOMPLETE without a realisation, target %s", row.code, a.State, a.Realisation, a.Target.Text, row.target)
					}
					continue
				}
				if a.State != "COMPUTED" || a.Capaian == nil {
					t.Errorf("%s: %s state %s, want COMPUTED", user, row.code, a.State)
					continue
				}
				if got := apitest.Round2(*a.Capaian); got != row.capaian || a.Category != row.category ||
					a.Target.Text != row.target || a.Realisation != row.real {
					t.Errorf("%s: %s = target %s real %v capaian %v (%.2f) %s; want %s %v %.2f %s", user, row.code,
						a.Target.Text, a.Realisation, *a.Capaian, got, a.Category, row.target, row.real, row.capaian, row.category)
				}
				if a.Met != (*a.Capaian >= 100) {
					t.Errorf("%s: %s met %v with capaian %v", user, row.code, a.Met, *a.Capaian)
				}
			}
		}
	})
}

func TestAchievementSummarySetda(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		api := apitest.New(t, st)
		var out struct {
			AchievementSummary struct {
				MeanCapaian    float64
				Category       string
				WithCapaian    int
				WithoutCapaian int
				ByCategory     []struct {
					Category string
					Count    int
				}
			}
		}
		api.OK(api.Token("sekda"), `{ achievementSummary(year: 2023) { meanCapaian category withCapaian withoutCapaian byCategory { category count } } }`, nil, &out)
		s := out.AchievementSummary
		if apitest.Round2(s.MeanCapaian) != 102.14 || s.Category != "SANGAT_TINGGI" || s.WithCapaian != 27 || s.WithoutCapaian != 0 {
			t.Errorf("summary = %+v, want mean 102.14 SANGAT_TINGGI with 27 without 0", s)
		}
		wantCounts := []int{26, 1, 0, 0, 0}
		for i, c := range s.ByCategory {
			if c.Count != wantCounts[i] {
				t.Errorf("byCategory[%d] = %s %d, want %d", i, c.Category, c.Count, wantCounts[i])
			}
		}
	})
}
