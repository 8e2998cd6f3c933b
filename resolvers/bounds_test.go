package resolvers_test

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/kinerja/kinerja/internal/apitest"
	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/internal/testdb"
)

// TestValuesOutOfRange: every value an operator enters is finite and within
// its documented range, so that no one unit's data can break the
// aggregates above it. What is out of range is BAD_USER_INPUT naming the
// field, on both engines.
func TestValuesOutOfRange(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		api := apitest.New(t, st)
		x := lookup(t, api)
		org := api.Token("bagian.organisasi") // IKU-18's owner
		id := x.ind("IKU-18")
		const (
			setTarget   = `mutation($id: ID!, $v: Float, $min: Float, $max: Float) { setTarget(input: {indicatorId: $id, year: 2024, value: $v, min: $min, max: $max}) { value } }`
			realisation = `mutation($id: ID!, $v: Float!) { recordRealisation(input: {indicatorId: $id, year: 2024, period: YEAR, value: $v}) { value } }`
		)
		for _, c := range []struct {
			name, query string
			vars        map[string]any
			field       string
		}{
			{"target 5e-324", setTarget, map[string]any{"id": id, "v": 5e-324}, "value"},
			{"target 1e16", setTarget, map[string]any{"id": id, "v": 1e16}, "value"},
			{"band max 1e300", setTarget, map[string]any{"id": id, "min": 1, "max": 1e300}, "max"},
			{"band min 1e-9", setTarget, map[string]any{"id": id, "min": 1e-9, "max": 2}, "min"},
			{"realisation 1e308", realisation, map[string]any{"id": id, "v": 1e308}, "value"},
			{"realisation 1e-7", realisation, map[string]any{"id": id, "v": 1e-7}, "value"},
			{"budget line above the maximum", `mutation($id: ID!) { recordBudgetLine(input: {subActivityId: $id, year: 2024, pagu: "9999999999999999.99", realisasi: "0"}) { pagu } }`,
				map[string]any{"id": x.sub("01.01.01")}, "pagu"},
		} {
			e := api.Fails(api.Token("admin"), c.query, c.vars, "BAD_USER_INPUT")
			if got, _ := e.Extensions["field"].(string); got != c.field {
				t.Errorf("%s: extensions.field = %q (%s), want %q", c.name, got, e.Message, c.field)
			}
		}

		// The extremes of the range give a capaian of 10^23: large, finite,
		// and every dashboard above still answers.
		api.OK(org, setTarget, map[string]any{"id": id, "v": 1e-6}, nil)
		api.OK(org, realisation, map[string]any{"id": id, "v": 1e15}, nil)
		var a achievementOut
		api.OK(org, achievementQuery, map[string]any{"id": id, "year": 2024}, &a)
		if c := a.Indicator.Achievement.Capaian; a.Indicator.Achievement.State != "COMPUTED" || c == nil || math.IsInf(*c, 0) || *c < 9.99e22 {
			t.Errorf("capaian of 10^15 against 10^-6: %v (%s), want about 1e23", deref(c), a.Indicator.Achievement.State)
		}
		// (The VIEWER reads approved values only: none here.)
		for _, user := range []string{"sekda", "admin", "bagian.organisasi"} {
			var out struct {
				AchievementSummary struct {
					MeanCapaian *float64
					Category    *string
				}
			}
			api.OK(api.Token(user), `{ achievementSummary(year: 2024, level: null) { meanCapaian category } }`, nil, &out)
			if m := out.AchievementSummary.MeanCapaian; m == nil || math.IsInf(*m, 0) || out.AchievementSummary.Category == nil {
				t.Errorf("%s: achievementSummary mean %v category %v, want a finite mean", user, deref(m), out.AchievementSummary.Category)
			}
		}
	})
}

// TestBudgetTotalsBeyondInt64: 100 lines at the maximum of a line add up to
// Rp 100.000.000.000.000.000, 10^19 sen, more than an int64 holds; every
// total is exact.
func TestBudgetTotalsBeyondInt64(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		api := apitest.New(t, st)
		admin := api.Token("admin")
		var plan struct {
			Plans []struct {
				Programs []struct {
					Activities []struct {
						ID            string
						OrgUnit       struct{ ID string }
						SubActivities []struct{ ID string }
					}
				}
			}
		}
		api.OK(admin, `{ plans { programs { activities { id orgUnit { id } subActivities { id } } } } }`, nil, &plan)
		var subs []string
		act := plan.Plans[0].Programs[0].Activities[0]
		for _, p := range plan.Plans[0].Programs {
			for _, a := range p.Activities {
				for _, s := range a.SubActivities {
					subs = append(subs, s.ID)
				}
			}
		}
		for i := len(subs); i < 100; i++ {
			var out struct{ CreateSubActivity struct{ ID string } }
			code := fmt.Sprintf("99.99.%03d", i)
			api.OK(admin, `mutation($a: ID!, $in: ActivityInput!) { createSubActivity(activityId: $a, input: $in) { id } }`,
				map[string]any{"a": act.ID, "in": map[string]any{"code": code, "name": "Sub Kegiatan " + code, "orgUnitId": act.OrgUnit.ID}}, &out)
			subs = append(subs, out.CreateSubActivity.ID)
		}
		for _, s := range subs[:100] {
			api.OK(admin, `mutation($id: ID!) { recordBudgetLine(input: {subActivityId: $id, year: 2024, pagu: "1000000000000000.00", realisasi: "999999999999999.99"}) { pagu } }`,
				map[string]any{"id": s}, nil)
		}
		var out struct{ Budget budgetOut }
		api.OK(admin, budgetQuery, map[string]any{"year": 2024}, &out)
		b := out.Budget
		if b.Pagu != "100000000000000000.00" || b.Realisasi != "99999999999999999.00" || b.Sisa != "1.00" || b.Absorption == nil || *b.Absorption != 100 {
			t.Errorf("total of 100 maximal lines = %s / %s / %s / %v, want 100000000000000000.00 / 99999999999999999.00 / 1.00 / 100",
				b.Pagu, b.Realisasi, b.Sisa, deref(b.Absorption))
		}
		var pagu int
		for _, p := range b.Programs {
			whole, _, _ := strings.Cut(p.Pagu, ".")
			if strings.HasPrefix(p.Pagu, "-") || len(whole) < 16 {
				t.Errorf("program %s pagu %s, want a positive sum of maximal lines", p.Code, p.Pagu)
			}
			for _, a := range p.Activities {
				pagu += len(a.SubActivities)
			}
		}
		if pagu != 100 {
			t.Errorf("%d lines in the tree, want 100", pagu)
		}
	})
}

// TestTextAndIntegersTheColumnsCannotHold: a NUL byte in any text and an
// integer beyond 32 bits are BAD_USER_INPUT naming the field, on both
// engines, in writes and in reads alike.
func TestTextAndIntegersTheColumnsCannotHold(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		api := apitest.New(t, st)
		x := lookup(t, api)
		admin := api.Token("admin")
		var plans struct{ Plans []struct{ ID string } }
		api.OK(admin, `{ plans { id } }`, nil, &plans)
		for _, c := range []struct {
			name, query string
			vars        map[string]any
			field       string
		}{
			{"NUL in a data source", `mutation($id: ID!, $s: String) { recordRealisation(input: {indicatorId: $id, year: 2024, period: YEAR, value: 1, dataSource: $s}) { value } }`,
				map[string]any{"id": x.ind("IKU-18"), "s": "BPS\x00"}, "dataSource"},
			{"NUL in a unit's name", `mutation($p: ID!, $n: String!) { createOrgUnit(input: {parentId: $p, code: "X1", name: $n, kind: DIVISION}) { id } }`,
				map[string]any{"p": x.unit("SETDA"), "n": "Bagian\x00X"}, "name"},
			{"NUL in a band label", `mutation($id: ID!, $l: String) { setTarget(input: {indicatorId: $id, year: 2024, min: 1, max: 2, label: $l}) { value } }`,
				map[string]any{"id": x.ind("IKU-18"), "l": "B\x00"}, "label"},
			{"NUL in a search", `query($s: String) { indicators(first: 5, filter: {search: $s}) { totalCount } }`,
				map[string]any{"s": "kualitas\x00"}, "search"},
			{"mission number 2^31", `mutation($p: ID!, $n: Int!) { createMission(planId: $p, input: {number: $n, text: "Misi"}) { id } }`,
				map[string]any{"p": plans.Plans[0].ID, "n": 1 << 31}, "number"},
			{"first 2^40", `query($n: Int) { indicators(first: $n) { totalCount } }`, map[string]any{"n": 1 << 40}, "first"},
			{"quarter -2^31-1", `query($id: ID!, $q: Int) { indicator(id: $id) { achievement(year: 2023, quarter: $q) { capaian } } }`,
				map[string]any{"id": x.ind("IKU-18"), "q": -(1 << 31) - 1}, "quarter"},
			{"year 2^31", `query($y: Int!) { budget(year: $y) { pagu } }`, map[string]any{"y": 1 << 31}, "year"},
		} {
			e := api.Fails(admin, c.query, c.vars, "BAD_USER_INPUT")
			if got, _ := e.Extensions["field"].(string); got != c.field {
				t.Errorf("%s: extensions.field = %q (%s), want %q", c.name, got, e.Message, c.field)
			}
		}
	})
}
