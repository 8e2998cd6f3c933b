package resolvers_test

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/kinerja/kinerja/internal/apitest"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/internal/testdb"
)

// edge is an edge of any connection, as the walks below read it.
type edge struct {
	Cursor string
	Node   struct {
		ID, Code, Username, Pagu string
	}
}

// pageOut is a page of any connection.
type pageOut struct {
	TotalCount int
	Edges      []edge
	PageInfo   struct {
		HasNextPage, HasPreviousPage bool
		StartCursor, EndCursor       *string
	}
}

// walk pages through a connection, forward (first) or backward (last), n
// edges a page, and returns its edges in list order. page runs a query with
// the paging variables and returns the connection's page. It checks every
// page's pageInfo and totalCount against total.
func walk(t *testing.T, total, n int, backward bool, page func(vars map[string]any) pageOut) []edge {
	t.Helper()
	var all []edge
	vars := map[string]any{"first": n}
	if backward {
		vars = map[string]any{"last": n}
	}
	for pages := 0; ; pages++ {
		if pages > total/max(n, 1)+2 {
			t.Fatalf("more than %d pages of %d for %d edges", pages, n, total)
		}
		p := page(vars)
		if p.TotalCount != total {
			t.Errorf("page %d: totalCount %d, want %d", pages, p.TotalCount, total)
		}
		more, resumed := p.PageInfo.HasNextPage, p.PageInfo.HasPreviousPage
		if backward {
			more, resumed = resumed, more
			all = append(slices.Clone(p.Edges), all...)
		} else {
			all = append(all, p.Edges...)
		}
		if resumed != (pages > 0) {
			t.Errorf("page %d (backward %v): pageInfo %+v", pages, backward, p.PageInfo)
		}
		if k := len(p.Edges); k > 0 && (*p.PageInfo.StartCursor != p.Edges[0].Cursor || *p.PageInfo.EndCursor != p.Edges[k-1].Cursor) {
			t.Errorf("page %d: start and end cursors are not those of the first and last edges", pages)
		}
		if !more {
			break
		}
		if backward {
			vars = map[string]any{"last": n, "before": *p.PageInfo.StartCursor}
		} else {
			vars = map[string]any{"first": n, "after": *p.PageInfo.EndCursor}
		}
	}
	if len(all) != total {
		t.Errorf("walked %d edges (%d a page, backward %v), want %d", len(all), n, backward, total)
	}
	return all
}

// nodeIDs returns the node ids of edges.
func nodeIDs(edges []edge) []string {
	ids := make([]string, len(edges))
	for i, e := range edges {
		ids[i] = e.Node.ID
	}
	return ids
}

// connection runs query (whose connection is the field named field) with
// vars added to base.
func connection(t *testing.T, api *apitest.API, token, query, field string, base map[string]any) func(map[string]any) pageOut {
	return func(vars map[string]any) pageOut {
		t.Helper()
		all := map[string]any{}
		for k, v := range base {
			all[k] = v
		}
		for k, v := range vars {
			all[k] = v
		}
		var out map[string]json.RawMessage
		api.OK(token, query, all, &out)
		var p pageOut
		apitest.Must(t, json.Unmarshal(out[field], &p))
		return p
	}
}

const pageFields = `totalCount edges { cursor node { id ...fields } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor }`

// TestIndicatorsBothWays: over 150 indicators (110 added), paging forward
// and backward returns each exactly once, in creation order, whatever the
// page size; cursors bound pages on both sides.
func TestIndicatorsBothWays(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		api := apitest.New(t, st)
		x := lookup(t, api)
		addIndicators(t, st, x, 110)
		tok := api.Token("sekda")
		page := connection(t, api, tok, `query($first: Int, $after: String, $last: Int, $before: String) {
		  indicators(first: $first, after: $after, last: $last, before: $before) { `+pageFields+` } }
		  fragment fields on Indicator { code }`, "indicators", nil)

		forward := walk(t, 150, 7, false, page)
		ids := nodeIDs(forward)
		rows := make([]int64, len(ids))
		for i, id := range ids {
			rows[i] = apitest.RowID(t, id)
		}
		if !slices.IsSorted(rows) || len(slices.Compact(slices.Clone(rows))) != 150 {
			t.Errorf("forward: ids not each once in creation order: %v", rows)
		}
		if forward[0].Node.Code != "IKT-01" || forward[39].Node.Code != "IKP-12" || forward[40].Node.Code != "X-000" || forward[149].Node.Code != "X-109" {
			t.Errorf("forward: %s, %s, %s … %s; want IKT-01, IKP-12 (the 40th), X-000 … X-109",
				forward[0].Node.Code, forward[39].Node.Code, forward[40].Node.Code, forward[149].Node.Code)
		}
		for _, n := range []int{1, 13, 100} {
			if got := nodeIDs(walk(t, 150, n, true, page)); !slices.Equal(got, ids) {
				t.Errorf("backward %d a page: not the forward order", n)
			}
		}
		if got := nodeIDs(walk(t, 150, 100, false, page)); !slices.Equal(got, ids) {
			t.Errorf("forward 100 a page: not the order of 7 a page")
		}

		// Between two cursors: first from the lower one, last from the
		// upper one.
		after, before := forward[9].Cursor, forward[30].Cursor
		p := page(map[string]any{"first": 5, "after": after, "before": before})
		if got := nodeIDs(p.Edges); !slices.Equal(got, ids[10:15]) || !p.PageInfo.HasNextPage || !p.PageInfo.HasPreviousPage {
			t.Errorf("first 5 after the 10th before the 31st: %v %+v, want the 11th to 15th", got, p.PageInfo)
		}
		p = page(map[string]any{"last": 5, "after": after, "before": before})
		if got := nodeIDs(p.Edges); !slices.Equal(got, ids[25:30]) || !p.PageInfo.HasNextPage || !p.PageInfo.HasPreviousPage {
			t.Errorf("last 5 after the 10th before the 31st: %v %+v, want the 26th to 30th", got, p.PageInfo)
		}
		p = page(map[string]any{"first": 100, "after": after, "before": before})
		if got := nodeIDs(p.Edges); !slices.Equal(got, ids[10:30]) || p.PageInfo.HasNextPage {
			t.Errorf("everything between the 10th and the 31st: %d edges %+v, want the 20 between", len(got), p.PageInfo)
		}
		p = page(map[string]any{"last": 0})
		if len(p.Edges) != 0 || p.TotalCount != 150 || !p.PageInfo.HasPreviousPage || p.PageInfo.HasNextPage {
			t.Errorf("last: 0: %d edges, total %d, %+v; want none, 150, more before", len(p.Edges), p.TotalCount, p.PageInfo)
		}

		// A page in the middle costs what the first does: keyset, and
		// totalCount only when asked for.
		page(map[string]any{"last": 10, "before": forward[120].Cursor})
		if n := api.Statements(); n > 3 {
			t.Errorf("a page in the middle with totalCount: %d statements, want at most 3", n)
		}
	})
}

// TestConnectionsBothWays: the org units, users and budget lines of the demo
// data page forward and backward to the same list, in the documented order.
func TestConnectionsBothWays(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		api := apitest.New(t, st)
		x := lookup(t, api)
		admin, sekda := x.admins, api.Token("sekda")

		units := connection(t, api, admin, `query($first: Int, $after: String, $last: Int, $before: String) {
		  orgUnits(first: $first, after: $after, last: $last, before: $before) { `+pageFields+` } }
		  fragment fields on OrgUnit { code }`, "orgUnits", nil)
		all := units(map[string]any{"first": 100})
		if all.TotalCount != len(x.units) || all.Edges[0].Node.Code != "KUKAR" || all.Edges[1].Node.Code != "SETDA" {
			t.Fatalf("orgUnits: %d of %d, from %v; want all %d from KUKAR, SETDA", len(all.Edges), all.TotalCount, all.Edges[:2], len(x.units))
		}
		for _, n := range []int{1, 4} {
			if got := nodeIDs(walk(t, all.TotalCount, n, false, units)); !slices.Equal(got, nodeIDs(all.Edges)) {
				t.Errorf("orgUnits forward %d a page: not the order of one page", n)
			}
			if got := nodeIDs(walk(t, all.TotalCount, n, true, units)); !slices.Equal(got, nodeIDs(all.Edges)) {
				t.Errorf("orgUnits backward %d a page: not the order of one page", n)
			}
		}

		users := connection(t, api, admin, `query($first: Int, $after: String, $last: Int, $before: String) {
		  users(first: $first, after: $after, last: $last, before: $before) { `+pageFields+` } }
		  fragment fields on User { username }`, "users", nil)
		everyone := users(map[string]any{"first": 100})
		names := make([]string, len(everyone.Edges))
		for i, e := range everyone.Edges {
			names[i] = e.Node.Username
		}
		if everyone.TotalCount != 18 || len(names) != 18 || !slices.IsSorted(names) {
			t.Fatalf("users: %v (total %d), want the 18 demo users by username", names, everyone.TotalCount)
		}
		if got := nodeIDs(walk(t, 18, 5, false, users)); !slices.Equal(got, nodeIDs(everyone.Edges)) {
			t.Errorf("users forward: not by username")
		}
		if got := nodeIDs(walk(t, 18, 5, true, users)); !slices.Equal(got, nodeIDs(everyone.Edges)) {
			t.Errorf("users backward: not by username")
		}

		// Nested fields of a page are read for the whole page at once.
		var nested struct {
			Users struct {
				Edges []struct {
					Node struct{ OrgUnit struct{ Code string } }
				}
			}
			Budget struct {
				Lines struct {
					Edges []struct {
						Node struct {
							SubActivity struct{ Activity struct{ Code string } }
						}
					}
				}
			}
		}
		warmCaller(t, api, admin)
		api.OK(admin, `{ users(first: 100) { edges { node { orgUnit { code } } } }
		  budget(year: 2023) { lines(first: 100) { edges { node { subActivity { activity { code } } } } } } }`, nil, &nested)
		if len(nested.Users.Edges) != 18 || len(nested.Budget.Lines.Edges) != 65 || nested.Budget.Lines.Edges[0].Node.SubActivity.Activity.Code != "01.01" {
			t.Errorf("users and lines with their units and activities: %d, %d, %+v", len(nested.Users.Edges), len(nested.Budget.Lines.Edges), nested.Budget.Lines.Edges[0])
		}
		// The caller's unit, the users, their units, the budget, the lines,
		// their sub-activities, their activities (the caller is cached).
		if n := api.Statements(); n != 7 {
			t.Errorf("users and budget lines with nested fields: %d statements, want 7", n)
		}

		forward := walk(t, 65, 20, false, budgetPage(t, api, sekda))
		backward := walk(t, 65, 20, true, budgetPage(t, api, sekda))
		if !slices.Equal(nodeIDs(forward), nodeIDs(backward)) {
			t.Errorf("budget lines: backward is not the forward order")
		}
		var sum domain.Money
		for _, e := range forward {
			sum += money(t, e.Node.Pagu)
		}
		if sum.String() != "304308454755.00" {
			t.Errorf("the 65 lines of 2023 sum to %s, want the Setda's pagu 304308454755.00", sum)
		}
	})
}

// budgetPage pages through budget(year: 2023).lines as the holder of token.
func budgetPage(t *testing.T, api *apitest.API, token string) func(map[string]any) pageOut {
	return func(vars map[string]any) pageOut {
		t.Helper()
		var out struct{ Budget struct{ Lines pageOut } }
		api.OK(token, `query($first: Int, $after: String, $last: Int, $before: String) {
		  budget(year: 2023) { lines(first: $first, after: $after, last: $last, before: $before) { `+pageFields+` } } }
		  fragment fields on BudgetLine { pagu }`, vars, &out)
		return out.Budget.Lines
	}
}

// TestPagingArguments: bad paging arguments and cursors are refused, and the
// children of a unit above the caller are only the one on its way down.
func TestPagingArguments(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		api := apitest.New(t, st)
		x := lookup(t, api)
		var first struct {
			Indicators struct{ PageInfo struct{ EndCursor string } }
			OrgUnits   struct{ PageInfo struct{ EndCursor string } }
		}
		api.OK(x.admins, `{ indicators(first: 1) { pageInfo { endCursor } } orgUnits(first: 1) { pageInfo { endCursor } } }`, nil, &first)
		for _, tt := range []struct {
			name, query string
			vars        map[string]any
			field       string
		}{
			{"first and last", `{ indicators(first: 1, last: 1) { totalCount } }`, nil, "last"},
			{"negative last", `{ orgUnits(last: -1) { totalCount } }`, nil, "last"},
			{"negative first", `{ users(first: -1) { totalCount } }`, nil, "first"},
			{"a cursor of another connection", `query($c: String) { orgUnits(after: $c) { totalCount } }`, map[string]any{"c": first.Indicators.PageInfo.EndCursor}, "after"},
			{"a cursor of another connection, before", `query($c: String) { indicators(last: 2, before: $c) { totalCount } }`, map[string]any{"c": first.OrgUnits.PageInfo.EndCursor}, "before"},
			{"garbage cursor", `{ budget(year: 2023) { lines(after: "bm9wZQ") { totalCount } } }`, nil, "after"},
		} {
			e := failsAs(t, api, tt.name, x.admins, tt.query, tt.vars, "BAD_USER_INPUT")
			if got, _ := e.Extensions["field"].(string); got != tt.field {
				t.Errorf("%s: extensions.field %q (%s), want %q", tt.name, got, e.Message, tt.field)
			}
		}

		var above struct {
			OrgUnits pageOut
		}
		api.OK(api.Token("bagian.tapem"), `query($id: ID) { orgUnits(parentId: $id) { `+pageFields+` } } fragment fields on OrgUnit { code }`,
			map[string]any{"id": x.unit("SETDA")}, &above)
		if above.OrgUnits.TotalCount != 1 || len(above.OrgUnits.Edges) != 1 || above.OrgUnits.Edges[0].Node.Code != "ASISTEN-PEMKESRA" ||
			above.OrgUnits.PageInfo.HasNextPage {
			t.Errorf("children of SETDA as seen by tapem: %+v, want ASISTEN-PEMKESRA alone", above.OrgUnits)
		}
	})
}

// TestTotalCountOnlyWhenAsked: totalCount is read only when selected,
// directly, aliased or through a fragment, and is right each way. A first
// page that holds its whole list counts it with no statement of its own;
// one that does not costs one statement more, and only when asked.
func TestTotalCountOnlyWhenAsked(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		api := apitest.New(t, st)
		tok := api.Token("sekda")
		type page struct {
			Indicators struct {
				TotalCount *int
				N          *int
				Edges      []struct{ Node struct{ Code string } }
			}
		}
		queries := map[string]string{
			"bare":     `query($n: Int) { indicators(first: $n) { edges { node { code } } } }`,
			"direct":   `query($n: Int) { indicators(first: $n) { totalCount edges { node { code } } } }`,
			"alias":    `query($n: Int) { indicators(first: $n) { n: totalCount edges { node { code } } } }`,
			"fragment": `query($n: Int) { indicators(first: $n) { ...Counted edges { node { code } } } } fragment Counted on IndicatorConnection { totalCount }`,
		}
		for _, first := range []int{2, 100} {
			counts := map[string]int64{}
			for name, q := range queries {
				warmCaller(t, api, tok)
				var out page
				api.OK(tok, q, map[string]any{"n": first}, &out)
				counts[name] = api.Statements()
				if want := min(first, 40); len(out.Indicators.Edges) != want {
					t.Errorf("first %d, %s: %d edges, want %d", first, name, len(out.Indicators.Edges), want)
				}
				total := out.Indicators.TotalCount
				if name == "alias" {
					total = out.Indicators.N
				}
				if name == "bare" {
					if total != nil {
						t.Errorf("bare: a totalCount nobody asked for")
					}
				} else if total == nil || *total != 40 {
					t.Errorf("first %d, %s: totalCount %v, want 40", first, name, total)
				}
			}
			extra := int64(0)
			if first < 40 {
				extra = 1 // the list's own count
			}
			for name, n := range counts {
				if name != "bare" && n != counts["bare"]+extra {
					t.Errorf("first %d: %s took %d statements, the bare page %d: want %d more", first, name, n, counts["bare"], extra)
				}
			}
		}
	})
}

// The cursors of the edges between the first and the last are made only
// when the query may ask for them, however it asks: directly, through a
// fragment or an inline fragment, under an alias. Whichever way, each edge
// has the cursor that pages after it, and pageInfo has its ends.
func TestEdgeCursorsWhenAsked(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		api := apitest.New(t, st)
		tok := api.Token("sekda")
		type page struct {
			Indicators struct {
				PageInfo struct{ StartCursor, EndCursor string }
				Edges    []struct {
					Cursor, C string
					Node      struct{ Code string }
				}
			}
		}
		var plain page
		api.OK(tok, `{ indicators(first: 10) { pageInfo { startCursor endCursor } edges { cursor node { code } } } }`, nil, &plain)
		edges := plain.Indicators.Edges
		if len(edges) != 10 || plain.Indicators.PageInfo.StartCursor != edges[0].Cursor || plain.Indicators.PageInfo.EndCursor != edges[9].Cursor {
			t.Fatalf("plain: %+v", plain.Indicators)
		}
		for i, e := range edges {
			if e.Cursor == "" {
				t.Fatalf("edge %d has no cursor", i)
			}
			if i+1 < len(edges) {
				var next page
				api.OK(tok, `query($after: String) { indicators(first: 1, after: $after) { edges { node { code } } } }`, map[string]any{"after": e.Cursor}, &next)
				if got := next.Indicators.Edges[0].Node.Code; got != edges[i+1].Node.Code {
					t.Errorf("after edge %d: %s, want %s", i, got, edges[i+1].Node.Code)
				}
			}
		}
		for name, q := range map[string]string{
			"fragment":        `{ indicators(first: 10) { ...conn } } fragment conn on IndicatorConnection { edges { ...edge } } fragment edge on IndicatorEdge { cursor node { code } }`,
			"inline fragment": `{ indicators(first: 10) { edges { ... on IndicatorEdge { cursor } node { code } } } }`,
			"alias":           `{ indicators(first: 10) { edges { c: cursor node { code } } } }`,
		} {
			var got page
			api.OK(tok, q, nil, &got)
			for i, e := range got.Indicators.Edges {
				c := e.Cursor
				if name == "alias" {
					c = e.C
				}
				if c != edges[i].Cursor {
					t.Errorf("%s: edge %d cursor %q, want %q", name, i, c, edges[i].Cursor)
				}
			}
		}
		var ends page
		api.OK(tok, `{ indicators(first: 10) { pageInfo { startCursor endCursor } edges { node { code } } } }`, nil, &ends)
		if ends.Indicators.PageInfo != plain.Indicators.PageInfo {
			t.Errorf("without edge cursors, pageInfo %+v; want %+v", ends.Indicators.PageInfo, plain.Indicators.PageInfo)
		}
	})
}
