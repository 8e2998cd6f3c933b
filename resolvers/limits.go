package resolvers

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/parser"
)

// Limits of a request besides those of handler.go. Every document costs at
// most a cheap parse (MaxTokens, MaxAnonymousTokens) and a walk of its
// fields before gqlparser validates it (see checkDocument); every operation
// at most MaxComplexity fields as estimated before it runs (see
// complexity.go) and MaxNodes fields as resolved.
const (
	// MaxAnonymousTokens bounds the tokens of a document sent without a
	// valid token, which may only log in: a login takes a few dozen.
	MaxAnonymousTokens = 500
	// MaxSelections bounds the selections (fields, fragment spreads and
	// inline fragments) of a document, counting a fragment's wherever it is
	// spread.
	MaxSelections = 1000
	// MaxMergeWork bounds the pairwise comparisons of fields of the same
	// response name that validation makes, weighted by their subfields.
	MaxMergeWork = 10000
	// MaxFragments bounds the fragments a document defines.
	MaxFragments = 100
	// MaxDepth bounds how deep fields nest (introspection aside, which the
	// schema bounds).
	MaxDepth = 15
	// MaxNameLength bounds a name in a document: a field, alias, argument,
	// fragment, variable, type or enum value.
	MaxNameLength = 100
	// MaxUnknownNames bounds the names in a document that the schema does
	// not have: each costs a search for suggestions.
	MaxUnknownNames = 20
	// MaxNodes bounds the fields one operation resolves, each element of a
	// list counting its fields.
	MaxNodes = 50000
)

// limits is the handler extension that bounds the cost of a request: a
// document is checked (and, without a valid token, refused unless it logs
// in) before it is validated, an operation's complexity before it runs, and
// each field against the operation's budget while it runs.
type limits struct {
	schema *ast.Schema
	names  *schemaNames
	// docs is the server's cache of validated documents: a document found
	// there has passed checkDocument already.
	docs graphql.Cache[*ast.QueryDocument]
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationParameterMutator
	graphql.OperationContextMutator
	graphql.OperationInterceptor
	graphql.ResponseInterceptor
} = (*limits)(nil)

// A document refused by the limits is answered, as one that does not
// validate, with 422 Unprocessable Content.
func init() { errcode.RegisterErrorType(CodeBadUserInput, errcode.KindProtocol) }

// newLimits returns the limits of a server whose query cache is docs.
func newLimits(docs graphql.Cache[*ast.QueryDocument]) *limits {
	return &limits{docs: docs}
}

// ExtensionName implements graphql.HandlerExtension.
func (l *limits) ExtensionName() string { return "Limits" }

// Validate implements graphql.HandlerExtension.
func (l *limits) Validate(es graphql.ExecutableSchema) error {
	l.schema = es.Schema()
	l.names = namesOf(l.schema)
	return nil
}

// MutateOperationParameters checks a document before gqlgen validates it.
func (l *limits) MutateOperationParameters(ctx context.Context, p *graphql.RawParams) *gqlerror.Error {
	anon := anonymous(ctx)
	if doc, ok := l.docs.Get(ctx, p.Query); ok {
		if anon {
			return checkAnonymous(ctx, doc)
		}
		return nil
	}
	tokens := MaxTokens
	if anon {
		tokens = MaxAnonymousTokens
	}
	doc, err := parser.ParseQueryWithTokenLimit(&ast.Source{Input: p.Query}, tokens)
	if err != nil {
		if anon && strings.Contains(err.Error(), "exceeded token limit") {
			return unauthenticated(ctx)
		}
		return nil // gqlgen parses it again and says what is wrong
	}
	if anon {
		if err := checkAnonymous(ctx, doc); err != nil {
			return err
		}
	}
	return checkDocument(l.names, doc)
}

// MutateOperationContext refuses an operation whose complexity passes
// MaxComplexity, and makes every field with a resolver spend a field of the
// operation's budget before it runs (see spendingFields).
func (l *limits) MutateOperationContext(_ context.Context, opCtx *graphql.OperationContext) *gqlerror.Error {
	if opCtx.Operation == nil {
		return nil
	}
	if n := complexity(l.schema, opCtx.Operation, opCtx.Variables, MaxComplexity); n > MaxComplexity {
		return limitError(CodeBadUserInput, "COMPLEXITY_LIMIT_EXCEEDED", fmt.Sprintf(
			"the answer to this query may hold more than %d fields (a list counts its fields once per element, up to its page size or its usual length): ask for fewer levels or smaller pages",
			MaxComplexity))
	}
	opCtx.ResolverMiddleware = spendingFields(opCtx.ResolverMiddleware)
	return nil
}

// spendingFields returns the field middleware next preceded by the spending
// of a field of the operation's budget. It takes the place of a
// FieldInterceptor, for which gqlgen's executor makes a closure on every
// field of every answer; this one is made once per operation. The leaves
// marshalled in line spend theirs through internal/gqlx (see withBudget).
func spendingFields(next graphql.FieldMiddleware) graphql.FieldMiddleware {
	return func(ctx context.Context, resolve graphql.Resolver) (any, error) {
		if err := spend(ctx); err != nil {
			return nil, err
		}
		return next(ctx, resolve)
	}
}

// InterceptOperation gives an operation its budget, and the state of the
// executor's shortcuts (see internal/gqlx).
func (l *limits) InterceptOperation(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	return next(withBudget(ctx))
}

// InterceptResponse keeps one error per limit, and the schema's names from
// callers without a valid token.
func (l *limits) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	resp := next(ctx)
	collapseLimitErrors(resp)
	hideSuggestions(ctx, resp)
	return resp
}

// readBody reads the body of req whole, refusing one over MaxBodyBytes with
// 413, and reports whether the request may go on.
func readBody(w http.ResponseWriter, req *http.Request) bool {
	if req.Body == nil || req.Body == http.NoBody {
		return true
	}
	limit := int64(MaxBodyBytes)
	if isMultipart(req) {
		limit = MaxUploadBytes + MaxBodyBytes
	}
	tooLarge := limitError(CodeBadUserInput, "BODY_TOO_LARGE",
		fmt.Sprintf("the request body is larger than the limit of %d bytes (%d MiB)", limit, limit>>20))
	if req.ContentLength > limit {
		writeErrors(w, http.StatusRequestEntityTooLarge, tooLarge)
		return false
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, req.Body, limit))
	var maxErr *http.MaxBytesError
	switch {
	case errors.As(err, &maxErr):
		writeErrors(w, http.StatusRequestEntityTooLarge, tooLarge)
		return false
	case err != nil:
		writeErrors(w, http.StatusBadRequest, limitError(CodeBadUserInput, "BODY_UNREADABLE", "the request body could not be read"))
		return false
	}
	req.Body = io.NopCloser(bytes.NewReader(body))
	return true
}

// writeErrors writes a GraphQL response of errors alone.
func writeErrors(w http.ResponseWriter, status int, errs ...*gqlerror.Error) {
	b, _ := json.Marshal(&graphql.Response{Errors: errs})
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}
