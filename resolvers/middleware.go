package resolvers

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/kinerja/kinerja/auth"
	"github.com/kinerja/kinerja/internal/storage"
)

// authenticate reads the bearer token of a request, if any, and puts the
// caller (or why its token was refused) and the request's dataloaders into
// the context. A request without a token goes on anonymous: login needs
// none, every other field refuses it.
func (r *Resolver) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		ctx := req.Context()
		if h := req.Header.Get("Authorization"); h != "" {
			id, err := r.identify(ctx, h)
			switch {
			case err == nil:
				ctx = auth.WithIdentity(storage.WithReader(ctx, id.UserID), id)
				ctx = withLoaders(ctx, NewLoaders(r.Store, id))
			case errors.Is(err, auth.ErrUnauthenticated):
				ctx = auth.WithFailure(ctx, err)
			default:
				r.Log.ErrorContext(ctx, "authenticate", "err", err)
				http.Error(w, `{"errors":[{"message":"internal error","extensions":{"code":"INTERNAL"}}]}`, http.StatusInternalServerError)
				return
			}
		}
		next.ServeHTTP(w, req.WithContext(ctx))
	})
}

// identify verifies an Authorization header and returns the caller as the
// database has it now: a deactivated user's tokens stop working at once, as
// do those of an ended session (checkSession), and a changed role or unit
// applies from the next request. A token whose iss is the identity
// provider's goes to identifyIdP.
func (r *Resolver) identify(ctx context.Context, header string) (*auth.Identity, error) {
	scheme, token, ok := strings.Cut(header, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(token) == "" {
		return nil, auth.Unauthenticated(`the Authorization header must be "Bearer <token>"`)
	}
	token = strings.TrimSpace(token)
	if r.IdP != nil && r.IdP.Issued(token) {
		return r.identifyIdP(ctx, token)
	}
	s, err := r.Tokens.VerifySession(token)
	if err != nil {
		return nil, err
	}
	// On the primary: a session ended or a user deactivated a moment ago
	// must not pass on a replica that lags.
	u, err := r.Store.Caller(storage.OnPrimary(ctx), s.UserID)
	switch {
	case errors.Is(err, storage.ErrNotFound):
		return nil, auth.Unauthenticated("the user of this token no longer exists: log in again")
	case err != nil:
		return nil, err
	case !u.Active:
		return nil, auth.Unauthenticated("the user of this token is deactivated")
	}
	if err := checkSession(s, u); err != nil {
		return nil, err
	}
	return &auth.Identity{UserID: u.ID, Username: u.Username, Role: auth.Role(u.Role), UnitID: u.OrgUnitID, UnitPath: u.UnitPath,
		SessionGen: u.SessionGen, AuthTime: s.AuthTime}, nil
}
