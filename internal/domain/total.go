package domain

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"math/big"
	"math/bits"
	"strconv"
)

// Total is an exact sum of Money: a signed 128-bit number of sen. Every
// total of a budget (an activity, a program, an org unit, a region) is one.
// No sum of Money can overflow it: 2^63 lines (more rows than a database can
// hold) of the largest int64 amount add up to less than 2^126. On the wire it
// is the same decimal string as Money, however large ("92233720368547758.07"
// and beyond). The zero Total is 0.
type Total struct {
	// hi and lo are the two's complement of the number: hi·2^64 + lo.
	hi, lo uint64
}

// TotalOf returns m as a Total.
func TotalOf(m Money) Total {
	return Total{hi: uint64(int64(m) >> 63), lo: uint64(m)}
}

// Add returns t + m.
func (t Total) Add(m Money) Total { return t.Plus(TotalOf(m)) }

// Plus returns t + u.
func (t Total) Plus(u Total) Total {
	lo, carry := bits.Add64(t.lo, u.lo, 0)
	hi, _ := bits.Add64(t.hi, u.hi, carry)
	return Total{hi: hi, lo: lo}
}

// Minus returns t − u.
func (t Total) Minus(u Total) Total { return t.Plus(u.neg()) }

func (t Total) neg() Total {
	lo, carry := bits.Add64(^t.lo, 1, 0)
	hi, _ := bits.Add64(^t.hi, 0, carry)
	return Total{hi: hi, lo: lo}
}

// Sign returns -1, 0 or +1 as t is negative, zero or positive.
func (t Total) Sign() int {
	switch {
	case int64(t.hi) < 0:
		return -1
	case t.hi == 0 && t.lo == 0:
		return 0
	}
	return 1
}

// Money returns t as Money when it fits in one; ok is false otherwise.
func (t Total) Money() (m Money, ok bool) {
	if t.hi != uint64(int64(t.lo)>>63) {
		return 0, false
	}
	return Money(t.lo), true
}

// Float64 returns t in sen as the nearest float64.
func (t Total) Float64() float64 {
	return float64(int64(t.hi))*math.Exp2(64) + float64(t.lo)
}

// Big returns t in sen as a big.Int.
func (t Total) Big() *big.Int {
	n := t
	if t.Sign() < 0 {
		n = t.neg()
	}
	b := new(big.Int).SetUint64(n.hi)
	b.Lsh(b, 64).Or(b, new(big.Int).SetUint64(n.lo))
	if t.Sign() < 0 {
		b.Neg(b)
	}
	return b
}

// String formats t as Money.String does: two decimals, no separators.
func (t Total) String() string {
	if m, ok := t.Money(); ok {
		return m.String()
	}
	b := t.Big()
	sign := ""
	if b.Sign() < 0 {
		sign = "-"
		b.Neg(b)
	}
	d := b.String() // at least 19 digits here
	return sign + d[:len(d)-2] + "." + d[len(d)-2:]
}

// MarshalGQL writes t as a GraphQL string, as Money.
func (t Total) MarshalGQL(w io.Writer) {
	if m, ok := t.Money(); ok {
		m.MarshalGQL(w)
		return
	}
	_, _ = io.WriteString(w, strconv.Quote(t.String()))
}

// UnmarshalGQL reads t as Money is read, with no bound on its size. Totals
// are output only; this completes the scalar.
func (t *Total) UnmarshalGQL(v any) error {
	var s string
	switch x := v.(type) {
	case string:
		s = x
	case json.Number:
		s = x.String()
	default:
		return Invalid("", fmt.Sprintf("a Money value is a decimal string such as \"1500000.00\", got %T", v))
	}
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		return Invalid("", fmt.Sprintf("%q is not a decimal amount", s))
	}
	r.Mul(r, big.NewRat(100, 1))
	if !r.IsInt() || r.Num().BitLen() > 126 {
		return Invalid("", fmt.Sprintf("%q is not an amount of sen that a total can hold", s))
	}
	n := r.Num()
	var abs Total
	words := new(big.Int).Abs(n)
	abs.lo = new(big.Int).And(words, new(big.Int).SetUint64(math.MaxUint64)).Uint64()
	abs.hi = new(big.Int).Rsh(words, 64).Uint64()
	if n.Sign() < 0 {
		abs = abs.neg()
	}
	*t = abs
	return nil
}
