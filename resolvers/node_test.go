package resolvers_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/kinerja/kinerja/internal/apitest"
	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/internal/testdb"
)

// nodeFields selects what tells the nodes of every type apart.
const nodeFields = `fragment who on Node {
  __typename id
  ... on OrgUnit { code }
  ... on User { username }
  ... on Plan { name }
  ... on Mission { number }
  ... on Goal { code }
  ... on Sasaran { code }
  ... on Program { code }
  ... on Activity { code }
  ... on SubActivity { code }
  ... on Indicator { code }
  ... on Realisation { year period value }
  ... on BudgetLine { year pagu }
}`

// nodeOut is a node as nodeFields reads it.
type nodeOut struct {
	Typename string `json:"__typename"`
	ID       string
	Code     string
	Username string
	Name     string
	Number   int
	Year     int
	Period   string
	Value    float64
	Pagu     string
}

// oneOfEach reads, as the holder of token, one object of every type that
// implements Node the usual way (lists and nested fields), with what node
// should answer for its id.
func oneOfEach(t *testing.T, api *apitest.API, token string) []nodeOut {
	t.Helper()
	var out struct {
		Me       nodeOut
		OrgUnits struct{ Edges []struct{ Node nodeOut } }
		Plans    []struct {
			nodeOut
			Missions []nodeOut
			Goals    []struct {
				nodeOut
				Sasaran []nodeOut
			}
			Programs []struct {
				nodeOut
				Activities []struct {
					nodeOut
					SubActivities []struct {
						nodeOut
						BudgetLine *nodeOut
					}
				}
			}
		}
		Indicators struct {
			Edges []struct {
				Node struct {
					nodeOut
					Realisations []nodeOut
				}
			}
		}
	}
	api.OK(token, `{
	  me { __typename id username }
	  orgUnits(first: 1) { edges { node { __typename id code } } }
	  plans { __typename id name missions { __typename id number } goals { __typename id code sasaran { __typename id code } }
	    programs { __typename id code activities { __typename id code
	      subActivities { __typename id code budgetLine(year: 2023) { __typename id year pagu } } } } }
	  indicators(first: 100) { edges { node { __typename id code realisations(year: 2023) { __typename id year period value } } } }
	}`, nil, &out)
	p := out.Plans[0]
	act := p.Programs[0].Activities[0]
	sub := act.SubActivities[0]
	nodes := []nodeOut{out.Me, out.OrgUnits.Edges[0].Node, p.nodeOut, p.Missions[0], p.Goals[0].nodeOut, p.Goals[0].Sasaran[0],
		p.Programs[0].nodeOut, act.nodeOut, sub.nodeOut}
	if sub.BudgetLine == nil {
		t.Fatalf("sub-activity %s has no 2023 budget line", sub.Code)
	}
	nodes = append(nodes, *sub.BudgetLine)
	for _, e := range out.Indicators.Edges {
		if len(e.Node.Realisations) > 0 {
			nodes = append(nodes, e.Node.nodeOut, e.Node.Realisations[0])
			break
		}
	}
	return nodes
}

// TestNodeRoundTrip: node and nodes give back every object of every type
// that implements Node by the id the API showed for it, and that id is
// opaque: not a row number, and different for rows of different types.
func TestNodeRoundTrip(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		api := apitest.New(t, st)
		admin := api.Token("admin")
		want := oneOfEach(t, api, admin)

		var schema struct {
			Type struct{ PossibleTypes []struct{ Name string } } `json:"__type"`
		}
		api.OK(admin, `{ __type(name: "Node") { possibleTypes { name } } }`, nil, &schema)
		var implementors, covered []string
		for _, pt := range schema.Type.PossibleTypes {
			implementors = append(implementors, pt.Name)
		}
		ids := make([]string, len(want))
		for i, w := range want {
			covered, ids[i] = append(covered, w.Typename), w.ID
		}
		slices.Sort(implementors)
		slices.Sort(covered)
		if !slices.Equal(implementors, covered) {
			t.Fatalf("the test reads %v, but the types that implement Node are %v", covered, implementors)
		}

		seen := map[string]bool{}
		for _, w := range want {
			if _, err := strconv.ParseInt(w.ID, 10, 64); err == nil || seen[w.ID] {
				t.Errorf("%s id %q: want an opaque id unique across types", w.Typename, w.ID)
			}
			seen[w.ID] = true
			var got struct{ Node *nodeOut }
			api.OK(admin, `query($id: ID!) { node(id: $id) { ...who } }`+nodeFields, map[string]any{"id": w.ID}, &got)
			if got.Node == nil || *got.Node != w {
				t.Errorf("node(%s) = %+v, want %+v", w.Typename, got.Node, w)
			}
		}

		var all struct{ Nodes []*nodeOut }
		api.OK(admin, `query($ids: [ID!]!) { nodes(ids: $ids) { ...who } }`+nodeFields, map[string]any{"ids": ids}, &all)
		if len(all.Nodes) != len(want) {
			t.Fatalf("nodes gave %d entries for %d ids", len(all.Nodes), len(want))
		}
		for i, w := range want {
			if all.Nodes[i] == nil || *all.Nodes[i] != w {
				t.Errorf("nodes[%d] = %+v, want %+v", i, all.Nodes[i], w)
			}
		}
	})
}

// TestNodeScope: node answers as each type's own query does for a caller
// with a narrow scope, and nodes answers every id on its own.
func TestNodeScope(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		api := apitest.New(t, st)
		x := lookup(t, api)
		byType := map[string]nodeOut{}
		for _, n := range oneOfEach(t, api, x.admins) {
			byType[n.Typename] = n
		}
		tapem := api.Token("bagian.tapem")
		var me struct{ Me struct{ ID string } }
		api.OK(tapem, `{ me { id } }`, nil, &me)

		query := `query($id: ID!) { node(id: $id) { ...who } }` + nodeFields
		for _, tt := range []struct {
			name, id, code string
		}{
			{"its own user (me)", me.Me.ID, ""},
			{"a unit above it", x.unit("SETDA"), ""},
			{"its agency's plan", byType["Plan"].ID, ""},
			{"a goal of that plan", byType["Goal"].ID, ""},
			{"a sub-activity of that plan", byType["SubActivity"].ID, ""},
			{"another user (users is for an ADMIN)", byType["User"].ID, "FORBIDDEN"},
			{"a unit of another branch", x.unit("BAG-UMUM"), "FORBIDDEN"},
			{"an indicator owned elsewhere", x.ind("IKU-01"), "FORBIDDEN"},
			{"a realisation of an indicator owned elsewhere", byType["Realisation"].ID, "FORBIDDEN"},
			{"a budget line of another unit's sub-activity", byType["BudgetLine"].ID, "FORBIDDEN"},
			{"an indicator that does not exist", apitest.GID("Indicator", 999999), "NOT_FOUND"},
			{"a row number", "1", "BAD_USER_INPUT"},
			{"garbage", "not-an-id", "BAD_USER_INPUT"},
			{"an id of an unknown type", apitest.GID("Target", 1), "BAD_USER_INPUT"},
		} {
			if tt.code == "" {
				var got struct{ Node *nodeOut }
				api.OK(tapem, query, map[string]any{"id": tt.id}, &got)
				if got.Node == nil || got.Node.ID != tt.id {
					t.Errorf("%s: node = %+v, want it", tt.name, got.Node)
				}
				continue
			}
			resp := api.Do(tapem, query, map[string]any{"id": tt.id})
			if len(resp.Errors) != 1 || resp.Errors[0].Code() != tt.code || string(resp.Data) != `{"node":null}` {
				t.Errorf("%s: %s %+v, want null and %s", tt.name, resp.Data, resp.Errors, tt.code)
			}
		}

		// nodes: the readable ones in place, the others null with their
		// error at their index.
		ids := []string{me.Me.ID, x.ind("IKU-01"), x.unit("SETDA"), apitest.GID("Goal", 999999)}
		resp := api.Do(tapem, `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, map[string]any{"ids": ids})
		var got struct{ Nodes []*struct{ ID string } }
		apitest.Must(t, json.Unmarshal(resp.Data, &got))
		if len(got.Nodes) != 4 || got.Nodes[0] == nil || got.Nodes[0].ID != ids[0] || got.Nodes[1] != nil ||
			got.Nodes[2] == nil || got.Nodes[2].ID != ids[2] || got.Nodes[3] != nil {
			t.Errorf("nodes = %s, want me, null, SETDA, null", resp.Data)
		}
		codes := map[string]string{}
		for _, e := range resp.Errors {
			codes[fmt.Sprintf("%v", e.Path)] = e.Code()
		}
		if len(resp.Errors) != 2 || codes["[nodes 1]"] != "FORBIDDEN" || codes["[nodes 3]"] != "NOT_FOUND" {
			t.Errorf("nodes errors = %+v, want FORBIDDEN at nodes.1 and NOT_FOUND at nodes.3", resp.Errors)
		}

		many := make([]string, 101)
		for i := range many {
			many[i] = me.Me.ID
		}
		e := api.Fails(tapem, `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, map[string]any{"ids": many}, "BAD_USER_INPUT")
		if !strings.Contains(e.Message, "100") {
			t.Errorf("101 ids: %q, want the limit named", e.Message)
		}
	})
}

// TestNodesStatements: nodes reads each type's rows in one statement, so a
// hundred ids cost what a dozen do.
func TestNodesStatements(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		api := apitest.New(t, st)
		x := lookup(t, api)
		few := []string{}
		for _, n := range oneOfEach(t, api, x.admins) {
			few = append(few, n.ID)
		}
		query := `query($ids: [ID!]!) { nodes(ids: $ids) { id __typename } }`
		var out struct{ Nodes []*struct{ ID string } }
		// Both requests start alike: the caller cached, the org units not
		// (a background refresh between them read one statement more).
		warmCaller(t, api, x.admins)
		api.OK(x.admins, query, map[string]any{"ids": few}, &out)
		small := api.Statements()

		many := slices.Clone(few)
		for _, id := range x.inds {
			many = append(many, id)
		}
		for _, id := range x.units {
			many = append(many, id)
		}
		for _, id := range x.subs {
			if len(many) < 100 {
				many = append(many, id)
			}
		}
		warmCaller(t, api, x.admins)
		api.OK(x.admins, query, map[string]any{"ids": many}, &out)
		if len(out.Nodes) != len(many) || slices.Contains(out.Nodes, nil) {
			t.Fatalf("nodes of %d ids gave %d, some null", len(many), len(out.Nodes))
		}
		t.Logf("nodes: %d statements for %d ids, %d for %d", small, len(few), api.Statements(), len(many))
		if n := api.Statements(); n != small || n > 20 {
			t.Errorf("nodes: %d statements for %d ids, %d for %d; want the same, at most 20", small, len(few), n, len(many))
		}
	})
}
