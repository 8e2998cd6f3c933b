package resolvers

import (
	"context"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/kinerja/kinerja/auth"
)

// anonymousFields are the root fields a request without a valid token may
// ask for: how to get one. Anything else, introspection included, is
// refused with UNAUTHENTICATED before the document is validated.
var anonymousFields = map[string]bool{
	"login":        true,
	"refreshToken": true,
	"__typename":   true,
}

// anonymous reports whether the request of ctx has no valid token.
func anonymous(ctx context.Context) bool {
	_, err := auth.Require(ctx)
	return err != nil
}

// checkAnonymous refuses a document of a request without a valid token
// unless each of its operations asks only for anonymousFields.
func checkAnonymous(ctx context.Context, doc *ast.QueryDocument) *gqlerror.Error {
	for _, op := range doc.Operations {
		for _, sel := range op.SelectionSet {
			if f, ok := sel.(*ast.Field); !ok || !anonymousFields[f.Name] {
				return unauthenticated(ctx)
			}
		}
	}
	return nil
}

// unauthenticated is the UNAUTHENTICATED error of the request of ctx: why
// its token was refused, or that it has none.
func unauthenticated(ctx context.Context) *gqlerror.Error {
	_, err := auth.Require(ctx)
	msg := "authentication required"
	if err != nil {
		msg = err.Error()
	}
	return &gqlerror.Error{Message: msg, Extensions: map[string]any{"code": CodeUnauthenticated}}
}

// hideSuggestions removes gqlparser's suggestions ("Did you mean …?") from
// the errors of a response to a request without a valid token: the names of
// the schema are for callers with one.
func hideSuggestions(ctx context.Context, resp *graphql.Response) {
	if resp == nil || len(resp.Errors) == 0 || !anonymous(ctx) {
		return
	}
	for _, e := range resp.Errors {
		if i := strings.Index(e.Message, " Did you mean"); i >= 0 {
			e.Message = e.Message[:i]
		}
	}
}
