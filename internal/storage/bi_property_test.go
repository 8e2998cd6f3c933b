package storage_test

import (
	"context"
	"fmt"
	"math"
	"math/rand"
	"testing"

	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/internal/testdb"
	"github.com/kinerja/kinerja/models"
)

// biCase is one generated indicator of one year: what domain.Compute is
// given, as rows.
type biCase struct {
	ind    models.Indicator
	unit   int // index into the units of the test tree
	target *models.Target
	reals  []models.Realisation
}

// biUnits is the tree of the property test: each unit's parent (-1 for the
// root) and own settings, so that every inheritance path occurs.
var biUnits = []struct {
	parent  int
	kind    models.OrgUnitKind
	formula domain.NegativeFormula
	cap     *float64
}{
	{-1, models.KindPemda, "", nil},
	{0, models.KindAgency, domain.NegativeRatio, ptr(120.0)},
	{1, models.KindAssistant, "", nil},
	{2, models.KindDivision, domain.NegativeGap, ptr(0.0)},
	{0, models.KindAgency, "", ptr(100.0)},
	{4, models.KindDivision, domain.NegativeRatio, nil},
	{0, models.KindAgency, "", nil},
}

func ptr[T any](v T) *T { return &v }

// settings returns the formula and cap in force in unit i, as
// internal/app resolves them: the nearest own setting on the path.
func settings(i int) (domain.NegativeFormula, *float64) {
	var f domain.NegativeFormula
	var c *float64
	for ; i >= 0; i = biUnits[i].parent {
		if f == "" {
			f = biUnits[i].formula
		}
		if c == nil {
			c = biUnits[i].cap
		}
	}
	if f == "" {
		f = domain.NegativeGap
	}
	return f, domain.EffectiveCap(c)
}

// number returns a value of the kind stored: often round, sometimes 0,
// sometimes with many decimals.
func number(rng *rand.Rand, around float64) float64 {
	switch rng.Intn(8) {
	case 0:
		return 0
	case 1:
		return math.Round(around)
	case 2:
		return around * (0.5 + rng.Float64())
	case 3:
		return math.Round(around*(0.4+rng.Float64()*1.4)*100) / 100
	}
	return math.Round(around*(0.8+rng.Float64()*0.5)*1000) / 1000
}

// generate returns n random cases of year, seeded.
func generate(seed int64, n, year int) []biCase {
	rng := rand.New(rand.NewSource(seed))
	accs := []domain.Accumulation{domain.Sum, domain.Last, domain.Average}
	statuses := []domain.Status{domain.Draft, domain.Submitted, domain.Approved, domain.Rejected}
	out := make([]biCase, n)
	for i := range out {
		c := biCase{unit: rng.Intn(len(biUnits))}
		c.ind = models.Indicator{Code: fmt.Sprintf("P-%04d", i), Name: fmt.Sprintf("generated %d", i), Unit: "Persen",
			Polarity: domain.Positive, Accumulation: accs[rng.Intn(3)], Level: domain.LevelGoal, Position: i}
		if rng.Intn(2) == 0 {
			c.ind.Polarity = domain.Negative
		}
		base := []float64{1, 3.5, 7, 25, 80, 100, 0.3, 1000}[rng.Intn(8)]
		switch k := rng.Intn(10); {
		case k == 0: // no target
		case k < 6:
			v := number(rng, base)
			c.target = &models.Target{Year: year, Value: &v}
		default:
			lo := number(rng, base)
			hi := lo
			if rng.Intn(5) > 0 {
				hi = lo + math.Round(rng.Float64()*base*100)/100
			}
			c.target = &models.Target{Year: year, Min: &lo, Max: &hi}
		}
		// Realisations: maybe a YEAR record, a random subset of quarters;
		// some equal to the target or a band edge, or at a category edge.
		edge := func() float64 {
			if c.target == nil {
				return number(rng, base)
			}
			t := c.target
			switch rng.Intn(6) {
			case 0:
				if t.Value != nil {
					return *t.Value
				}
				return *t.Min
			case 1:
				if t.Value != nil {
					return *t.Value * []float64{0.91, 0.905, 0.76, 0.66, 0.51, 1.2, 1.09}[rng.Intn(7)]
				}
				return *t.Max
			case 2:
				if t.Min != nil {
					return (*t.Min + *t.Max) / 2
				}
			}
			return number(rng, base)
		}
		if rng.Intn(3) == 0 {
			c.reals = append(c.reals, models.Realisation{Year: year, Period: domain.Year, Value: edge(), Status: statuses[rng.Intn(4)], Version: 1})
		}
		for _, p := range domain.Quarters {
			if rng.Intn(2) == 0 {
				c.reals = append(c.reals, models.Realisation{Year: year, Period: p, Value: edge(), Status: statuses[rng.Intn(4)], Version: 1})
			}
		}
		out[i] = c
	}
	return out
}

// want is domain.Compute of c over its realisations (approved ones only
// when approved).
func (c biCase) want(approved bool) domain.Capaian {
	formula, cap := settings(c.unit)
	m := domain.Measure{Polarity: c.ind.Polarity, Formula: formula, Cap: cap}
	if c.target != nil {
		t := c.target.Domain()
		m.Target = &t
	}
	var rep domain.Reported
	for _, r := range c.reals {
		if !approved || r.Status == domain.Approved {
			rep.Set(r.Period, r.Value)
		}
	}
	m.Realisation = rep.Value(c.ind.Accumulation, 0)
	return domain.Compute(m)
}

// TestBIViewCapaianMatchesDomain: the capaian, state, category, met and
// method of the achievement views (every realisation, and approved ones
// only) equal domain.Compute on the same inputs, over many generated cases.
func TestBIViewCapaianMatchesDomain(t *testing.T) {
	const year, n = 2023, 600
	for _, d := range testdb.Dialects(t) {
		t.Run(string(d), func(t *testing.T) { checkBIView(t, testdb.Empty(t, d), generate(20231231, n, year), year) })
	}
}

func checkBIView(t *testing.T, st *storage.Store, cases []biCase, year int) {
	{
		ctx := context.Background()
		units := make([]models.OrgUnit, len(biUnits))
		err := st.Import(ctx, func(im *storage.Importer) error {
			for i, u := range biUnits {
				units[i] = models.OrgUnit{Code: fmt.Sprintf("U%d", i), Name: fmt.Sprintf("Unit %d", i), Kind: u.kind, CapaianCap: u.cap}
				if u.formula != "" {
					units[i].NegativeFormula = ptr(u.formula)
				}
				if u.parent >= 0 {
					units[i].ParentID = &units[u.parent].ID
				}
				if err := im.OrgUnit(&units[i]); err != nil {
					return err
				}
			}
			plan := models.Plan{OrgUnitID: units[1].ID, Name: "Renstra", StartYear: 2021, EndYear: 2026}
			if err := im.Row(&plan); err != nil {
				return err
			}
			goal := models.Goal{PlanID: plan.ID, Code: "T1", Name: "Goal"}
			if err := im.Row(&goal); err != nil {
				return err
			}
			for i := range cases {
				c := &cases[i]
				c.ind.PlanID, c.ind.GoalID, c.ind.OwnerID = plan.ID, &goal.ID, units[c.unit].ID
				if err := im.Row(&c.ind); err != nil {
					return err
				}
				if c.target != nil {
					c.target.IndicatorID = c.ind.ID
					if err := im.Row(c.target); err != nil {
						return err
					}
				}
				for j := range c.reals {
					c.reals[j].IndicatorID = c.ind.ID
					if err := im.Row(&c.reals[j]); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		byID := map[int64]biCase{}
		for _, c := range cases {
			byID[c.ind.ID] = c
		}
		stats := map[string]int{}
		for _, approved := range []bool{false, true} {
			seen := 0
			var cols []string
			err := st.BIRows(ctx, storage.BIAchievement, storage.BIFilter{FromYear: year, ToYear: year, ApprovedOnly: approved},
				func(c []string) error { cols = append([]string(nil), c...); return nil },
				func(vals []any) error {
					row := map[string]any{}
					for i, c := range cols {
						row[c] = vals[i]
					}
					c, ok := byID[row["indicator_id"].(int64)]
					if !ok {
						return fmt.Errorf("row of an unknown indicator %v", row["indicator_id"])
					}
					seen++
					compare(t, c, approved, row, stats)
					return nil
				})
			if err != nil {
				t.Fatal(err)
			}
			wantRows := 0
			for _, c := range cases {
				if c.target != nil || len(c.reals) > 0 {
					wantRows++
				}
			}
			if seen != wantRows {
				t.Errorf("approved %v: %d rows, want %d (one per indicator with a target or a realisation)", approved, seen, wantRows)
			}
		}
		// The generator reaches every branch.
		for _, k := range []string{"COMPUTED", "NOT_EVALUABLE", "INCOMPLETE", "RANGE", "NEGATIVE_GAP", "NEGATIVE_RATIO", "RATIO", "capped", "SANGAT_TINGGI", "TINGGI", "SEDANG", "RENDAH", "SANGAT_RENDAH"} {
			if stats[k] < 3 {
				t.Errorf("only %d generated cases of %s: widen the generator", stats[k], k)
			}
		}
		t.Logf("cases: %v", stats)
	}
}

func compare(t *testing.T, c biCase, approved bool, row map[string]any, stats map[string]int) {
	t.Helper()
	want := c.want(approved)
	name := fmt.Sprintf("%s (approved %v, %s %s, unit %d, target %s, reals", c.ind.Code, approved, c.ind.Polarity, c.ind.Accumulation, c.unit, targetText(c.target))
	for _, r := range c.reals {
		name += fmt.Sprintf(" %s=%v(%s)", r.Period, r.Value, r.Status)
	}
	name += ")"
	stats[string(want.State)]++
	stats[string(want.Method)]++
	if row["state"] != string(want.State) || row["method"] != string(want.Method) {
		t.Errorf("%s: state %v method %v, want %s %s", name, row["state"], row["method"], want.State, want.Method)
		return
	}
	if want.Value == nil {
		if row["capaian"] != nil || row["category"] != nil || row["met"] != nil {
			t.Errorf("%s: capaian %v category %v met %v, want none", name, row["capaian"], row["category"], row["met"])
		}
		return
	}
	stats[string(*want.Category)]++
	got, ok := row["capaian"].(float64)
	if !ok || !near(got, *want.Value) {
		t.Errorf("%s: capaian %v, want %v", name, row["capaian"], *want.Value)
	}
	if un, _ := row["uncapped_capaian"].(float64); !near(un, *want.Uncapped) {
		t.Errorf("%s: uncapped %v, want %v", name, row["uncapped_capaian"], *want.Uncapped)
	}
	capped := *want.Value != *want.Uncapped
	if capped {
		stats["capped"]++
	}
	if row["category"] != string(*want.Category) || row["met"] != *want.Met || row["capped"] != capped {
		t.Errorf("%s: category %v met %v capped %v, want %s %v %v", name, row["category"], row["met"], row["capped"], *want.Category, *want.Met, capped)
	}
}

// near reports whether a and b agree within 1e-9, relative.
func near(a, b float64) bool {
	return a == b || math.Abs(a-b) <= 1e-9*math.Max(math.Abs(a), math.Abs(b))
}

func targetText(t *models.Target) string {
	if t == nil {
		return "none"
	}
	return t.Domain().Text()
}
