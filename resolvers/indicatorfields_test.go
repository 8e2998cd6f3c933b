package resolvers_test

import (
	"encoding/json"
	"net/http"
	"runtime/metrics"
	"testing"

	"github.com/kinerja/kinerja/internal/apitest"
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
	for _, d := range testdb.Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			st := testdb.New(t, d)
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
}
