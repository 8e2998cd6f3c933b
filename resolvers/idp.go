package resolvers

import (
	"context"
	"errors"
	"fmt"

	"github.com/kinerja/kinerja/auth"
	"github.com/kinerja/kinerja/internal/storage"
)

// identifyIdP verifies a token of the identity provider and returns the
// Kinerja user its user claim names, with the role and unit the database
// gives it now. No user is created: one the provider knows but Kinerja
// does not, or a deactivated one, is refused. Session generations are
// Kinerja's own and do not apply: the provider ends its sessions itself.
func (r *Resolver) identifyIdP(ctx context.Context, token string) (*auth.Identity, error) {
	s, err := r.IdP.Verify(ctx, token)
	if err != nil {
		return nil, err
	}
	u, err := r.Store.UserByUsername(ctx, s.Username)
	switch {
	case errors.Is(err, storage.ErrNotFound):
		return nil, auth.Unauthenticated(fmt.Sprintf("the identity provider signed you in as %q, but Kinerja has no user of that name: ask an ADMIN to create it", s.Username))
	case err != nil:
		return nil, err
	case !u.Active:
		return nil, auth.Unauthenticated(fmt.Sprintf("the Kinerja user %q is deactivated", u.Username))
	}
	return &auth.Identity{UserID: u.ID, Username: u.Username, Role: auth.Role(u.Role), UnitID: u.OrgUnitID, UnitPath: u.UnitPath,
		SessionGen: u.SessionGen, AuthTime: s.AuthTime, IdP: r.IdP.Issuer()}, nil
}

// notWithIdP refuses what only a session of Kinerja's own can do (refresh
// it, end it) to a caller signed in by the identity provider.
func notWithIdP(who *auth.Identity, what string) error {
	if who.IdP == "" {
		return nil
	}
	return auth.Forbidden("you are signed in by the identity provider, which " + what + " its sessions itself: use the identity provider")
}
