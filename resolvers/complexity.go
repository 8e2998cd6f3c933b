package resolvers

import (
	"encoding/json"
	"strings"

	"github.com/vektah/gqlparser/v2/ast"
)

// The complexity of a query is the number of fields its answer may hold:
// each field counts one, and the fields below a list count once per element
// the list may have. A paginated list (the edges of a connection) may have
// its page size, `first` capped at MaxPageSize (DefaultPageSize when
// omitted); a list without a page size may have the bound listBounds gives
// it, DefaultListBound when it gives none. Introspection is counted exactly
// against the schema. A query whose complexity passes MaxComplexity is
// refused before anything runs; MaxNodes bounds what a query actually
// resolves, for lists longer than their bound.

// DefaultListBound is the size assumed for a list that takes no page size
// and has no entry in listBounds.
const DefaultListBound = 20

// listBounds are the sizes assumed for lists without a page size, by
// "Type.field": what one parent typically holds in a regional government
// (a Pemda has a few dozen agencies and their plans, of which a caller
// mostly reads its own; a plan has one or two dozen programs, a program a
// dozen activities, an activity a few sub-activities). They are estimates
// that keep the tree of a plan within MaxComplexity and refuse a query
// that goes round the same lists; MaxNodes catches longer lists.
var listBounds = map[string]int{
	"Query.plans": 4, // a caller reads its agency's plans (a Renstra, maybe the next)

	"OrgUnit.children":   20,
	"OrgUnit.ancestors":  6,
	"OrgUnit.indicators": 20,

	"Plan.missions":          5,
	"Plan.goals":             10,
	"Plan.programs":          20,
	"Mission.goals":          5,
	"Goal.sasaran":           10,
	"Goal.indicators":        10,
	"Sasaran.indicators":     10,
	"Sasaran.programs":       10,
	"Program.sasaran":        5,
	"Program.activities":     15,
	"Program.indicators":     10,
	"Activity.subActivities": 10,
	"Activity.indicators":    10,
	"SubActivity.indicators": 10,

	"Indicator.targets":             8, // the years of a plan
	"Indicator.realisations":        5, // four quarters and the year
	"Indicator.history":             8,
	"AchievementSummary.byCategory": 5,
	"StatsGroup.byCategory":         5,
	"AchievementStats.groupBy":      6,

	"Budget.programs":              20,
	"BudgetProgram.activities":     15,
	"BudgetActivity.subActivities": 10,
}

// complexity returns the complexity of an operation of a validated
// document, or a number above limit once it passes limit.
func complexity(schema *ast.Schema, op *ast.OperationDefinition, vars map[string]any, limit int) int {
	w := &costWalker{schema: schema, vars: vars, limit: limit}
	return w.set(op.SelectionSet, DefaultPageSize)
}

// costWalker computes complexity.
type costWalker struct {
	schema *ast.Schema
	vars   map[string]any
	limit  int
}

// set returns the complexity of a selection set whose nearest connection
// has page size page.
func (w *costWalker) set(set ast.SelectionSet, page int) int {
	n := 0
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			n += w.field(s, page)
		case *ast.InlineFragment:
			n += w.set(s.SelectionSet, page)
		case *ast.FragmentSpread:
			if s.Definition != nil {
				n += w.set(s.Definition.SelectionSet, page)
			}
		}
		if n > w.limit {
			return w.limit + 1
		}
	}
	return n
}

// field returns the complexity of a field.
func (w *costWalker) field(f *ast.Field, page int) int {
	if len(f.SelectionSet) == 0 || f.Definition == nil {
		return 1
	}
	if f.Name == "__schema" || f.Name == "__type" {
		return introspectionCost(w.schema, f, w.vars, w.limit)
	}
	if p, ok := w.pageSize(f); ok {
		page = p
	}
	children := w.set(f.SelectionSet, page)
	if f.Definition.Type.Elem == nil {
		return 1 + children
	}
	return 1 + w.bound(f, page)*children
}

// bound returns the size assumed for the list field f.
func (w *costWalker) bound(f *ast.Field, page int) int {
	parent := ""
	if f.ObjectDefinition != nil {
		parent = f.ObjectDefinition.Name
	}
	if f.Name == "edges" && strings.HasSuffix(parent, "Connection") {
		return page
	}
	if b, ok := listBounds[parent+"."+f.Name]; ok {
		return b
	}
	return DefaultListBound
}

// pageSize returns the page size a field with a `first` (or `last`)
// argument asks for, capped as the connection caps it.
func (w *costWalker) pageSize(f *ast.Field) (int, bool) {
	a := f.Arguments.ForName("first")
	if a == nil {
		a = f.Arguments.ForName("last")
	}
	if a == nil {
		if f.Definition.Arguments.ForName("first") != nil {
			return DefaultPageSize, true
		}
		return 0, false
	}
	v, err := a.Value.Value(w.vars)
	if err != nil || v == nil {
		return DefaultPageSize, true
	}
	var n int64
	switch x := v.(type) {
	case int64:
		n = x
	case int:
		n = int64(x)
	case float64:
		n = int64(x)
	case json.Number:
		if n, err = x.Int64(); err != nil {
			return DefaultPageSize, true
		}
	default:
		return DefaultPageSize, true
	}
	return int(min(max(n, 0), MaxPageSize)), true
}
