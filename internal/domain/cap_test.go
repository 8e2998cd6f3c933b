package domain

import (
	"math"
	"strings"
	"testing"
)

var capCases = []struct {
	name     string
	m        Measure
	value    float64
	uncapped float64
	capped   bool
	category Category
	noteHas  string
}{
	{"under the cap", Measure{Polarity: Positive, Target: point(75), Realisation: f(85.1), Cap: f(120)}, 85.1 / 75 * 100, 85.1 / 75 * 100, false, SangatTinggi, ""},
	{"over the cap of 100", Measure{Polarity: Positive, Target: point(25), Realisation: f(36), Cap: f(100)}, 100, 144, true, SangatTinggi, "capped at 100"},
	{"over the cap of 120", Measure{Polarity: Positive, Target: point(25), Realisation: f(36), Cap: f(120)}, 120, 144, true, SangatTinggi, "uncapped 144.00"},
	{"negative gap over the cap", Measure{Polarity: Negative, Target: point(10), Realisation: f(5), Cap: f(120)}, 120, 150, true, SangatTinggi, "capped at 120"},
	{"band above over the cap", Measure{Polarity: Positive, Target: band(80, 90, ""), Realisation: f(92), Cap: f(100)}, 100, 92.0 / 90 * 100, true, SangatTinggi, "capped"},
	{"exactly the cap", Measure{Polarity: Positive, Target: point(100), Realisation: f(120), Cap: f(120)}, 120, 120, false, SangatTinggi, ""},
	{"low value, cap irrelevant", Measure{Polarity: Positive, Target: point(100), Realisation: f(40), Cap: f(100)}, 40, 40, false, SangatRendah, ""},
}

func TestComputeCap(t *testing.T) {
	for _, tt := range capCases {
		got := Compute(tt.m)
		if got.State != Computed {
			t.Errorf("%s: state %s, want COMPUTED", tt.name, got.State)
			continue
		}
		if math.Abs(*got.Value-tt.value) > 1e-9 || math.Abs(*got.Uncapped-tt.uncapped) > 1e-9 {
			t.Errorf("%s: value %v uncapped %v, want %v %v", tt.name, *got.Value, *got.Uncapped, tt.value, tt.uncapped)
		}
		if *got.Category != tt.category || !*got.Met != (tt.uncapped < 100) {
			t.Errorf("%s: category %s met %v, want %s met %v", tt.name, *got.Category, *got.Met, tt.category, tt.uncapped >= 100)
		}
		if tt.capped != (got.Note != "") || !strings.Contains(got.Note, tt.noteHas) {
			t.Errorf("%s: note %q, want one mentioning %q: %v", tt.name, got.Note, tt.noteHas, tt.capped)
		}
	}
	// A state other than COMPUTED is untouched by a cap.
	got := Compute(Measure{Polarity: Positive, Target: point(0), Realisation: f(5), Cap: f(100)})
	if got.State != NotEvaluable || got.Value != nil || got.Uncapped != nil {
		t.Errorf("target 0 with a cap: %v, want NOT_EVALUABLE without a value", got)
	}
}

func TestCheckCap(t *testing.T) {
	for _, tt := range []struct {
		cap float64
		ok  bool
	}{{0, true}, {100, true}, {120, true}, {1000, true}, {99.9, false}, {-1, false}, {1001, false}, {math.NaN(), false}, {math.Inf(1), false}} {
		if err := CheckCap("capaianCap", tt.cap); (err == nil) != tt.ok {
			t.Errorf("CheckCap(%v) = %v, want ok %v", tt.cap, err, tt.ok)
		}
	}
	if EffectiveCap(f(0)) != nil || EffectiveCap(nil) != nil || *EffectiveCap(f(120)) != 120 {
		t.Error("EffectiveCap: want nil for nil and 0, the value otherwise")
	}
}
