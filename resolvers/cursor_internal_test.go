package resolvers

import (
	"encoding/base64"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"
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

// The walk that looks for an edge's cursor visits each fragment once: a
// document whose 20 fragments each spread the next twice (2^20 paths) costs
// a few steps per fragment, and the cursor at its bottom is found, through
// inline fragments and aliases too.
func TestMentionsWalksFragmentsOnce(t *testing.T) {
	var b strings.Builder
	b.WriteString("{ indicators { ...F0 } }\n")
	for i := 0; i < 20; i++ {
		fmt.Fprintf(&b, "fragment F%d on IndicatorConnection { pageInfo { hasNextPage } ...F%d ...F%d }\n", i, i+1, i+1)
	}
	doc := func(last string) *ast.QueryDocument {
		d, err := parser.ParseQuery(&ast.Source{Input: b.String() + "fragment F20 on IndicatorConnection { " + last + " }"})
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	for last, want := range map[string]bool{
		"pageInfo { endCursor }":                           false,
		"edges { c: cursor }":                              true,
		"edges { ... on IndicatorEdge { cursor } }":        true,
		"edges { node { code } } pageInfo { hasNextPage }": false,
	} {
		d := doc(last)
		w := mentionWalk{doc: d, name: "cursor"}
		if got := w.in(d.Operations[0].SelectionSet, 0); got != want || w.steps > 500 {
			t.Errorf("%s: %v in %d steps, want %v in a few per fragment", last, got, w.steps, want)
		}
	}
}
