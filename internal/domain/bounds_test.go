package domain

import (
	"math"
	"testing"
)

var checkAmountTests = []struct {
	v  float64
	ok bool
}{
	{0, true},
	{MinIndicatorValue, true},
	{89.5, true},
	{MaxIndicatorValue, true},
	{5e-324, false},
	{MinIndicatorValue / 2, false},
	{math.Nextafter(MaxIndicatorValue, math.Inf(1)), false},
	{1e308, false},
	{-1, false},
	{math.Inf(1), false},
	{math.NaN(), false},
}

func TestCheckAmount(t *testing.T) {
	for _, tt := range checkAmountTests {
		err := CheckAmount("value", tt.v)
		if (err == nil) != tt.ok {
			t.Errorf("CheckAmount(%g) = %v, want ok=%v", tt.v, err, tt.ok)
		}
		if in, isInput := err.(*InputError); err != nil && (!isInput || in.Field != "value") {
			t.Errorf("CheckAmount(%g) = %#v, want an *InputError for value", tt.v, err)
		}
	}
}

// TestCapaianNeverInfinite: within the bounds the largest capaian is 10^23;
// values from before the bounds that divide to Inf give NOT_EVALUABLE with a
// note, never a value.
func TestCapaianNeverInfinite(t *testing.T) {
	c := Compute(Measure{Polarity: Positive, Target: point(MinIndicatorValue), Realisation: f(MaxIndicatorValue)})
	if c.State != Computed || c.Value == nil || math.IsInf(*c.Value, 0) || *c.Value < 9.99e22 {
		t.Errorf("bounds' extreme: %v, want about 1e23", c)
	}
	for _, m := range []Measure{
		{Polarity: Positive, Target: point(5e-324), Realisation: f(1e308)},
		{Polarity: Negative, Target: point(5e-324), Realisation: f(1e308)},
		{Polarity: Negative, Formula: NegativeRatio, Target: point(1e308), Realisation: f(5e-324)},
		{Polarity: Negative, Target: band(0, 5e-324, ""), Realisation: f(1e300)},
		{Polarity: Positive, Target: point(1e-300), Realisation: f(1e300)},
	} {
		c := Compute(m)
		if c.State != NotEvaluable || c.Value != nil || c.Category != nil || c.Note == "" {
			t.Errorf("Compute(%+v) = %v, want NOT_EVALUABLE with a note", m, c)
		}
	}
}

// TestSummaryAlwaysFinite: a capaian that is not finite counts as one
// without capaian, and a sum that overflows still gives the mean.
func TestSummaryAlwaysFinite(t *testing.T) {
	inf, big := math.Inf(1), 1.5e308
	cat := SangatTinggi
	s := Summarise([]Capaian{
		{Value: f(100), State: Computed, Category: &cat},
		{Value: &inf, State: Computed, Category: &cat},
		{Value: f(math.NaN()), State: Computed, Category: &cat},
	})
	if s.With != 1 || s.Without != 2 || s.Mean == nil || *s.Mean != 100 {
		t.Errorf("Summarise with Inf and NaN: with %d without %d mean %v, want 1, 2, 100", s.With, s.Without, s.Mean)
	}
	s = Summarise([]Capaian{{Value: &big, Category: &cat}, {Value: &big, Category: &cat}})
	if s.Mean == nil || *s.Mean != big {
		t.Errorf("Summarise of two 1.5e308: mean %v, want 1.5e308", s.Mean)
	}
}

func TestCheckLineMaximum(t *testing.T) {
	for _, tt := range []struct {
		pagu, real Money
		field      string
	}{
		{MaxMoney, MaxMoney, ""},
		{MaxMoney + 1, 0, "pagu"},
		{MustMoney("9999999999999999.99"), 0, "pagu"},
		{10, 11, "realisasi"},
		{-1, 0, "pagu"},
	} {
		err := CheckLine(tt.pagu, tt.real)
		got := ""
		if in, ok := err.(*InputError); ok {
			got = in.Field
		}
		if got != tt.field {
			t.Errorf("CheckLine(%s, %s) = %v, want a fault in %q", tt.pagu, tt.real, err, tt.field)
		}
	}
}
