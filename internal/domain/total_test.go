package domain

import (
	"math"
	"math/big"
	"testing"
)

// TestTotalExact adds amounts past the range of int64 and compares every
// step with math/big.
func TestTotalExact(t *testing.T) {
	var (
		tot  Total
		want = new(big.Int)
	)
	amounts := []Money{MaxMoney, math.MaxInt64, 1, 5, math.MaxInt64, -3, MaxMoney, 0, math.MinInt64 + 1}
	for i := range 1000 {
		m := amounts[i%len(amounts)]
		tot = tot.Add(m)
		want.Add(want, big.NewInt(int64(m)))
		if tot.Big().Cmp(want) != 0 {
			t.Fatalf("after %d additions: %s, want %s", i+1, tot.Big(), want)
		}
	}
	if s := tot.String(); s != formatSen(want) {
		t.Errorf("String() = %s, want %s", s, formatSen(want))
	}
	// Subtracting it all back gives zero; negatives work.
	if z := tot.Minus(tot); z.Sign() != 0 || z.String() != "0.00" {
		t.Errorf("t − t = %s", z)
	}
	if n := (Total{}).Minus(tot); n.Big().Cmp(new(big.Int).Neg(want)) != 0 || n.Sign() >= 0 {
		t.Errorf("0 − t = %s, want −%s", n.Big(), want)
	}
}

func formatSen(b *big.Int) string {
	d := new(big.Int).Abs(b).String()
	for len(d) < 3 {
		d = "0" + d
	}
	s := d[:len(d)-2] + "." + d[len(d)-2:]
	if b.Sign() < 0 {
		s = "-" + s
	}
	return s
}

var totalStringTests = []struct {
	add  []Money
	want string
}{
	{nil, "0.00"},
	{[]Money{5}, "0.05"},
	{[]Money{30348908115500}, "303489081155.00"},
	{[]Money{math.MaxInt64}, "92233720368547758.07"},
	{[]Money{math.MaxInt64, 1}, "92233720368547758.08"},
	{[]Money{MaxMoney, MaxMoney, MaxMoney, MaxMoney, MaxMoney, MaxMoney, MaxMoney, MaxMoney, MaxMoney, MaxMoney}, "10000000000000000.00"},
}

func TestTotalString(t *testing.T) {
	for _, tt := range totalStringTests {
		var tot Total
		for _, m := range tt.add {
			tot = tot.Add(m)
		}
		if got := tot.String(); got != tt.want {
			t.Errorf("sum of %v = %s, want %s", tt.add, got, tt.want)
		}
		var back Total
		if err := back.UnmarshalGQL(tt.want); err != nil || back != tot {
			t.Errorf("UnmarshalGQL(%q) = %s, %v; want %s", tt.want, back, err, tot)
		}
	}
}

// TestTotalsAbsorption: for totals within int64 the absorption is exactly
// what Absorption gives for the same amounts.
func TestTotalsAbsorption(t *testing.T) {
	var ts Totals
	ts.Add(MustMoney("304308454755.00"), MustMoney("285772139679.00"))
	want, _ := Absorption(MustMoney("304308454755.00"), MustMoney("285772139679.00"))
	if got := ts.Absorption(); got == nil || *got != want {
		t.Errorf("Absorption = %v, want %v", got, want)
	}
	if (Totals{}).Absorption() != nil {
		t.Error("absorption of a zero pagu is not nil")
	}
	if s := ts.Sisa().String(); s != "18536315076.00" {
		t.Errorf("Sisa = %s, want 18536315076.00", s)
	}
}
