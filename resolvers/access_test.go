package resolvers_test

import (
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/kinerja/kinerja/auth"
	"github.com/kinerja/kinerja/internal/apitest"
	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/internal/testdb"
)

// TestNoToken: every data field refuses a request without a token.
func TestNoToken(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		api := apitest.New(t, st)
		for _, q := range []string{
			`{ me { id } }`,
			`{ orgUnits { totalCount } }`,
			`{ orgUnit(id: "` + apitest.GID("OrgUnit", 1) + `") { id } }`,
			`{ indicators { totalCount } }`,
			`{ indicator(id: "` + apitest.GID("Indicator", 1) + `") { id } }`,
			`{ node(id: "` + apitest.GID("Indicator", 1) + `") { id } }`,
			`{ achievementSummary(year: 2023) { meanCapaian } }`,
			`{ budget(year: 2023) { pagu } }`,
			`{ plans { id } }`,
			`{ users { totalCount } }`,
			`mutation { setTarget(input: {indicatorId: "` + apitest.GID("Indicator", 2) + `", year: 2023, value: 1}) { value } }`,
			`mutation { recordRealisation(input: {indicatorId: "` + apitest.GID("Indicator", 2) + `", year: 2023, period: YEAR, value: 1}) { value } }`,
			`mutation { recordBudgetLine(input: {subActivityId: "` + apitest.GID("SubActivity", 1) + `", year: 2023, pagu: "1", realisasi: "1"}) { pagu } }`,
		} {
			e := api.Fails("", q, nil, "UNAUTHENTICATED")
			if !strings.Contains(e.Message, "Bearer") {
				t.Errorf("%s: message %q does not say how to authenticate", q, e.Message)
			}
		}
		api.Fails("", `{ __schema { queryType { name } } }`, nil, "UNAUTHENTICATED")
	})
}

// TestBadTokens: tampered, expired, foreign, alg none and malformed tokens
// are refused with UNAUTHENTICATED, and nothing is read.
func TestBadTokens(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		api := apitest.New(t, st)
		good := api.Token("bi")
		parts := strings.Split(good, ".")
		claims := func(exp time.Time) auth.Claims {
			return auth.Claims{Username: "admin", Role: auth.Admin, OrgUnit: "1", RegisteredClaims: jwt.RegisteredClaims{
				Issuer: auth.Issuer, Subject: "1", Audience: jwt.ClaimStrings{auth.Audience},
				ExpiresAt: jwt.NewNumericDate(exp), IssuedAt: jwt.NewNumericDate(time.Now().Add(-2 * time.Hour)),
			}}
		}
		signed := func(c auth.Claims, key []byte) string {
			s, err := jwt.NewWithClaims(jwt.SigningMethodHS256, c).SignedString(key)
			apitest.Must(t, err)
			return s
		}
		// The payload of a token for user 1 (admin), stitched onto bi's
		// header and signature.
		adminPayload := strings.Split(signed(claims(time.Now().Add(time.Hour)), []byte("x")), ".")[1]
		none := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"none","typ":"JWT"}`))
		for name, tok := range map[string]string{
			"tampered":       parts[0] + "." + adminPayload + "." + parts[2],
			"expired":        signed(claims(time.Now().Add(-time.Hour)), []byte(apitest.Secret)),
			"foreign secret": signed(claims(time.Now().Add(time.Hour)), []byte("some-other-secret-some-other-secret")),
			"alg none":       none + "." + adminPayload + ".",
			"malformed":      "abc.def",
		} {
			e := api.Fails(tok, `{ me { username } orgUnits { totalCount } }`, nil, "UNAUTHENTICATED")
			if strings.Contains(e.Message, tok) {
				t.Errorf("%s: the message echoes the token", name)
			}
		}
		req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(`{"query":"{ me { id } }"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Basic YWRtaW46a2luZXJqYS1kZW1v")
		if resp := api.Send(req); len(resp.Errors) == 0 || resp.Errors[0].Code() != "UNAUTHENTICATED" {
			t.Errorf("Basic auth: %+v, want UNAUTHENTICATED", resp.Errors)
		}
	})
}

func TestLogin(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		api := apitest.New(t, st)
		var out struct {
			Login struct {
				Token string
				User  struct {
					Username, Role string
					OrgUnit        struct{ Code string }
				}
			}
		}
		api.OK("", `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token expiresAt user { username role orgUnit { code } } } }`,
			map[string]any{"u": "bagian.renkeu", "p": testdb.Password}, &out)
		if u := out.Login.User; u.Username != "bagian.renkeu" || u.Role != "OPERATOR" || u.OrgUnit.Code != "BAG-RENKEU" {
			t.Errorf("login user = %+v, want bagian.renkeu OPERATOR at BAG-RENKEU", u)
		}
		var me struct{ Me struct{ Username string } }
		api.OK(out.Login.Token, `{ me { username } }`, nil, &me)
		if me.Me.Username != "bagian.renkeu" {
			t.Errorf("me = %q with the login token, want bagian.renkeu", me.Me.Username)
		}
		for _, creds := range [][2]string{{"bagian.renkeu", "wrong-password"}, {"nobody", testdb.Password}} {
			e := api.Fails("", `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }`,
				map[string]any{"u": creds[0], "p": creds[1]}, "UNAUTHENTICATED")
			if e.Message != "wrong username or password" {
				t.Errorf("login %s: message %q, want the same message for both", creds[0], e.Message)
			}
		}
	})
}

// TestOperatorScope: an operator writes and reads only its own Bagian.
func TestOperatorScope(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		api := apitest.New(t, st)
		x := lookup(t, api)
		renkeu, tapem := api.Token("bagian.renkeu"), api.Token("bagian.tapem")
		iku01 := x.ind("IKU-01") // owned by BAG-RENKEU
		setTarget := `mutation($id: ID!) { setTarget(input: {indicatorId: $id, year: 2024, value: 90}) { year value } }`
		record := `mutation($id: ID!) { recordRealisation(input: {indicatorId: $id, year: 2024, period: Q1, value: 80}) { period value } }`
		vars := map[string]any{"id": iku01}

		api.Fails(tapem, setTarget, vars, "FORBIDDEN")
		api.Fails(tapem, record, vars, "FORBIDDEN")
		api.Fails(tapem, `query($id: ID!) { indicator(id: $id) { code } }`, vars, "FORBIDDEN")
		api.Fails(tapem, `query($id: ID!) { orgUnit(id: $id) { code } }`, map[string]any{"id": x.unit("BAG-RENKEU")}, "FORBIDDEN")
		api.Fails(tapem, `query($id: ID!) { budget(year: 2023, orgUnitId: $id) { pagu } }`, map[string]any{"id": x.unit("BAG-RENKEU")}, "FORBIDDEN")
		api.Fails(tapem, `query($id: ID!) { achievementSummary(year: 2023, orgUnitId: $id) { meanCapaian } }`, map[string]any{"id": x.unit("SETDA")}, "FORBIDDEN")
		api.Fails(tapem, `mutation($id: ID!) { recordBudgetLine(input: {subActivityId: $id, year: 2023, pagu: "1.00", realisasi: "1.00"}) { pagu } }`,
			map[string]any{"id": x.sub("01.01.01")}, "FORBIDDEN")

		var got struct {
			SetTarget struct {
				Year  int
				Value float64
			}
		}
		api.OK(renkeu, setTarget, vars, &got)
		if got.SetTarget.Year != 2024 || got.SetTarget.Value != 90 {
			t.Errorf("setTarget by the owner = %+v, want 2024 / 90", got.SetTarget)
		}
		api.OK(renkeu, record, vars, nil)

		// The tapem operator sees its unit and the units above it, but no
		// indicator of another Bagian.
		var seen struct {
			Indicators struct{ TotalCount int }
			OrgUnits   struct {
				Edges []struct{ Node struct{ Code string } }
			}
			OrgUnit struct {
				Ancestors []struct{ Code string }
				Children  []struct{ Code string }
			}
		}
		api.OK(tapem, `query($id: ID!) { indicators { totalCount } orgUnits { edges { node { code } } } orgUnit(id: $id) { ancestors { code } children { code } } }`,
			map[string]any{"id": x.unit("ASISTEN-PEMKESRA")}, &seen)
		if seen.Indicators.TotalCount != 0 {
			t.Errorf("tapem sees %d indicators, want 0 (the seed's indicators are owned elsewhere)", seen.Indicators.TotalCount)
		}
		if len(seen.OrgUnits.Edges) != 1 || seen.OrgUnits.Edges[0].Node.Code != "BAG-TAPEM" {
			t.Errorf("tapem orgUnits = %+v, want only BAG-TAPEM", seen.OrgUnits)
		}
		if n := len(seen.OrgUnit.Ancestors); n != 2 {
			t.Errorf("ancestors of its Asisten = %+v, want KUKAR and SETDA", seen.OrgUnit.Ancestors)
		}
		if len(seen.OrgUnit.Children) != 1 || seen.OrgUnit.Children[0].Code != "BAG-TAPEM" {
			t.Errorf("children of its Asisten as seen by tapem = %+v, want only BAG-TAPEM", seen.OrgUnit.Children)
		}
	})
}

// TestViewerWritesNothing: the VIEWER is refused on every write, and nothing
// changes.
func TestViewerWritesNothing(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		api := apitest.New(t, st)
		x := lookup(t, api)
		bi := api.Token("bi")
		for _, w := range []struct {
			q    string
			vars map[string]any
		}{
			{`mutation($id: ID!) { setTarget(input: {indicatorId: $id, year: 2023, value: 1}) { value } }`, map[string]any{"id": x.ind("IKU-01")}},
			{`mutation($id: ID!) { recordRealisation(input: {indicatorId: $id, year: 2023, period: YEAR, value: 1}) { value } }`, map[string]any{"id": x.ind("IKU-01")}},
			{`mutation($id: ID!) { recordBudgetLine(input: {subActivityId: $id, year: 2023, pagu: "1.00", realisasi: "0"}) { pagu } }`, map[string]any{"id": x.sub("01.01.01")}},
			{`mutation($p: ID!) { createOrgUnit(input: {parentId: $p, code: "X", name: "X", kind: DIVISION}) { id } }`, map[string]any{"p": x.unit("SETDA")}},
			{`mutation($id: ID!) { updateOrgUnit(id: $id, input: {name: "X"}) { id } }`, map[string]any{"id": x.unit("BAG-UMUM")}},
			{`mutation($id: ID!) { deleteOrgUnit(id: $id) }`, map[string]any{"id": x.unit("SUBBAG-PROTOKOL")}},
			{`mutation($u: ID!) { createUser(input: {username: "x.y", displayName: "X", password: "password-1", role: ADMIN, orgUnitId: $u}) { id } }`, map[string]any{"u": x.unit("KUKAR")}},
			{`mutation($id: ID!) { updateIndicator(id: $id, input: {name: "X"}) { id } }`, map[string]any{"id": x.ind("IKU-01")}},
			{`mutation($id: ID!) { deleteIndicator(id: $id) }`, map[string]any{"id": x.ind("IKU-01")}},
			{`mutation($u: ID!) { createPlan(input: {orgUnitId: $u, name: "X", startYear: 2027, endYear: 2031, vision: "X"}) { id } }`, map[string]any{"u": x.unit("SETDA")}},
		} {
			api.Fails(bi, w.q, w.vars, "FORBIDDEN")
		}
		var out struct {
			Indicator struct {
				Name   string
				Target struct{ Value float64 }
			}
			Budget struct{ Pagu string }
		}
		// Read back by the admin: a VIEWER reads approved budget lines only.
		api.OK(x.admins, `query($id: ID!) { indicator(id: $id) { name target(year: 2023) { value } } budget(year: 2023) { pagu } }`, map[string]any{"id": x.ind("IKU-01")}, &out)
		if out.Indicator.Target.Value != 89 || out.Budget.Pagu != "304308454755.00" || !strings.HasPrefix(out.Indicator.Name, "Indeks Kualitas Kebijakan") {
			t.Errorf("after refused writes: %+v, want the seed's values unchanged", out)
		}
	})
}
