// Package resolvers implements the GraphQL API: the resolvers gqlgen calls,
// the per-request dataloaders, the error presenter, and the HTTP handler that
// assembles them with authentication and limits.
package resolvers

import (
	"context"
	"errors"
	"log/slog"

	"github.com/kinerja/kinerja/auth"
	"github.com/kinerja/kinerja/internal/storage"
)

// Resolver is the root resolver: the one place that holds the API's
// dependencies.
type Resolver struct {
	Store  *storage.Store
	Tokens *auth.Tokens
	// IdP verifies the tokens of the organisation's identity provider; nil:
	// only Kinerja's own tokens are accepted.
	IdP *auth.IdP
	Log *slog.Logger
	// Logins throttles password checks; nil: a LoginGuard with the default
	// limits, made by Handler.
	Logins *LoginGuard
}

type loadersKey struct{}

// withLoaders returns ctx carrying the request's loaders.
func withLoaders(ctx context.Context, l *Loaders) context.Context {
	return withIndicatorFields(ctx, l)
}

// caller returns the authenticated caller and the request's loaders, or an
// UNAUTHENTICATED error. Every resolver that reads or writes data starts
// here.
func (r *Resolver) caller(ctx context.Context) (*auth.Identity, *Loaders, error) {
	id, err := auth.Require(ctx)
	if err != nil {
		return nil, nil, err
	}
	l, _ := ctx.Value(loadersKey{}).(*Loaders)
	if l == nil {
		return nil, nil, errors.New("no dataloaders in the request context: serve the API through Handler")
	}
	return id, l, nil
}
