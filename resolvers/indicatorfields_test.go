package resolvers_test

import (
	"encoding/json"
	"net/http"
	"runtime/metrics"
	"testing"

	"github.com/kinerja/kinerja/internal/apitest"
	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/internal/testdb"
)

// goroutinesCreated is how many goroutines the process has started so far.
func goroutinesCreated() uint64 {
	s := []metrics.Sample{{Name: "/sched/goroutines-created:goroutines"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// The owner, target, realisations and achievement of a dashboard's nodes
// resolve in line from the rows the page prefetched: no goroutine per field
// per node. What is left is gqlgen's goroutine per element of a list of
// objects (the edges, the realisations of a node when it has more than one)
// and a few for the root fields and the request.
func TestDashboardFieldsInLine(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		api := apitest.New(t, st)
		var units struct {
			OrgUnits struct {
				Edges []struct{ Node struct{ ID string } }
			}
		}
		tok := api.Token("sekda")
		api.OK(tok, `{ orgUnits(kind: AGENCY) { edges { node { id } } } }`, nil, &units)
		body := apitest.Body(t, dashboardQuery, map[string]any{"unit": units.OrgUnits.Edges[0].Node.ID, "year": 2023})
		api.Raw(tok, body) // warm the query cache

		before := goroutinesCreated()
		status, resp := api.Raw(tok, body)
		created := goroutinesCreated() - before
		if status != http.StatusOK {
			t.Fatalf("status %d: %.300s", status, resp)
		}
		var out struct {
			Data struct {
				Indicators struct {
					Edges []struct {
						Node struct {
							Owner        struct{ Code string }
							Target       *struct{ Value *float64 }
							Realisations []struct{ Period string }
							Achievement  *struct{ State string }
						}
					}
				}
			}
			Errors []json.RawMessage
		}
		apitest.Must(t, json.Unmarshal(resp, &out))
		if len(out.Errors) > 0 {
			t.Fatalf("errors: %s", out.Errors)
		}
		edges := out.Data.Indicators.Edges
		lists, owners, achievements := 0, 0, 0
		for _, e := range edges {
			if n := len(e.Node.Realisations); n > 1 {
				lists += n
			}
			if e.Node.Owner.Code != "" {
				owners++
			}
			if e.Node.Achievement != nil && e.Node.Achievement.State != "" {
				achievements++
			}
		}
		if len(edges) != 40 || owners != 40 || achievements != 40 {
			t.Fatalf("%d nodes, %d owners, %d achievements; want 40 of each", len(edges), owners, achievements)
		}
		// One goroutine per edge and per listed realisation, and room for
		// the root fields and the request; one per field per node (four
		// fields, 160 goroutines) would not fit.
		if limit := uint64(len(edges) + lists + 40); created > limit {
			t.Errorf("the dashboard started %d goroutines, want at most %d (%d edges, %d realisations in lists)",
				created, limit, len(edges), lists)
		}
		t.Logf("%d goroutines: %d edges, %d realisations in lists", created, len(edges), lists)
	})
}

// indicatorFieldsSelection is what TestIndicatorFieldsEveryPath asks of an
// indicator wherever it is reached.
const indicatorFieldsSelection = `id code
  owner { code }
  target(year: 2023) { value text }
  realisations(year: 2023) { id period value status }
  achievement(year: 2023) { capaian category state }`

// An indicator reached outside a page answers its owner, target,
// realisations and achievement as on the page, for a VIEWER too (approved
// values only), and a bad argument is still BAD_USER_INPUT.
func TestIndicatorFieldsEveryPath(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		api := apitest.New(t, st)
		for _, user := range []string{"sekda", "bi"} {
			tok := api.Token(user)
			var page struct {
				Indicators struct {
					Edges []struct{ Node json.RawMessage }
				}
			}
			api.OK(tok, `{ indicators(first: 100) { edges { node { `+indicatorFieldsSelection+` } } } }`, nil, &page)
			if len(page.Indicators.Edges) == 0 {
				t.Fatalf("%s: no indicators", user)
			}
			byID := map[string]string{}
			for _, e := range page.Indicators.Edges {
				var n struct{ ID string }
				apitest.Must(t, json.Unmarshal(e.Node, &n))
				byID[n.ID] = string(e.Node)
			}
			same := func(path string, nodes []json.RawMessage) {
				t.Helper()
				if len(nodes) == 0 {
					t.Fatalf("%s: %s: no indicators", user, path)
				}
				for _, raw := range nodes {
					var n struct{ ID string }
					apitest.Must(t, json.Unmarshal(raw, &n))
					if want, ok := byID[n.ID]; !ok || want != string(raw) {
						t.Errorf("%s: %s: %s\nwant as on the page: %s", user, path, raw, want)
					}
				}
			}

			var first struct {
				ID           string
				Realisations []struct{ ID string }
			}
			apitest.Must(t, json.Unmarshal(page.Indicators.Edges[0].Node, &first))
			var node struct{ Node json.RawMessage }
			api.OK(tok, `query($id: ID!) { node(id: $id) { ... on Indicator { `+indicatorFieldsSelection+` } } }`,
				map[string]any{"id": first.ID}, &node)
			same("node", []json.RawMessage{node.Node})

			var plan struct {
				Plans []struct {
					Goals []struct {
						Sasaran []struct{ Indicators []json.RawMessage }
					}
				}
			}
			api.OK(tok, `{ plans { goals { sasaran { indicators { `+indicatorFieldsSelection+` } } } } }`, nil, &plan)
			var viaSasaran []json.RawMessage
			for _, p := range plan.Plans {
				for _, g := range p.Goals {
					for _, s := range g.Sasaran {
						viaSasaran = append(viaSasaran, s.Indicators...)
					}
				}
			}
			same("sasaran.indicators", viaSasaran)

			var units struct {
				OrgUnits struct {
					Edges []struct {
						Node struct{ Indicators []json.RawMessage }
					}
				}
			}
			api.OK(tok, `{ orgUnits(first: 100) { edges { node { indicators { `+indicatorFieldsSelection+` } } } } }`, nil, &units)
			var viaUnits []json.RawMessage
			for _, e := range units.OrgUnits.Edges {
				viaUnits = append(viaUnits, e.Node.Indicators...)
			}
			same("orgUnit.indicators", viaUnits)

			if len(first.Realisations) > 0 {
				var real struct {
					Node struct{ Indicator json.RawMessage }
				}
				api.OK(tok, `query($id: ID!) { node(id: $id) { ... on Realisation { indicator { `+indicatorFieldsSelection+` } } } }`,
					map[string]any{"id": first.Realisations[0].ID}, &real)
				same("realisation.indicator", []json.RawMessage{real.Node.Indicator})
			}

			for _, field := range []string{"target(year: 1800) { value }", "realisations(year: 1800) { value }",
				"achievement(year: 1800) { capaian }", "achievement(year: 2023, quarter: 5) { capaian }"} {
				api.Fails(tok, `query($id: ID!) { node(id: $id) { ... on Indicator { `+field+` } } }`,
					map[string]any{"id": first.ID}, "BAD_USER_INPUT")
			}
		}
	})
}
