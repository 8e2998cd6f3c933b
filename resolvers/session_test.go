package resolvers_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/kinerja/kinerja/auth"
	"github.com/kinerja/kinerja/internal/apitest"
	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/internal/testdb"
)

const (
	meQuery               = `{ me { id username role orgUnit { code } } }`
	logoutMutation        = `mutation { logout }`
	refreshMutation       = `mutation { refreshToken { token expiresAt user { username } } }`
	changePasswordMutaton = `mutation($old: String!, $new: String!) { changePassword(oldPassword: $old, newPassword: $new) { token user { username } } }`
)

// login logs username in with password and returns the token.
func login(t *testing.T, api *apitest.API, username, password string) string {
	t.Helper()
	var out struct{ Login struct{ Token string } }
	api.OK("", loginMutation, map[string]any{"u": username, "p": password}, &out)
	return out.Login.Token
}

// wantEnded checks that token no longer works, with a message mentioning
// why.
func wantEnded(t *testing.T, api *apitest.API, what, token, why string) {
	t.Helper()
	resp := api.Do(token, meQuery, nil)
	if len(resp.Errors) == 0 || resp.Errors[0].Code() != "UNAUTHENTICATED" || !strings.Contains(resp.Errors[0].Message, why) {
		t.Errorf("%s: me answers %s, errors %+v; want UNAUTHENTICATED mentioning %q", what, resp.Data, resp.Errors, why)
	}
}

// claimsOf returns the claims of a token without checking it.
func claimsOf(t *testing.T, token string) auth.Claims {
	t.Helper()
	var c auth.Claims
	if _, _, err := jwt.NewParser().ParseUnverified(token, &c); err != nil {
		t.Fatal(err)
	}
	return c
}

// signed signs claims with the test API's secret: a token as the server
// could have issued it.
func signed(t *testing.T, c auth.Claims) string {
	t.Helper()
	s, err := jwt.NewWithClaims(jwt.SigningMethodHS256, c).SignedString([]byte(apitest.Secret))
	apitest.Must(t, err)
	return s
}

// tokenClaims returns the claims of a token of the user with the API id id,
// issued now and expiring at exp. The subject of a token is the user's row
// id.
func tokenClaims(t *testing.T, id string, exp time.Time) auth.Claims {
	now := time.Now()
	return auth.Claims{Role: auth.Approver, RegisteredClaims: jwt.RegisteredClaims{
		Issuer: auth.Issuer, Subject: strconv.FormatInt(apitest.RowID(t, id), 10), Audience: jwt.ClaimStrings{auth.Audience},
		IssuedAt: jwt.NewNumericDate(now), ExpiresAt: jwt.NewNumericDate(exp),
	}}
}

// TestLogout: logout ends every session of the caller, on every device;
// other users keep theirs, and a new login works.
func TestLogout(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		api := apitest.New(t, st)
		laptop, phone := api.Token("sekda"), api.Token("sekda")
		other := api.Token("bi")
		var out struct{ Logout bool }
		api.OK(laptop, logoutMutation, nil, &out)
		if !out.Logout {
			t.Error("logout answered false")
		}
		wantEnded(t, api, "the token logout was sent with", laptop, "session has ended")
		wantEnded(t, api, "another token of the same user", phone, "session has ended")
		api.OK(other, meQuery, nil, nil)
		api.OK(login(t, api, "sekda", testdb.Password), meQuery, nil, nil)
		api.Fails("", logoutMutation, nil, "UNAUTHENTICATED")
	})
}

// TestChangePassword: the caller changes its password with its current one;
// its other tokens stop working and the new token works.
func TestChangePassword(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		api := apitest.New(t, st)
		old, other := api.Token("sekda"), api.Token("sekda")
		for _, tt := range []struct{ name, old, new, field string }{
			{"a wrong current password", "not-my-password", "a-new-password", "oldPassword"},
			{"a short new password", testdb.Password, "short", "newPassword"},
			{"the same password", testdb.Password, testdb.Password, "newPassword"},
		} {
			e := api.Fails(old, changePasswordMutaton, map[string]any{"old": tt.old, "new": tt.new}, "BAD_USER_INPUT")
			if got, _ := e.Extensions["field"].(string); got != tt.field {
				t.Errorf("%s: field %q, want %q", tt.name, got, tt.field)
			}
		}
		api.OK(old, meQuery, nil, nil) // refusals end nothing

		var out struct {
			ChangePassword struct {
				Token string
				User  struct{ Username string }
			}
		}
		api.OK(old, changePasswordMutaton, map[string]any{"old": testdb.Password, "new": "a-new-password"}, &out)
		if out.ChangePassword.User.Username != "sekda" {
			t.Errorf("changePassword returned user %q, want sekda", out.ChangePassword.User.Username)
		}
		wantEnded(t, api, "the token the change was sent with", old, "session has ended")
		wantEnded(t, api, "another token of the user", other, "session has ended")
		api.OK(out.ChangePassword.Token, meQuery, nil, nil)
		api.Fails("", loginMutation, map[string]any{"u": "sekda", "p": testdb.Password}, "UNAUTHENTICATED")
		login(t, api, "sekda", "a-new-password")
		api.Fails("", changePasswordMutaton, map[string]any{"old": "a-new-password", "new": "another-password"}, "UNAUTHENTICATED")
	})
}

// TestAdminChangesEndSessions: an ADMIN's new password for a user, its
// deactivation, deletion, or a change of its role or unit ends the user's
// sessions (a reactivated user's old tokens stay dead); a new display name
// does not.
func TestAdminChangesEndSessions(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		f := newAdminFixture(t, st)
		for _, tt := range []struct {
			user   string
			change func(id string)
			why    string // "" when the token stays good
		}{
			{"bagian.tapem", func(id string) {
				f.api.OK(f.admin, updateUserMutation, map[string]any{"id": id, "in": map[string]any{"password": "reset-password"}}, nil)
			}, "session has ended"},
			{"bagian.kesra", func(id string) {
				f.api.OK(f.admin, updateUserMutation, map[string]any{"id": id, "in": map[string]any{"active": false}}, nil)
				f.api.OK(f.admin, updateUserMutation, map[string]any{"id": id, "in": map[string]any{"active": true}}, nil)
			}, "session has ended"},
			{"bagian.hukum", func(id string) {
				f.api.OK(f.admin, updateUserMutation, map[string]any{"id": id, "in": map[string]any{"role": "VIEWER"}}, nil)
			}, "session has ended"},
			{"bagian.kerjasama", func(id string) {
				f.api.OK(f.admin, updateUserMutation, map[string]any{"id": id, "in": map[string]any{"orgUnitId": f.unit["BAG-UMUM"]}}, nil)
			}, "session has ended"},
			{"bagian.perekonomian", func(id string) {
				f.api.OK(f.admin, deleteUserMutation, map[string]any{"id": id}, nil)
			}, "no longer exists"},
			{"bagian.adpem", func(id string) {
				f.api.OK(f.admin, updateUserMutation, map[string]any{"id": id, "in": map[string]any{"displayName": "Bagian Adpem"}}, nil)
			}, ""},
		} {
			token := f.api.Token(tt.user)
			tt.change(f.user[tt.user])
			if tt.why == "" {
				f.api.OK(token, meQuery, nil, nil)
				continue
			}
			wantEnded(t, f.api, tt.user, token, tt.why)
		}
		var me struct{ Me struct{ Role string } }
		f.api.OK(login(t, f.api, "bagian.hukum", testdb.Password), meQuery, nil, &me)
		if me.Me.Role != "VIEWER" {
			t.Errorf("bagian.hukum logs in again as %s, want VIEWER", me.Me.Role)
		}
	})
}

// TestDeletedUserIDNotReused: the id of a deleted user (the last one
// created) is not given to the next user, and the deleted user's token does
// not become the new user's.
func TestDeletedUserIDNotReused(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		f := newAdminFixture(t, st)
		create := func(username, role, unit string) string {
			t.Helper()
			var out struct{ CreateUser struct{ ID string } }
			f.api.OK(f.admin, createUserMutation, map[string]any{"in": map[string]any{"username": username, "displayName": username,
				"password": "password-" + username, "role": role, "orgUnitId": f.unit[unit]}}, &out)
			return out.CreateUser.ID
		}
		gone := create("approver.sementara", "APPROVER", "SETDA")
		token := f.api.Token("approver.sementara")
		f.api.OK(f.admin, deleteUserMutation, map[string]any{"id": gone}, nil)
		next := create("admin.baru", "ADMIN", "KUKAR")
		if g, n := apitest.RowID(t, gone), apitest.RowID(t, next); n <= g {
			t.Errorf("the user created after deleting user %s has id %s: ids are reused", gone, next)
		}
		wantEnded(t, f.api, "the deleted user's token", token, "no longer exists")
	})
}

// TestTokenMaxLifetime: a token signed with the right secret but living
// longer than the maximum token lifetime is refused; one of exactly the
// maximum is accepted.
func TestTokenMaxLifetime(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		api := apitest.New(t, st)
		var me struct{ Me struct{ ID string } }
		api.OK(api.Token("sekda"), meQuery, nil, &me)
		forever := signed(t, tokenClaims(t, me.Me.ID, time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)))
		wantEnded(t, api, "a token expiring in 9999", forever, "maximum token lifetime")
		api.OK(signed(t, tokenClaims(t, me.Me.ID, time.Now().Add(auth.DefaultMaxTTL-time.Minute))), meQuery, nil, nil)
	})
}

// TestRefreshToken: refreshToken gives a new token of the same session
// (same login time and generation); it needs a valid token, and a session
// older than the maximum session age is not refreshed.
func TestRefreshToken(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		api := apitest.New(t, st)
		first := api.Token("sekda")
		var out struct {
			RefreshToken struct {
				Token     string
				ExpiresAt time.Time
				User      struct{ Username string }
			}
		}
		api.OK(first, refreshMutation, nil, &out)
		next := out.RefreshToken.Token
		var me struct{ Me struct{ Username string } }
		api.OK(next, meQuery, nil, &me)
		if me.Me.Username != "sekda" || out.RefreshToken.User.Username != "sekda" {
			t.Errorf("the refreshed token is %q's, payload user %q; want sekda", me.Me.Username, out.RefreshToken.User.Username)
		}
		a, b := claimsOf(t, first), claimsOf(t, next)
		if !b.AuthTime.Equal(a.AuthTime.Time) || b.Gen != a.Gen || b.ExpiresAt.Before(a.ExpiresAt.Time) || !out.RefreshToken.ExpiresAt.Equal(b.ExpiresAt.Time) {
			t.Errorf("refreshed claims %+v from %+v: want the same auth_time and gen, a later or equal exp", b, a)
		}
		api.Fails("", refreshMutation, nil, "UNAUTHENTICATED")

		// A session that began 8 days ago: the token is still good for
		// reading, but it is not refreshed.
		var id struct{ Me struct{ ID string } }
		api.OK(next, `{ me { id } }`, nil, &id)
		old := tokenClaims(t, id.Me.ID, time.Now().Add(time.Hour))
		old.AuthTime = jwt.NewNumericDate(time.Now().Add(-8 * 24 * time.Hour))
		oldToken := signed(t, old)
		api.OK(oldToken, meQuery, nil, nil)
		if e := api.Fails(oldToken, refreshMutation, nil, "UNAUTHENTICATED"); !strings.Contains(e.Message, "log in again") {
			t.Errorf("refresh of an old session: %q, want it to say to log in again", e.Message)
		}

		// After a logout, neither token is refreshed.
		api.OK(next, logoutMutation, nil, nil)
		api.Fails(first, refreshMutation, nil, "UNAUTHENTICATED")
		api.Fails(next, refreshMutation, nil, "UNAUTHENTICATED")
	})
}

// TestAdminCannotLockItselfOut: an ADMIN cannot move, demote, deactivate or
// delete itself, nor move the unit that holds its own; afterwards it still
// manages what it did.
func TestAdminCannotLockItselfOut(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		f := newAdminFixture(t, st)
		self := f.user["admin"]
		for _, tt := range []struct {
			name, query string
			vars        map[string]any
			field, want string
		}{
			{"move itself", updateUserMutation, map[string]any{"id": self, "in": map[string]any{"orgUnitId": f.unit["SETDA"]}}, "orgUnitId", "move yourself"},
			{"demote itself", updateUserMutation, map[string]any{"id": self, "in": map[string]any{"role": "APPROVER"}}, "role", "your own role"},
			{"deactivate itself", updateUserMutation, map[string]any{"id": self, "in": map[string]any{"active": false}}, "active", "deactivate yourself"},
			{"delete itself", deleteUserMutation, map[string]any{"id": self}, "id", "delete your own user"},
			{"move its own unit", updateOrgUnitMutation, map[string]any{"id": f.unit["KUKAR"], "in": map[string]any{"parentId": f.unit["SETDA"]}}, "parentId", "holds your own org unit"},
		} {
			e := f.fails(tt.name, f.admin, tt.query, tt.vars, "BAD_USER_INPUT")
			if got, _ := e.Extensions["field"].(string); got != tt.field || !strings.Contains(e.Message, tt.want) {
				t.Errorf("%s: field %q, message %q; want field %q, a message saying %q", tt.name, got, e.Message, tt.field, tt.want)
			}
		}
		// An admin lower in the tree cannot move the unit holding its own.
		f.api.OK(f.admin, createUserMutation, map[string]any{"in": map[string]any{"username": "admin.setda", "displayName": "Admin Setda",
			"password": "admin-setda-pass", "role": "ADMIN", "orgUnitId": f.unit["SETDA"]}}, nil)
		setda := f.api.Token("admin.setda")
		e := f.fails("admin.setda moves SETDA", setda, updateOrgUnitMutation, map[string]any{"id": f.unit["SETDA"],
			"in": map[string]any{"parentId": f.unit["ASISTEN-ADUM"]}}, "BAD_USER_INPUT")
		if !strings.Contains(e.Message, "holds your own org unit") {
			t.Errorf("admin.setda moving SETDA: %q, want it to say SETDA holds its own unit", e.Message)
		}

		var me struct {
			Me struct {
				Role    string
				OrgUnit struct{ Code string }
			}
		}
		f.api.OK(f.admin, meQuery, nil, &me)
		if me.Me.Role != "ADMIN" || me.Me.OrgUnit.Code != "KUKAR" {
			t.Errorf("admin is now %+v, want ADMIN at KUKAR", me.Me)
		}
		f.api.OK(f.admin, `{ users { totalCount edges { node { id } } } }`, nil, nil)
	})
}
