package resolvers_test

import (
	"encoding/json"
	"testing"

	"github.com/kinerja/kinerja/internal/apitest"
	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/internal/testdb"
	"github.com/kinerja/kinerja/resolvers"
)

type summaryOut struct {
	MeanCapaian    *float64
	Category       *string
	WithCapaian    int
	WithoutCapaian int
	ApprovedOnly   bool
}

const summaryFields = `meanCapaian category withCapaian withoutCapaian approvedOnly`

type approvedBudget struct {
	Pagu, Realisasi string
	ApprovedOnly    bool
	Lines           struct{ TotalCount int }
}

const budgetFields = `pagu realisasi approvedOnly lines(first: 1) { totalCount }`

// TestApprovedOnly: of the 27 performance indicators of 2023 (all drafts in
// the demo data) the Asisten approves two, IKU-10 (capaian 106.10) and
// IKU-11 (144): every figure computed for approved values only, which a
// reader asks for and a VIEWER gets whatever it asks, is computed from
// those two; the budget counts no line until the Sekda approves the year for
// the whole Setda, and then every line, which is locked with the year's
// targets.
func TestApprovedOnly(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		f := newFlow(t, apitest.New(t, st))
		api, x := f.api, f.x
		sekda, bi := api.Token("sekda"), api.Token("bi")
		for _, code := range []string{"IKU-10", "IKU-11"} {
			var out struct {
				Indicator struct{ Realisations []struct{ ID string } }
			}
			api.OK(sekda, `query($i: ID!) { indicator(id: $i) { realisations(year: 2023) { id } } }`, map[string]any{"i": x.ind(code)}, &out)
			if len(out.Indicator.Realisations) != 1 {
				t.Fatalf("%s has %d realisations in 2023, want its YEAR", code, len(out.Indicator.Realisations))
			}
			id := out.Indicator.Realisations[0].ID
			f.act("bagian.renkeu", "submitRealisation", id, "")
			f.act("asisten.adum", "approveRealisation", id, "")
		}

		summary := func(token, args string) summaryOut {
			t.Helper()
			var out struct{ AchievementSummary summaryOut }
			api.OK(token, `{ achievementSummary(year: 2023`+args+`) { `+summaryFields+` } }`, nil, &out)
			return out.AchievementSummary
		}
		checkSummary := func(what string, s summaryOut, mean float64, with, without int, approvedOnly bool) {
			t.Helper()
			if s.MeanCapaian == nil || apitest.Round2(*s.MeanCapaian) != mean || s.WithCapaian != with || s.WithoutCapaian != without ||
				s.ApprovedOnly != approvedOnly || s.Category == nil || *s.Category != "SANGAT_TINGGI" {
				t.Errorf("%s: mean %v %v with %d without %d approvedOnly %v; want %.2f SANGAT_TINGGI, %d, %d, %v",
					what, deref(s.MeanCapaian), deref(s.Category), s.WithCapaian, s.WithoutCapaian, s.ApprovedOnly, mean, with, without, approvedOnly)
			}
		}
		// (106.0975… + 144) / 2
		checkSummary("sekda", summary(sekda, ""), 102.14, 27, 0, false)
		checkSummary("sekda, approvedOnly", summary(sekda, ", approvedOnly: true"), 125.05, 2, 25, true)
		checkSummary("bi", summary(bi, ""), 125.05, 2, 25, true)
		checkSummary("bi, approvedOnly: false", summary(bi, ", approvedOnly: false"), 125.05, 2, 25, true)

		var units struct {
			OrgUnit struct{ All, Approved summaryOut }
		}
		api.OK(sekda, `query($u: ID!) { orgUnit(id: $u) { all: achievement(year: 2023) { `+summaryFields+` }
			approved: achievement(year: 2023, approvedOnly: true) { `+summaryFields+` } } }`, map[string]any{"u": x.unit("BAG-RENKEU")}, &units)
		// Its 22 performance indicators.
		checkSummary("Bagian Perencanaan dan Keuangan for sekda", units.OrgUnit.All, 102.63, 22, 0, false)
		checkSummary("Bagian Perencanaan dan Keuangan for sekda, approvedOnly", units.OrgUnit.Approved, 125.05, 2, 20, true)
		api.OK(bi, `query($u: ID!) { orgUnit(id: $u) { all: achievement(year: 2023) { `+summaryFields+` }
			approved: achievement(year: 2023, approvedOnly: true) { `+summaryFields+` } } }`, map[string]any{"u": x.unit("BAG-RENKEU")}, &units)
		checkSummary("Bagian Perencanaan dan Keuangan for bi", units.OrgUnit.All, 125.05, 2, 20, true)

		// One indicator, and its sasaran (S1 and S3 have three indicators
		// each).
		type indicatorOut struct {
			Indicator struct {
				Sasaran struct {
					Achievement summaryOut
				}
				Achievement struct {
					State   string
					Capaian *float64
				}
				Realisations []struct{ Value float64 }
			}
		}
		read := func(token, code, approvedOnly string) indicatorOut {
			t.Helper()
			var out indicatorOut
			api.OK(token, `query($i: ID!, $a: Boolean) { indicator(id: $i) {
				sasaran { achievement(year: 2023, approvedOnly: $a) { `+summaryFields+` } }
				achievement(year: 2023, approvedOnly: $a) { state capaian }
				realisations(year: 2023, approvedOnly: $a) { value }
			} }`, map[string]any{"i": x.ind(code), "a": map[string]any{"": nil, "true": true, "false": false}[approvedOnly]}, &out)
			return out
		}
		for _, c := range []struct {
			who, token, code, approvedOnly string
			state                          string
			capaian                        float64
			values                         int
			sasaran                        summaryOut
			sasaranMean                    float64
		}{
			{"sekda", sekda, "IKU-10", "", "COMPUTED", 106.10, 1, summaryOut{WithCapaian: 3}, 0},
			{"sekda", sekda, "IKU-01", "", "COMPUTED", 100.56, 1, summaryOut{WithCapaian: 3}, 0},
			{"sekda", sekda, "IKU-01", "true", "INCOMPLETE", 0, 0, summaryOut{WithoutCapaian: 3, ApprovedOnly: true}, 0},
			{"sekda", sekda, "IKU-10", "true", "COMPUTED", 106.10, 1, summaryOut{WithCapaian: 1, WithoutCapaian: 2, ApprovedOnly: true}, 106.10},
			{"bi", bi, "IKU-10", "", "COMPUTED", 106.10, 1, summaryOut{WithCapaian: 1, WithoutCapaian: 2, ApprovedOnly: true}, 106.10},
			{"bi", bi, "IKU-01", "false", "INCOMPLETE", 0, 0, summaryOut{WithoutCapaian: 3, ApprovedOnly: true}, 0},
		} {
			out := read(c.token, c.code, c.approvedOnly).Indicator
			got := 0.0
			if out.Achievement.Capaian != nil {
				got = apitest.Round2(*out.Achievement.Capaian)
			}
			s := out.Sasaran.Achievement
			if c.sasaranMean != 0 && (s.MeanCapaian == nil || apitest.Round2(*s.MeanCapaian) != c.sasaranMean) {
				t.Errorf("%s reads the sasaran of %s (approvedOnly %q): mean %v, want %.2f", c.who, c.code, c.approvedOnly, deref(s.MeanCapaian), c.sasaranMean)
			}
			if out.Achievement.State != c.state || got != c.capaian || len(out.Realisations) != c.values ||
				s.WithCapaian != c.sasaran.WithCapaian || s.WithoutCapaian != c.sasaran.WithoutCapaian || s.ApprovedOnly != c.sasaran.ApprovedOnly {
				t.Errorf("%s reads %s (approvedOnly %q): %s %v, %d values, sasaran %+v; want %s %v, %d values, sasaran %+v",
					c.who, c.code, c.approvedOnly, out.Achievement.State, got, len(out.Realisations), s, c.state, c.capaian, c.values, c.sasaran)
			}
		}

		// The budget: no line counts before the Sekda approves the year.
		budget := func(token, args string) approvedBudget {
			t.Helper()
			var out struct{ Budget approvedBudget }
			api.OK(token, `{ budget(year: 2023`+args+`) { `+budgetFields+` } }`, nil, &out)
			return out.Budget
		}
		checkBudget := func(what string, b approvedBudget, pagu, realisasi string, lines int, approvedOnly bool) {
			t.Helper()
			if b.Pagu != pagu || b.Realisasi != realisasi || b.Lines.TotalCount != lines || b.ApprovedOnly != approvedOnly {
				t.Errorf("%s: %+v, want %s / %s in %d lines, approvedOnly %v", what, b, pagu, realisasi, lines, approvedOnly)
			}
		}
		const pagu, realisasi = "304308454755.00", "285772139679.00"
		checkBudget("sekda", budget(sekda, ""), pagu, realisasi, 65, false)
		checkBudget("sekda, approvedOnly", budget(sekda, ", approvedOnly: true"), "0.00", "0.00", 0, true)
		checkBudget("bi", budget(bi, ", approvedOnly: false"), "0.00", "0.00", 0, true)
		var line struct {
			Budget struct {
				Lines struct {
					Edges []struct {
						Node struct {
							ID          string
							Version     int
							SubActivity struct{ ID string }
						}
					}
				}
			}
		}
		api.OK(sekda, `{ budget(year: 2023) { lines(first: 1) { edges { node { id version subActivity { id } } } } } }`, nil, &line)
		lineID, subID := line.Budget.Lines.Edges[0].Node.ID, line.Budget.Lines.Edges[0].Node.SubActivity.ID
		lineOf := func(token string) (budgetLine *string, node string) {
			t.Helper()
			resp := api.Do(token, `query($l: ID!, $s: ID!) { node(id: $l) { id } sub: node(id: $s) { ... on SubActivity { budgetLine(year: 2023) { id } } } }`,
				map[string]any{"l": lineID, "s": subID})
			node = "found"
			if len(resp.Errors) > 0 {
				node = resp.Errors[0].Code()
			}
			var out struct {
				Sub struct{ BudgetLine *struct{ ID string } }
			}
			apitest.Must(t, json.Unmarshal(resp.Data, &out))
			if out.Sub.BudgetLine != nil {
				budgetLine = &out.Sub.BudgetLine.ID
			}
			return budgetLine, node
		}
		if bl, node := lineOf(bi); bl != nil || node != resolvers.CodeNotFound {
			t.Errorf("bi reads an unapproved budget line: budgetLine %v, node %s; want none, NOT_FOUND", bl, node)
		}

		// The Sekda approves the year 2023 for the whole Setda.
		for user, bagian := range bagianOf {
			for _, code := range bagian {
				vars := map[string]any{"u": x.unit(code)}
				var st struct{ ApprovalStatus []wfUnit }
				api.OK(sekda, `query($u: ID!) { approvalStatus(orgUnitId: $u, year: 2023, period: YEAR) { state ownCounts { draft } } }`, vars, &st)
				if st.ApprovalStatus[0].OwnCounts.Draft > 0 {
					api.OK(api.Token(operatorOf(code)), `mutation($u: ID!) { submitPeriod(orgUnitId: $u, year: 2023, period: YEAR) { state } }`, vars, nil)
				}
				api.OK(api.Token(user), `mutation($u: ID!) { approvePeriod(orgUnitId: $u, year: 2023, period: YEAR) { state } }`, vars, nil)
			}
		}
		api.OK(sekda, `mutation($u: ID!) { approvePeriod(orgUnitId: $u, year: 2023, period: YEAR) { state } }`, map[string]any{"u": x.unit("SETDA")}, nil)

		checkBudget("bi, the year approved", budget(bi, ""), pagu, realisasi, 65, true)
		checkBudget("sekda, approvedOnly, the year approved", budget(sekda, ", approvedOnly: true"), pagu, realisasi, 65, true)
		var y2022 struct{ Budget approvedBudget }
		api.OK(bi, `{ budget(year: 2022) { `+budgetFields+` } }`, nil, &y2022)
		checkBudget("bi, 2022 (not approved)", y2022.Budget, "0.00", "0.00", 0, true)
		if bl, node := lineOf(bi); bl == nil || *bl != lineID || node != "found" {
			t.Errorf("bi reads the approved budget line: budgetLine %v, node %s; want %s, found", bl, node, lineID)
		}
		checkSummary("bi, the year approved", summary(bi, ""), 102.14, 27, 0, true)

		// The approved year locks its targets and budget lines.
		e := api.Fails(api.Token("bagian.renkeu"), `mutation($i: ID!) { setTarget(input: {indicatorId: $i, year: 2023, value: 90}) { value } }`,
			map[string]any{"i": x.ind("IKU-01")}, resolvers.CodeConflict)
		says(t, "a target of the approved year", e, "has approved the year 2023")
		e = api.Fails(api.Token("admin"), `mutation($s: ID!) { recordBudgetLine(input: {subActivityId: $s, year: 2023, pagu: "1.00", realisasi: "0"}) { pagu } }`,
			map[string]any{"s": subID}, resolvers.CodeConflict)
		says(t, "a budget line of the approved year", e, "has approved the year 2023")
		api.OK(api.Token("bagian.renkeu"), `mutation($i: ID!) { setTarget(input: {indicatorId: $i, year: 2024, value: 90}) { value } }`,
			map[string]any{"i": x.ind("IKU-01")}, nil)
	})
}

// TestExpectedVersion: setTarget, recordRealisation and recordBudgetLine
// given the version the caller read go ahead; given a stale one, they are
// refused with CONFLICT naming the current version, and nothing changes.
func TestExpectedVersion(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		api := apitest.New(t, st)
		x := lookup(t, api)
		renkeu := api.Token("bagian.renkeu")
		ind := x.ind("IKU-01")

		var read struct {
			Indicator struct {
				Target        struct{ Value, Version float64 }
				RenstraTarget struct{ Version *int }
			}
		}
		api.OK(renkeu, `query($i: ID!) { indicator(id: $i) { target(year: 2023) { value version } renstraTarget { version } } }`, map[string]any{"i": ind}, &read)
		if read.Indicator.Target.Version != 1 || read.Indicator.RenstraTarget.Version != nil {
			t.Fatalf("versions read: target %v, Renstra target %v; want 1 and null", read.Indicator.Target.Version, read.Indicator.RenstraTarget.Version)
		}
		const setTarget = `mutation($i: ID!, $v: Float!, $e: Int) { setTarget(input: {indicatorId: $i, year: 2023, value: $v, expectedVersion: $e}) { value version } }`
		var set struct {
			SetTarget struct{ Value, Version float64 }
		}
		api.OK(renkeu, setTarget, map[string]any{"i": ind, "v": 91, "e": 1}, &set)
		if set.SetTarget.Version != 2 || set.SetTarget.Value != 91 {
			t.Errorf("setTarget at version 1: %+v, want 91 at version 2", set.SetTarget)
		}
		e := api.Fails(api.Token("sekda"), setTarget, map[string]any{"i": ind, "v": 92, "e": 1}, resolvers.CodeConflict)
		says(t, "setTarget at a stale version", e, "the target of 2023 is at version 2, not 1")
		e = api.Fails(renkeu, `mutation($i: ID!) { setTarget(input: {indicatorId: $i, year: 2024, value: 1, expectedVersion: 3}) { version } }`, map[string]any{"i": ind}, resolvers.CodeConflict)
		says(t, "setTarget expecting a target that does not exist", e, "does not exist (you expected version 3)")
		api.OK(renkeu, `mutation($i: ID!) { setTarget(input: {indicatorId: $i, year: 2024, value: 1, expectedVersion: 0}) { version } }`, map[string]any{"i": ind}, nil)

		const record = `mutation($i: ID!, $e: Int) { recordRealisation(input: {indicatorId: $i, year: 2023, period: YEAR, value: 80, expectedVersion: $e}) { value version } }`
		e = api.Fails(renkeu, record, map[string]any{"i": ind, "e": 0}, resolvers.CodeConflict)
		says(t, "recordRealisation expecting none", e, "the realisation of YEAR 2023 is at version 1, not 0")
		var rec struct {
			RecordRealisation struct{ Value, Version float64 }
		}
		api.OK(renkeu, record, map[string]any{"i": ind, "e": 1}, &rec)
		if rec.RecordRealisation.Version != 2 {
			t.Errorf("recordRealisation at version 1: %+v, want version 2", rec.RecordRealisation)
		}

		sub := x.sub("01.01.01")
		const line = `mutation($s: ID!, $e: Int) { recordBudgetLine(input: {subActivityId: $s, year: 2023, pagu: "100.00", realisasi: "50.00", expectedVersion: $e}) { pagu version } }`
		e = api.Fails(api.Token("admin"), line, map[string]any{"s": sub, "e": 7}, resolvers.CodeConflict)
		says(t, "recordBudgetLine at a stale version", e, "the budget line of 2023 is at version 1, not 7")
		var bl struct {
			RecordBudgetLine struct {
				Pagu    string
				Version int
			}
		}
		api.OK(api.Token("admin"), line, map[string]any{"s": sub, "e": 1}, &bl)
		if bl.RecordBudgetLine.Version != 2 || bl.RecordBudgetLine.Pagu != "100.00" {
			t.Errorf("recordBudgetLine at version 1: %+v, want 100.00 at version 2", bl.RecordBudgetLine)
		}
		var after struct {
			Indicator struct {
				Target struct{ Value, Version float64 }
			}
		}
		api.OK(renkeu, `query($i: ID!) { indicator(id: $i) { target(year: 2023) { value version } } }`, map[string]any{"i": ind}, &after)
		if after.Indicator.Target.Value != 91 || after.Indicator.Target.Version != 2 {
			t.Errorf("the target after the refused change: %+v, want 91 at version 2", after.Indicator.Target)
		}
	})
}
