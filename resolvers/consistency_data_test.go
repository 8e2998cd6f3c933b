package resolvers_test

import (
	"testing"

	"github.com/kinerja/kinerja/internal/apitest"
	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/internal/testdb"
)

// setTarget sets the 2024 target of indicator ind to value, as user.
func (f *flow) setTarget(user, ind string, value float64) {
	f.t.Helper()
	f.api.OK(f.api.Token(user), `mutation($i: ID!, $v: Float!) { setTarget(input: {indicatorId: $i, year: 2024, value: $v}) { year } }`,
		map[string]any{"i": ind, "v": value}, nil)
}

// dataFindings returns the findings of kind of the Setda's 2024 report.
func (f *flow) dataFindings(kind string) []finding {
	f.t.Helper()
	var out []finding
	for _, g := range report(f.t, f.api, f.api.Token("sekda"), f.x.unit("SETDA"), 2024) {
		if g.Kind == kind {
			out = append(out, g)
		}
	}
	return out
}

// TestConsistencyDataProblems: the problems of the stored data of a year,
// each made through the API in 2024 (no stated figure is of 2024): a
// realisation without a target, a target of 0 (no capaian), a target changed
// after a realisation of its indicator and year was approved.
func TestConsistencyDataProblems(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		f := newFlow(t, apitest.New(t, st))
		x := f.x
		for _, g := range report(t, f.api, f.api.Token("sekda"), x.unit("SETDA"), 2024) {
			if g.Kind != "STATED_DIFFERS" {
				t.Fatalf("2024 has %s at %s before any data of 2024", g.Kind, g.Location)
			}
		}

		// IKU-10: a realisation, no target.
		f.record("bagian.renkeu", x.ind("IKU-10"), "YEAR", 87.5, nil)
		got := f.dataFindings("REALISATION_WITHOUT_TARGET")
		if len(got) != 1 || got[0].Subject == nil || got[0].Subject.ID != x.ind("IKU-10") || str(got[0].Stated) != "87.5" || got[0].Computed != nil ||
			got[0].Location != "IKU-10 Indeks Kualitas Pelayanan Administrasi bidang perekonomian, administrasi pembangunan, pengadaan barang dan jasa dan sumber daya alam, Target 2024" {
			t.Errorf("realisation without target: %+v", got)
		}

		// With a target of 0 it has one but no capaian.
		f.setTarget("bagian.renkeu", x.ind("IKU-10"), 0)
		if got := f.dataFindings("REALISATION_WITHOUT_TARGET"); len(got) != 0 {
			t.Errorf("with a target, still %+v", got)
		}
		got = f.dataFindings("CAPAIAN_NOT_EVALUABLE")
		if len(got) != 1 || got[0].Subject == nil || got[0].Subject.ID != x.ind("IKU-10") || str(got[0].Note) != "target 0: target is 0: realisation / target is undefined" {
			t.Errorf("capaian not evaluable: %+v", got)
		}

		// A target set to 90, the realisation approved, the target then
		// changed to 80: the approved capaian (97.22) no longer stands.
		f.setTarget("bagian.renkeu", x.ind("IKU-10"), 90)
		if got := f.dataFindings("CAPAIAN_NOT_EVALUABLE"); len(got) != 0 {
			t.Errorf("with a target of 90, still %+v", got)
		}
		var out struct {
			Indicator struct{ Realisations []struct{ ID string } }
		}
		f.api.OK(f.api.Token("sekda"), `query($i: ID!) { indicator(id: $i) { realisations(year: 2024) { id } } }`, map[string]any{"i": x.ind("IKU-10")}, &out)
		id := out.Indicator.Realisations[0].ID
		f.act("bagian.renkeu", "submitRealisation", id, "")
		if got := f.dataFindings("TARGET_CHANGED_AFTER_APPROVAL"); len(got) != 0 {
			t.Errorf("before the approval: %+v", got)
		}
		f.act("asisten.adum", "approveRealisation", id, "")
		if got := f.dataFindings("TARGET_CHANGED_AFTER_APPROVAL"); len(got) != 0 {
			t.Errorf("approved, the target unchanged: %+v", got)
		}
		f.setTarget("bagian.renkeu", x.ind("IKU-10"), 80)
		got = f.dataFindings("TARGET_CHANGED_AFTER_APPROVAL")
		if len(got) != 1 || got[0].Subject == nil || got[0].Subject.ID != x.ind("IKU-10") || str(got[0].Stated) != "90" || str(got[0].Computed) != "80" {
			t.Errorf("target changed after approval: %+v", got)
		}
		// Another indicator's target changed in 2024, and IKU-10's target of
		// another year, are no such finding.
		f.setTarget("bagian.renkeu", x.ind("IKU-11"), 30)
		if got := f.dataFindings("TARGET_CHANGED_AFTER_APPROVAL"); len(got) != 1 {
			t.Errorf("after IKU-11's target changed: %d findings, want IKU-10's only", len(got))
		}
		// Nothing of this shows in 2023's report, nor for a VIEWER.
		for _, g := range report(t, f.api, f.api.Token("sekda"), x.unit("SETDA"), 2023) {
			if g.Kind != "STATED_DIFFERS" {
				t.Errorf("2023: %s at %s", g.Kind, g.Location)
			}
		}
		for _, g := range report(t, f.api, f.api.Token("bi"), x.unit("SETDA"), 2024) {
			if g.Kind == "TARGET_CHANGED_AFTER_APPROVAL" {
				t.Errorf("VIEWER: %s", g.Location)
			}
		}
		// A realisation over its pagu is refused by the database itself, so
		// BUDGET_OVER_PAGU can only find lines stored before that held.
		f.api.Fails(f.api.Token("bagian.renkeu"), `mutation($s: ID!) { recordBudgetLine(input: {subActivityId: $s, year: 2024, pagu: "100.00", realisasi: "101.00"}) { id } }`,
			map[string]any{"s": x.subs["01.01.01"]}, "BAD_USER_INPUT")
	})
}
