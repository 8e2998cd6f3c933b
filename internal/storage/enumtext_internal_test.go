package storage

import (
	"testing"

	"github.com/kinerja/kinerja/internal/domain"
)

// An enum's value is scanned into the constant's string, with no
// allocation; any other text is copied out of the driver's buffer; NULL
// and other types are refused, as a *string refuses them.
func TestEnumText(t *testing.T) {
	var s string
	e := enumText{&s}
	buf := []byte("APPROVED")
	if n := testing.AllocsPerRun(100, func() { _ = e.ScanBytes(buf) }); n != 0 || s != string(domain.Approved) {
		t.Errorf("APPROVED: %q with %v allocations, want it with 0", s, n)
	}
	buf = []byte("Persen")
	if err := e.ScanBytes(buf); err != nil || s != "Persen" {
		t.Fatalf("Persen: %q, %v", s, err)
	}
	buf[0] = 'X'
	if s != "Persen" {
		t.Errorf("the scanned text changed with the driver's buffer: %q", s)
	}
	for _, src := range []any{"Q3", []byte("Q3")} {
		s = ""
		if err := e.Scan(src); err != nil || s != "Q3" {
			t.Errorf("Scan(%T) = %q, %v; want Q3", src, s, err)
		}
	}
	if e.ScanBytes(nil) == nil || e.Scan(nil) == nil || e.Scan(42) == nil {
		t.Error("NULL or a number scanned into an enum")
	}
}
