package resolvers_test

import (
	"strings"
	"testing"

	"github.com/kinerja/kinerja/internal/apitest"
	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/internal/testdb"
)

const achievementQuery = `query($id: ID!, $year: Int!, $q: Int) {
  indicator(id: $id) {
    achievement(year: $year, quarter: $q) { year quarter realisation capaian state category met method note target { value text } }
  }
}`

type achievementOut struct {
	Indicator struct {
		Achievement struct {
			Year        int
			Quarter     *int
			Realisation *float64
			Capaian     *float64
			State       string
			Category    *string
			Met         *bool
			Method      string
			Note        *string
		}
	}
}

// TestQuarterlyRollup: Jumlah Inovasi (IKU-18) is a count, so its quarters
// add up; a YEAR record, once there, is the year's value.
func TestQuarterlyRollup(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		api := apitest.New(t, st)
		x := lookup(t, api)
		org := api.Token("bagian.organisasi") // IKU-18's owner
		id := x.ind("IKU-18")
		api.OK(org, `mutation($id: ID!) { setTarget(input: {indicatorId: $id, year: 2024, value: 4}) { value } }`, map[string]any{"id": id}, nil)
		for _, q := range []struct {
			period string
			value  float64
		}{{"Q1", 1}, {"Q2", 2}} {
			api.OK(org, `mutation($id: ID!, $p: Period!, $v: Float!) {
				recordRealisation(input: {indicatorId: $id, year: 2024, period: $p, value: $v, dataSource: "Tim Inovasi"}) { period value status version dataSource }
			}`, map[string]any{"id": id, "p": q.period, "v": q.value}, nil)
		}
		check := func(q any, real, capaian float64, category string) {
			t.Helper()
			var out achievementOut
			api.OK(org, achievementQuery, map[string]any{"id": id, "year": 2024, "q": q}, &out)
			a := out.Indicator.Achievement
			if a.State != "COMPUTED" || *a.Realisation != real || *a.Capaian != capaian || *a.Category != category {
				t.Errorf("quarter %v: realisation %v capaian %v %v (%s), want %v %v %s", q, deref(a.Realisation), deref(a.Capaian), a.Category, a.State, real, capaian, category)
			}
		}
		check(nil, 3, 75, "SEDANG")
		check(1, 1, 25, "SANGAT_RENDAH")
		check(2, 3, 75, "SEDANG")
		check(4, 3, 75, "SEDANG")

		// Replacing a quarter bumps its version.
		var rec struct {
			RecordRealisation struct {
				Version int
				Status  string
			}
		}
		api.OK(org, `mutation($id: ID!) { recordRealisation(input: {indicatorId: $id, year: 2024, period: Q2, value: 3}) { version status } }`, map[string]any{"id": id}, &rec)
		if rec.RecordRealisation.Version != 2 || rec.RecordRealisation.Status != "DRAFT" {
			t.Errorf("replaced Q2: version %d status %s, want 2 DRAFT", rec.RecordRealisation.Version, rec.RecordRealisation.Status)
		}
		check(nil, 4, 100, "SANGAT_TINGGI")
		api.OK(org, `mutation($id: ID!) { recordRealisation(input: {indicatorId: $id, year: 2024, period: YEAR, value: 5}) { value } }`, map[string]any{"id": id}, nil)
		check(nil, 5, 125, "SANGAT_TINGGI")
		check(2, 4, 100, "SANGAT_TINGGI")
	})
}

// TestIncompleteAndNotEvaluable: a missing target or realisation gives a
// state and a note, never a made-up number; a target of 0 is not evaluable.
func TestIncompleteAndNotEvaluable(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		api := apitest.New(t, st)
		x := lookup(t, api)
		renkeu := api.Token("bagian.renkeu")
		var out achievementOut
		// IKU-07 (Nilai LPPD) has a 2022 target but its realisation is "-".
		api.OK(renkeu, achievementQuery, map[string]any{"id": x.ind("IKU-07"), "year": 2022}, &out)
		if a := out.Indicator.Achievement; a.State != "INCOMPLETE" || a.Capaian != nil || a.Category != nil || a.Met != nil || a.Note == nil {
			t.Errorf("IKU-07 2022 = %+v, want INCOMPLETE with no capaian and a note", a)
		}
		// IKT-01 has neither.
		api.OK(renkeu, achievementQuery, map[string]any{"id": x.ind("IKT-01"), "year": 2023}, &out)
		if a := out.Indicator.Achievement; a.State != "INCOMPLETE" || !strings.Contains(*a.Note, "target") {
			t.Errorf("IKT-01 2023 = %+v, want INCOMPLETE for want of a target", a)
		}
		id := x.ind("IKU-19")
		api.OK(renkeu, `mutation($id: ID!) { setTarget(input: {indicatorId: $id, year: 2024, value: 0}) { value } }`, map[string]any{"id": id}, nil)
		api.OK(renkeu, `mutation($id: ID!) { recordRealisation(input: {indicatorId: $id, year: 2024, period: YEAR, value: 10}) { value } }`, map[string]any{"id": id}, nil)
		api.OK(renkeu, achievementQuery, map[string]any{"id": id, "year": 2024}, &out)
		if a := out.Indicator.Achievement; a.State != "NOT_EVALUABLE" || a.Capaian != nil || *a.Realisation != 10 {
			t.Errorf("target 0 = %+v, want NOT_EVALUABLE", a)
		}
		// The 2021 arsip grade: 52.58 below the band B (60-70) is 87.63 by
		// the rule (the seed prints 75.11, computed against 70).
		api.OK(renkeu, achievementQuery, map[string]any{"id": x.ind("IKU-16"), "year": 2021}, &out)
		if a := out.Indicator.Achievement; apitest.Round2(*a.Capaian) != 87.63 || a.Method != "RANGE" || *a.Category != "TINGGI" {
			t.Errorf("IKU-16 2021 = %v %s %v, want 87.63 RANGE TINGGI", deref(a.Capaian), a.Method, a.Category)
		}
	})
}

// TestHistory: year-on-year capaian of an indicator.
func TestHistory(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		api := apitest.New(t, st)
		x := lookup(t, api)
		var out struct {
			Indicator struct {
				History []struct {
					Year    int
					Capaian *float64
					State   string
				}
				RenstraTarget struct{ Value float64 }
				Targets       []struct {
					Year  int
					Value float64
				}
			}
		}
		api.OK(api.Token("sekda"), `query($id: ID!) { indicator(id: $id) { history { year capaian state } renstraTarget { value } targets { year value } } }`,
			map[string]any{"id": x.ind("IKU-02")}, &out)
		h := out.Indicator.History
		if len(h) != 2 || h[0].Year != 2022 || apitest.Round2(*h[0].Capaian) != 121.57 || h[1].Year != 2023 || apitest.Round2(*h[1].Capaian) != 113.47 {
			t.Errorf("IKU-02 history = %+v, want 2022 121.57 and 2023 113.47", h)
		}
		if out.Indicator.RenstraTarget.Value != 90 || len(out.Indicator.Targets) != 2 {
			t.Errorf("IKU-02 renstra %v targets %+v, want 90 and two years", out.Indicator.RenstraTarget.Value, out.Indicator.Targets)
		}
		// Against the Renstra end target of 90: 85.1 in 2023 is 94.56.
		var renstra struct {
			Indicator struct {
				RenstraAchievement struct {
					Capaian *float64
					Target  struct{ Year *int }
				}
			}
		}
		api.OK(api.Token("sekda"), `query($id: ID!) { indicator(id: $id) { renstraAchievement(year: 2023) { capaian target { year } } } }`,
			map[string]any{"id": x.ind("IKU-02")}, &renstra)
		if a := renstra.Indicator.RenstraAchievement; apitest.Round2(*a.Capaian) != 94.56 || a.Target.Year != nil {
			t.Errorf("IKU-02 against the Renstra = %v (target year %v), want 94.56 against a target without a year", deref(a.Capaian), a.Target.Year)
		}
	})
}

// TestBadInput: bad input is refused whole with BAD_USER_INPUT (or
// NOT_FOUND for an unknown id) and a message that names the problem; nothing
// changes.
func TestBadInput(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		api := apitest.New(t, st)
		x := lookup(t, api)
		renkeu := api.Token("bagian.renkeu")
		umum := api.Token("bagian.umum")
		iku := x.ind("IKU-01")
		sub := x.sub("01.05.01") // Penyediaan Peralatan dan Perlengkapan Kantor, Bagian Umum
		long := strings.Repeat("x", 4001)
		for _, tt := range []struct {
			name, token, q string
			vars           map[string]any
			code, mention  string
		}{
			{"quarter 5", renkeu, achievementQuery, map[string]any{"id": iku, "year": 2023, "q": 5}, "BAD_USER_INPUT", "quarter"},
			{"quarter 0", renkeu, achievementQuery, map[string]any{"id": iku, "year": 2023, "q": 0}, "BAD_USER_INPUT", "quarter"},
			{"year outside the plan", renkeu, `mutation($id: ID!) { setTarget(input: {indicatorId: $id, year: 2030, value: 1}) { value } }`, map[string]any{"id": iku}, "BAD_USER_INPUT", "2021–2026"},
			{"implausible year", renkeu, `mutation($id: ID!) { setTarget(input: {indicatorId: $id, year: 99999, value: 1}) { value } }`, map[string]any{"id": iku}, "BAD_USER_INPUT", "year"},
			{"negative target", renkeu, `mutation($id: ID!) { setTarget(input: {indicatorId: $id, year: 2023, value: -1}) { value } }`, map[string]any{"id": iku}, "BAD_USER_INPUT", "negative"},
			{"infinite target", renkeu, `mutation($id: ID!) { setTarget(input: {indicatorId: $id, year: 2023, value: 1e400}) { value } }`, map[string]any{"id": iku}, "BAD_USER_INPUT", ""},
			{"band upside down", renkeu, `mutation($id: ID!) { setTarget(input: {indicatorId: $id, year: 2023, min: 70, max: 60}) { value } }`, map[string]any{"id": iku}, "BAD_USER_INPUT", "min"},
			{"value and band", renkeu, `mutation($id: ID!) { setTarget(input: {indicatorId: $id, year: 2023, value: 1, min: 0, max: 2}) { value } }`, map[string]any{"id": iku}, "BAD_USER_INPUT", "either"},
			{"no value", renkeu, `mutation($id: ID!) { setTarget(input: {indicatorId: $id, year: 2023}) { value } }`, map[string]any{"id": iku}, "BAD_USER_INPUT", "value"},
			{"negative realisation", renkeu, `mutation($id: ID!) { recordRealisation(input: {indicatorId: $id, year: 2023, period: YEAR, value: -3}) { value } }`, map[string]any{"id": iku}, "BAD_USER_INPUT", "negative"},
			{"oversized narrative", renkeu, `mutation($id: ID!, $s: String) { recordRealisation(input: {indicatorId: $id, year: 2023, period: YEAR, value: 3, obstacles: $s}) { value } }`, map[string]any{"id": iku, "s": long}, "BAD_USER_INPUT", "4000"},
			{"bad period", renkeu, `mutation($id: ID!) { recordRealisation(input: {indicatorId: $id, year: 2023, period: Q5, value: 3}) { value } }`, map[string]any{"id": iku}, "BAD_USER_INPUT", ""},
			{"unknown indicator", renkeu, `mutation($id: ID!) { setTarget(input: {indicatorId: $id, year: 2023, value: 1}) { value } }`, map[string]any{"id": apitest.GID("Indicator", 99999)}, "NOT_FOUND", "99999"},
			{"row number as id", renkeu, `mutation { setTarget(input: {indicatorId: "2", year: 2023, value: 1}) { value } }`, nil, "BAD_USER_INPUT", "opaque"},
			{"number as id", renkeu, `query($id: ID!) { indicator(id: $id) { code } }`, map[string]any{"id": 2}, "BAD_USER_INPUT", "opaque"},
			{"malformed id", renkeu, `mutation { setTarget(input: {indicatorId: "abc", year: 2023, value: 1}) { value } }`, nil, "BAD_USER_INPUT", "ID"},
			{"malformed id variable", renkeu, `query($id: ID!) { indicator(id: $id) { code } }`, map[string]any{"id": "-4"}, "BAD_USER_INPUT", "ID"},
			{"realisasi above pagu", umum, `mutation($id: ID!) { recordBudgetLine(input: {subActivityId: $id, year: 2023, pagu: "100.00", realisasi: "100.01"}) { pagu } }`, map[string]any{"id": sub}, "BAD_USER_INPUT", "above the pagu"},
			{"negative pagu", umum, `mutation($id: ID!) { recordBudgetLine(input: {subActivityId: $id, year: 2023, pagu: "-5", realisasi: "0"}) { pagu } }`, map[string]any{"id": sub}, "BAD_USER_INPUT", "negative"},
			{"money with separators", umum, `mutation($id: ID!) { recordBudgetLine(input: {subActivityId: $id, year: 2023, pagu: "1.433.512.000,00", realisasi: "0"}) { pagu } }`, map[string]any{"id": sub}, "BAD_USER_INPUT", "separators"},
			{"money as a float", umum, `mutation($id: ID!, $p: Money!) { recordBudgetLine(input: {subActivityId: $id, year: 2023, pagu: $p, realisasi: "0"}) { pagu } }`, map[string]any{"id": sub, "p": 10.5}, "BAD_USER_INPUT", ""},
			{"budget year outside the plan", umum, `mutation($id: ID!) { recordBudgetLine(input: {subActivityId: $id, year: 2020, pagu: "1", realisasi: "0"}) { pagu } }`, map[string]any{"id": sub}, "BAD_USER_INPUT", "2021–2026"},
			{"unknown sub-activity", umum, `mutation($id: ID!) { recordBudgetLine(input: {subActivityId: $id, year: 2023, pagu: "1", realisasi: "0"}) { pagu } }`, map[string]any{"id": apitest.GID("SubActivity", 424242)}, "NOT_FOUND", "424242"},
			{"syntax error", renkeu, `{ indicators { `, nil, "BAD_USER_INPUT", ""},
			{"unknown field", renkeu, `{ indicators { nope } }`, nil, "BAD_USER_INPUT", "nope"},
			{"negative page size", renkeu, `{ indicators(first: -1) { totalCount } }`, nil, "BAD_USER_INPUT", "first"},
			{"bad cursor", renkeu, `{ indicators(after: "zzz") { totalCount } }`, nil, "BAD_USER_INPUT", "cursor"},
		} {
			e := failsAs(t, api, tt.name, tt.token, tt.q, tt.vars, tt.code)
			if !strings.Contains(e.Message, tt.mention) {
				t.Errorf("%s: message %q, want it to mention %q", tt.name, e.Message, tt.mention)
			}
			if strings.Contains(strings.ToLower(e.Message), "sql") || strings.Contains(e.Message, "gorm") {
				t.Errorf("%s: message %q leaks internals", tt.name, e.Message)
			}
		}
		// Nothing changed.
		var out struct {
			Indicator struct {
				Target       struct{ Value float64 }
				Realisations []struct {
					Value     float64
					Obstacles *string
				}
			}
			Budget struct{ Pagu, Realisasi string }
		}
		api.OK(api.Token("admin"), `query($id: ID!) { indicator(id: $id) { target(year: 2023) { value } realisations(year: 2023) { value obstacles } } budget(year: 2023) { pagu realisasi } }`, map[string]any{"id": iku}, &out)
		if out.Indicator.Target.Value != 89 || len(out.Indicator.Realisations) != 1 || out.Indicator.Realisations[0].Value != 89.5 ||
			out.Budget.Pagu != "304308454755.00" || out.Budget.Realisasi != "285772139679.00" {
			t.Errorf("after refused writes: %+v, want the seed's values", out)
		}
	})
}

func deref[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}

// failsAs is apitest.Fails with the case's name in the failure.
func failsAs(t *testing.T, api *apitest.API, name, token, q string, vars map[string]any, code string) apitest.Error {
	t.Helper()
	resp := api.Do(token, q, vars)
	if len(resp.Errors) == 0 {
		t.Fatalf("%s: got data %s, want an error with code %s", name, resp.Data, code)
	}
	if c := resp.Errors[0].Code(); c != code {
		t.Fatalf("%s: got code %s (%q), want %s", name, c, resp.Errors[0].Message, code)
	}
	return resp.Errors[0]
}
