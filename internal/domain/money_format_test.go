package domain

import (
	"bytes"
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
	"testing"
)

// Money formats as the plain formula of two decimals, quoted for GraphQL,
// down to the smallest and largest Money; Total past Money's range too.
func TestMoneyFormat(t *testing.T) {
	formula := func(m int64) string {
		b := big.NewInt(m)
		sign := ""
		if b.Sign() < 0 {
			sign = "-"
			b.Neg(b)
		}
		q, r := new(big.Int).QuoRem(b, big.NewInt(100), new(big.Int))
		return fmt.Sprintf("%s%s.%02d", sign, q, r.Int64())
	}
	for _, m := range []int64{0, 5, -5, 99, -99, 100, -100, 105, 30430845475500, -30430845475500, math.MaxInt64, math.MinInt64, math.MinInt64 + 1} {
		want := formula(m)
		if got := Money(m).String(); got != want {
			t.Errorf("Money(%d).String() = %q, want %q", m, got, want)
		}
		var b bytes.Buffer
		Money(m).MarshalGQL(&b)
		if b.String() != strconv.Quote(want) {
			t.Errorf("Money(%d).MarshalGQL = %s, want %q", m, b.String(), want)
		}
		var sb strings.Builder // not the executor's buffer
		Money(m).MarshalGQL(&sb)
		if sb.String() != strconv.Quote(want) {
			t.Errorf("Money(%d).MarshalGQL to a strings.Builder = %s, want %q", m, sb.String(), want)
		}
		b.Reset()
		TotalOf(Money(m)).MarshalGQL(&b)
		if b.String() != strconv.Quote(want) {
			t.Errorf("Total of %d marshals as %s, want %q", m, b.String(), want)
		}
	}
	past := TotalOf(Money(math.MaxInt64)).Add(Money(math.MaxInt64))
	var b bytes.Buffer
	past.MarshalGQL(&b)
	if b.String() != `"184467440737095516.14"` {
		t.Errorf("a Total past Money marshals as %s", b.String())
	}
}
