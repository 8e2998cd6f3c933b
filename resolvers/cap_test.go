package resolvers_test

import (
	"math"
	"strings"
	"testing"

	"github.com/kinerja/kinerja/internal/apitest"
	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/internal/testdb"
)

// TestCapaianCap: the agency's capaian cap, set through updateOrgUnit,
// inherited down the tree, lowers capaian (uncappedCapaian keeps the value,
// note says why) and the summaries follow; 0 at a unit lifts it there.
func TestCapaianCap(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		api := apitest.New(t, st)
		x := lookup(t, api)
		admin, sekda := api.Token("admin"), api.Token("sekda")
		const capQuery = `query($id: ID!, $unit: ID!) {
			indicator(id: $id) { achievement(year: 2023) { capaian uncappedCapaian category met method note } }
			orgUnit: node(id: $unit) { ... on OrgUnit { capaianCap } }
		}`
		type capOut struct {
			Indicator struct {
				Achievement struct {
					Capaian, UncappedCapaian *float64
					Category                 string
					Met                      bool
					Method                   string
					Note                     *string
				}
			}
			OrgUnit struct{ CapaianCap *float64 }
		}
		summary := func() float64 {
			var out struct{ AchievementSummary struct{ MeanCapaian float64 } }
			api.OK(sekda, `{ achievementSummary(year: 2023) { meanCapaian } }`, nil, &out)
			return out.AchievementSummary.MeanCapaian
		}
		// The 27 capaian of 2023, uncapped (none by default).
		var caps []float64
		var list struct {
			Indicators struct {
				Edges []struct {
					Node struct {
						Achievement struct{ Capaian *float64 }
					}
				}
			}
		}
		api.OK(sekda, `{ indicators(first: 100, filter: {level: SASARAN}) { edges { node { achievement(year: 2023) { capaian } } } } }`, nil, &list)
		for _, e := range list.Indicators.Edges {
			if c := e.Node.Achievement.Capaian; c != nil {
				caps = append(caps, *c)
			}
		}
		uncappedMean := summary()
		var out capOut
		vars := map[string]any{"id": x.ind("IKU-11"), "unit": x.unit("BAG-RENKEU")}
		api.OK(sekda, capQuery, vars, &out)
		if a := out.Indicator.Achievement; *a.Capaian != 144 || *a.UncappedCapaian != 144 || a.Note != nil || out.OrgUnit.CapaianCap != nil {
			t.Errorf("no cap: IKU-11 = %v (uncapped %v, note %v), unit cap %v; want 144, 144, no note, no cap", *a.Capaian, *a.UncappedCapaian, a.Note, out.OrgUnit.CapaianCap)
		}

		// A cap of 120 on the agency reaches every unit below.
		api.OK(admin, `mutation($id: ID!) { updateOrgUnit(id: $id, input: {capaianCap: 120}) { capaianCap } }`, map[string]any{"id": x.unit("SETDA")}, nil)
		api.OK(sekda, capQuery, vars, &out)
		a := out.Indicator.Achievement
		if *a.Capaian != 120 || *a.UncappedCapaian != 144 || a.Category != "SANGAT_TINGGI" || !a.Met || a.Method != "RATIO" || a.Note == nil || !strings.Contains(*a.Note, "capped at 120") {
			t.Errorf("cap 120: IKU-11 = %v (uncapped %v) %s met %v %s note %v; want 120 (144) SANGAT_TINGGI met RATIO and a note", *a.Capaian, *a.UncappedCapaian, a.Category, a.Met, a.Method, a.Note)
		}
		if out.OrgUnit.CapaianCap == nil || *out.OrgUnit.CapaianCap != 120 {
			t.Errorf("BAG-RENKEU capaianCap = %v, want 120 inherited from SETDA", out.OrgUnit.CapaianCap)
		}
		if got, want := summary(), cappedMean(caps, 120); math.Abs(got-want) > 1e-9 || got == uncappedMean {
			t.Errorf("mean with cap 120 = %v, want %v (uncapped %v)", got, want, uncappedMean)
		}

		// A cap of 100 on the agency; 0 on the Asisten over BAG-RENKEU lifts it there.
		api.OK(admin, `mutation($id: ID!) { updateOrgUnit(id: $id, input: {capaianCap: 100}) { capaianCap } }`, map[string]any{"id": x.unit("SETDA")}, nil)
		if got, want := summary(), cappedMean(caps, 100); math.Abs(got-want) > 1e-9 {
			t.Errorf("mean with cap 100 = %v, want %v", got, want)
		}
		api.OK(admin, `mutation($id: ID!) { updateOrgUnit(id: $id, input: {capaianCap: 0}) { capaianCap } }`, map[string]any{"id": x.unit("ASISTEN-ADUM")}, nil)
		api.OK(sekda, capQuery, vars, &out)
		if a := out.Indicator.Achievement; *a.Capaian != 144 || a.Note != nil || out.OrgUnit.CapaianCap != nil {
			t.Errorf("cap 0 under a cap of 100: IKU-11 = %v note %v, unit cap %v; want 144, no note, no cap", *a.Capaian, a.Note, out.OrgUnit.CapaianCap)
		}

		// Out of bounds, and a unit created with its own cap.
		e := api.Fails(admin, `mutation($id: ID!) { updateOrgUnit(id: $id, input: {capaianCap: 90}) { capaianCap } }`, map[string]any{"id": x.unit("SETDA")}, "BAD_USER_INPUT")
		if !strings.Contains(e.Message, "capaianCap") {
			t.Errorf("cap 90: %q, want it to name capaianCap", e.Message)
		}
		var created struct{ CreateOrgUnit struct{ CapaianCap *float64 } }
		api.OK(admin, `mutation($p: ID!) { createOrgUnit(input: {parentId: $p, code: "BAG-X", name: "Bagian X", kind: DIVISION, capaianCap: 110}) { capaianCap } }`, map[string]any{"p": x.unit("ASISTEN-ADUM")}, &created)
		if c := created.CreateOrgUnit.CapaianCap; c == nil || *c != 110 {
			t.Errorf("created with cap 110: capaianCap %v", c)
		}
	})
}

// cappedMean is the mean of caps each lowered to cap.
func cappedMean(caps []float64, cap float64) float64 {
	var sum float64
	for _, c := range caps {
		sum += math.Min(c, cap)
	}
	return sum / float64(len(caps))
}
