package resolvers

import (
	"context"
	"encoding/json"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/models"
)

// prefetchIndicators loads, before the fields of a page's nodes run, what
// the selected owner, target, realisations and achievement fields of
// Query.indicators read: the owners, the targets and the realisations of
// the years asked for, each in the one statement its loader would run for
// the first field anyway; the targets and the realisations of a year in one
// statement when both are shown (the achievement reads both). The fields,
// which run in line (indicatorfields.go), then find their rows ready: one
// statement per kind for the whole page.
// Errors are left to the fields, which read again and report them.
func prefetchIndicators(ctx context.Context, l *Loaders, nodes []*models.Indicator) {
	if len(nodes) == 0 {
		return
	}
	oc := graphql.GetOperationContext(ctx)
	fc := graphql.GetFieldContext(ctx)
	if oc == nil || fc == nil {
		return
	}
	first := nodes[0]
	fields := selected(oc, fc.Field.Selections, "IndicatorConnection", "edges", "IndicatorEdge", "node", "Indicator")
	// The years whose targets are shown: with their realisations, both are
	// read in one statement (PrefetchMeasures).
	targetYears := map[int]bool{}
	for _, f := range fields {
		if f.Name == "target" || f.Name == "achievement" {
			if year, ok := yearArg(f.ArgumentMap(oc.Variables)); ok {
				targetYears[year] = true
			}
		}
	}
	for _, f := range fields {
		if f.Name == "realisations" || f.Name == "achievement" {
			args := f.ArgumentMap(oc.Variables)
			if year, ok := yearArg(args); ok && targetYears[year] {
				approved, _ := args["approvedOnly"].(bool)
				l.PrefetchMeasures(ctx, first.ID, year, approved)
			}
		}
	}
	for _, f := range fields {
		args := f.ArgumentMap(oc.Variables)
		switch f.Name {
		case "owner":
			_, _ = l.OrgUnit(ctx, first.OwnerID)
		case "target":
			if year, ok := yearArg(args); ok {
				_, _ = l.Targets(ctx, first.ID, year)
			}
		case "realisations", "achievement":
			year, ok := yearArg(args)
			if !ok {
				continue
			}
			approved, _ := args["approvedOnly"].(bool)
			_, _ = l.Realisations(ctx, first.ID, year, approved)
			if f.Name == "achievement" {
				_, _ = l.Targets(ctx, first.ID, year)
				if anyNegative(nodes) {
					_, _ = l.OrgUnit(ctx, first.OwnerID) // the formula of a negative one
				}
			}
		}
	}
}

// selected returns the fields selected in sel down path: a type, then a
// field of it and its type, and so on; the fields of the last type.
func selected(oc *graphql.OperationContext, sel ast.SelectionSet, path ...string) []graphql.CollectedField {
	for len(path) > 1 {
		var next ast.SelectionSet
		for _, f := range graphql.CollectFields(oc, sel, path[:1]) {
			if f.Name == path[1] {
				next = append(next, f.Selections...)
			}
		}
		sel, path = next, path[2:]
	}
	return graphql.CollectFields(oc, sel, path)
}

func anyNegative(nodes []*models.Indicator) bool {
	for _, n := range nodes {
		if n.Polarity == domain.Negative {
			return true
		}
	}
	return false
}

// yearArg returns the year argument of a field when it is a plausible year.
func yearArg(args map[string]any) (int, bool) {
	var year int64
	switch v := args["year"].(type) {
	case int:
		year = int64(v)
	case int64:
		year = v
	case json.Number:
		n, err := v.Int64()
		if err != nil {
			return 0, false
		}
		year = n
	default:
		return 0, false
	}
	if checkYear(int(year)) != nil {
		return 0, false
	}
	return int(year), true
}
