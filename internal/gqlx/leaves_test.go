package gqlx

import (
	"bytes"
	"context"
	"io"
	"math"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql"
)

// written is what m writes, into a bytes.Buffer as the executor's answer
// or, when plain, into a writer that is not one.
func written(m graphql.Marshaler, plain bool) string {
	var b bytes.Buffer
	if plain {
		m.MarshalGQL(struct{ io.Writer }{&b})
	} else {
		m.MarshalGQL(&b)
	}
	return b.String()
}

// gqlgenWrites is what gqlgen's context marshaller m writes.
func gqlgenWrites(m graphql.ContextMarshaler) string {
	var b bytes.Buffer
	if err := m.MarshalGQLContext(context.Background(), &b); err != nil {
		return "error: " + err.Error()
	}
	return b.String()
}

type enum string

func (e enum) MarshalGQL(w io.Writer) {
	io.WriteString(w, `"`)
	io.WriteString(w, string(e))
	io.WriteString(w, `"`)
}

// TestPointedLeaves: the marshallers through a pointer write what gqlgen's
// write, byte for byte, into the executor's buffer and into any writer.
func TestPointedLeaves(t *testing.T) {
	strs := []string{"", "Sekretariat Daerah", `a "quoted" \ back`, "tab\tcr\rlf\n", "\x00\x01\x1f\x7f", "é ü 日本", "bad \xff\xfe utf-8", strings.Repeat("x", 5000)}
	for _, s := range strs {
		for _, plain := range []bool{false, true} {
			if got, want := written(String(&s), plain), written(graphql.MarshalString(s), plain); got != want {
				t.Errorf("String(%q) = %s, want %s", s, got, want)
			}
			if got, want := written(OptString(&s), plain), written(graphql.MarshalString(s), plain); got != want {
				t.Errorf("OptString(%q) = %s, want %s", s, got, want)
			}
		}
	}
	for _, i := range []int{0, 1, -1, 42, math.MaxInt32, math.MinInt32, math.MaxInt64, math.MinInt64} {
		for _, plain := range []bool{false, true} {
			if got, want := written(Int(&i), plain), written(graphql.MarshalInt(i), plain); got != want {
				t.Errorf("Int(%d) = %s, want %s", i, got, want)
			}
		}
	}
	for _, b := range []bool{true, false} {
		if got, want := written(Bool(&b), false), written(graphql.MarshalBoolean(b), false); got != want {
			t.Errorf("Bool(%v) = %s, want %s", b, got, want)
		}
		if got, want := written(OptBool(&b), true), written(graphql.MarshalBoolean(b), true); got != want {
			t.Errorf("OptBool(%v) = %s, want %s", b, got, want)
		}
	}
	floats := []float64{0, math.Copysign(0, -1), 1, -1, 0.1, 102.1425472110776, 93.90870848760227, 1e6, 123456789, 1e21, 1e-5, 1e-7, 5e-324, math.MaxFloat64, -math.SmallestNonzeroFloat64, 1.0 / 3}
	for i := 0; i < 2000; i++ {
		floats = append(floats, math.Float64frombits(uint64(i)*0x9E3779B97F4A7C15))
	}
	for _, f := range floats {
		m := Float(&f)
		if math.IsNaN(f) || math.IsInf(f, 0) {
			if m != nil {
				t.Errorf("Float(%v) did not decline", f)
			}
			continue
		}
		for _, plain := range []bool{false, true} {
			if got, want := written(m, plain), gqlgenWrites(graphql.MarshalFloatContext(f)); got != want {
				t.Errorf("Float(%v) = %s, want %s", f, got, want)
			}
		}
	}
	for _, f := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		if Float(&f) != nil || OptFloat(&f) != nil {
			t.Errorf("%v: a marshaller, want none (gqlgen reports the value)", f)
		}
	}
	e := enum("SANGAT_TINGGI")
	if got := written(Value(&e), false); got != `"SANGAT_TINGGI"` {
		t.Errorf("Value = %s", got)
	}
	if got := written(OptValue(&e), true); got != `"SANGAT_TINGGI"` {
		t.Errorf("OptValue = %s", got)
	}
	if OptString(nil) != graphql.Null || OptInt(nil) != graphql.Null || OptBool(nil) != graphql.Null || OptFloat(nil) != graphql.Null || OptValue[enum](nil) != graphql.Null {
		t.Error("a nil field is not Null")
	}
}

// TestPointedLeavesAllocations: making and writing a pointed leaf allocates
// nothing once the buffer has grown.
func TestPointedLeavesAllocations(t *testing.T) {
	s, i, b, f, e := "Sekretariat Daerah", 42, true, 102.1425472110776, enum("TINGGI")
	var buf bytes.Buffer
	buf.Grow(1 << 12)
	var ms [7]graphql.Marshaler
	n := testing.AllocsPerRun(1000, func() {
		buf.Reset()
		ms = [...]graphql.Marshaler{String(&s), OptString(&s), Int(&i), Bool(&b), Float(&f), OptFloat(&f), Value(&e)}
		for _, m := range ms {
			m.MarshalGQL(&buf)
		}
	})
	if n != 0 {
		t.Errorf("%v allocations, want 0", n)
	}
}
