package domain

import (
	"bytes"
	"strconv"
	"testing"
)

// TestWriteEnum: an enum value is written as strconv.Quote writes it, with
// no allocation for a GraphQL name; any other string is still quoted.
func TestWriteEnum(t *testing.T) {
	values := []string{"SANGAT_TINGGI", "Q1", "_x9", "", "two words", `a"b`, "é", "tab\t"}
	for _, c := range Categories {
		values = append(values, string(c))
	}
	for _, v := range values {
		var b bytes.Buffer
		writeEnum(&b, v)
		if got, want := b.String(), strconv.Quote(v); got != want {
			t.Errorf("writeEnum(%q) = %s, want %s", v, got, want)
		}
	}
	var b bytes.Buffer
	b.Grow(64)
	if n := testing.AllocsPerRun(100, func() { b.Reset(); Category("SANGAT_TINGGI").MarshalGQL(&b) }); n != 0 {
		t.Errorf("an enum value: %v allocations, want 0", n)
	}
}
