package resolvers_test

import (
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/kinerja/kinerja/auth"
	"github.com/kinerja/kinerja/internal/apitest"
	"github.com/kinerja/kinerja/internal/idptest"
	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/internal/testdb"
	"github.com/kinerja/kinerja/resolvers"
)

// idpAPI returns a provider with an RS256 and an EdDSA key, and the API
// over st accepting its tokens besides its own.
func idpAPI(t *testing.T, st *storage.Store) (*idptest.Provider, *apitest.API) {
	t.Helper()
	p := idptest.New(t)
	p.AddKey("rsa-1", idptest.RS256, true)
	p.AddKey("ed-1", idptest.EdDSA, true)
	idp, err := auth.NewIdP(t.Context(), auth.IdPConfig{Issuer: idptest.Issuer, Audience: idptest.Audience, JWKSURL: p.JWKSURL})
	apitest.Must(t, err)
	return p, apitest.New(t, st, func(r *resolvers.Resolver) { r.IdP = idp })
}

type meAnswer struct {
	Me struct {
		Username string
		Role     string
		OrgUnit  struct{ Code string }
	}
}

// wantMe checks that token answers me as username with role and unit.
func wantMe(t *testing.T, api *apitest.API, what, token, username, role, unit string) {
	t.Helper()
	var out meAnswer
	api.OK(token, meQuery, nil, &out)
	if out.Me.Username != username || out.Me.Role != role || out.Me.OrgUnit.Code != unit {
		t.Errorf("%s: me = %+v, want %s, %s at %s", what, out.Me, username, role, unit)
	}
}

// wantIdPRefused checks that token is refused with UNAUTHENTICATED and a
// message mentioning why.
func wantIdPRefused(t *testing.T, api *apitest.API, what, token, why string) {
	t.Helper()
	e := api.Fails(token, meQuery, nil, "UNAUTHENTICATED")
	if !strings.Contains(e.Message, why) {
		t.Errorf("%s: refused with %q, want a message mentioning %q", what, e.Message, why)
	}
}

// TestIdPToken: a token of the identity provider for bagian.hukum answers
// me as that user, with the role and unit Kinerja's database gives it, and
// follows changes there at once; Kinerja's own tokens keep working beside.
func TestIdPToken(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		p, api := idpAPI(t, st)
		for _, kid := range []string{"rsa-1", "ed-1"} {
			wantMe(t, api, kid, p.Sign(kid, idptest.Claims("bagian.hukum")), "bagian.hukum", "OPERATOR", "BAG-HUKUM")
		}
		wantMe(t, api, "a Kinerja token beside", api.Token("sekda"), "sekda", "APPROVER", "SETDA")

		// The role is Kinerja's: a claim of the provider does not change it.
		claims := idptest.Claims("bagian.hukum")
		claims["role"], claims["realm_access"] = "ADMIN", map[string]any{"roles": []string{"ADMIN"}}
		token := p.Sign("rsa-1", claims)
		wantMe(t, api, "a token claiming ADMIN", token, "bagian.hukum", "OPERATOR", "BAG-HUKUM")

		// An ADMIN's change of role applies to the same token at once (a
		// change of role ends Kinerja's sessions, not the provider's).
		admin := api.Token("admin")
		hukum := userID(t, api, "bagian.hukum")
		api.OK(admin, updateUserMutation, map[string]any{"id": hukum, "in": map[string]any{"role": "VIEWER"}}, nil)
		wantMe(t, api, "after the change of role", token, "bagian.hukum", "VIEWER", "BAG-HUKUM")

		api.OK(admin, updateUserMutation, map[string]any{"id": hukum, "in": map[string]any{"active": false}}, nil)
		wantIdPRefused(t, api, "a deactivated user", token, `the Kinerja user "bagian.hukum" is deactivated`)
		api.OK(admin, updateUserMutation, map[string]any{"id": hukum, "in": map[string]any{"active": true}}, nil)
		wantMe(t, api, "reactivated", token, "bagian.hukum", "VIEWER", "BAG-HUKUM")

		if got := p.Fetches(); got != 1 {
			t.Errorf("key set fetched %d times, want 1", got)
		}
	})
}

// TestIdPTokenRefused: tokens of the provider that name no Kinerja user, or
// that fail its checks, are UNAUTHENTICATED with the reason; none creates a
// user.
func TestIdPTokenRefused(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		p, api := idpAPI(t, st)
		with := func(change func(jwt.MapClaims)) string {
			c := idptest.Claims("bagian.hukum")
			change(c)
			return p.Sign("rsa-1", c)
		}
		hs256 := func(secret []byte) string {
			s, err := jwt.NewWithClaims(jwt.SigningMethodHS256, idptest.Claims("admin")).SignedString(secret)
			apitest.Must(t, err)
			return s
		}
		p.AddKey("rsa-2", idptest.RS256, false)
		users := len(listUsernames(t, api))
		for _, tt := range []struct{ name, token, why string }{
			{"an unmapped user", p.Sign("ed-1", idptest.Claims("siti.rahma")), `signed you in as "siti.rahma", but Kinerja has no user of that name`},
			{"HS256 with Kinerja's secret", hs256([]byte(apitest.Secret)), "algorithm is not accepted"},
			{"a key never published", p.Sign("rsa-2", idptest.Claims("admin")), "its key (kid) is not in the identity provider's key set"},
			{"expired", with(func(c jwt.MapClaims) { c["exp"] = time.Now().Add(-time.Hour).Unix() }), "expired"},
			{"another issuer", with(func(c jwt.MapClaims) { c["iss"] = "https://sso.example/realms/other" }), "algorithm is not accepted"},
			{"another audience", with(func(c jwt.MapClaims) { c["aud"] = "another-app" }), "wrong audience"},
			{"no user claim", with(func(c jwt.MapClaims) { delete(c, "preferred_username") }), "no preferred_username claim"},
		} {
			wantIdPRefused(t, api, tt.name, tt.token, tt.why)
		}
		if got := len(listUsernames(t, api)); got != users {
			t.Errorf("%d users after the refusals, want %d: no user is created", got, users)
		}
	})
}

// TestIdPTokenWithoutIdP: without an identity provider configured, its
// tokens are refused as any foreign token is.
func TestIdPTokenWithoutIdP(t *testing.T) {
	st := testdb.New(t, storage.SQLite)
	p := idptest.New(t)
	p.AddKey("rsa-1", idptest.RS256, true)
	api := apitest.New(t, st)
	wantIdPRefused(t, api, "a provider's token", p.Sign("rsa-1", idptest.Claims("bagian.hukum")), "algorithm is not accepted")
}

// TestIdPTokenSession: the provider renews and ends its sessions itself, so
// refreshToken and logout refuse its tokens and leave them working.
func TestIdPTokenSession(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		p, api := idpAPI(t, st)
		token := p.Sign("rsa-1", idptest.Claims("bagian.hukum"))
		for _, m := range []string{refreshMutation, logoutMutation} {
			e := api.Fails(token, m, nil, "FORBIDDEN")
			if !strings.Contains(e.Message, "identity provider") {
				t.Errorf("%s: %q, want a message naming the identity provider", m, e.Message)
			}
		}
		wantMe(t, api, "after the refusals", token, "bagian.hukum", "OPERATOR", "BAG-HUKUM")
	})
}

// listUsernames returns the usernames of every user, as the admin sees them.
func listUsernames(t *testing.T, api *apitest.API) []string {
	t.Helper()
	var out struct {
		Users struct {
			Edges []struct{ Node struct{ Username string } }
		}
	}
	api.OK(api.Token("admin"), `{ users(first: 100) { edges { node { username } } } }`, nil, &out)
	var names []string
	for _, e := range out.Users.Edges {
		names = append(names, e.Node.Username)
	}
	return names
}
