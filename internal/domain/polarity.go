package domain

import "io"

// Polarity says whether a higher realisation is better (POSITIVE) or worse
// (NEGATIVE).
type Polarity string

// The polarities of an indicator.
const (
	Positive Polarity = "POSITIVE"
	Negative Polarity = "NEGATIVE"
)

// Valid reports whether p is a known polarity.
func (p Polarity) Valid() bool { return p == Positive || p == Negative }

// MarshalGQL writes p as a GraphQL enum value.
func (p Polarity) MarshalGQL(w io.Writer) { writeEnum(w, string(p)) }

// UnmarshalGQL reads p from a GraphQL enum value.
func (p *Polarity) UnmarshalGQL(v any) (err error) {
	*p, err = parseEnum[Polarity](v, "Polarity")
	return err
}

// NegativeFormula is the convention an agency uses for negative indicators.
// GAP is (target − (realisasi − target)) / target × 100, the default and the
// one the LKjIP uses; RATIO is target / realisasi × 100.
type NegativeFormula string

// The conventions for negative indicators.
const (
	NegativeGap   NegativeFormula = "GAP"
	NegativeRatio NegativeFormula = "RATIO"
)

// Valid reports whether f is a known convention.
func (f NegativeFormula) Valid() bool { return f == NegativeGap || f == NegativeRatio }

// MarshalGQL writes f as a GraphQL enum value.
func (f NegativeFormula) MarshalGQL(w io.Writer) { writeEnum(w, string(f)) }

// UnmarshalGQL reads f from a GraphQL enum value.
func (f *NegativeFormula) UnmarshalGQL(v any) (err error) {
	*f, err = parseEnum[NegativeFormula](v, "NegativeFormula")
	return err
}

// Method names the formula a capaian was computed with, reported beside each
// result.
type Method string

// The formulas of a capaian.
const (
	// MethodRatio is realisasi / target × 100 (positive indicators).
	MethodRatio Method = "RATIO"
	// MethodNegativeGap is (target − (realisasi − target)) / target × 100.
	MethodNegativeGap Method = "NEGATIVE_GAP"
	// MethodNegativeRatio is target / realisasi × 100.
	MethodNegativeRatio Method = "NEGATIVE_RATIO"
	// MethodRange is the band rule: 100 inside [min, max], outside it the
	// formula of the polarity against the near edge.
	MethodRange Method = "RANGE"
)

// Valid reports whether m is a known method.
func (m Method) Valid() bool {
	switch m {
	case MethodRatio, MethodNegativeGap, MethodNegativeRatio, MethodRange:
		return true
	}
	return false
}

// MarshalGQL writes m as a GraphQL enum value.
func (m Method) MarshalGQL(w io.Writer) { writeEnum(w, string(m)) }

// UnmarshalGQL reads m from a GraphQL enum value.
func (m *Method) UnmarshalGQL(v any) (err error) {
	*m, err = parseEnum[Method](v, "CapaianMethod")
	return err
}
