package domain

import (
	"fmt"
	"math"
	"math/big"
)

// A mean of capaian is the exact sum of the values divided by their count,
// rounded once to the nearest float64: the one answer whatever the order
// of the values and wherever they are added (here, or in PostgreSQL over
// the exact decimals of ExactDecimal), so that a summary computed in Go and
// one grouped by the database agree to the last bit.

// sumPrec is enough bits to hold exactly any float64 and the sum of a
// few: their exponents span 2098 bits.
const sumPrec = 2200

// ExactSum adds float64 values without rounding. It keeps the sum as
// non-overlapping partial sums whose total is exact (Shewchuk's algorithm,
// as Python's math.fsum): a few float operations per value, and big
// numbers only once, for the mean.
type ExactSum struct {
	partials []float64
	n        int
	// big holds the sum instead once a partial sum overflowed float64
	// (only values far outside domain's bounds can).
	big *big.Float
}

// Add adds v, which must be finite.
func (s *ExactSum) Add(v float64) {
	s.n++
	if s.big != nil {
		s.big.Add(s.big, new(big.Float).SetFloat64(v))
		return
	}
	i := 0
	for j, p := range s.partials {
		if math.Abs(v) < math.Abs(p) {
			v, p = p, v
		}
		hi := v + p
		if math.IsInf(hi, 0) {
			// The sum is what is placed, v, p and what is left.
			b := new(big.Float).SetPrec(sumPrec)
			for _, q := range append(append(s.partials[:i:i], v, p), s.partials[j+1:]...) {
				b.Add(b, new(big.Float).SetFloat64(q))
			}
			s.big, s.partials = b, nil
			return
		}
		lo := p - (hi - v)
		if lo != 0 {
			s.partials[i] = lo
			i++
		}
		v = hi
	}
	s.partials = append(s.partials[:i], v)
}

// Mean returns the sum divided by the number of values, rounded to the
// nearest float64; false for none.
func (s *ExactSum) Mean() (float64, bool) {
	if s.n == 0 {
		return 0, false
	}
	sum := s.big
	if sum == nil {
		sum = new(big.Float).SetPrec(sumPrec)
		var x big.Float
		for _, p := range s.partials {
			sum.Add(sum, x.SetFloat64(p))
		}
	}
	var q big.Float
	q.SetPrec(53).SetMode(big.ToNearestEven)
	q.Quo(sum, new(big.Float).SetInt64(int64(s.n)))
	v, _ := q.Float64()
	return v, true
}

// ExactDecimal returns the exact decimal expansion of the finite v (every
// float64 has one, of at most 1074 fraction digits), for a database to add
// without rounding.
func ExactDecimal(v float64) string {
	if v == 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return "0"
	}
	_, exp := math.Frexp(v)
	digits := 0
	if exp < 53 {
		digits = 53 - exp // enough fraction digits: v = m × 2^(exp-53)
	}
	return new(big.Float).SetFloat64(v).Text('f', digits)
}

// MeanOfDecimal returns the exact decimal sum (as a database adds the
// values of ExactDecimal) divided by n, rounded to the nearest float64: the
// same float as ExactSum.Mean over the same values.
func MeanOfDecimal(sum string, n int) (float64, error) {
	if n <= 0 {
		return 0, fmt.Errorf("mean of %d values", n)
	}
	r, ok := new(big.Rat).SetString(sum)
	if !ok {
		return 0, fmt.Errorf("mean: %q is not a decimal", sum)
	}
	r.Quo(r, new(big.Rat).SetInt64(int64(n)))
	v, _ := r.Float64()
	return v, nil
}
