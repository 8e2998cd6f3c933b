package domain

import (
	"fmt"
	"strconv"
)

// Target is what an indicator should reach in a year: either a single Value
// or a band [Min, Max] with its printed Label (for example "B (60-70)" for
// the archive-management grade). The zero Target is empty.
type Target struct {
	Value *float64
	Min   *float64
	Max   *float64
	Label string
}

// IsRange reports whether t is a band rather than a single value.
func (t Target) IsRange() bool { return t.Min != nil && t.Max != nil }

// IsEmpty reports whether t holds neither a value nor a band.
func (t Target) IsEmpty() bool { return t.Value == nil && t.Min == nil && t.Max == nil }

// Text returns the target as a person reads it: the label of a band (or
// "min-max" without one), the value otherwise.
func (t Target) Text() string {
	switch {
	case t.IsRange() && t.Label != "":
		return t.Label
	case t.IsRange():
		return formatNumber(*t.Min) + "-" + formatNumber(*t.Max)
	case t.Value != nil:
		return formatNumber(*t.Value)
	}
	return ""
}

// MaxLabel is the longest band label accepted.
const MaxLabel = 50

// Validate reports whether t is a well-formed target: exactly one of a value
// or a complete band, finite and not negative, min ≤ max, a label only with a
// band. Errors name the input field (value, min, max, label).
func (t Target) Validate() error {
	switch {
	case t.Value != nil && (t.Min != nil || t.Max != nil):
		return Invalid("value", "give either value or min and max, not both")
	case t.Value == nil && (t.Min == nil) != (t.Max == nil):
		if t.Min == nil {
			return Invalid("min", "a band needs both min and max")
		}
		return Invalid("max", "a band needs both min and max")
	case t.IsEmpty():
		return Invalid("value", "give a value, or min and max for a band")
	case t.Value != nil && t.Label != "":
		return Invalid("label", "a label names a band (min and max); a single value has none")
	}
	for _, f := range []struct {
		name string
		v    *float64
	}{{"value", t.Value}, {"min", t.Min}, {"max", t.Max}} {
		if f.v == nil {
			continue
		}
		if err := CheckAmount(f.name, *f.v); err != nil {
			return err
		}
	}
	if t.IsRange() && *t.Min > *t.Max {
		return Invalid("min", fmt.Sprintf("min (%s) is above max (%s)", formatNumber(*t.Min), formatNumber(*t.Max)))
	}
	if len(t.Label) > MaxLabel {
		return Invalid("label", fmt.Sprintf("label is %d characters long; at most %d are allowed", len(t.Label), MaxLabel))
	}
	return nil
}

func formatNumber(v float64) string {
	return strconv.FormatFloat(v, 'f', -1, 64)
}
