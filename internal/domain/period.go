package domain

import (
	"fmt"
	"io"
)

// Period is the span a realisation covers: a quarter (triwulan) or the year.
type Period string

// The periods of a year.
const (
	Q1   Period = "Q1"
	Q2   Period = "Q2"
	Q3   Period = "Q3"
	Q4   Period = "Q4"
	Year Period = "YEAR"
)

// Quarters lists the quarters in order.
var Quarters = []Period{Q1, Q2, Q3, Q4}

// Valid reports whether p is a known period.
func (p Period) Valid() bool {
	switch p {
	case Q1, Q2, Q3, Q4, Year:
		return true
	}
	return false
}

// Quarter returns the number (1–4) of a quarter, 0 for YEAR.
func (p Period) Quarter() int {
	for i, q := range Quarters {
		if p == q {
			return i + 1
		}
	}
	return 0
}

// MarshalGQL writes p as a GraphQL enum value.
func (p Period) MarshalGQL(w io.Writer) { writeEnum(w, string(p)) }

// UnmarshalGQL reads p from a GraphQL enum value.
func (p *Period) UnmarshalGQL(v any) (err error) {
	*p, err = parseEnum[Period](v, "Period")
	return err
}

// CheckQuarter reports whether q is a quarter number (1–4).
func CheckQuarter(q int) error {
	if q < 1 || q > 4 {
		return Invalid("quarter", fmt.Sprintf("quarter must be 1, 2, 3 or 4, got %d", q))
	}
	return nil
}

// Accumulation is how an indicator's quarterly realisations roll up to the
// year.
type Accumulation string

// The roll-up rules.
const (
	// Sum adds the quarters: counts and flows (Jumlah Inovasi).
	Sum Accumulation = "SUM"
	// Last takes the latest reported quarter: indices, scores, stocks.
	Last Accumulation = "LAST"
	// Average takes the mean of the reported quarters.
	Average Accumulation = "AVERAGE"
)

// Valid reports whether a is a known rule.
func (a Accumulation) Valid() bool { return a == Sum || a == Last || a == Average }

// MarshalGQL writes a as a GraphQL enum value.
func (a Accumulation) MarshalGQL(w io.Writer) { writeEnum(w, string(a)) }

// UnmarshalGQL reads a from a GraphQL enum value.
func (a *Accumulation) UnmarshalGQL(v any) (err error) {
	*a, err = parseEnum[Accumulation](v, "Accumulation")
	return err
}

// Reported is the realisations recorded for one indicator in one year, by
// period; nil where nothing is recorded.
type Reported struct {
	Year     *float64
	Quarters [4]*float64
}

// Set records v for period p.
func (r *Reported) Set(p Period, v float64) {
	if p == Year {
		r.Year = &v
		return
	}
	if q := p.Quarter(); q > 0 {
		r.Quarters[q-1] = &v
	}
}

// Value returns the realisation of the year up to quarter upTo (1–4), or of
// the whole year when upTo is 0: the YEAR record when the whole year is asked
// for and one exists, else the quarters 1..upTo rolled up by rule a. It
// returns nil when nothing is reported.
func (r Reported) Value(a Accumulation, upTo int) *float64 {
	if upTo == 0 {
		if r.Year != nil {
			v := *r.Year
			return &v
		}
		upTo = 4
	}
	var (
		sum, last float64
		n         int
	)
	for _, q := range r.Quarters[:upTo] {
		if q == nil {
			continue
		}
		sum += *q
		last = *q
		n++
	}
	if n == 0 {
		return nil
	}
	var v float64
	switch a {
	case Sum:
		v = sum
	case Average:
		v = sum / float64(n)
	default:
		v = last
	}
	return &v
}
