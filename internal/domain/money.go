package domain

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Money is an amount of Rupiah held as an integer number of sen (1/100
// Rupiah). It is never a float: on the wire it is a decimal string with two
// decimals ("303489081155.00").
type Money int64

// maxMoneyDigits bounds the whole-Rupiah part so that sen fit in an int64
// with room for sums (10^16 Rupiah is far above any budget).
const maxMoneyDigits = 16

// ParseMoney parses a decimal string of Rupiah: digits, optionally a point
// and one or two decimals ("1500000", "1500000.5", "1500000.50"), optionally
// a leading minus. Thousands separators are refused, since "1.500" and
// "1,500" mean different things in Indonesian and English notation.
func ParseMoney(s string) (Money, error) {
	orig := s
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	whole, frac, hasPoint := strings.Cut(s, ".")
	switch {
	case whole == "" || !digits(whole) || (hasPoint && (frac == "" || !digits(frac))):
		return 0, fmt.Errorf("%q is not a decimal amount: write digits with an optional point and up to two decimals, e.g. \"1500000.00\", without thousands separators", orig)
	case len(frac) > 2:
		return 0, fmt.Errorf("%q has more than two decimals: Rupiah amounts go down to the sen", orig)
	case len(strings.TrimLeft(whole, "0")) > maxMoneyDigits:
		return 0, fmt.Errorf("%q is too large", orig)
	}
	for len(frac) < 2 {
		frac += "0"
	}
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("%q is too large", orig)
	}
	f, _ := strconv.ParseInt(frac, 10, 64)
	m := Money(w*100 + f)
	if neg {
		m = -m
	}
	return m, nil
}

func digits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// MustMoney parses s and panics on error; for tests and literals.
func MustMoney(s string) Money {
	m, err := ParseMoney(s)
	if err != nil {
		panic(err)
	}
	return m
}

// String formats m with two decimals and no separators.
func (m Money) String() string {
	var buf [24]byte
	return string(m.appendDecimal(buf[:0]))
}

// appendDecimal appends m as String formats it.
func (m Money) appendDecimal(b []byte) []byte {
	u := uint64(m)
	if m < 0 {
		b = append(b, '-')
		u = -u // two's complement: right for the smallest Money too
	}
	b = strconv.AppendUint(b, u/100, 10)
	return append(b, '.', byte('0'+u%100/10), byte('0'+u%10))
}

// appendQuoted appends m as a JSON (and GraphQL) string.
func (m Money) appendQuoted(b []byte) []byte {
	b = append(b, '"')
	b = m.appendDecimal(b)
	return append(b, '"')
}

// Sen returns m as an integer number of sen.
func (m Money) Sen() int64 { return int64(m) }

// MarshalGQL writes m as a GraphQL string.
func (m Money) MarshalGQL(w io.Writer) {
	if b, ok := w.(*bytes.Buffer); ok { // the executor's: append in place
		_, _ = b.Write(m.appendQuoted(b.AvailableBuffer()))
		return
	}
	var buf [26]byte
	_, _ = w.Write(m.appendQuoted(buf[:0]))
}

// UnmarshalGQL reads m from a decimal string, or from a whole number of
// Rupiah. Floats are refused: 0.1 has no exact binary form. Errors are
// *InputError.
func (m *Money) UnmarshalGQL(v any) (err error) {
	defer func() {
		if err != nil {
			err = Invalid("", err.Error())
		}
	}()
	switch x := v.(type) {
	case string:
		*m, err = ParseMoney(x)
	case json.Number:
		if strings.ContainsAny(x.String(), ".eE") {
			return fmt.Errorf("%s is a JSON number with a fraction: send Money as a decimal string such as \"%s\"", x, x)
		}
		*m, err = ParseMoney(x.String())
	case int:
		*m, err = ParseMoney(strconv.Itoa(x))
	case int64:
		*m, err = ParseMoney(strconv.FormatInt(x, 10))
	default:
		err = fmt.Errorf("a Money value is a decimal string such as \"1500000.00\", got %T", v)
	}
	return err
}

// Sisa returns the budget left: pagu − realisasi.
func Sisa(pagu, realisasi Money) Money { return pagu - realisasi }

// Absorption returns realisasi / pagu × 100, the budget absorption in
// percent; ok is false when pagu is zero.
func Absorption(pagu, realisasi Money) (pct float64, ok bool) {
	if pagu == 0 {
		return 0, false
	}
	return float64(realisasi) / float64(pagu) * 100, true
}

// MaxMoney is the largest amount of a budget line: Rp 1.000.000.000.000.000
// (10^15 Rupiah, a thousand trillion), ten times the yearly budget of the
// largest province and far above any sub-activity. Totals of any number of
// lines are exact whatever the bound (see Total); the bound keeps a single
// line a plausible amount.
const MaxMoney Money = 1_000_000_000_000_000_00

// CheckLine reports whether a budget line is acceptable: no negative amount,
// none above MaxMoney, no spending above the pagu.
func CheckLine(pagu, realisasi Money) error {
	switch {
	case pagu < 0:
		return Invalid("pagu", fmt.Sprintf("must not be negative, got %s", pagu))
	case pagu > MaxMoney:
		return Invalid("pagu", fmt.Sprintf("must be at most %s, got %s", MaxMoney, pagu))
	case realisasi < 0:
		return Invalid("realisasi", fmt.Sprintf("must not be negative, got %s", realisasi))
	case realisasi > pagu:
		return Invalid("realisasi", fmt.Sprintf("realisasi %s is above the pagu %s: spending cannot exceed the budget", realisasi, pagu))
	}
	return nil
}

// Totals is the sum of budget lines: pagu, realisasi and what follows from
// them. Every total of a budget tree (activity, program, org unit, agency) is
// a Totals of its sub-activity lines; it is exact for any number of lines.
type Totals struct {
	Pagu      Total
	Realisasi Total
}

// Add adds one line.
func (t *Totals) Add(pagu, realisasi Money) {
	t.Pagu = t.Pagu.Add(pagu)
	t.Realisasi = t.Realisasi.Add(realisasi)
}

// Sisa returns pagu − realisasi.
func (t Totals) Sisa() Total { return t.Pagu.Minus(t.Realisasi) }

// Absorption returns realisasi / pagu × 100, or nil when pagu is zero. For
// totals that fit in Money it is exactly Absorption of the same amounts.
func (t Totals) Absorption() *float64 {
	if t.Pagu.Sign() == 0 {
		return nil
	}
	pct := t.Realisasi.Float64() / t.Pagu.Float64() * 100
	return &pct
}
