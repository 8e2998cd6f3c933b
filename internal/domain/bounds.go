package domain

import (
	"fmt"
	"math"
)

// The range of every value of an indicator: a target, the edges of a band, a
// realisation, a Renstra end target or a baseline. A value is 0 or lies in
// [MinIndicatorValue, MaxIndicatorValue].
//
// SAKIP values are percentages, indices, scores, counts and Rupiah amounts.
// The largest of them, the Rupiah figures of a regional government, stay
// below 10^14 (the whole yearly budget of the largest province); 10^15 leaves
// room for any of them. Below 10^-6 no report prints a digit. Within this
// range every capaian, a ratio of two values × 100, is at most 10^23 and
// finite, and so is every aggregate of capaian.
const (
	// MaxIndicatorValue is the largest value of an indicator: 10^15.
	MaxIndicatorValue = 1e15
	// MinIndicatorValue is the smallest value other than 0: 10^-6.
	MinIndicatorValue = 1e-6
)

// CheckAmount reports whether v is usable as a target or a realisation:
// finite, not negative (every capaian formula is a ratio of non-negative
// quantities), 0 or within [MinIndicatorValue, MaxIndicatorValue]. field
// names the input in the error.
func CheckAmount(field string, v float64) error {
	switch {
	case math.IsNaN(v) || math.IsInf(v, 0):
		return Invalid(field, "must be a finite number")
	case v < 0:
		return Invalid(field, fmt.Sprintf("must not be negative, got %s", formatNumber(v)))
	case v > MaxIndicatorValue:
		return Invalid(field, fmt.Sprintf("must be at most %s, got %s", formatNumber(MaxIndicatorValue), formatNumber(v)))
	case v > 0 && v < MinIndicatorValue:
		return Invalid(field, fmt.Sprintf("must be 0 or at least %s, got %s", formatNumber(MinIndicatorValue), formatNumber(v)))
	}
	return nil
}

// finite reports whether v is neither infinite nor NaN.
func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
