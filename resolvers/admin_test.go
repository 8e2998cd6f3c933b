package resolvers_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/kinerja/kinerja/internal/apitest"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/internal/testdb"
)

// The management mutations, each selecting what the tests look at.
const (
	createUserMutation        = `mutation($in: CreateUserInput!) { createUser(input: $in) { id username displayName role active orgUnit { code } } }`
	updateUserMutation        = `mutation($id: ID!, $in: UpdateUserInput!) { updateUser(id: $id, input: $in) { id username displayName role active orgUnit { code } } }`
	deleteUserMutation        = `mutation($id: ID!) { deleteUser(id: $id) }`
	createOrgUnitMutation     = `mutation($in: CreateOrgUnitInput!) { createOrgUnit(input: $in) { id code name kind negativeFormula parent { code } ancestors { code } } }`
	updateOrgUnitMutation     = `mutation($id: ID!, $in: UpdateOrgUnitInput!) { updateOrgUnit(id: $id, input: $in) { id code name parent { code } ancestors { code } } }`
	deleteOrgUnitMutation     = `mutation($id: ID!) { deleteOrgUnit(id: $id) }`
	createPlanMutation        = `mutation($in: CreatePlanInput!) { createPlan(input: $in) { id name startYear endYear orgUnit { code } } }`
	updatePlanMutation        = `mutation($id: ID!, $in: UpdatePlanInput!) { updatePlan(id: $id, input: $in) { id name startYear endYear } }`
	createMissionMutation     = `mutation($plan: ID!, $in: MissionInput!) { createMission(planId: $plan, input: $in) { id number text } }`
	updateMissionMutation     = `mutation($id: ID!, $in: MissionInput!) { updateMission(id: $id, input: $in) { id number text } }`
	createGoalMutation        = `mutation($plan: ID!, $in: GoalInput!) { createGoal(planId: $plan, input: $in) { id code name mission { number } } }`
	updateGoalMutation        = `mutation($id: ID!, $in: GoalInput!) { updateGoal(id: $id, input: $in) { id code name mission { number } } }`
	createSasaranMutation     = `mutation($goal: ID!, $in: SasaranInput!) { createSasaran(goalId: $goal, input: $in) { id code name goal { code } } }`
	updateSasaranMutation     = `mutation($id: ID!, $in: SasaranInput!) { updateSasaran(id: $id, input: $in) { id code name } }`
	createProgramMutation     = `mutation($plan: ID!, $in: ProgramInput!) { createProgram(planId: $plan, input: $in) { id code name sasaran { code } } }`
	updateProgramMutation     = `mutation($id: ID!, $in: ProgramInput!) { updateProgram(id: $id, input: $in) { id code name sasaran { code } } }`
	createActivityMutation    = `mutation($program: ID!, $in: ActivityInput!) { createActivity(programId: $program, input: $in) { id code name orgUnit { code } program { code } } }`
	updateActivityMutation    = `mutation($id: ID!, $in: ActivityInput!) { updateActivity(id: $id, input: $in) { id code name orgUnit { code } } }`
	createSubActivityMutation = `mutation($activity: ID!, $in: ActivityInput!) { createSubActivity(activityId: $activity, input: $in) { id code name orgUnit { code } activity { code } } }`
	updateSubActivityMutation = `mutation($id: ID!, $in: ActivityInput!) { updateSubActivity(id: $id, input: $in) { id code name orgUnit { code } } }`
	deletePlanElementMutation = `mutation($kind: PlanElementKind!, $id: ID!) { deletePlanElement(kind: $kind, id: $id) }`
	createIndicatorMutation   = `mutation($in: CreateIndicatorInput!) { createIndicator(input: $in) { id code level formula owner { code } sasaran { code } renstraTarget { text } baseline { text } } }`
	updateIndicatorMutation   = `mutation($id: ID!, $in: UpdateIndicatorInput!) { updateIndicator(id: $id, input: $in) { id code name owner { code } renstraTarget { text } } }`
	deleteIndicatorMutation   = `mutation($id: ID!) { deleteIndicator(id: $id) }`
)

// snapshotQuery reads, as the root ADMIN, everything the management
// mutations can change: comparing two answers tells whether the database
// changed.
const snapshotQuery = `{
  orgUnits(first: 100) { edges { node { id code name kind negativeFormula parent { id } ancestors { id } } } }
  users(first: 100) { edges { node { id username displayName role active orgUnit { id } } } }
  plans { id name startYear endYear vision
    missions { id number text goals { id } }
    goals { id code name sasaran { id code name programs { id } } }
    programs { id code name activities { id code name orgUnit { id } subActivities { id code name orgUnit { id } } } } }
  indicators(first: 100) { totalCount edges { node { id code name unit polarity accumulation level formula owner { id } renstraTarget { text } baseline { text } targets { year text } } } }
}`

// adminFixture is the demo data seen through the API by the root ADMIN: the
// ids of its units, users, plan elements and indicators, by code.
type adminFixture struct {
	t     *testing.T
	api   *apitest.API
	admin string // the token of "admin"
	plan  string // the id of the Setda plan

	unit, user, goal, sasaran, program, activity, sub, indicator map[string]string
	mission                                                      map[int]string
}

func newAdminFixture(t *testing.T, st *storage.Store) *adminFixture {
	t.Helper()
	api := apitest.New(t, st)
	f := &adminFixture{t: t, api: api, admin: api.Token("admin")}
	f.reload()
	return f
}

// reload looks the ids up again.
func (f *adminFixture) reload() {
	f.t.Helper()
	type coded struct{ ID, Code string }
	var out struct {
		OrgUnits struct{ Edges []struct{ Node coded } }
		Users    struct {
			Edges []struct{ Node struct{ ID, Username string } }
		}
		Plans []struct {
			ID       string
			Missions []struct {
				ID     string
				Number int
			}
			Goals []struct {
				coded
				Sasaran []coded
			}
			Programs []struct {
				coded
				Activities []struct {
					coded
					SubActivities []coded
				}
			}
		}
		Indicators struct{ Edges []struct{ Node coded } }
	}
	f.api.OK(f.admin, `{
	  orgUnits(first: 100) { edges { node { id code } } }
	  users(first: 100) { edges { node { id username } } }
	  plans { id missions { id number } goals { id code sasaran { id code } }
	    programs { id code activities { id code subActivities { id code } } } }
	  indicators(first: 100) { edges { node { id code } } }
	}`, nil, &out)
	f.unit, f.user, f.mission = map[string]string{}, map[string]string{}, map[int]string{}
	f.goal, f.sasaran, f.program, f.activity, f.sub, f.indicator =
		map[string]string{}, map[string]string{}, map[string]string{}, map[string]string{}, map[string]string{}, map[string]string{}
	for _, e := range out.OrgUnits.Edges {
		f.unit[e.Node.Code] = e.Node.ID
	}
	for _, e := range out.Users.Edges {
		f.user[e.Node.Username] = e.Node.ID
	}
	if len(out.Plans) != 1 {
		f.t.Fatalf("got %d plans, want the Setda plan only", len(out.Plans))
	}
	p := out.Plans[0]
	f.plan = p.ID
	for _, m := range p.Missions {
		f.mission[m.Number] = m.ID
	}
	for _, g := range p.Goals {
		f.goal[g.Code] = g.ID
		for _, s := range g.Sasaran {
			f.sasaran[s.Code] = s.ID
		}
	}
	for _, pr := range p.Programs {
		f.program[pr.Code] = pr.ID
		for _, a := range pr.Activities {
			f.activity[a.Code] = a.ID
			for _, s := range a.SubActivities {
				f.sub[s.Code] = s.ID
			}
		}
	}
	for _, e := range out.Indicators.Edges {
		f.indicator[e.Node.Code] = e.Node.ID
	}
}

// snapshot returns what snapshotQuery answers now.
func (f *adminFixture) snapshot() string {
	f.t.Helper()
	resp := f.api.Do(f.admin, snapshotQuery, nil)
	if len(resp.Errors) > 0 {
		f.t.Fatalf("snapshot: %+v", resp.Errors)
	}
	return string(resp.Data)
}

// fails sends a mutation that must fail with code and change nothing, and
// returns its error; name says which call failed otherwise.
func (f *adminFixture) fails(name, token, query string, vars map[string]any, code string) apitest.Error {
	f.t.Helper()
	before := f.snapshot()
	resp := f.api.Do(token, query, vars)
	if after := f.snapshot(); after != before {
		f.t.Errorf("%s: the mutation was refused or should have been, yet the database changed", name)
	}
	if len(resp.Errors) == 0 {
		f.t.Errorf("%s: got data %s, want an error with code %s", name, resp.Data, code)
		return apitest.Error{}
	}
	e := resp.Errors[0]
	if e.Code() != code {
		f.t.Errorf("%s: got error code %q (%s), want %s", name, e.Code(), e.Message, code)
	}
	return e
}

// badInput sends a mutation that must be refused as BAD_USER_INPUT naming
// field, changing nothing.
func (f *adminFixture) badInput(name, query string, vars map[string]any, field string) {
	f.t.Helper()
	e := f.fails(name, f.admin, query, vars, "BAD_USER_INPUT")
	if got, _ := e.Extensions["field"].(string); got != field {
		f.t.Errorf("%s: extensions.field = %q (%s), want %q", name, got, e.Message, field)
	}
}

// orgUnitCodes returns the codes of the org units the holder of token reads.
func (f *adminFixture) orgUnitCodes(token string) []string {
	f.t.Helper()
	var out struct {
		OrgUnits struct {
			Edges []struct{ Node struct{ Code string } }
		}
	}
	f.api.OK(token, `{ orgUnits(first: 100) { edges { node { code } } } }`, nil, &out)
	codes := make([]string, len(out.OrgUnits.Edges))
	for i, e := range out.OrgUnits.Edges {
		codes[i] = e.Node.Code
	}
	slices.Sort(codes)
	return codes
}

// ancestors returns the codes of the ancestors of the org unit with id.
func (f *adminFixture) ancestors(id string) []string {
	f.t.Helper()
	var out struct {
		OrgUnit struct{ Ancestors []struct{ Code string } }
	}
	f.api.OK(f.admin, `query($id: ID!) { orgUnit(id: $id) { ancestors { code } } }`, map[string]any{"id": id}, &out)
	codes := make([]string, len(out.OrgUnit.Ancestors))
	for i, a := range out.OrgUnit.Ancestors {
		codes[i] = a.Code
	}
	return codes
}

// login logs in and returns the token.
func (f *adminFixture) login(username, password string) string {
	f.t.Helper()
	var out struct{ Login struct{ Token string } }
	f.api.OK("", `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }`,
		map[string]any{"u": username, "p": password}, &out)
	return out.Login.Token
}

type createdUnit struct {
	CreateOrgUnit struct {
		ID, Code, Name, Kind, NegativeFormula string
		Parent                                struct{ Code string }
		Ancestors                             []struct{ Code string }
	}
}

// TestAdminCreatesOrgUnitAndUser: a Subbagian created under BAG-UMUM joins
// the tree at the right place, and a user created in it logs in and reads
// only that unit.
func TestAdminCreatesOrgUnitAndUser(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		f := newAdminFixture(t, st)
		var created createdUnit
		f.api.OK(f.admin, createOrgUnitMutation, map[string]any{"in": map[string]any{
			"parentId": f.unit["BAG-UMUM"], "code": "  SUBBAG-RT ", "name": "Subbagian Rumah Tangga", "kind": "SUBDIVISION",
		}}, &created)
		u := created.CreateOrgUnit
		var ancestors []string
		for _, a := range u.Ancestors {
			ancestors = append(ancestors, a.Code)
		}
		if u.Code != "SUBBAG-RT" || u.Kind != "SUBDIVISION" || u.Parent.Code != "BAG-UMUM" || u.NegativeFormula != "GAP" {
			t.Errorf("created %+v, want code SUBBAG-RT (trimmed), kind SUBDIVISION, parent BAG-UMUM, formula GAP", u)
		}
		if want := []string{"KUKAR", "SETDA", "ASISTEN-ADUM", "BAG-UMUM"}; !slices.Equal(ancestors, want) {
			t.Errorf("ancestors = %v, want %v", ancestors, want)
		}

		var children struct {
			OrgUnit  struct{ Children []struct{ Code string } }
			OrgUnits struct {
				Edges []struct{ Node struct{ Code string } }
			}
		}
		f.api.OK(f.admin, `query($id: ID!) { orgUnit(id: $id) { children { code } } orgUnits(parentId: $id) { edges { node { code } } } }`,
			map[string]any{"id": f.unit["BAG-UMUM"]}, &children)
		if len(children.OrgUnit.Children) != 1 || children.OrgUnit.Children[0].Code != "SUBBAG-RT" ||
			len(children.OrgUnits.Edges) != 1 || children.OrgUnits.Edges[0].Node.Code != "SUBBAG-RT" {
			t.Errorf("children of BAG-UMUM = %+v, want SUBBAG-RT only", children)
		}
		if got, want := f.orgUnitCodes(f.api.Token("bagian.umum")), []string{"BAG-UMUM", "SUBBAG-RT"}; !slices.Equal(got, want) {
			t.Errorf("bagian.umum reads %v, want %v", got, want)
		}
		if got := f.orgUnitCodes(f.api.Token("asisten.adum")); !slices.Contains(got, "SUBBAG-RT") {
			t.Errorf("asisten.adum reads %v, want SUBBAG-RT among them", got)
		}

		var user struct {
			CreateUser struct {
				ID, Username, DisplayName, Role string
				Active                          bool
				OrgUnit                         struct{ Code string }
			}
		}
		const password = "rumah-tangga-2024"
		f.api.OK(f.admin, createUserMutation, map[string]any{"in": map[string]any{
			"username": "operator.rt", "displayName": "Operator Subbagian Rumah Tangga", "password": password,
			"role": "OPERATOR", "orgUnitId": u.ID,
		}}, &user)
		if got := user.CreateUser; got.Username != "operator.rt" || got.Role != "OPERATOR" || !got.Active || got.OrgUnit.Code != "SUBBAG-RT" {
			t.Errorf("created user %+v, want operator.rt, OPERATOR, active, in SUBBAG-RT", got)
		}
		token := f.login("operator.rt", password)
		var me struct {
			Me struct {
				Username string
				OrgUnit  struct{ Code string }
			}
			Indicators struct{ TotalCount int }
		}
		f.api.OK(token, `{ me { username orgUnit { code } } indicators { totalCount } }`, nil, &me)
		if me.Me.Username != "operator.rt" || me.Me.OrgUnit.Code != "SUBBAG-RT" || me.Indicators.TotalCount != 0 {
			t.Errorf("operator.rt: me %+v, %d indicators; want operator.rt in SUBBAG-RT with 0 indicators", me.Me, me.Indicators.TotalCount)
		}
		if got, want := f.orgUnitCodes(token), []string{"SUBBAG-RT"}; !slices.Equal(got, want) {
			t.Errorf("operator.rt reads %v, want %v", got, want)
		}
		f.api.Fails(token, `query($id: ID!) { budget(year: 2023, orgUnitId: $id) { pagu } }`,
			map[string]any{"id": f.unit["BAG-UMUM"]}, "FORBIDDEN")
		f.api.Fails("", `mutation { login(username: "operator.rt", password: "wrong-password") { token } }`, nil, "UNAUTHENTICATED")
	})
}

// TestMoveOrgUnitMovesSubtree: moving a Bagian under another Asisten moves
// its Subbagian with it, and with them their budget.
func TestMoveOrgUnitMovesSubtree(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		f := newAdminFixture(t, st)
		pagu := func(code string) domain.Money {
			t.Helper()
			var out struct{ Budget struct{ Pagu string } }
			f.api.OK(f.admin, `query($id: ID!) { budget(year: 2023, orgUnitId: $id) { pagu } }`, map[string]any{"id": f.unit[code]}, &out)
			m, err := domain.ParseMoney(out.Budget.Pagu)
			apitest.Must(t, err)
			return m
		}
		adum, ekbang, prokopim := pagu("ASISTEN-ADUM"), pagu("ASISTEN-EKBANG"), pagu("BAG-PROKOPIM")
		if prokopim == 0 {
			t.Fatal("BAG-PROKOPIM has no budget in 2023: the test needs one")
		}

		var moved struct {
			UpdateOrgUnit struct {
				Parent    struct{ Code string }
				Ancestors []struct{ Code string }
			}
		}
		f.api.OK(f.admin, updateOrgUnitMutation, map[string]any{"id": f.unit["BAG-PROKOPIM"],
			"in": map[string]any{"parentId": f.unit["ASISTEN-EKBANG"]}}, &moved)
		if moved.UpdateOrgUnit.Parent.Code != "ASISTEN-EKBANG" {
			t.Errorf("parent after the move = %s, want ASISTEN-EKBANG", moved.UpdateOrgUnit.Parent.Code)
		}
		if got, want := f.ancestors(f.unit["SUBBAG-PROTOKOL"]), []string{"KUKAR", "SETDA", "ASISTEN-EKBANG", "BAG-PROKOPIM"}; !slices.Equal(got, want) {
			t.Errorf("ancestors of SUBBAG-PROTOKOL = %v, want %v", got, want)
		}
		ekbangUnits := f.orgUnitCodes(f.api.Token("asisten.ekbang"))
		adumUnits := f.orgUnitCodes(f.api.Token("asisten.adum"))
		for _, code := range []string{"BAG-PROKOPIM", "SUBBAG-PROTOKOL"} {
			if !slices.Contains(ekbangUnits, code) || slices.Contains(adumUnits, code) {
				t.Errorf("%s: asisten.ekbang reads %v, asisten.adum reads %v; want it under EKBANG only", code, ekbangUnits, adumUnits)
			}
		}
		if got, want := pagu("ASISTEN-ADUM"), adum-prokopim; got != want {
			t.Errorf("pagu of ASISTEN-ADUM after the move = %s, want %s", got, want)
		}
		if got, want := pagu("ASISTEN-EKBANG"), ekbang+prokopim; got != want {
			t.Errorf("pagu of ASISTEN-EKBANG after the move = %s, want %s", got, want)
		}

		// A unit added below the moved subtree gets a path under the new place.
		var created createdUnit
		f.api.OK(f.admin, createOrgUnitMutation, map[string]any{"in": map[string]any{
			"parentId": f.unit["SUBBAG-PROTOKOL"], "code": "SEKSI-ACARA", "name": "Seksi Acara", "kind": "SUBDIVISION",
		}}, &created)
		if got, want := f.ancestors(created.CreateOrgUnit.ID), []string{"KUKAR", "SETDA", "ASISTEN-EKBANG", "BAG-PROKOPIM", "SUBBAG-PROTOKOL"}; !slices.Equal(got, want) {
			t.Errorf("ancestors of SEKSI-ACARA = %v, want %v", got, want)
		}

		// Nothing moves into its own subtree.
		for _, into := range []string{"BAG-PROKOPIM", "SUBBAG-PROTOKOL"} {
			f.badInput("move into "+into, updateOrgUnitMutation, map[string]any{"id": f.unit["BAG-PROKOPIM"],
				"in": map[string]any{"parentId": f.unit[into]}}, "parentId")
		}
		f.badInput("move into SEKSI-ACARA", updateOrgUnitMutation, map[string]any{"id": f.unit["BAG-PROKOPIM"],
			"in": map[string]any{"parentId": created.CreateOrgUnit.ID}}, "parentId")

		// And back: the subtree returns whole.
		f.api.OK(f.admin, updateOrgUnitMutation, map[string]any{"id": f.unit["BAG-PROKOPIM"],
			"in": map[string]any{"parentId": f.unit["ASISTEN-ADUM"]}}, nil)
		if got, want := f.ancestors(created.CreateOrgUnit.ID), []string{"KUKAR", "SETDA", "ASISTEN-ADUM", "BAG-PROKOPIM", "SUBBAG-PROTOKOL"}; !slices.Equal(got, want) {
			t.Errorf("ancestors of SEKSI-ACARA after moving back = %v, want %v", got, want)
		}
		if got := pagu("ASISTEN-ADUM"); got != adum {
			t.Errorf("pagu of ASISTEN-ADUM after moving back = %s, want %s", got, adum)
		}
	})
}

// managementCalls returns one call of every management mutation, each on
// rows in the subtree of BAG-UMUM or the Setda plan, with valid input.
func (f *adminFixture) managementCalls() []struct {
	name, query string
	vars        map[string]any
} {
	activity := map[string]any{"code": "01.99", "name": "Kegiatan Baru", "orgUnitId": f.unit["BAG-UMUM"]}
	return []struct {
		name, query string
		vars        map[string]any
	}{
		{"createUser", createUserMutation, map[string]any{"in": map[string]any{"username": "baru", "displayName": "Baru",
			"password": "password-baru", "role": "OPERATOR", "orgUnitId": f.unit["BAG-UMUM"]}}},
		{"updateUser", updateUserMutation, map[string]any{"id": f.user["bagian.umum"], "in": map[string]any{"displayName": "Renamed"}}},
		{"updateUser password", updateUserMutation, map[string]any{"id": f.user["bagian.umum"], "in": map[string]any{"password": "another-password"}}},
		{"deleteUser", deleteUserMutation, map[string]any{"id": f.user["bagian.umum"]}},
		{"createOrgUnit", createOrgUnitMutation, map[string]any{"in": map[string]any{"parentId": f.unit["BAG-UMUM"],
			"code": "SUBBAG-X", "name": "Subbagian X", "kind": "SUBDIVISION"}}},
		{"updateOrgUnit", updateOrgUnitMutation, map[string]any{"id": f.unit["BAG-UMUM"], "in": map[string]any{"name": "Renamed"}}},
		{"deleteOrgUnit", deleteOrgUnitMutation, map[string]any{"id": f.unit["SUBBAG-PROTOKOL"]}},
		{"createPlan", createPlanMutation, map[string]any{"in": map[string]any{"orgUnitId": f.unit["BAG-UMUM"],
			"name": "Renstra", "startYear": 2027, "endYear": 2031, "vision": "Visi"}}},
		{"updatePlan", updatePlanMutation, map[string]any{"id": f.plan, "in": map[string]any{"name": "Renamed"}}},
		{"createMission", createMissionMutation, map[string]any{"plan": f.plan, "in": map[string]any{"number": 9, "text": "Misi"}}},
		{"updateMission", updateMissionMutation, map[string]any{"id": f.mission[1], "in": map[string]any{"number": 1, "text": "Misi"}}},
		{"createGoal", createGoalMutation, map[string]any{"plan": f.plan, "in": map[string]any{"code": "T9", "name": "Tujuan"}}},
		{"updateGoal", updateGoalMutation, map[string]any{"id": f.goal["T1"], "in": map[string]any{"code": "T1", "name": "Tujuan"}}},
		{"createSasaran", createSasaranMutation, map[string]any{"goal": f.goal["T1"], "in": map[string]any{"code": "S99", "name": "Sasaran"}}},
		{"updateSasaran", updateSasaranMutation, map[string]any{"id": f.sasaran["S5"], "in": map[string]any{"code": "S5", "name": "Sasaran"}}},
		{"createProgram", createProgramMutation, map[string]any{"plan": f.plan, "in": map[string]any{"code": "09", "name": "Program"}}},
		{"updateProgram", updateProgramMutation, map[string]any{"id": f.program["01"], "in": map[string]any{"code": "01", "name": "Program"}}},
		{"createActivity", createActivityMutation, map[string]any{"program": f.program["01"], "in": activity}},
		{"updateActivity", updateActivityMutation, map[string]any{"id": f.activity["01.04"], "in": activity}},
		{"createSubActivity", createSubActivityMutation, map[string]any{"activity": f.activity["01.04"], "in": activity}},
		{"updateSubActivity", updateSubActivityMutation, map[string]any{"id": f.sub["01.04.01"], "in": activity}},
		{"deletePlanElement", deletePlanElementMutation, map[string]any{"kind": "SUB_ACTIVITY", "id": f.sub["01.04.01"]}},
		{"createIndicator", createIndicatorMutation, map[string]any{"in": map[string]any{"code": "IKU-99", "name": "Indikator",
			"unit": "Persen", "polarity": "POSITIVE", "accumulation": "LAST", "level": "SASARAN",
			"elementId": f.sasaran["S5"], "ownerId": f.unit["BAG-UMUM"]}}},
		{"updateIndicator", updateIndicatorMutation, map[string]any{"id": f.indicator["IKU-12"], "in": map[string]any{"name": "Renamed"}}},
		{"deleteIndicator", deleteIndicatorMutation, map[string]any{"id": f.indicator["IKU-12"]}},
	}
}

// TestManagementForbidden: an OPERATOR, an APPROVER and a VIEWER manage
// nothing, not even their own unit; an ADMIN below the root manages only its
// subtree.
func TestManagementForbidden(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		f := newAdminFixture(t, st)
		for _, user := range []string{"bagian.umum", "sekda", "bi"} {
			token := f.api.Token(user)
			for _, c := range f.managementCalls() {
				f.fails(user+" "+c.name, token, c.query, c.vars, "FORBIDDEN")
			}
		}

		// An ADMIN of ASISTEN-ADUM.
		f.api.OK(f.admin, createUserMutation, map[string]any{"in": map[string]any{"username": "admin.adum",
			"displayName": "Admin ADUM", "password": "admin-adum-pass", "role": "ADMIN", "orgUnitId": f.unit["ASISTEN-ADUM"]}}, nil)
		scoped := f.login("admin.adum", "admin-adum-pass")
		outside := []struct {
			name, query string
			vars        map[string]any
		}{
			{"unit under BAG-TAPEM", createOrgUnitMutation, map[string]any{"in": map[string]any{"parentId": f.unit["BAG-TAPEM"],
				"code": "SUBBAG-X", "name": "Subbagian X", "kind": "SUBDIVISION"}}},
			{"move BAG-UMUM under ASISTEN-EKBANG", updateOrgUnitMutation, map[string]any{"id": f.unit["BAG-UMUM"],
				"in": map[string]any{"parentId": f.unit["ASISTEN-EKBANG"]}}},
			{"user in BAG-TAPEM", createUserMutation, map[string]any{"in": map[string]any{"username": "baru", "displayName": "Baru",
				"password": "password-baru", "role": "OPERATOR", "orgUnitId": f.unit["BAG-TAPEM"]}}},
			{"move bagian.umum to BAG-TAPEM", updateUserMutation, map[string]any{"id": f.user["bagian.umum"],
				"in": map[string]any{"orgUnitId": f.unit["BAG-TAPEM"]}}},
			{"delete sekda", deleteUserMutation, map[string]any{"id": f.user["sekda"]}},
			{"goal of the Setda plan", createGoalMutation, map[string]any{"plan": f.plan, "in": map[string]any{"code": "T9", "name": "Tujuan"}}},
			{"indicator owned by BAG-UMUM", updateIndicatorMutation, map[string]any{"id": f.indicator["IKU-12"], "in": map[string]any{"name": "Renamed"}}},
		}
		for _, c := range outside {
			f.fails("admin.adum: "+c.name, scoped, c.query, c.vars, "FORBIDDEN")
		}
		var created createdUnit
		f.api.OK(scoped, createOrgUnitMutation, map[string]any{"in": map[string]any{"parentId": f.unit["BAG-UMUM"],
			"code": "SUBBAG-Y", "name": "Subbagian Y", "kind": "SUBDIVISION"}}, &created)
		if created.CreateOrgUnit.Parent.Code != "BAG-UMUM" {
			t.Errorf("admin.adum created %+v, want a unit under BAG-UMUM", created.CreateOrgUnit)
		}
	})
}

// TestUserLifecycle: duplicate usernames, deactivation, password change,
// and an admin that may not lock itself out.
func TestUserLifecycle(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		f := newAdminFixture(t, st)
		e := f.fails("duplicate username", f.admin, createUserMutation, map[string]any{"in": map[string]any{"username": "sekda", "displayName": "Another",
			"password": "password-baru", "role": "VIEWER", "orgUnitId": f.unit["SETDA"]}}, "CONFLICT")
		if !strings.Contains(e.Message, `"sekda"`) {
			t.Errorf("duplicate username message %q, want it to name the username", e.Message)
		}

		umum := f.api.Token("bagian.umum")
		var updated struct {
			UpdateUser struct {
				Active      bool
				DisplayName string
			}
		}
		f.api.OK(f.admin, updateUserMutation, map[string]any{"id": f.user["bagian.umum"],
			"in": map[string]any{"active": false, "displayName": "  Operator Umum  "}}, &updated)
		if updated.UpdateUser.Active || updated.UpdateUser.DisplayName != "Operator Umum" {
			t.Errorf("updated %+v, want inactive, displayName trimmed", updated.UpdateUser)
		}
		f.api.Fails(umum, `{ me { username } }`, nil, "UNAUTHENTICATED")
		f.api.Fails("", `mutation { login(username: "bagian.umum", password: "`+testdb.Password+`") { token } }`, nil, "UNAUTHENTICATED")
		var users struct {
			Users struct {
				Edges []struct{ Node struct{ Username string } }
			}
		}
		f.api.OK(f.admin, `{ users(first: 100) { edges { node { username } } } }`, nil, &users)
		if !slices.ContainsFunc(users.Users.Edges, func(e struct{ Node struct{ Username string } }) bool { return e.Node.Username == "bagian.umum" }) {
			t.Error("a deactivated user's row is gone, want it kept")
		}

		f.api.OK(f.admin, updateUserMutation, map[string]any{"id": f.user["bagian.umum"],
			"in": map[string]any{"active": true, "password": "a-new-password"}}, nil)
		f.login("bagian.umum", "a-new-password")
		f.api.Fails("", `mutation { login(username: "bagian.umum", password: "`+testdb.Password+`") { token } }`, nil, "UNAUTHENTICATED")

		f.fails("deactivate oneself", f.admin, updateUserMutation, map[string]any{"id": f.user["admin"], "in": map[string]any{"active": false}}, "BAD_USER_INPUT")
		f.fails("demote oneself", f.admin, updateUserMutation, map[string]any{"id": f.user["admin"], "in": map[string]any{"role": "VIEWER"}}, "BAD_USER_INPUT")
		f.fails("delete oneself", f.admin, deleteUserMutation, map[string]any{"id": f.user["admin"]}, "BAD_USER_INPUT")
		f.fails("delete an unknown user", f.admin, deleteUserMutation, map[string]any{"id": apitest.GID("User", 999999)}, "NOT_FOUND")

		var deleted struct{ DeleteUser string }
		f.api.OK(f.admin, deleteUserMutation, map[string]any{"id": f.user["bi"]}, &deleted)
		if deleted.DeleteUser != f.user["bi"] {
			t.Errorf("deleteUser returned %q, want %q", deleted.DeleteUser, f.user["bi"])
		}
		f.api.Fails("", `mutation { login(username: "bi", password: "`+testdb.Password+`") { token } }`, nil, "UNAUTHENTICATED")
	})
}

// TestDeleteOrgUnit: only an empty unit can go, and never the caller's own.
func TestDeleteOrgUnit(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		f := newAdminFixture(t, st)
		refused := []struct {
			code, want string
		}{
			{"BAG-PROKOPIM", "1 child unit"},
			{"BAG-HUKUM", "1 user"},
			{"BAG-RENKEU", "indicators"},
			{"SETDA", "1 plan"},
			{"KUKAR", "your own org unit"},
		}
		for _, r := range refused {
			e := f.fails("delete "+r.code, f.admin, deleteOrgUnitMutation, map[string]any{"id": f.unit[r.code]}, "CONFLICT")
			if !strings.Contains(e.Message, r.want) {
				t.Errorf("deleting %s: message %q, want it to say %q", r.code, e.Message, r.want)
			}
		}
		f.fails("delete an unknown unit", f.admin, deleteOrgUnitMutation, map[string]any{"id": apitest.GID("OrgUnit", 999999)}, "NOT_FOUND")

		var created createdUnit
		f.api.OK(f.admin, createOrgUnitMutation, map[string]any{"in": map[string]any{"parentId": f.unit["BAG-UMUM"],
			"code": "SUBBAG-TMP", "name": "Subbagian Sementara", "kind": "SUBDIVISION"}}, &created)
		var deleted struct{ DeleteOrgUnit string }
		f.api.OK(f.admin, deleteOrgUnitMutation, map[string]any{"id": created.CreateOrgUnit.ID}, &deleted)
		if deleted.DeleteOrgUnit != created.CreateOrgUnit.ID {
			t.Errorf("deleteOrgUnit returned %q, want %q", deleted.DeleteOrgUnit, created.CreateOrgUnit.ID)
		}
		f.api.Fails(f.admin, `query($id: ID!) { orgUnit(id: $id) { code } }`, map[string]any{"id": created.CreateOrgUnit.ID}, "NOT_FOUND")
	})
}

// TestCreateIndicatorThenEnterData: an indicator an admin creates on S1 for
// BAG-ORGANISASI is entered and computed like the demo's own, by its owner
// only.
func TestCreateIndicatorThenEnterData(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		f := newAdminFixture(t, st)
		var created struct {
			CreateIndicator struct {
				ID, Code, Level string
				Formula         *string
				Owner, Sasaran  struct{ Code string }
				RenstraTarget   struct{ Text string }
				Baseline        struct{ Text string }
			}
		}
		f.api.OK(f.admin, createIndicatorMutation, map[string]any{"in": map[string]any{
			"code": "IKU-28", "name": "Indeks Reformasi Birokrasi", "unit": "Nilai", "polarity": "POSITIVE",
			"accumulation": "LAST", "level": "SASARAN", "elementId": f.sasaran["S1"], "ownerId": f.unit["BAG-ORGANISASI"],
			"formula": "  ", "renstraTarget": map[string]any{"value": 90}, "baseline": map[string]any{"min": 60, "max": 70, "label": "B (60-70)"},
		}}, &created)
		ind := created.CreateIndicator
		if ind.Code != "IKU-28" || ind.Level != "SASARAN" || ind.Owner.Code != "BAG-ORGANISASI" || ind.Sasaran.Code != "S1" ||
			ind.Formula != nil || ind.RenstraTarget.Text != "90" || ind.Baseline.Text != "B (60-70)" {
			t.Errorf("created %+v, want IKU-28 on S1 owned by BAG-ORGANISASI, no formula, renstra 90, baseline B (60-70)", ind)
		}

		var s1 struct {
			Sasaran struct{ Indicators []struct{ Code string } }
		}
		f.api.OK(f.admin, `query($id: ID!) { sasaran(id: $id) { indicators { code } } }`, map[string]any{"id": f.sasaran["S1"]}, &s1)
		codes := make([]string, len(s1.Sasaran.Indicators))
		for i, c := range s1.Sasaran.Indicators {
			codes[i] = c.Code
		}
		if want := []string{"IKU-01", "IKU-02", "IKU-03", "IKU-28"}; !slices.Equal(codes, want) {
			t.Errorf("indicators of S1 = %v, want %v (the new one last)", codes, want)
		}

		organisasi := f.api.Token("bagian.organisasi")
		setTarget := `mutation($id: ID!) { setTarget(input: {indicatorId: $id, year: 2023, value: 80}) { text } }`
		record := `mutation($id: ID!) { recordRealisation(input: {indicatorId: $id, year: 2023, period: YEAR, value: 92}) { value } }`
		vars := map[string]any{"id": ind.ID}
		f.api.Fails(f.api.Token("bagian.umum"), setTarget, vars, "FORBIDDEN")
		f.api.OK(organisasi, setTarget, vars, nil)
		f.api.OK(organisasi, record, vars, nil)
		var got struct {
			Indicator struct {
				Achievement struct {
					Capaian  *float64
					State    string
					Category string
					Met      bool
				}
			}
		}
		f.api.OK(organisasi, `query($id: ID!) { indicator(id: $id) { achievement(year: 2023) { capaian state category met } } }`, vars, &got)
		a := got.Indicator.Achievement
		if a.Capaian == nil || apitest.Round2(*a.Capaian) != 115 || a.State != "COMPUTED" || a.Category != "SANGAT_TINGGI" || !a.Met {
			t.Errorf("achievement = %+v, want capaian 115 COMPUTED SANGAT_TINGGI met", a)
		}

		// A new owner enters its data; the old one no longer may.
		var updated struct {
			UpdateIndicator struct {
				Name  string
				Owner struct{ Code string }
			}
		}
		f.api.OK(f.admin, updateIndicatorMutation, map[string]any{"id": ind.ID, "in": map[string]any{"ownerId": f.unit["BAG-UMUM"]}}, &updated)
		if updated.UpdateIndicator.Owner.Code != "BAG-UMUM" || updated.UpdateIndicator.Name != "Indeks Reformasi Birokrasi" {
			t.Errorf("updated %+v, want owner BAG-UMUM and the name kept", updated.UpdateIndicator)
		}
		f.api.Fails(organisasi, setTarget, vars, "FORBIDDEN")
		f.api.OK(f.api.Token("bagian.umum"), setTarget, vars, nil)

		f.fails("duplicate indicator code", f.admin, createIndicatorMutation, map[string]any{"in": map[string]any{
			"code": "IKU-01", "name": "Duplikat", "unit": "Nilai", "polarity": "POSITIVE", "accumulation": "LAST",
			"level": "SASARAN", "elementId": f.sasaran["S1"], "ownerId": f.unit["BAG-ORGANISASI"]}}, "CONFLICT")

		var deleted struct{ DeleteIndicator string }
		f.api.OK(f.admin, deleteIndicatorMutation, vars, &deleted)
		f.api.Fails(f.admin, `query($id: ID!) { indicator(id: $id) { code } }`, vars, "NOT_FOUND")
		var total struct{ Indicators struct{ TotalCount int } }
		f.api.OK(f.admin, `{ indicators { totalCount } }`, nil, &total)
		if total.Indicators.TotalCount != 40 {
			t.Errorf("after deleting it, %d indicators, want the demo's 40", total.Indicators.TotalCount)
		}
	})
}

// TestAdminBadInput: bad input is refused whole, naming the field.
func TestAdminBadInput(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		f := newAdminFixture(t, st)
		unit := func(over map[string]any) map[string]any {
			in := map[string]any{"parentId": f.unit["BAG-UMUM"], "code": "SUBBAG-X", "name": "Subbagian X", "kind": "SUBDIVISION"}
			for k, v := range over {
				in[k] = v
			}
			return map[string]any{"in": in}
		}
		plan := func(over map[string]any) map[string]any {
			in := map[string]any{"orgUnitId": f.unit["SETDA"], "name": "Renstra 2027-2031", "startYear": 2027, "endYear": 2031, "vision": "Visi"}
			for k, v := range over {
				in[k] = v
			}
			return map[string]any{"in": in}
		}
		indicator := func(over map[string]any) map[string]any {
			in := map[string]any{"code": "IKU-99", "name": "Indikator", "unit": "Persen", "polarity": "POSITIVE",
				"accumulation": "LAST", "level": "SASARAN", "elementId": f.sasaran["S1"], "ownerId": f.unit["BAG-ORGANISASI"]}
			for k, v := range over {
				in[k] = v
			}
			return map[string]any{"in": in}
		}
		user := func(over map[string]any) map[string]any {
			in := map[string]any{"username": "baru", "displayName": "Baru", "password": "password-baru", "role": "OPERATOR", "orgUnitId": f.unit["BAG-UMUM"]}
			for k, v := range over {
				in[k] = v
			}
			return map[string]any{"in": in}
		}
		// S18's id is no goal's: as a GOAL it is an elementId of the wrong
		// level.
		wrongLevel := f.sasaran["S18"]
		for code, id := range f.goal {
			if apitest.RowID(t, id) == apitest.RowID(t, wrongLevel) {
				t.Fatalf("goal %s and sasaran S18 share id %s: pick another wrong-level id", code, id)
			}
		}
		long := strings.Repeat("a", 600)
		tests := []struct {
			name, query string
			vars        map[string]any
			field       string
		}{
			{"empty code", createOrgUnitMutation, unit(map[string]any{"code": "   "}), "code"},
			{"600-character name", createOrgUnitMutation, unit(map[string]any{"name": long}), "name"},
			{"51-character code", createOrgUnitMutation, unit(map[string]any{"code": strings.Repeat("K", 51)}), "code"},
			{"rename to empty", updateOrgUnitMutation, map[string]any{"id": f.unit["BAG-UMUM"], "in": map[string]any{"name": ""}}, "name"},
			{"endYear before startYear", createPlanMutation, plan(map[string]any{"startYear": 2030, "endYear": 2027}), "endYear"},
			{"period over 20 years", createPlanMutation, plan(map[string]any{"startYear": 2027, "endYear": 2050}), "endYear"},
			{"year before 1900", createPlanMutation, plan(map[string]any{"startYear": 1800}), "startYear"},
			{"empty vision", createPlanMutation, plan(map[string]any{"vision": ""}), "vision"},
			{"update endYear before startYear", updatePlanMutation, map[string]any{"id": f.plan, "in": map[string]any{"endYear": 2020}}, "endYear"},
			{"mission number 0", createMissionMutation, map[string]any{"plan": f.plan, "in": map[string]any{"number": 0, "text": "Misi"}}, "number"},
			{"mission text over 2000", createMissionMutation, map[string]any{"plan": f.plan, "in": map[string]any{"number": 7, "text": strings.Repeat("m", 2001)}}, "text"},
			{"goal without name", createGoalMutation, map[string]any{"plan": f.plan, "in": map[string]any{"code": "T9", "name": " "}}, "name"},
			{"sasaran without code", createSasaranMutation, map[string]any{"goal": f.goal["T1"], "in": map[string]any{"code": "", "name": "Sasaran"}}, "code"},
			{"activity outside the plan's agency", createActivityMutation, map[string]any{"program": f.program["01"],
				"in": map[string]any{"code": "01.99", "name": "Kegiatan", "orgUnitId": f.unit["KUKAR"]}}, "orgUnitId"},
			{"sub-activity outside the plan's agency", updateSubActivityMutation, map[string]any{"id": f.sub["01.04.01"],
				"in": map[string]any{"code": "01.04.01", "name": "Sub", "orgUnitId": f.unit["KUKAR"]}}, "orgUnitId"},
			{"owner outside the plan's agency", createIndicatorMutation, indicator(map[string]any{"ownerId": f.unit["KUKAR"]}), "ownerId"},
			{"new owner outside the plan's agency", updateIndicatorMutation, map[string]any{"id": f.indicator["IKU-12"],
				"in": map[string]any{"ownerId": f.unit["KUKAR"]}}, "ownerId"},
			{"elementId of the wrong level", createIndicatorMutation, indicator(map[string]any{"level": "GOAL", "elementId": wrongLevel}), "elementId"},
			{"elementId of no element", createIndicatorMutation, indicator(map[string]any{"elementId": apitest.GID("Sasaran", 999999)}), "elementId"},
			{"renstra value and band", createIndicatorMutation, indicator(map[string]any{"renstraTarget": map[string]any{"value": 1, "min": 1, "max": 2}}), "renstraTarget.value"},
			{"negative baseline", createIndicatorMutation, indicator(map[string]any{"baseline": map[string]any{"value": -1}}), "baseline.value"},
			{"empty unit of measure", createIndicatorMutation, indicator(map[string]any{"unit": ""}), "unit"},
			{"uppercase username", createUserMutation, user(map[string]any{"username": "Budi"}), "username"},
			{"two-letter username", createUserMutation, user(map[string]any{"username": "bu"}), "username"},
			{"short password", createUserMutation, user(map[string]any{"password": "short"}), "password"},
			{"empty display name", createUserMutation, user(map[string]any{"displayName": ""}), "displayName"},
			{"short new password", updateUserMutation, map[string]any{"id": f.user["bagian.umum"], "in": map[string]any{"password": "short"}}, "password"},
		}
		for _, tt := range tests {
			f.badInput(tt.name, tt.query, tt.vars, tt.field)
		}
	})
}

// TestPlanElements: elements are added in order and deleted only when
// nothing depends on them.
func TestPlanElements(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		f := newAdminFixture(t, st)
		refused := []struct {
			kind, id, want string
		}{
			{"PROGRAM", f.program["01"], "11 activities"},
			{"ACTIVITY", f.activity["01.04"], "2 sub-activities"},
			{"SUB_ACTIVITY", f.sub["01.01.01"], "budget line"},
			{"SASARAN", f.sasaran["S1"], "3 indicators"},
			{"GOAL", f.goal["T1"], "18 sasaran"},
			{"MISSION", f.mission[1], "1 goal"},
			{"PLAN", f.plan, "goal"},
		}
		for _, r := range refused {
			e := f.fails("delete "+r.kind, f.admin, deletePlanElementMutation, map[string]any{"kind": r.kind, "id": r.id}, "CONFLICT")
			if !strings.Contains(e.Message, r.want) {
				t.Errorf("deleting %s %s: message %q, want it to say %q", r.kind, r.id, e.Message, r.want)
			}
		}
		f.fails("delete an unknown goal", f.admin, deletePlanElementMutation, map[string]any{"kind": "GOAL", "id": apitest.GID("Goal", 999999)}, "NOT_FOUND")

		var goal struct{ CreateGoal struct{ ID, Code string } }
		f.api.OK(f.admin, createGoalMutation, map[string]any{"plan": f.plan, "in": map[string]any{"code": "T2", "name": "Tujuan Baru"}}, &goal)
		var program struct {
			CreateProgram struct {
				ID      string
				Sasaran []struct{ Code string }
			}
		}
		f.api.OK(f.admin, createProgramMutation, map[string]any{"plan": f.plan, "in": map[string]any{"code": "04", "name": "Program Baru",
			"sasaranIds": []string{f.sasaran["S1"], f.sasaran["S2"], f.sasaran["S1"]}}}, &program)
		if got := program.CreateProgram.Sasaran; len(got) != 2 || got[0].Code != "S1" || got[1].Code != "S2" {
			t.Errorf("sasaran of the new program = %+v, want S1 and S2", got)
		}
		f.api.OK(f.admin, createActivityMutation, map[string]any{"program": f.program["01"],
			"in": map[string]any{"code": "01.12", "name": "Kegiatan Baru", "orgUnitId": f.unit["SUBBAG-PROTOKOL"]}}, nil)
		f.fails("duplicate goal code", f.admin, createGoalMutation, map[string]any{"plan": f.plan, "in": map[string]any{"code": "T1", "name": "Duplikat"}}, "CONFLICT")

		var plan struct {
			Plan struct {
				Goals    []struct{ Code string }
				Programs []struct {
					Code       string
					Activities []struct{ Code string }
				}
			}
		}
		readPlan := func() {
			t.Helper()
			f.api.OK(f.admin, `query($id: ID!) { plan(id: $id) { goals { code } programs { code activities { code } } } }`,
				map[string]any{"id": f.plan}, &plan)
		}
		readPlan()
		if n := len(plan.Plan.Goals); n != 2 || plan.Plan.Goals[1].Code != "T2" {
			t.Errorf("goals = %+v, want T1 then T2", plan.Plan.Goals)
		}
		if n := len(plan.Plan.Programs); n != 4 || plan.Plan.Programs[3].Code != "04" {
			t.Errorf("programs = %+v, want 01, 02, 03 then 04", plan.Plan.Programs)
		}
		if acts := plan.Plan.Programs[0].Activities; acts[len(acts)-1].Code != "01.12" {
			t.Errorf("activities of 01 end with %s, want the new 01.12 last", acts[len(acts)-1].Code)
		}

		// updateProgram replaces the links when sasaranIds is given.
		var updated struct {
			UpdateProgram struct{ Sasaran []struct{ Code string } }
		}
		f.api.OK(f.admin, updateProgramMutation, map[string]any{"id": program.CreateProgram.ID,
			"in": map[string]any{"code": "04", "name": "Program Baru", "sasaranIds": []string{f.sasaran["S3"]}}}, &updated)
		if got := updated.UpdateProgram.Sasaran; len(got) != 1 || got[0].Code != "S3" {
			t.Errorf("sasaran after update = %+v, want S3 only", got)
		}

		for _, del := range []struct{ kind, id string }{{"GOAL", goal.CreateGoal.ID}, {"PROGRAM", program.CreateProgram.ID}} {
			var out struct{ DeletePlanElement string }
			f.api.OK(f.admin, deletePlanElementMutation, map[string]any{"kind": del.kind, "id": del.id}, &out)
			if out.DeletePlanElement != del.id {
				t.Errorf("deletePlanElement(%s) returned %q, want %q", del.kind, out.DeletePlanElement, del.id)
			}
		}
		readPlan()
		if n := len(plan.Plan.Goals); n != 1 {
			t.Errorf("goals after deleting T2 = %+v, want T1 only", plan.Plan.Goals)
		}
		if n := len(plan.Plan.Programs); n != 3 {
			t.Errorf("programs after deleting 04 = %+v, want 01, 02, 03", plan.Plan.Programs)
		}
		var s3 struct {
			Sasaran struct{ Programs []struct{ Code string } }
		}
		f.api.OK(f.admin, `query($id: ID!) { sasaran(id: $id) { programs { code } } }`, map[string]any{"id": f.sasaran["S3"]}, &s3)
		if got := s3.Sasaran.Programs; len(got) != 1 || got[0].Code != "03" {
			t.Errorf("programs of S3 = %+v, want 03 only", got)
		}
	})
}

// TestUpdatePlanPeriod: a period may grow, and shrink only where no data
// falls outside it.
func TestUpdatePlanPeriod(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		f := newAdminFixture(t, st)
		e := f.fails("start in 2023", f.admin, updatePlanMutation, map[string]any{"id": f.plan, "in": map[string]any{"startYear": 2023}}, "CONFLICT")
		for _, want := range []string{"targets", "realisations", "2021", "2022"} {
			if !strings.Contains(e.Message, want) {
				t.Errorf("message %q, want it to mention %q", e.Message, want)
			}
		}
		var out struct {
			UpdatePlan struct {
				Name               string
				StartYear, EndYear int
			}
		}
		f.api.OK(f.admin, updatePlanMutation, map[string]any{"id": f.plan, "in": map[string]any{"startYear": 2020, "endYear": 2024}}, &out)
		if p := out.UpdatePlan; p.StartYear != 2020 || p.EndYear != 2024 || p.Name != "Rencana Strategis Sekretariat Daerah 2021-2026" {
			t.Errorf("plan = %+v, want 2020–2024 with its name kept", p)
		}
		f.fails("end in 2022", f.admin, updatePlanMutation, map[string]any{"id": f.plan, "in": map[string]any{"endYear": 2022}}, "CONFLICT")
	})
}
