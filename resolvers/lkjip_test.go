package resolvers_test

import (
	"math"
	"testing"

	"github.com/kinerja/kinerja/internal/apitest"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/internal/testdb"
)

const lkjipQuery = `query($unit: ID!, $year: Int!, $approved: Boolean) {
  lkjip(orgUnitId: $unit, year: $year, approvedOnly: $approved) {
    year approvedOnly orgUnit { code } plan { startYear endYear }
    agreement { sasaranCode sasaran indicatorCode indicator unit target { text value } formula }
    achievement {
      rows { sasaranCode indicatorCode unit achievement { target { text value } realisation capaian category met } }
      summary { meanCapaian category withCapaian withoutCapaian }
    }
    history { years rows { indicatorCode years { year target { text value } realisation capaian } } }
    renstra { indicatorCode achievement { target { text value } realisation capaian } }
    efficiency { gapLabel savingLabel rows { indicatorCode programCode capaian met pagu realisasi absorption gap saving } }
    programIndicators { sasaranCode programCode indicatorCode achievement { target { text value } realisation capaian met } }
    budget { ...budgetTable }
    previousBudget { ...budgetTable }
    narrative { indicatorCode level period realisation dataSource obstacles remedies }
  }
}
fragment budgetTable on LkjipBudget {
  year previousYear
  rows { level id code name pagu realisasi sisa absorption previousAbsorption absorptionChange }
  total { level code name pagu realisasi sisa absorption previousAbsorption absorptionChange }
}`

type lkjipAchievement struct {
	Target *struct {
		Text  string
		Value *float64
	}
	Realisation *float64
	Capaian     *float64
	Category    *string
	Met         *bool
}

type lkjipBudgetRow struct {
	Level, ID, Code, Name, Pagu, Realisasi, Sisa     string
	Absorption, PreviousAbsorption, AbsorptionChange *float64
}

type lkjipBudget struct {
	Year, PreviousYear int
	Rows               []lkjipBudgetRow
	Total              lkjipBudgetRow
}

type lkjipOut struct {
	Lkjip struct {
		Year         int
		ApprovedOnly bool
		OrgUnit      struct{ Code string }
		Plan         *struct{ StartYear, EndYear int }
		Agreement    []struct {
			SasaranCode, Sasaran, IndicatorCode, Indicator, Unit string
			Target                                               *struct {
				Text  string
				Value *float64
			}
			Formula *string
		}
		Achievement struct {
			Rows []struct {
				SasaranCode, IndicatorCode, Unit string
				Achievement                      lkjipAchievement
			}
			Summary struct {
				MeanCapaian                 *float64
				Category                    *string
				WithCapaian, WithoutCapaian int
			}
		}
		History struct {
			Years []int
			Rows  []struct {
				IndicatorCode string
				Years         []struct {
					Year int
					lkjipAchievement
				}
			}
		}
		Renstra []struct {
			IndicatorCode string
			Achievement   lkjipAchievement
		}
		Efficiency struct {
			GapLabel, SavingLabel string
			Rows                  []struct {
				IndicatorCode, ProgramCode string
				Capaian                    *float64
				Met                        *bool
				Pagu, Realisasi            string
				Absorption, Gap, Saving    *float64
			}
		}
		ProgramIndicators []struct {
			SasaranCode, ProgramCode, IndicatorCode string
			Achievement                             lkjipAchievement
		}
		Budget, PreviousBudget lkjipBudget
		Narrative              []struct {
			IndicatorCode, Level, Period    string
			Realisation                     float64
			DataSource, Obstacles, Remedies *string
		}
	}
}

// lkjipStatements is the number of statements of lkjipQuery, whatever the
// unit and its number of indicators and lines: every read of the report is
// batched by level (plan, sasaran, indicators, programs, targets,
// realisations, the summary, the budget of each year).
const lkjipStatements = 17

// checkBudgetTable asserts that every total of b is the sum of the rows
// below it (activities of their sub-activities, programs of their
// activities, the total of the programs), that sisa = pagu − realisasi and
// that the change in absorption is absorption − previousAbsorption.
func checkBudgetTable(t *testing.T, b lkjipBudget) {
	t.Helper()
	sum := map[string][2]domain.Money{}
	var prog, act string
	check := func(r lkjipBudgetRow) {
		t.Helper()
		p, re := money(t, r.Pagu), money(t, r.Realisasi)
		if money(t, r.Sisa) != p-re {
			t.Errorf("%d %s %s: sisa %s, want %s", b.Year, r.Level, r.Code, r.Sisa, p-re)
		}
		if p > 0 && (r.Absorption == nil || !near(*r.Absorption, float64(re)/float64(p)*100)) {
			t.Errorf("%d %s %s: absorption %v, want %v", b.Year, r.Level, r.Code, deref(r.Absorption), float64(re)/float64(p)*100)
		}
		switch {
		case r.AbsorptionChange == nil && r.Absorption != nil && r.PreviousAbsorption != nil,
			r.AbsorptionChange != nil && !near(*r.AbsorptionChange, *r.Absorption-*r.PreviousAbsorption):
			t.Errorf("%d %s %s: change %v, want %v − %v", b.Year, r.Level, r.Code, deref(r.AbsorptionChange), deref(r.Absorption), deref(r.PreviousAbsorption))
		}
	}
	add := func(key string, r lkjipBudgetRow) {
		s := sum[key]
		sum[key] = [2]domain.Money{s[0] + money(t, r.Pagu), s[1] + money(t, r.Realisasi)}
	}
	for _, r := range b.Rows {
		check(r)
		switch r.Level {
		case "PROGRAM":
			prog = r.ID
			add("total", r)
		case "ACTIVITY":
			act = r.ID
			add(prog, r)
		case "SUB_ACTIVITY":
			add(act, r)
		}
	}
	check(b.Total)
	for _, r := range append(b.Rows, b.Total) {
		key := r.ID
		if r.Level == "TOTAL" {
			key = "total"
		}
		if r.Level == "SUB_ACTIVITY" {
			continue
		}
		if s := sum[key]; money(t, r.Pagu) != s[0] || money(t, r.Realisasi) != s[1] {
			t.Errorf("%d %s %s: pagu %s realisasi %s, want the sums of its rows %s %s", b.Year, r.Level, r.Code, r.Pagu, r.Realisasi, s[0], s[1])
		}
	}
}

// TestLkjipSetda2023 builds the Setda's report for 2023 and checks it
// against the seed's tables (and docs/demo-data.md where the seed's own
// figures disagree with its lines).
func TestLkjipSetda2023(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		api := apitest.New(t, st)
		x := lookup(t, api)
		var out lkjipOut
		warmCaller(t, api, api.Token("sekda"))
		api.OK(api.Token("sekda"), lkjipQuery, map[string]any{"unit": x.unit("SETDA"), "year": 2023}, &out)
		statements := api.Statements()
		r := out.Lkjip
		if r.Year != 2023 || r.OrgUnit.Code != "SETDA" || r.Plan == nil || r.ApprovedOnly {
			t.Fatalf("lkjip: year %d unit %s plan %v approvedOnly %v", r.Year, r.OrgUnit.Code, r.Plan, r.ApprovedOnly)
		}

		// Tabel 3.1: every capaian to two decimals, and the mean.
		if len(r.Achievement.Rows) != len(tabel31) {
			t.Fatalf("Tabel 3.1 has %d rows, want %d", len(r.Achievement.Rows), len(tabel31))
		}
		for i, want := range tabel31 {
			got := r.Achievement.Rows[i]
			a := got.Achievement
			if got.IndicatorCode != want.code || a.Target == nil || a.Target.Text != want.target || a.Realisation == nil || *a.Realisation != want.real ||
				a.Capaian == nil || apitest.Round2(*a.Capaian) != want.capaian || a.Category == nil || *a.Category != want.category {
				t.Errorf("Tabel 3.1 row %d: %s target %v realisation %v capaian %v category %v; want %+v",
					i+1, got.IndicatorCode, a.Target, deref(a.Realisation), deref(a.Capaian), deref(a.Category), want)
			}
		}
		s := r.Achievement.Summary
		if s.MeanCapaian == nil || apitest.Round2(*s.MeanCapaian) != 102.14 || s.Category == nil || *s.Category != "SANGAT_TINGGI" || s.WithCapaian != 27 {
			t.Errorf("Tabel 3.1 mean %v %v over %d, want 102.14 SANGAT_TINGGI over 27", deref(s.MeanCapaian), deref(s.Category), s.WithCapaian)
		}

		// Tabel 2.4: the same indicators with their targets.
		if len(r.Agreement) != 27 || r.Agreement[15].IndicatorCode != "IKU-16" || r.Agreement[15].Target.Text != "B (60-70)" ||
			r.Agreement[6].Target.Value == nil || *r.Agreement[6].Target.Value != 3.5 || r.Agreement[0].Unit != "Nilai" {
			t.Errorf("Tabel 2.4: %d rows, IKU-16 %+v, IKU-07 %+v", len(r.Agreement), r.Agreement[15], r.Agreement[6])
		}

		// Tabel 3.2: 2021–2023; IKU-01 2022 88 → 88.14 is 100.16, IKU-02 2022 121.57.
		if len(r.History.Years) != 3 || r.History.Years[0] != 2021 || r.History.Years[2] != 2023 {
			t.Errorf("Tabel 3.2 years %v, want 2021 2022 2023", r.History.Years)
		}
		hist := map[string]map[int]float64{}
		for _, row := range r.History.Rows {
			hist[row.IndicatorCode] = map[int]float64{}
			for _, y := range row.Years {
				if y.Capaian != nil {
					hist[row.IndicatorCode][y.Year] = apitest.Round2(*y.Capaian)
				}
			}
		}
		for _, c := range []struct {
			code string
			year int
			want float64
		}{{"IKU-01", 2022, 100.16}, {"IKU-02", 2022, 121.57}, {"IKU-05", 2022, 102.14}, {"IKU-01", 2023, 100.56}} {
			if got := hist[c.code][c.year]; got != c.want {
				t.Errorf("Tabel 3.2 %s %d: capaian %v, want %v", c.code, c.year, got, c.want)
			}
		}
		if _, ok := hist["IKU-07"][2022]; ok {
			t.Error("Tabel 3.2 IKU-07 2022 has a capaian; the seed prints none")
		}

		// Tabel 3.3 against the Renstra end target (docs/demo-data.md).
		renstra := map[string]float64{}
		for _, row := range r.Renstra {
			if row.Achievement.Capaian != nil {
				renstra[row.IndicatorCode] = apitest.Round2(*row.Achievement.Capaian)
			}
		}
		for code, want := range map[string]float64{"IKU-01": 94.21, "IKU-02": 94.56, "IKU-07": 81.58, "IKU-11": 36, "IKU-18": 20} {
			if renstra[code] != want {
				t.Errorf("Tabel 3.3 %s: %v, want %v", code, renstra[code], want)
			}
		}

		// Tabel 3.4: the S1–S3 indicators against programs 01–03.
		if r.Efficiency.GapLabel == "" || r.Efficiency.SavingLabel == "" || len(r.Efficiency.Rows) != 10 {
			t.Fatalf("Tabel 3.4: labels %q %q, %d rows; want both labels and 10 rows", r.Efficiency.GapLabel, r.Efficiency.SavingLabel, len(r.Efficiency.Rows))
		}
		progAbs := map[string]*float64{}
		for _, row := range r.Budget.Rows {
			if row.Level == "PROGRAM" {
				progAbs[row.Code] = row.Absorption
			}
		}
		for _, row := range r.Efficiency.Rows {
			if row.Absorption == nil || progAbs[row.ProgramCode] == nil || *row.Absorption != *progAbs[row.ProgramCode] {
				t.Errorf("Tabel 3.4 %s: absorption %v, want program %s's %v", row.IndicatorCode, deref(row.Absorption), row.ProgramCode, deref(progAbs[row.ProgramCode]))
				continue
			}
			if row.Gap == nil || !near(*row.Gap, *row.Capaian-*row.Absorption) {
				t.Errorf("Tabel 3.4 %s: gap %v, want %v − %v", row.IndicatorCode, deref(row.Gap), *row.Capaian, *row.Absorption)
			}
			p, re := money(t, row.Pagu), money(t, row.Realisasi)
			switch met := row.Met != nil && *row.Met; {
			case met && (row.Saving == nil || !near(*row.Saving, float64(p-re)/float64(p)*100)):
				t.Errorf("Tabel 3.4 %s: saving %v, want (pagu − realisasi) / pagu × 100", row.IndicatorCode, deref(row.Saving))
			case !met && row.Saving != nil:
				t.Errorf("Tabel 3.4 %s: target not met, saving %v, want none", row.IndicatorCode, *row.Saving)
			}
		}
		gaps := map[string]float64{}
		for _, row := range r.Efficiency.Rows {
			gaps[row.IndicatorCode] = math.Round(*row.Gap*1e4) / 1e4
		}
		for code, want := range map[string]float64{"IKU-01": 6.7560, "IKU-02": 19.6609, "IKU-07": -5.7050, "IKU-10": 15.1845} {
			if gaps[code] != want {
				t.Errorf("Tabel 3.4 %s: gap %v, want %v (docs/demo-data.md)", code, gaps[code], want)
			}
		}

		// Tabel 3.5: twelve program indicators; IKP-01 128.21, IKP-04 not met.
		if len(r.ProgramIndicators) != 12 {
			t.Fatalf("Tabel 3.5 has %d rows, want 12", len(r.ProgramIndicators))
		}
		for _, row := range r.ProgramIndicators {
			a := row.Achievement
			switch row.IndicatorCode {
			case "IKP-01":
				if a.Capaian == nil || apitest.Round2(*a.Capaian) != 128.21 || a.Met == nil || !*a.Met {
					t.Errorf("Tabel 3.5 IKP-01: capaian %v met %v, want 128.21 met", deref(a.Capaian), deref(a.Met))
				}
			case "IKP-04":
				if a.Capaian == nil || apitest.Round2(*a.Capaian) != 99.55 || a.Met == nil || *a.Met {
					t.Errorf("Tabel 3.5 IKP-04: capaian %v met %v, want 99.55 not met", deref(a.Capaian), deref(a.Met))
				}
			}
		}

		// Tabel 3.6 / 3.7: the lines exactly, every total the sum of its rows.
		if r.Budget.Year != 2023 || r.Budget.PreviousYear != 2022 || r.PreviousBudget.Year != 2022 {
			t.Errorf("budget years %d/%d, previous %d", r.Budget.Year, r.Budget.PreviousYear, r.PreviousBudget.Year)
		}
		if tot := r.Budget.Total; tot.Pagu != "304308454755.00" || tot.Realisasi != "285772139679.00" || tot.Sisa != "18536315076.00" {
			t.Errorf("Tabel 3.6 total: %s %s %s, want 304308454755.00 285772139679.00 18536315076.00", tot.Pagu, tot.Realisasi, tot.Sisa)
		}
		if tot := r.PreviousBudget.Total; tot.Pagu != "191506402333.00" || tot.Realisasi != "167643432644.00" {
			t.Errorf("Tabel 3.7 total: %s %s, want 191506402333.00 167643432644.00", tot.Pagu, tot.Realisasi)
		}
		if tot := r.Budget.Total; tot.AbsorptionChange == nil || apitest.Round2(*tot.AbsorptionChange) != 6.37 {
			t.Errorf("absorption change 2022 → 2023: %v, want 6.37 (93.91 − 87.54)", deref(tot.AbsorptionChange))
		}
		subs := 0
		for _, row := range r.Budget.Rows {
			if row.Level == "SUB_ACTIVITY" {
				subs++
			}
		}
		if subs != 65 {
			t.Errorf("Tabel 3.6 has %d sub-activity rows, want 65", subs)
		}
		checkBudgetTable(t, r.Budget)
		checkBudgetTable(t, r.PreviousBudget)

		// The narrative recorded with the realisations.
		narr := map[string]int{}
		for _, row := range r.Narrative {
			narr[row.IndicatorCode]++
			if row.IndicatorCode == "IKU-11" && (row.Obstacles == nil || row.Remedies == nil || row.DataSource == nil) {
				t.Errorf("narrative IKU-11: %+v, want source, obstacles and remedies", row)
			}
		}
		if narr["IKU-01"] == 0 || narr["IKP-04"] == 0 {
			t.Errorf("narrative: %v, want rows of IKU-01 and IKP-04", narr)
		}

		// The same query, for another unit and year, runs as many statements.
		warmCaller(t, api, api.Token("sekda"))
		api.OK(api.Token("sekda"), lkjipQuery, map[string]any{"unit": x.unit("ASISTEN-ADUM"), "year": 2022}, &lkjipOut{})
		if other := api.Statements(); other != statements {
			t.Errorf("lkjip ran %d statements for SETDA 2023 and %d for ASISTEN-ADUM 2022; want the same", statements, other)
		}
		if statements != lkjipStatements {
			t.Errorf("lkjip ran %d statements, want %d", statements, lkjipStatements)
		}
	})
}
