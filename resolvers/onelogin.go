package resolvers

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// oneLogin refuses a mutation that selects login more than once (under
// aliases, or through fragments) before anything runs: each login checks a
// password, and a document of many would be many guesses in one request.
type oneLogin struct{}

var (
	_ graphql.HandlerExtension        = oneLogin{}
	_ graphql.OperationContextMutator = oneLogin{}
)

// ExtensionName implements graphql.HandlerExtension.
func (oneLogin) ExtensionName() string { return "OneLogin" }

// Validate implements graphql.HandlerExtension.
func (oneLogin) Validate(graphql.ExecutableSchema) error { return nil }

// MutateOperationContext implements graphql.OperationContextMutator: it
// runs after validation and before execution.
func (oneLogin) MutateOperationContext(_ context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if oc.Operation == nil || oc.Operation.Operation != ast.Mutation {
		return nil
	}
	if n := countFields(oc.Operation.SelectionSet, "login"); n > 1 {
		return &gqlerror.Error{
			Message:    "a request may log in only once: send one login per request",
			Extensions: map[string]any{"code": CodeBadUserInput},
		}
	}
	return nil
}

// countFields counts the fields called name in set, looking into its
// fragments but not into the fields' own selections. Validation has refused
// fragment cycles already.
func countFields(set ast.SelectionSet, name string) int {
	n := 0
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			if s.Name == name {
				n++
			}
		case *ast.InlineFragment:
			n += countFields(s.SelectionSet, name)
		case *ast.FragmentSpread:
			if s.Definition != nil {
				n += countFields(s.Definition.SelectionSet, name)
			}
		}
	}
	return n
}
