package domain

import (
	"math"
	"testing"
)

// efficiencyGapTests are rows of the seed's Tabel 3.4: exact capaian minus
// the printed program absorption gives the printed efficiency.
var efficiencyGapTests = []struct {
	name                string
	capaian, absorption *float64
	want                float64
	ok                  bool
}{
	{"IKU-01", f(89.5 / 89 * 100), f(93.82), 6.741798, true},
	{"IKU-02", f(85.1 / 75 * 100), f(93.82), 19.64667, true},
	{"IKU-07 below the absorption", f(3.1 / 3.5 * 100), f(94.28), -5.70857, true},
	{"IKU-10", f(87.0 / 82 * 100), f(90.91), 15.18756, true},
	{"no capaian", nil, f(90), 0, false},
	{"no absorption", f(100), nil, 0, false},
}

func TestEfficiencyGap(t *testing.T) {
	for _, tc := range efficiencyGapTests {
		got, ok := EfficiencyGap(tc.capaian, tc.absorption)
		if ok != tc.ok || math.Abs(got-tc.want) > 5e-6 {
			t.Errorf("%s: EfficiencyGap = %v, %v; want %v, %v", tc.name, got, ok, tc.want, tc.ok)
		}
	}
}

// efficiencySavingTests: the unspent share where the target is met, and
// nothing where it is not or there is no pagu.
var efficiencySavingTests = []struct {
	name            string
	pagu, realisasi Money
	met             bool
	want            float64
	ok              bool
}{
	{"met: the unspent share", MustMoney("1000000.00"), MustMoney("940000.00"), true, 6, true},
	{"met, all spent", MustMoney("500.00"), MustMoney("500.00"), true, 0, true},
	{"not met: undefined", MustMoney("1000000.00"), MustMoney("940000.00"), false, 0, false},
	{"no pagu", 0, 0, true, 0, false},
}

func TestEfficiencySaving(t *testing.T) {
	for _, tc := range efficiencySavingTests {
		var tot Totals
		tot.Add(tc.pagu, tc.realisasi)
		got, ok := EfficiencySaving(tot, tc.met)
		if ok != tc.ok || math.Abs(got-tc.want) > 1e-9 {
			t.Errorf("%s: EfficiencySaving = %v, %v; want %v, %v", tc.name, got, ok, tc.want, tc.ok)
		}
	}
}

func TestAbsorptionChange(t *testing.T) {
	// 3.2: absorption 2023 95.39, 2022 88.23, an increase of 7.16 points.
	if got, ok := AbsorptionChange(f(95.39), f(88.23)); !ok || math.Abs(got-7.16) > 1e-9 {
		t.Errorf("AbsorptionChange(95.39, 88.23) = %v, %v; want 7.16, true", got, ok)
	}
	if _, ok := AbsorptionChange(f(95.39), nil); ok {
		t.Error("AbsorptionChange without a previous year: ok, want not")
	}
}
