package scalar

import (
	"context"
	"fmt"
	"strings"

	"github.com/99designs/gqlgen/graphql"

	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/models"
)

// planElementTypes are the types deletePlanElement and an indicator's
// elementId may name.
var planElementTypes = []string{models.TypePlan, models.TypeMission, models.TypeGoal, models.TypeSasaran, models.TypeProgram, models.TypeActivity, models.TypeSubActivity}

// idVerbs are the verbs a mutation's name starts with before the type whose
// id its `id` argument takes (updateOrgUnit: OrgUnit).
var idVerbs = []string{"create", "update", "delete", "move", "set", "record", "submit", "approve", "reject", "unapprove"}

// ExpectedIDTypes returns the types whose ids the ID argument or input field
// name of field may take: nil for any type (node, nodes). known is false when
// the rules below do not cover the name; the schema test makes sure every
// ID argument and input field is covered.
func ExpectedIDTypes(field, name string) (types []string, known bool) {
	switch {
	case field == "node" || field == "nodes":
		return nil, true
	case name == "id" && field == "deletePlanElement", name == "elementId":
		if name == "elementId" {
			return planElementTypes[2:], true
		}
		return planElementTypes, true
	case name == "id":
		t := field
		for _, v := range idVerbs {
			if rest, ok := strings.CutPrefix(t, v); ok && rest != "" {
				t = rest
				break
			}
		}
		return nodeType(t)
	case name == "ownerId", name == "parentId", name == "orgUnitId", name == "agencyId":
		return []string{models.TypeOrgUnit}, true
	}
	if t, ok := strings.CutSuffix(name, "Ids"); ok {
		return nodeType(t)
	}
	if t, ok := strings.CutSuffix(name, "Id"); ok {
		return nodeType(t)
	}
	return nil, false
}

// nodeType returns the Node type named s, matched without regard to case.
func nodeType(s string) ([]string, bool) {
	if t := models.NodeType(s); t != "" {
		return []string{t}, true
	}
	return nil, false
}

// checkIDType refuses a global id of a type the argument or input field
// being read does not take, so that an id of one type can never name a row
// of another type's table.
func checkIDType(ctx context.Context, g models.GlobalID) error {
	fc := graphql.GetFieldContext(ctx)
	name := inputName(ctx)
	if fc == nil || name == "" {
		return nil
	}
	types, known := ExpectedIDTypes(fc.Field.Name, name)
	if !known || len(types) == 0 {
		return nil
	}
	if fc.Field.Name == "deletePlanElement" && graphql.HasOperationContext(ctx) {
		// The kind argument says which one.
		kind, _ := fc.Field.ArgumentMap(graphql.GetOperationContext(ctx).Variables)["kind"].(string)
		if t := models.KindType(kind); t != "" {
			types = []string{t}
		}
	}
	for _, t := range types {
		if g.Type == t {
			return nil
		}
	}
	e := domain.Invalid(name, fmt.Sprintf("this is the id of %s %s, where the id of %s is expected", article(g.Type), g.Type, orList(types)))
	return e
}

func article(t string) string {
	// "a User": the vowels that sound as vowels in the type names.
	if strings.ContainsRune("AEIO", rune(t[0])) {
		return "an"
	}
	return "a"
}

// orList writes types as "a Goal, a Sasaran or a Program".
func orList(types []string) string {
	parts := make([]string, len(types))
	for i, t := range types {
		parts[i] = article(t) + " " + t
	}
	if len(parts) == 1 {
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " or " + parts[len(parts)-1]
}
