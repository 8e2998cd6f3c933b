package domain

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
)

// TestExactMean: the mean of ExactSum does not depend on the order of the
// values, equals MeanOfDecimal over the sum of their ExactDecimal (what
// PostgreSQL computes), and is the correctly rounded exact mean where the
// float sum in one order is not.
func TestExactMean(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for trial := 0; trial < 200; trial++ {
		n := 1 + r.IntN(300)
		vs := make([]float64, n)
		for i := range vs {
			switch r.IntN(4) {
			case 0:
				vs[i] = r.Float64() * 150
			case 1:
				vs[i] = math.Ldexp(r.Float64(), r.IntN(140)-70)
			case 2:
				vs[i] = float64(r.IntN(1000)) / 7
			default:
				vs[i] = 100
			}
		}
		var a, b ExactSum
		exact := new(big.Rat)
		for i := range vs {
			a.Add(vs[i])
			b.Add(vs[n-1-i])
			d, ok := new(big.Rat).SetString(ExactDecimal(vs[i]))
			if !ok || d.Cmp(new(big.Rat).SetFloat64(vs[i])) != 0 {
				t.Fatalf("ExactDecimal(%v) = %s, not exact", vs[i], ExactDecimal(vs[i]))
			}
			exact.Add(exact, d)
		}
		ma, _ := a.Mean()
		mb, _ := b.Mean()
		md, err := MeanOfDecimal(exact.FloatString(1200), n)
		if err != nil {
			t.Fatal(err)
		}
		want, _ := new(big.Rat).Quo(exact, new(big.Rat).SetInt64(int64(n))).Float64()
		if ma != mb || ma != md || ma != want {
			t.Fatalf("trial %d: means %v (forward) %v (backward) %v (decimal) %v (exact)", trial, ma, mb, md, want)
		}
	}
	// One order of float additions rounds: 0.1 + 0.2 + 0.3 is not 0.6.
	var s ExactSum
	for _, v := range []float64{0.1, 0.2, 0.3} {
		s.Add(v)
	}
	if m, _ := s.Mean(); m != 0.2 {
		t.Errorf("mean of 0.1, 0.2, 0.3 = %v, want 0.2", m)
	}
	// Sums beyond float64 are still exact: the mean of two of the largest
	// floats is the largest float, in any order with small ones.
	var big1, big2 ExactSum
	for _, v := range []float64{math.MaxFloat64, 1, math.MaxFloat64, 3} {
		big1.Add(v)
	}
	for _, v := range []float64{3, math.MaxFloat64, math.MaxFloat64, 1} {
		big2.Add(v)
	}
	m1, _ := big1.Mean()
	m2, _ := big2.Mean()
	if m1 != m2 || m1 != math.MaxFloat64/2 {
		t.Errorf("means beyond float64: %v and %v, want %v", m1, m2, math.MaxFloat64/2)
	}
	if _, ok := new(ExactSum).Mean(); ok {
		t.Error("the mean of no values exists")
	}
}
