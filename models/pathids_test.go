package models

import (
	"slices"
	"testing"
)

// TestPathIDs: the ids of a materialised path, root first; what is not an
// id is skipped; no ids is nil; one allocation.
func TestPathIDs(t *testing.T) {
	for _, c := range []struct {
		path string
		want []int64
	}{
		{"", nil}, {"/", nil}, {"//", nil}, {"/1/", []int64{1}}, {"/1/2/35/", []int64{1, 2, 35}},
		{"1/2", []int64{1, 2}}, {"/1//2/", []int64{1, 2}}, {"/a/3/", []int64{3}}, {"/99999999999999999999/1/", []int64{1}},
	} {
		if got := PathIDs(c.path); !slices.Equal(got, c.want) || (got == nil) != (c.want == nil) {
			t.Errorf("PathIDs(%q) = %v, want %v", c.path, got, c.want)
		}
	}
	if n := testing.AllocsPerRun(100, func() { PathIDs("/1/2/35/400/") }); n != 1 {
		t.Errorf("%v allocations, want 1", n)
	}
	var buf [8]int64
	if n := testing.AllocsPerRun(100, func() { AppendPathIDs(buf[:0], "/1/2/35/400/") }); n != 0 {
		t.Errorf("AppendPathIDs into a large enough buffer: %v allocations, want 0", n)
	}
	if got := AppendPathIDs([]int64{9}, "/1/2/"); !slices.Equal(got, []int64{9, 1, 2}) {
		t.Errorf("AppendPathIDs appended %v, want [9 1 2]", got)
	}
}
