package resolvers

import (
	"encoding/base64"
	"slices"
	"testing"
)

func TestCursorRoundTrip(t *testing.T) {
	for _, tt := range []struct {
		kind cursorKind
		key  []any
	}{
		{indicatorCursors, []any{int64(12)}},
		{orgUnitCursors, []any{int64(2), "BAG:UMUM \"x\"", int64(7)}},
		{orgUnitCursors, []any{int64(0), "", int64(1)}},
		{userCursors, []any{"bagian.renkeu"}},
		{budgetLineCursors, []any{int64(65)}},
	} {
		c := tt.kind.encode(tt.key)
		got, err := tt.kind.decode("after", c)
		if err != nil || !slices.Equal(got, tt.key) {
			t.Errorf("%s %v: cursor %q decodes to %v, %v", tt.kind.name, tt.key, c, got, err)
		}
	}
}

func TestCursorRefused(t *testing.T) {
	raw := func(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }
	for _, tt := range []struct {
		kind cursorKind
		c    string
	}{
		{indicatorCursors, raw("orgunit:1")},
		{indicatorCursors, raw("indicator:")},
		{indicatorCursors, raw("indicator:x")},
		{indicatorCursors, raw("indicator:1:2")},
		{indicatorCursors, raw("indicators:1")},
		{orgUnitCursors, raw("orgunit:1:BAG:2")},
		{orgUnitCursors, raw(`orgunit:1:"BAG"`)},
		{userCursors, raw("user:admin")},
		{userCursors, "not base64!"},
	} {
		if got, err := tt.kind.decode("before", tt.c); err == nil {
			t.Errorf("%s cursor %q decoded to %v, want refused", tt.kind.name, tt.c, got)
		}
	}
}
