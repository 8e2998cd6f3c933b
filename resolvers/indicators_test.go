package resolvers_test

import (
	"testing"

	"github.com/kinerja/kinerja/internal/apitest"
	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/internal/testdb"
)

type page struct {
	Indicators struct {
		TotalCount int
		Edges      []struct {
			Cursor string
			Node   struct{ Code string }
		}
		PageInfo struct {
			HasNextPage, HasPreviousPage bool
			EndCursor                    *string
		}
	}
}

const pageQuery = `query($f: IndicatorFilter, $first: Int, $after: String) {
  indicators(filter: $f, first: $first, after: $after) {
    totalCount edges { cursor node { code } } pageInfo { hasNextPage hasPreviousPage endCursor }
  }
}`

// TestIndicatorPages walks the connection page by page and checks the
// filters.
func TestIndicatorPages(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		api := apitest.New(t, st)
		x := lookup(t, api)
		tok := api.Token("bi")
		var codes []string
		var after any
		for pages := 0; ; pages++ {
			var p page
			api.OK(tok, pageQuery, map[string]any{"first": 15, "after": after}, &p)
			if p.Indicators.TotalCount != 40 {
				t.Fatalf("page %d: totalCount %d, want 40", pages, p.Indicators.TotalCount)
			}
			if p.Indicators.PageInfo.HasPreviousPage != (pages > 0) {
				t.Errorf("page %d: hasPreviousPage %v", pages, p.Indicators.PageInfo.HasPreviousPage)
			}
			for _, e := range p.Indicators.Edges {
				codes = append(codes, e.Node.Code)
			}
			if !p.Indicators.PageInfo.HasNextPage {
				break
			}
			after = *p.Indicators.PageInfo.EndCursor
		}
		if len(codes) != 40 || codes[0] != "IKT-01" || codes[1] != "IKU-01" || codes[39] != "IKP-12" {
			t.Errorf("walked %d indicators %v…, want 40 from IKT-01, IKU-01 to IKP-12", len(codes), codes[:3])
		}

		var p page
		api.OK(tok, pageQuery, map[string]any{"first": 500}, &p)
		if len(p.Indicators.Edges) != 40 {
			t.Errorf("first: 500 gave %d edges, want all 40 (capped at 100)", len(p.Indicators.Edges))
		}
		for _, tt := range []struct {
			name   string
			filter map[string]any
			want   int
			first  string
		}{
			{"level PROGRAM", map[string]any{"level": "PROGRAM"}, 12, "IKP-01"},
			{"sasaran S7", map[string]any{"sasaranId": sasaranID(t, api, "S7")}, 2, "IKU-14"},
			{"search lhkpn", map[string]any{"search": "lhkpn"}, 1, "IKU-14"},
			{"search by code", map[string]any{"search": "iku-2"}, 8, "IKU-20"},
			{"search with a wildcard", map[string]any{"search": "100%"}, 0, ""},
			{"owned in BAG-ORGANISASI", map[string]any{"orgUnitId": x.unit("BAG-ORGANISASI")}, 2, "IKU-14"},
			{"owned under ASISTEN-EKBANG", map[string]any{"orgUnitId": x.unit("ASISTEN-EKBANG")}, 2, "IKU-13"},
		} {
			var p page
			api.OK(tok, pageQuery, map[string]any{"f": tt.filter, "first": 100}, &p)
			if p.Indicators.TotalCount != tt.want || len(p.Indicators.Edges) != tt.want ||
				(tt.want > 0 && p.Indicators.Edges[0].Node.Code != tt.first) {
				t.Errorf("%s: %d (total %d), first %v; want %d from %s", tt.name, len(p.Indicators.Edges), p.Indicators.TotalCount, p.Indicators.Edges, tt.want, tt.first)
			}
		}
	})
}

func sasaranID(t *testing.T, api *apitest.API, code string) string {
	t.Helper()
	var out struct {
		Plans []struct {
			Goals []struct {
				Sasaran []struct{ ID, Code string }
			}
		}
	}
	api.OK(api.Token("admin"), `{ plans { goals { sasaran { id code } } } }`, nil, &out)
	for _, p := range out.Plans {
		for _, g := range p.Goals {
			for _, s := range g.Sasaran {
				if s.Code == code {
					return s.ID
				}
			}
		}
	}
	t.Fatalf("no sasaran %s", code)
	return ""
}
