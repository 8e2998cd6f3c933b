package resolvers

import (
	"context"
	"time"

	"github.com/kinerja/kinerja/auth"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/models"
)

// checkSession refuses a verified token whose session is over: one issued
// before its user existed (the id of a deleted user given to a new one), or
// in an earlier session generation of the user (ended by a logout, a new
// password, deactivation, or a change of role or unit).
func checkSession(s auth.Session, u *models.User) error {
	switch {
	case s.IssuedAt.Before(u.CreatedAt.Truncate(time.Second)):
		return auth.Unauthenticated("the user of this token no longer exists: log in again")
	case s.Gen != u.SessionGen:
		return auth.Unauthenticated("this session has ended (a logout, a new password, or a change of the user's role, unit or status): log in again")
	}
	return nil
}

// logout ends every session of the caller.
func (r *Resolver) logout(ctx context.Context) (bool, error) {
	who, _, err := r.caller(ctx)
	if err != nil {
		return false, err
	}
	if err := notWithIdP(who, "ends"); err != nil {
		return false, err
	}
	if err := r.Store.EndSessions(ctx, who.UserID); err != nil {
		return false, err
	}
	r.Log.InfoContext(ctx, "logout", "user", who.Username)
	return true, nil
}

// changePassword sets the caller's password when oldPassword is its current
// one, ends its sessions and returns a token of a new one. The old password
// is checked under the throttle of logins, as a guess would be.
func (r *Resolver) changePassword(ctx context.Context, oldPassword, newPassword string) (*models.AuthPayload, error) {
	who, _, err := r.caller(ctx)
	if err != nil {
		return nil, err
	}
	if err := auth.CheckPassword(newPassword); err != nil {
		return nil, domain.Invalid("newPassword", err.Error())
	}
	if newPassword == oldPassword {
		return nil, domain.Invalid("newPassword", "is your current password: choose another")
	}
	u, err := r.Store.User(ctx, who.UserID)
	if err != nil {
		return nil, err
	}
	at, err := r.Logins.begin(ctx, u.Username, clientAddrFrom(ctx))
	if err != nil {
		return nil, err
	}
	var (
		right   bool
		newHash string
		hashErr error
	)
	err = r.Logins.check(ctx, func() {
		if right = auth.VerifyPassword(u.PasswordHash, oldPassword); right {
			newHash, hashErr = auth.HashPassword(newPassword)
		}
	})
	switch {
	case err != nil:
		at.succeeded()
		return nil, err
	case !right:
		at.failed(ctx, "password change with a wrong password")
		return nil, domain.Invalid("oldPassword", "is not your current password")
	}
	at.succeeded()
	if hashErr != nil {
		return nil, hashErr
	}
	u, err = r.Store.ChangePassword(ctx, u.ID, u.PasswordHash, newHash)
	if err != nil {
		return nil, err
	}
	token, exp, err := r.Tokens.Issue(identityOf(u))
	if err != nil {
		return nil, err
	}
	r.Log.InfoContext(ctx, "password changed", "user", u.Username)
	return &models.AuthPayload{Token: token, ExpiresAt: exp, User: u}, nil
}

// refreshToken returns a new token of the caller's session, refused once
// the session is older than the maximum session age.
func (r *Resolver) refreshToken(ctx context.Context) (*models.AuthPayload, error) {
	who, _, err := r.caller(ctx)
	if err != nil {
		return nil, err
	}
	if err := notWithIdP(who, "renews"); err != nil {
		return nil, err
	}
	u, err := r.Store.User(ctx, who.UserID)
	if err != nil {
		return nil, err
	}
	token, exp, err := r.Tokens.Refresh(*who)
	if err != nil {
		return nil, err
	}
	return &models.AuthPayload{Token: token, ExpiresAt: exp, User: u}, nil
}
