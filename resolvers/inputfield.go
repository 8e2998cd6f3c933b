package resolvers

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
)

// argumentField names the argument or input field at fault in an error
// that gqlgen raised while reading the arguments of the current field (a
// scalar that refused its value): the last name of the error's path below
// the field's own path, "pagu" for [recordBudgetLine input pagu]. It
// returns "" for an error of the field's resolver, whose path is the
// field's.
func argumentField(ctx context.Context, path ast.Path) string {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil {
		return ""
	}
	own := fc.Path()
	if len(path) <= len(own) {
		return ""
	}
	for i, e := range own {
		if path[i] != e {
			return ""
		}
	}
	for i := len(path) - 1; i >= len(own); i-- {
		if name, ok := path[i].(ast.PathName); ok {
			return string(name)
		}
	}
	return ""
}
