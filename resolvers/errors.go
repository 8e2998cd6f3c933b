package resolvers

import (
	"cmp"
	"context"
	"errors"
	"runtime/debug"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/kinerja/kinerja/auth"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/storage"
)

// The codes of extensions.code: every error the API returns carries one.
const (
	CodeUnauthenticated = "UNAUTHENTICATED"
	CodeForbidden       = "FORBIDDEN"
	CodeBadUserInput    = "BAD_USER_INPUT"
	CodeNotFound        = "NOT_FOUND"
	CodeConflict        = "CONFLICT"
	CodeInternal        = "INTERNAL"
	CodeRateLimited     = "RATE_LIMITED"
)

// ourCodes are the codes clients may rely on.
var ourCodes = map[string]bool{
	CodeUnauthenticated: true, CodeForbidden: true, CodeBadUserInput: true,
	CodeNotFound: true, CodeConflict: true, CodeInternal: true, CodeRateLimited: true,
	CodePersistedQueryNotFound: true,
}

// presentError is the one place that maps errors to GraphQL errors: the
// errors of auth, domain and storage to their codes and messages; anything
// else is logged with its detail and shown as "internal error".
func (r *Resolver) presentError(ctx context.Context, err error) *gqlerror.Error {
	gqlErr := graphql.DefaultErrorPresenter(ctx, err)
	if c, ok := gqlErr.Extensions["code"].(string); ok && ourCodes[c] {
		return gqlErr
	}
	var (
		authErr  *auth.Error
		inputErr *domain.InputError
		refusal  *domain.Refusal
		storeErr *storage.Error
		limited  *RateLimitedError
		code     string
		message  string
	)
	switch {
	case errors.As(err, &authErr) && errors.Is(authErr, auth.ErrUnauthenticated):
		code, message = CodeUnauthenticated, authErr.Message
	case errors.As(err, &authErr):
		code, message = CodeForbidden, authErr.Message
	case errors.As(err, &inputErr):
		code, message = CodeBadUserInput, inputErr.Error()
		if f := cmp.Or(inputErr.Field, argumentField(ctx, gqlErr.Path)); f != "" {
			gqlErr.Extensions = map[string]any{"field": f}
		}
	case errors.As(err, &refusal) && refusal.Forbidden:
		code, message = CodeForbidden, refusal.Message
	case errors.As(err, &refusal):
		code, message = CodeConflict, refusal.Message
	case errors.As(err, &storeErr) && errors.Is(storeErr, storage.ErrNotFound):
		code, message = CodeNotFound, storeErr.Message
	case errors.As(err, &storeErr):
		code, message = CodeConflict, storeErr.Message
	case errors.As(err, &limited):
		code, message = CodeRateLimited, limited.Message
		gqlErr.Extensions = map[string]any{"retryAfter": limited.seconds()}
		noteRetryAfter(ctx, limited.RetryAfter)
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		code, message = CodeInternal, "the request was cancelled or timed out"
	case isProtocol(err):
		// A query that does not parse or validate: gqlparser's message says
		// where and what.
		code, message = CodeBadUserInput, gqlErr.Message
		if c, ok := gqlErr.Extensions["code"].(string); ok && !ourCodes[c] {
			gqlErr.Extensions["reason"] = c
		}
	default:
		r.Log.ErrorContext(ctx, "resolver failed", "path", gqlErr.Path.String(), "err", err)
		code, message = CodeInternal, "internal error"
	}
	gqlErr.Message = message
	if gqlErr.Extensions == nil {
		gqlErr.Extensions = map[string]any{}
	}
	gqlErr.Extensions["code"] = code
	return gqlErr
}

// isProtocol reports whether err is an error of the GraphQL layer itself (a
// parse or validation failure), not of a resolver: a *gqlerror.Error that
// wraps nothing.
func isProtocol(err error) bool {
	var ge *gqlerror.Error
	return errors.As(err, &ge) && ge.Err == nil && ge.Message != ""
}

// recoverPanic turns a panic in a resolver into an INTERNAL error, logging
// what happened.
func (r *Resolver) recoverPanic(ctx context.Context, p any) error {
	r.Log.ErrorContext(ctx, "resolver panicked", "panic", p, "stack", string(debug.Stack()))
	return &gqlerror.Error{Message: "internal error", Extensions: map[string]any{"code": CodeInternal}}
}

// protocolCodes gives every error that did not pass the presenter (a query
// that does not parse or validate, a complexity limit) a code of ours:
// BAD_USER_INPUT, with gqlgen's own code kept as extensions.reason.
func protocolCodes(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	resp := next(ctx)
	if resp == nil {
		return resp
	}
	for _, e := range resp.Errors {
		c, _ := e.Extensions["code"].(string)
		if ourCodes[c] {
			continue
		}
		if e.Extensions == nil {
			e.Extensions = map[string]any{}
		}
		if c != "" {
			e.Extensions["reason"] = c
		}
		e.Extensions["code"] = CodeBadUserInput
	}
	return resp
}
