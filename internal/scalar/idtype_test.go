package scalar_test

import (
	"testing"

	"github.com/vektah/gqlparser/v2/ast"

	"github.com/kinerja/kinerja/graph"
	"github.com/kinerja/kinerja/internal/scalar"
)

// TestEveryIDArgumentHasItsTypes walks the schema: every ID argument and
// input field must name the types it takes, so that a new one cannot be
// added without its rule.
func TestEveryIDArgumentHasItsTypes(t *testing.T) {
	s := graph.NewExecutableSchema(graph.Config{}).Schema()
	n := 0
	for _, def := range s.Types {
		if def.BuiltIn {
			continue
		}
		for _, f := range def.Fields {
			for _, a := range f.Arguments {
				if a.Type.Name() == "ID" {
					n++
					if _, known := scalar.ExpectedIDTypes(f.Name, a.Name); !known {
						t.Errorf("%s.%s(%s: ID): no rule for the types it takes (scalar.ExpectedIDTypes)", def.Name, f.Name, a.Name)
					}
				}
			}
			if def.Kind == ast.InputObject && f.Type.Name() == "ID" {
				n++
				if _, known := scalar.ExpectedIDTypes("", f.Name); !known {
					t.Errorf("input %s.%s: ID: no rule for the types it takes (scalar.ExpectedIDTypes)", def.Name, f.Name)
				}
			}
		}
	}
	if n < 30 {
		t.Errorf("found %d ID arguments and input fields, want the schema's (over 30)", n)
	}
}

func TestExpectedIDTypes(t *testing.T) {
	for _, tt := range []struct {
		field, name string
		want        []string
	}{
		{"deleteUser", "id", []string{"User"}},
		{"updateOrgUnit", "id", []string{"OrgUnit"}},
		{"updateSubActivity", "id", []string{"SubActivity"}},
		{"indicator", "id", []string{"Indicator"}},
		{"node", "id", nil},
		{"nodes", "ids", nil},
		{"createGoal", "planId", []string{"Plan"}},
		{"", "sasaranIds", []string{"Sasaran"}},
		{"", "ownerId", []string{"OrgUnit"}},
		{"openPeriod", "agencyId", []string{"OrgUnit"}},
		{"approveRealisation", "id", []string{"Realisation"}},
		{"unapproveRealisation", "id", []string{"Realisation"}},
		{"auditLog", "userId", []string{"User"}},
		{"", "elementId", []string{"Goal", "Sasaran", "Program", "Activity", "SubActivity"}},
		{"deletePlanElement", "id", []string{"Plan", "Mission", "Goal", "Sasaran", "Program", "Activity", "SubActivity"}},
	} {
		got, known := scalar.ExpectedIDTypes(tt.field, tt.name)
		if !known || len(got) != len(tt.want) {
			t.Errorf("%s(%s): %v %v, want %v", tt.field, tt.name, got, known, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("%s(%s): %v, want %v", tt.field, tt.name, got, tt.want)
			}
		}
	}
}
