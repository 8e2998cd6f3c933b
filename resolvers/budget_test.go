package resolvers_test

import (
	"testing"

	"github.com/kinerja/kinerja/internal/apitest"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/internal/testdb"
)

type figures struct {
	Code, Name, Pagu, Realisasi, Sisa string
	Absorption                        *float64
}

type budgetOut struct {
	Pagu, Realisasi, Sisa string
	Absorption            *float64
	Programs              []struct {
		figures
		Activities []struct {
			figures
			SubActivities []figures
		}
	}
}

const budgetQuery = `query($year: Int!, $unit: ID) {
  budget(year: $year, orgUnitId: $unit) {
    pagu realisasi sisa absorption
    programs { code name pagu realisasi sisa absorption
      activities { code name pagu realisasi sisa absorption
        subActivities { code name pagu realisasi sisa absorption } } }
  }
}`

func money(t *testing.T, s string) domain.Money {
	t.Helper()
	m, err := domain.ParseMoney(s)
	if err != nil {
		t.Fatalf("money %q: %v", s, err)
	}
	return m
}

// checkSums asserts that every total of b is the sum of the lines below it,
// that sisa = pagu − realisasi and absorption = realisasi / pagu × 100.
func checkSums(t *testing.T, b budgetOut) {
	t.Helper()
	check := func(where string, f figures, pagu, real domain.Money) {
		t.Helper()
		if money(t, f.Pagu) != pagu || money(t, f.Realisasi) != real {
			t.Errorf("%s: pagu %s realisasi %s, want the sums %s %s", where, f.Pagu, f.Realisasi, pagu, real)
		}
		if money(t, f.Sisa) != pagu-real {
			t.Errorf("%s: sisa %s, want %s", where, f.Sisa, pagu-real)
		}
		if pagu > 0 && (f.Absorption == nil || *f.Absorption != float64(real)/float64(pagu)*100) {
			t.Errorf("%s: absorption %v, want %v", where, deref(f.Absorption), float64(real)/float64(pagu)*100)
		}
	}
	var tp, tr domain.Money
	for _, p := range b.Programs {
		var pp, pr domain.Money
		for _, a := range p.Activities {
			var ap, ar domain.Money
			for _, s := range a.SubActivities {
				check("sub-activity "+s.Code, s, money(t, s.Pagu), money(t, s.Realisasi))
				ap += money(t, s.Pagu)
				ar += money(t, s.Realisasi)
			}
			check("activity "+a.Code, a.figures, ap, ar)
			pp, pr = pp+ap, pr+ar
		}
		check("program "+p.Code, p.figures, pp, pr)
		tp, tr = tp+pp, tr+pr
	}
	check("total", figures{Pagu: b.Pagu, Realisasi: b.Realisasi, Sisa: b.Sisa, Absorption: b.Absorption}, tp, tr)
}

// TestBudget2023: the 2023 budget tree of the Setda (Tabel 3.6) with every
// total computed from its Sub Kegiatan lines, which is where it departs from
// the totals the seed prints.
func TestBudget2023(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		api := apitest.New(t, st)
		var out struct{ Budget budgetOut }
		api.OK(api.Token("sekda"), budgetQuery, map[string]any{"year": 2023}, &out)
		b := out.Budget
		checkSums(t, b)
		// The lines give 304,308,454,755.00; the seed's Total row prints
		// 303,489,081,155.00 because its Program 01 row leaves out four BMD
		// lines (819,373,600.00).
		if b.Pagu != "304308454755.00" || b.Realisasi != "285772139679.00" || b.Sisa != "18536315076.00" || apitest.Round2(*b.Absorption) != 93.91 {
			t.Errorf("2023 total = %s / %s / %s / %v, want 304308454755.00 / 285772139679.00 / 18536315076.00 / 93.91",
				b.Pagu, b.Realisasi, b.Sisa, deref(b.Absorption))
		}
		if len(b.Programs) != 3 {
			t.Fatalf("%d programs, want 3", len(b.Programs))
		}
		want := map[string][2]string{
			"01": {"186370101479.00", "174825932196.00"},
			"02": {"110746551891.00", "104407918389.00"},
			"03": {"7191801385.00", "6538289094.00"},
		}
		lines := 0
		for _, p := range b.Programs {
			if w := want[p.Code]; p.Pagu != w[0] || p.Realisasi != w[1] {
				t.Errorf("program %s = %s / %s, want %s / %s", p.Code, p.Pagu, p.Realisasi, w[0], w[1])
			}
			for _, a := range p.Activities {
				lines += len(a.SubActivities)
				switch a.Code {
				case "01.09": // the seed prints realisasi 918,153,965.00
					if a.Realisasi != "915608886.00" {
						t.Errorf("activity 01.09 realisasi %s, want 915608886.00 (the sum of its lines)", a.Realisasi)
					}
				case "01.05":
					for _, s := range a.SubActivities {
						if s.Name == "Penatausahaan Arsip Dinamis pada SKPD" && (s.Pagu != "461700000.00" || s.Realisasi != "60819900.00" || apitest.Round2(*s.Absorption) != 13.17) {
							t.Errorf("arsip line = %+v, want 461700000.00 / 60819900.00 / 13.17", s)
						}
					}
				}
			}
		}
		if lines != 65 {
			t.Errorf("%d sub-activity lines in 2023, want 65", lines)
		}

		api.OK(api.Token("sekda"), budgetQuery, map[string]any{"year": 2022}, &out)
		checkSums(t, out.Budget)
		if out.Budget.Pagu != "191506402333.00" || out.Budget.Realisasi != "167643432644.00" {
			t.Errorf("2022 total = %s / %s, want 191506402333.00 / 167643432644.00", out.Budget.Pagu, out.Budget.Realisasi)
		}
		api.OK(api.Token("sekda"), budgetQuery, map[string]any{"year": 2025}, &out)
		if out.Budget.Pagu != "0.00" || out.Budget.Absorption != nil || len(out.Budget.Programs) != 0 {
			t.Errorf("2025 (no lines) = %+v, want zero, no absorption, no programs", out.Budget)
		}
	})
}

// TestBudgetScopeAndEntry: a Bagian sees the budget of its own
// sub-activities; its operator records a line and every total follows.
func TestBudgetScopeAndEntry(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		api := apitest.New(t, st)
		x := lookup(t, api)
		umum := api.Token("bagian.umum")
		var out struct{ Budget budgetOut }
		api.OK(umum, budgetQuery, map[string]any{"year": 2023}, &out)
		checkSums(t, out.Budget)
		var codes []string
		for _, p := range out.Budget.Programs {
			for _, a := range p.Activities {
				codes = append(codes, a.Code)
			}
		}
		if out.Budget.Pagu != "101815039114.00" || len(codes) != 5 || codes[0] != "01.04" || codes[4] != "01.08" {
			t.Errorf("Bagian Umum 2023 = %s over %v, want 101815039114.00 over 01.04..01.08", out.Budget.Pagu, codes)
		}

		var line struct {
			RecordBudgetLine struct {
				Pagu, Realisasi, Sisa string
				Absorption            float64
			}
		}
		api.OK(umum, `mutation($id: ID!) { recordBudgetLine(input: {subActivityId: $id, year: 2023, pagu: "461700000", realisasi: "100000000.00"}) { pagu realisasi sisa absorption } }`,
			map[string]any{"id": x.sub("01.05.05")}, &line)
		if l := line.RecordBudgetLine; l.Pagu != "461700000.00" || l.Realisasi != "100000000.00" || l.Sisa != "361700000.00" {
			t.Errorf("recorded line = %+v", l)
		}
		api.OK(api.Token("sekda"), budgetQuery, map[string]any{"year": 2023}, &out)
		checkSums(t, out.Budget)
		if out.Budget.Realisasi != "285811319779.00" {
			t.Errorf("total realisasi after the change = %s, want 285811319779.00 (+39,180,100.00)", out.Budget.Realisasi)
		}

		// The units' budgets in one query add up to the Setda's.
		var units struct {
			OrgUnits struct {
				Edges []struct {
					Node struct {
						Code   string
						Budget struct{ Pagu string }
					}
				}
			}
		}
		api.OK(api.Token("sekda"), `{ orgUnits(kind: DIVISION) { edges { node { code budget(year: 2023) { pagu } } } } }`, nil, &units)
		var sum domain.Money
		for _, e := range units.OrgUnits.Edges {
			sum += money(t, e.Node.Budget.Pagu)
		}
		if len(units.OrgUnits.Edges) != 12 || sum.String() != "304308454755.00" {
			t.Errorf("%d Bagian budgets sum to %s, want 12 summing to 304308454755.00", len(units.OrgUnits.Edges), sum)
		}
		if n := api.Statements(); n > 4 {
			t.Errorf("12 unit budgets took %d statements, want at most 4 (batched)", n)
		}
	})
}
