package resolvers

import (
	"context"
	"errors"
	"strings"

	"github.com/kinerja/kinerja/auth"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/models"
)

// wrongCredentials is the answer to a wrong username or password alike.
const wrongCredentials = "wrong username or password"

// login exchanges a username and password for a token, under the throttle
// of r.Logins: a username or address that failed too often is refused
// before its password is checked.
func (r *Resolver) login(ctx context.Context, username, password string) (*models.AuthPayload, error) {
	username = strings.TrimSpace(username)
	if username == "" || password == "" {
		return nil, domain.Invalid("", "give a username and a password")
	}
	if len(username) > 100 || len(password) > 200 {
		return nil, auth.Unauthenticated(wrongCredentials)
	}
	at, err := r.Logins.begin(ctx, username, clientAddrFrom(ctx))
	if err != nil {
		return nil, err
	}
	u, err := r.Store.UserByUsername(ctx, username)
	if err != nil && !errors.Is(err, storage.ErrNotFound) {
		at.succeeded()
		return nil, err
	}
	right := false
	err = r.Logins.check(ctx, func() {
		if u == nil {
			auth.BurnTime(password)
			return
		}
		right = auth.VerifyPassword(u.PasswordHash, password)
	})
	switch {
	case err != nil:
		at.succeeded()
		return nil, err
	case !right || !u.Active:
		// A deactivated user's right password answers as a wrong one, so
		// that a guesser learns nothing from it.
		at.failed(ctx, "login failed")
		return nil, auth.Unauthenticated(wrongCredentials)
	}
	at.succeeded()
	token, exp, err := r.Tokens.Issue(identityOf(u))
	if err != nil {
		return nil, err
	}
	r.Log.InfoContext(ctx, "login", "user", u.Username)
	return &models.AuthPayload{Token: token, ExpiresAt: exp, User: u}, nil
}

// identityOf returns the identity of a user who has just given its
// password: a new session of its current generation.
func identityOf(u *models.User) auth.Identity {
	return auth.Identity{UserID: u.ID, Username: u.Username, Role: auth.Role(u.Role), UnitID: u.OrgUnitID, UnitPath: u.UnitPath, SessionGen: u.SessionGen}
}
