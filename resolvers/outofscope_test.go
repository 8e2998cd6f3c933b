package resolvers_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"testing"

	"github.com/kinerja/kinerja/graph"
	"github.com/kinerja/kinerja/internal/apitest"
	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/internal/testdb"
)

// The fields of an org unit by what a caller may see of a unit outside its
// subtree (README, "Units outside your scope"): every field of OrgUnit is in
// exactly one list.
var (
	// unitIdentity: always served.
	unitIdentity = []string{"id", "code", "name", "kind"}
	// unitNavigation: served, listing only units the caller may see.
	unitNavigation = map[string]string{
		"parent":    "parent { code }",
		"children":  "children { code }",
		"ancestors": "ancestors { code }",
	}
	// unitData: refused with FORBIDDEN.
	unitData = map[string]string{
		"negativeFormula": "negativeFormula",
		"capaianCap":      "capaianCap",
		"indicators":      "indicators { id }",
		"achievement":     "achievement(year: 2023) { withCapaian }",
		"budget":          "budget(year: 2023) { pagu }",
	}
)

// TestOrgUnitFieldsClassified: a field added to OrgUnit must be placed in
// one of the lists above before TestUnitsOutsideScope passes.
func TestOrgUnitFieldsClassified(t *testing.T) {
	def := graph.NewExecutableSchema(graph.Config{}).Schema().Types["OrgUnit"]
	for _, f := range def.Fields {
		_, nav := unitNavigation[f.Name]
		_, data := unitData[f.Name]
		if n := btoi(slices.Contains(unitIdentity, f.Name)) + btoi(nav) + btoi(data); n != 1 {
			t.Errorf("OrgUnit.%s is in %d of the lists identity, navigation, data; want exactly one", f.Name, n)
		}
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// TestUnitsOutsideScope: whichever path hands an operator a unit outside
// its subtree (the unit of an activity or a sub-activity, the agency of a
// plan, a unit above its own), the unit shows its identity, navigates only
// to units the operator may see, and refuses its data.
func TestUnitsOutsideScope(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		api := apitest.New(t, st)
		x := lookup(t, api)
		tapem := api.Token("bagian.tapem")
		// What bagian.tapem may see: its Bagian and the units above it.
		visible := []string{"KUKAR", "SETDA", "ASISTEN-PEMKESRA", "BAG-TAPEM"}

		var plan struct {
			Plans []struct {
				ID       string
				Programs []struct{ ID, Code string }
			}
		}
		api.OK(tapem, `{ plans { id programs { id code } } }`, nil, &plan)
		program := ""
		for _, p := range plan.Plans[0].Programs {
			if p.Code == "01" { // carried out by the Bagian of ASISTEN-ADUM
				program = p.ID
			}
		}
		paths := []struct {
			name  string
			query string // with %s where the unit's fields go
			vars  map[string]any
			want  string // the code of (one of) the units it reaches
		}{
			{"Activity.orgUnit", `query($id: ID!) { program(id: $id) { activities { orgUnit { %s } } } }`, map[string]any{"id": program}, "BAG-RENKEU"},
			{"SubActivity.orgUnit", `query($id: ID!) { program(id: $id) { activities { subActivities { orgUnit { %s } } } } }`, map[string]any{"id": program}, "SUBBAG-PROTOKOL"},
			{"Plan.orgUnit", `query($id: ID!) { plan(id: $id) { orgUnit { %s } } }`, map[string]any{"id": plan.Plans[0].ID}, "SETDA"},
			{"orgUnit above", `query($id: ID!) { orgUnit(id: $id) { %s } }`, map[string]any{"id": x.unit("ASISTEN-PEMKESRA")}, "ASISTEN-PEMKESRA"},
			{"OrgUnit.parent", `{ me { orgUnit { parent { %s } } } }`, nil, "ASISTEN-PEMKESRA"},
			{"OrgUnit.ancestors", `{ me { orgUnit { ancestors { %s } } } }`, nil, "KUKAR"},
		}
		identity := "id code name kind"
		for _, p := range paths {
			resp := api.Do(tapem, fmt.Sprintf(p.query, identity), p.vars)
			if len(resp.Errors) > 0 || !slices.Contains(codesIn(t, resp.Data), p.want) {
				t.Errorf("%s: identity: %s %+v, want %s", p.name, resp.Data, resp.Errors, p.want)
			}
			for field, sel := range unitNavigation {
				resp := api.Do(tapem, fmt.Sprintf(p.query, sel), p.vars)
				if len(resp.Errors) > 0 {
					t.Errorf("%s: %s: %+v, want served", p.name, field, resp.Errors)
				}
				for _, code := range codesIn(t, resp.Data) {
					if !slices.Contains(visible, code) {
						t.Errorf("%s: %s leads to %s, which bagian.tapem may not see", p.name, field, code)
					}
				}
			}
			for field, sel := range unitData {
				resp := api.Do(tapem, fmt.Sprintf(p.query, "code "+sel), p.vars)
				if len(resp.Errors) == 0 || resp.Errors[0].Code() != "FORBIDDEN" {
					t.Errorf("%s: %s: %s %+v, want FORBIDDEN", p.name, field, resp.Data, resp.Errors)
				}
			}
		}

		// Within its subtree, the same fields answer.
		for field, sel := range unitData {
			if resp := api.Do(tapem, `{ me { orgUnit { `+sel+` } } }`, nil); len(resp.Errors) > 0 {
				t.Errorf("own unit: %s: %+v", field, resp.Errors)
			}
		}
	})
}

// codesIn returns every "code" of a response's data.
func codesIn(t *testing.T, data json.RawMessage) []string {
	t.Helper()
	var v any
	apitest.Must(t, json.Unmarshal(data, &v))
	var codes []string
	var walk func(any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				if s, ok := e.(string); ok && k == "code" {
					codes = append(codes, s)
				}
				walk(e)
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	walk(v)
	return codes
}
