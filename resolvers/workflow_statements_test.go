package resolvers_test

import (
	"testing"

	"github.com/kinerja/kinerja/internal/apitest"
	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/internal/testdb"
)

// TestWorkflowStatements: the may* flags of a page of realisations are read
// for the whole page at once (the request's loaders batch them), so the
// number of SQL statements depends on the shape of the query, not on the
// number of realisations: for a page of indicators with their realisations
// and flags, and for the approver's queue with its indicators and
// submitters.
func TestWorkflowStatements(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		f := newFlow(t, apitest.New(t, st))
		api, x := f.api, f.x
		const page = `query($u: ID!, $n: Int!) { indicators(first: $n, filter: {orgUnitId: $u}) { edges { node { code
			realisations(year: 2023) { status version mayEdit maySubmit mayApprove mayReject mayUnapprove } } } } }`
		var counts []int64
		for _, n := range []int{5, 40} {
			var out struct {
				Indicators struct {
					Edges []struct {
						Node struct {
							Realisations []wfRealisation
						}
					}
				}
			}
			tok := api.Token("sekda")
			warmCaller(t, api, tok)
			api.OK(tok, page, map[string]any{"u": x.unit("SETDA"), "n": n}, &out)
			counts = append(counts, api.Statements())
			reals := 0
			for _, e := range out.Indicators.Edges {
				for _, r := range e.Node.Realisations {
					reals++
					if r.flags() != "ES---" {
						t.Errorf("a 2023 draft for sekda: %s, want ES---", r.flags())
					}
				}
			}
			if len(out.Indicators.Edges) != n || reals < n*3/4 {
				t.Fatalf("page of %d: %d indicators, %d realisations", n, len(out.Indicators.Edges), reals)
			}
		}
		// 1 unit, 1 page, 1 realisations, 4 for the flags
		// (storage.RealisationPermissions); the caller is cached.
		if counts[0] != 7 || counts[1] != 7 {
			t.Errorf("a page of 5 and of 40 indicators with their realisations' flags: %v statements, want 7 each", counts)
		}

		const queue = `{ pendingApprovals(first: 100) { totalCount edges { node { indicator { code } submittedBy { username } mayApprove mayReject } } } }`
		counts = counts[:0]
		for i, unit := range []string{"BAG-ORGANISASI", "BAG-RENKEU"} {
			var sub struct{ SubmitPeriod wfUnit }
			api.OK(api.Token(operatorOf(unit)), `mutation($u: ID!) { submitPeriod(orgUnitId: $u, year: 2023, period: YEAR) { ownCounts { submitted } } }`,
				map[string]any{"u": x.unit(unit)}, &sub)
			var out struct {
				PendingApprovals struct {
					TotalCount int
					Edges      []struct {
						Node struct {
							Indicator   struct{ Code string }
							SubmittedBy struct{ Username string }
							MayApprove  bool
							MayReject   bool
						}
					}
				}
			}
			tok := api.Token("asisten.adum")
			warmCaller(t, api, tok)
			api.OK(tok, queue, nil, &out)
			counts = append(counts, api.Statements())
			for _, e := range out.PendingApprovals.Edges {
				if n := e.Node; n.Indicator.Code == "" || n.SubmittedBy.Username == "" || !n.MayApprove || !n.MayReject {
					t.Errorf("pending: %+v, want its indicator, submitter, to approve or reject", n)
				}
			}
			if want := []int{2, 2 + 34}[i]; out.PendingApprovals.TotalCount != want || len(out.PendingApprovals.Edges) != want {
				t.Errorf("after %s submitted: %d pending (totalCount %d), want %d", unit, len(out.PendingApprovals.Edges), out.PendingApprovals.TotalCount, want)
			}
		}
		// 1 the units approved, 1 page with its count, 1 indicators, 1
		// users, 4 for the flags; the caller is cached.
		if counts[0] != 8 || counts[1] != 8 {
			t.Errorf("the queue of 2 and of 36: %v statements, want 8 each", counts)
		}
	})
}
