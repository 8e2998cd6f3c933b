package resolvers_test

import (
	"testing"

	"github.com/kinerja/kinerja/internal/apitest"
)

// ids looks up ids through the API, as the admin.
type ids struct {
	t      *testing.T
	api    *apitest.API
	units  map[string]string
	inds   map[string]string
	subs   map[string]string
	admins string
}

func lookup(t *testing.T, api *apitest.API) *ids {
	t.Helper()
	x := &ids{t: t, api: api, units: map[string]string{}, inds: map[string]string{}, subs: map[string]string{}, admins: api.Token("admin")}
	var out struct {
		OrgUnits struct {
			Edges []struct{ Node struct{ ID, Code string } }
		}
		Indicators struct {
			Edges []struct{ Node struct{ ID, Code string } }
		}
		Plans []struct {
			Programs []struct {
				Activities []struct {
					SubActivities []struct{ ID, Code string }
				}
			}
		}
	}
	api.OK(x.admins, `{
		orgUnits(first: 100) { edges { node { id code } } }
		indicators(first: 100) { edges { node { id code } } }
		plans { programs { activities { subActivities { id code } } } }
	}`, nil, &out)
	for _, e := range out.OrgUnits.Edges {
		x.units[e.Node.Code] = e.Node.ID
	}
	for _, e := range out.Indicators.Edges {
		x.inds[e.Node.Code] = e.Node.ID
	}
	for _, p := range out.Plans {
		for _, pr := range p.Programs {
			for _, a := range pr.Activities {
				for _, s := range a.SubActivities {
					x.subs[s.Code] = s.ID
				}
			}
		}
	}
	return x
}

func (x *ids) unit(code string) string { return x.must(x.units, code) }
func (x *ids) ind(code string) string  { return x.must(x.inds, code) }
func (x *ids) sub(code string) string  { return x.must(x.subs, code) }

func (x *ids) must(m map[string]string, code string) string {
	x.t.Helper()
	id, ok := m[code]
	if !ok {
		x.t.Fatalf("no id for %q", code)
	}
	return id
}
