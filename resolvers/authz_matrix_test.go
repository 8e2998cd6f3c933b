package resolvers_test

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/kinerja/kinerja/graph"
	"github.com/kinerja/kinerja/internal/apitest"
	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/internal/testdb"
)

// The authorisation matrix: every mutation of the schema, as every kind of
// demo user, on a target in each relation to the caller's own unit. A
// mutation added to the schema without its row fails TestAuthorisationMatrix.

// matrixCell is a target of the matrix: a unit in a relation to the caller.
type matrixCell struct{ relation, unit string }

// matrixRoles are the callers, each with its targets: its own unit, a unit
// below it (the admin's and the VIEWER's: the agency and a Bagian), a
// sibling, its parent, and a unit under another Asisten.
var matrixRoles = []struct {
	user  string
	cells []matrixCell
}{
	{"admin", []matrixCell{{"own", "KUKAR"}, {"agency", "SETDA"}, {"below", "BAG-ORGANISASI"}}},
	{"sekda", []matrixCell{{"own", "SETDA"}, {"below", "BAG-ORGANISASI"}, {"parent", "KUKAR"}}},
	{"asisten.adum", []matrixCell{{"own", "ASISTEN-ADUM"}, {"below", "BAG-ORGANISASI"}, {"sibling", "ASISTEN-EKBANG"}, {"parent", "SETDA"}, {"other", "BAG-PEREKONOMIAN"}}},
	{"bagian.organisasi", []matrixCell{{"own", "BAG-ORGANISASI"}, {"sibling", "BAG-UMUM"}, {"parent", "ASISTEN-ADUM"}, {"other", "BAG-PEREKONOMIAN"}}},
	{"bi", []matrixCell{{"own", "KUKAR"}, {"agency", "SETDA"}, {"below", "BAG-ORGANISASI"}}},
}

// The expected outcomes, cell by cell in the order of matrixRoles ("|"
// between callers): ok, or the first letter of the error's code (F
// FORBIDDEN, C CONFLICT, B BAD_USER_INPUT, N NOT_FOUND, U UNAUTHENTICATED);
// "-" where the cell does not apply (a mutation of the caller itself, or a
// target that cannot be made: the approval of data outside every approval
// hierarchy).
const (
	// Any user, for itself.
	selfOnly = "ok - - | ok - - | ok - - - - | ok - - - | ok - -"
	// ADMIN only, in its subtree.
	adminOnly = "ok ok ok | F F F | F F F F F | F F F F | F F F"
	// Data entry: every role but VIEWER, in its subtree.
	entry = "ok ok ok | ok ok F | ok ok F F F | ok F F F | F F F"
	// Approval: the APPROVER of the unit above the data's (the Asisten over
	// a Bagian; the Sekda for the Setda's own data and an Asisten's).
	approval = "F F F | ok F F | F ok F F F | F F F F | F F F"
	// Undoing an approval: that APPROVER, or an ADMIN over the unit.
	unapproval = "- ok ok | ok F - | F ok F F F | F F F F | - F F"
	// A unit's period: KUKAR (the Pemda) is no approval unit, whoever asks
	// (BAD_USER_INPUT); an Asisten without data of its own has no period
	// to submit (CONFLICT); the Setda waits for every Bagian (CONFLICT) and
	// has nothing submitted to reject.
	submitPeriod  = "B ok ok | ok ok B | C ok F F F | ok F F F | B F F"
	approvePeriod = "B F F | C F B | F ok F F F | F F F F | B F F"
	unapprovePer  = "B ok ok | ok F B | F ok F F F | F F F F | B F F"
	entryWindow   = "B ok B | F F F | F F F F F | F F F F | F F F"
)

// authzRow is one mutation's row: its expected outcomes, and its request
// on a target unit.
type authzRow struct {
	want string
	call func(c *authzCase) authzRequest
}

type authzRequest struct {
	query string
	vars  map[string]any
	anon  bool   // sent without a token
	after func() // undoes a change that later cases would see
	// upload, when set, is sent as the file of the variable "file" in a
	// multipart request.
	upload []byte
}

func req(query string, vars map[string]any) authzRequest {
	return authzRequest{query: query, vars: vars}
}

var authzRows = map[string]authzRow{
	"login": {selfOnly, func(c *authzCase) authzRequest {
		return authzRequest{`mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }`,
			map[string]any{"u": c.user, "p": testdb.Password}, true, nil, nil}
	}},
	"logout":       {selfOnly, func(c *authzCase) authzRequest { return req(`mutation { logout }`, nil) }},
	"refreshToken": {selfOnly, func(c *authzCase) authzRequest { return req(`mutation { refreshToken { token } }`, nil) }},
	"changePassword": {selfOnly, func(c *authzCase) authzRequest {
		const change = `mutation($o: String!, $n: String!) { changePassword(oldPassword: $o, newPassword: $n) { token } }`
		r := req(change, map[string]any{"o": testdb.Password, "n": "kinerja-uji-1"})
		r.after = func() {
			c.api.OK(c.api.Token(c.user), change, map[string]any{"o": "kinerja-uji-1", "n": testdb.Password}, nil)
		}
		return r
	}},

	"importWorkbook": {adminOnly, func(c *authzCase) authzRequest {
		r := req(`mutation($file: Upload!) { importWorkbook(file: $file) { written } }`, nil)
		r.upload = headersOnlyWorkbook(c.t)
		return r
	}},

	"createUser": {adminOnly, func(c *authzCase) authzRequest {
		return req(`mutation($u: ID!, $n: String!) { createUser(input: {username: $n, displayName: "Uji", password: "password-uji-1", role: OPERATOR, orgUnitId: $u}) { id } }`,
			map[string]any{"u": c.unitID(), "n": c.code("uji.user")})
	}},
	"updateUser": {adminOnly, func(c *authzCase) authzRequest {
		return req(`mutation($id: ID!) { updateUser(id: $id, input: {displayName: "Uji diubah"}) { id } }`, map[string]any{"id": c.fixture().user})
	}},
	"deleteUser": {adminOnly, func(c *authzCase) authzRequest {
		return req(`mutation($id: ID!) { deleteUser(id: $id) }`, map[string]any{"id": c.fresh("user", c.newUser)})
	}},
	"createOrgUnit": {adminOnly, func(c *authzCase) authzRequest {
		return req(`mutation($u: ID!, $c: String!) { createOrgUnit(input: {parentId: $u, code: $c, name: "Unit uji", kind: SUBDIVISION}) { id } }`,
			map[string]any{"u": c.unitID(), "c": c.code("UJI")})
	}},
	"updateOrgUnit": {adminOnly, func(c *authzCase) authzRequest {
		return req(`mutation($u: ID!) { updateOrgUnit(id: $u, input: {negativeFormula: GAP}) { id } }`, map[string]any{"u": c.unitID()})
	}},
	"deleteOrgUnit": {adminOnly, func(c *authzCase) authzRequest {
		return req(`mutation($id: ID!) { deleteOrgUnit(id: $id) }`, map[string]any{"id": c.fresh("unit", c.newUnit)})
	}},

	"createPlan": {adminOnly, func(c *authzCase) authzRequest {
		return req(`mutation($u: ID!, $n: String!) { createPlan(input: {orgUnitId: $u, name: $n, startYear: 2027, endYear: 2031, vision: "Visi uji"}) { id } }`,
			map[string]any{"u": c.unitID(), "n": c.code("Renstra")})
	}},
	"updatePlan": {adminOnly, func(c *authzCase) authzRequest {
		return req(`mutation($id: ID!) { updatePlan(id: $id, input: {vision: "Visi uji diubah"}) { id } }`, map[string]any{"id": c.fixture().plan})
	}},
	"createMission": {adminOnly, func(c *authzCase) authzRequest {
		return req(`mutation($p: ID!, $n: Int!) { createMission(planId: $p, input: {number: $n, text: "Misi uji"}) { id } }`,
			map[string]any{"p": c.fixture().plan, "n": c.seq()})
	}},
	"updateMission": {adminOnly, func(c *authzCase) authzRequest {
		return req(`mutation($id: ID!) { updateMission(id: $id, input: {number: 1, text: "Misi uji diubah"}) { id } }`, map[string]any{"id": c.fixture().mission})
	}},
	"createGoal": {adminOnly, func(c *authzCase) authzRequest {
		return req(`mutation($p: ID!, $c: String!) { createGoal(planId: $p, input: {code: $c, name: "Tujuan uji"}) { id } }`,
			map[string]any{"p": c.fixture().plan, "c": c.code("T")})
	}},
	"updateGoal": {adminOnly, func(c *authzCase) authzRequest {
		return req(`mutation($id: ID!) { updateGoal(id: $id, input: {code: "T1", name: "Tujuan uji diubah"}) { id } }`, map[string]any{"id": c.fixture().goal})
	}},
	"createSasaran": {adminOnly, func(c *authzCase) authzRequest {
		return req(`mutation($g: ID!, $c: String!) { createSasaran(goalId: $g, input: {code: $c, name: "Sasaran uji"}) { id } }`,
			map[string]any{"g": c.fixture().goal, "c": c.code("S")})
	}},
	"updateSasaran": {adminOnly, func(c *authzCase) authzRequest {
		return req(`mutation($id: ID!) { updateSasaran(id: $id, input: {code: "S1", name: "Sasaran uji diubah"}) { id } }`, map[string]any{"id": c.fixture().sasaran})
	}},
	"createProgram": {adminOnly, func(c *authzCase) authzRequest {
		return req(`mutation($p: ID!, $c: String!, $s: ID!) { createProgram(planId: $p, input: {code: $c, name: "Program uji", sasaranIds: [$s]}) { id } }`,
			map[string]any{"p": c.fixture().plan, "c": c.code("P"), "s": c.fixture().sasaran})
	}},
	"updateProgram": {adminOnly, func(c *authzCase) authzRequest {
		return req(`mutation($id: ID!) { updateProgram(id: $id, input: {code: "P1", name: "Program uji diubah"}) { id } }`, map[string]any{"id": c.fixture().program})
	}},
	"createActivity": {adminOnly, func(c *authzCase) authzRequest {
		return req(`mutation($p: ID!, $c: String!, $u: ID!) { createActivity(programId: $p, input: {code: $c, name: "Kegiatan uji", orgUnitId: $u}) { id } }`,
			map[string]any{"p": c.fixture().program, "c": c.code("K"), "u": c.unitID()})
	}},
	"updateActivity": {adminOnly, func(c *authzCase) authzRequest {
		return req(`mutation($id: ID!, $u: ID!) { updateActivity(id: $id, input: {code: "K1", name: "Kegiatan uji diubah", orgUnitId: $u}) { id } }`,
			map[string]any{"id": c.fixture().activity, "u": c.unitID()})
	}},
	"createSubActivity": {adminOnly, func(c *authzCase) authzRequest {
		return req(`mutation($a: ID!, $c: String!, $u: ID!) { createSubActivity(activityId: $a, input: {code: $c, name: "Sub kegiatan uji", orgUnitId: $u}) { id } }`,
			map[string]any{"a": c.fixture().activity, "c": c.code("SK"), "u": c.unitID()})
	}},
	"updateSubActivity": {adminOnly, func(c *authzCase) authzRequest {
		return req(`mutation($id: ID!, $u: ID!) { updateSubActivity(id: $id, input: {code: "SK1", name: "Sub kegiatan uji diubah", orgUnitId: $u}) { id } }`,
			map[string]any{"id": c.fixture().sub, "u": c.unitID()})
	}},
	"deletePlanElement": {adminOnly, func(c *authzCase) authzRequest {
		return req(`mutation($id: ID!) { deletePlanElement(kind: GOAL, id: $id) }`, map[string]any{"id": c.fresh("goal", c.newGoal)})
	}},
	"createIndicator": {adminOnly, func(c *authzCase) authzRequest {
		return req(`mutation($s: ID!, $u: ID!, $c: String!) { createIndicator(input: {code: $c, name: "Indikator uji", unit: "Persen",
			polarity: POSITIVE, accumulation: LAST, level: SASARAN, elementId: $s, ownerId: $u}) { id } }`,
			map[string]any{"s": c.fixture().sasaran, "u": c.unitID(), "c": c.code("IKU-UJI")})
	}},
	"updateIndicator": {adminOnly, func(c *authzCase) authzRequest {
		return req(`mutation($id: ID!) { updateIndicator(id: $id, input: {formula: "Rumus uji"}) { id } }`, map[string]any{"id": c.fixture().indicator})
	}},
	"deleteIndicator": {adminOnly, func(c *authzCase) authzRequest {
		return req(`mutation($id: ID!) { deleteIndicator(id: $id) }`, map[string]any{"id": c.fresh("indicator", c.newIndicator)})
	}},

	"setTarget": {entry, func(c *authzCase) authzRequest {
		return req(`mutation($i: ID!) { setTarget(input: {indicatorId: $i, year: 2024, value: 10}) { version } }`, map[string]any{"i": c.fixture().indicator})
	}},
	"recordRealisation": {entry, func(c *authzCase) authzRequest {
		return req(`mutation($i: ID!) { recordRealisation(input: {indicatorId: $i, year: 2024, period: Q2, value: 10}) { version } }`, map[string]any{"i": c.fixture().indicator})
	}},
	"recordBudgetLine": {entry, func(c *authzCase) authzRequest {
		return req(`mutation($s: ID!) { recordBudgetLine(input: {subActivityId: $s, year: 2024, pagu: "100.00", realisasi: "10.00"}) { version } }`, map[string]any{"s": c.fixture().sub})
	}},

	"submitRealisation": {entry, func(c *authzCase) authzRequest {
		return req(`mutation($id: ID!) { submitRealisation(id: $id) { status } }`, map[string]any{"id": c.realisation("DRAFT")})
	}},
	"approveRealisation": {approval, func(c *authzCase) authzRequest {
		return req(`mutation($id: ID!) { approveRealisation(id: $id) { status } }`, map[string]any{"id": c.realisation("SUBMITTED")})
	}},
	"rejectRealisation": {approval, func(c *authzCase) authzRequest {
		return req(`mutation($id: ID!) { rejectRealisation(id: $id, reason: "Uji") { status } }`, map[string]any{"id": c.realisation("SUBMITTED")})
	}},
	"unapproveRealisation": {unapproval, func(c *authzCase) authzRequest {
		return req(`mutation($id: ID!) { unapproveRealisation(id: $id, reason: "Uji") { status } }`, map[string]any{"id": c.realisation("APPROVED")})
	}},

	"submitPeriod": {submitPeriod, func(c *authzCase) authzRequest {
		return c.periodRequest("submitPeriod", "")
	}},
	"approvePeriod": {approvePeriod, func(c *authzCase) authzRequest {
		return c.periodRequest("approvePeriod", "")
	}},
	"rejectPeriod": {approvePeriod, func(c *authzCase) authzRequest {
		return c.periodRequest("rejectPeriod", "submitted")
	}},
	"unapprovePeriod": {unapprovePer, func(c *authzCase) authzRequest {
		return c.periodRequest("unapprovePeriod", "approved")
	}},
	"openPeriod": {entryWindow, func(c *authzCase) authzRequest {
		return c.windowRequest("openPeriod", "closed")
	}},
	"closePeriod": {entryWindow, func(c *authzCase) authzRequest {
		return c.windowRequest("closePeriod", "")
	}},
}

// TestAuthorisationMatrix runs every mutation of the schema as the admin,
// the Sekda, an Asisten, a Bagian's operator and the VIEWER on targets in
// each relation to the caller, and checks the outcome against its row. A
// target is made fresh for each case that is to succeed, so that cases do
// not depend on one another.
func TestAuthorisationMatrix(t *testing.T) {
	schema := graph.NewExecutableSchema(graph.Config{}).Schema()
	var mutations []string
	for _, f := range schema.Mutation.Fields {
		if !strings.HasPrefix(f.Name, "__") {
			mutations = append(mutations, f.Name)
		}
	}
	sort.Strings(mutations)
	for _, m := range mutations {
		if _, ok := authzRows[m]; !ok {
			t.Errorf("mutation %s has no row in the authorisation matrix (authzRows)", m)
		}
	}
	for m := range authzRows {
		if !slices.Contains(mutations, m) {
			t.Errorf("authzRows has a row for %s, which the schema does not have", m)
		}
	}
	if t.Failed() {
		return
	}
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		mx := newMatrix(t, apitest.New(t, st))
		for _, m := range mutations {
			row := authzRows[m]
			want := strings.Fields(strings.ReplaceAll(row.want, "|", " "))
			var got []string
			i := 0
			for _, role := range matrixRoles {
				for _, cell := range role.cells {
					w := want[i]
					i++
					if w == "-" {
						got = append(got, "-")
						continue
					}
					c := &authzCase{matrix: mx, user: role.user, cell: cell, ok: w == "ok"}
					out := c.run(row)
					got = append(got, out)
					if out != w {
						t.Errorf("%s as %s on %s (%s): %s, want %s (%s)", m, role.user, cell.relation, cell.unit, out, w, c.message)
					}
				}
			}
			if i != len(want) {
				t.Fatalf("%s: %d expected outcomes, want %d", m, len(want), i)
			}
			t.Logf("%-20s %s", m, layout(got))
			if !slices.Equal(got, want) {
				t.Errorf("%s: got  %s\n%s: want %s", m, layout(got), strings.Repeat(" ", len(m)), row.want)
			}
		}
	})
}

// layout writes outcomes as the rows do, "|" between callers.
func layout(outcomes []string) string {
	var parts []string
	i := 0
	for _, role := range matrixRoles {
		parts = append(parts, strings.Join(outcomes[i:i+len(role.cells)], " "))
		i += len(role.cells)
	}
	return strings.Join(parts, " | ")
}

// authzCase is one cell of one row.
type authzCase struct {
	*matrix
	user    string
	cell    matrixCell
	ok      bool // the case is to succeed: its target is made fresh
	message string
}

// run sends the row's request as the case's user and returns its outcome.
func (c *authzCase) run(row authzRow) string {
	c.t.Helper()
	r := row.call(c)
	token := ""
	if !r.anon {
		token = c.api.Token(c.user)
	}
	var resp apitest.Response
	if r.upload != nil {
		resp = uploadFile(c.t, c.api, token, r.query, r.vars, r.upload)
	} else {
		resp = c.api.Do(token, r.query, r.vars)
	}
	if len(resp.Errors) == 0 {
		if r.after != nil {
			r.after()
		}
		return "ok"
	}
	c.message = resp.Errors[0].Message
	if code := resp.Errors[0].Code(); code != "" {
		return code[:1]
	}
	return "?"
}

func (c *authzCase) unitID() string { return c.x.unit(c.cell.unit) }

func (c *authzCase) fixture() *unitFixture { return c.unitFixture(c.cell.unit) }

// fresh returns a new target made by mk when the case is to succeed, else
// the one of its kind and unit that the refused cases share.
func (c *authzCase) fresh(kind string, mk func(unit string) string) string {
	if c.ok {
		return mk(c.cell.unit)
	}
	key := kind + " " + c.cell.unit
	if id, ok := c.shared[key]; ok {
		return id
	}
	id := mk(c.cell.unit)
	c.shared[key] = id
	return id
}

// realisation returns a realisation of the case's unit in status.
func (c *authzCase) realisation(status string) string {
	return c.fresh("realisation "+status, func(unit string) string { return c.newRealisation(unit, status) })
}

// periodRequest returns a period mutation on the case's unit for a period
// standing as state ("", "submitted", "approved").
func (c *authzCase) periodRequest(mutation, state string) authzRequest {
	year, period := c.period(state)
	vars := map[string]any{"u": c.unitID(), "y": year, "p": period}
	if mutation == "rejectPeriod" || mutation == "unapprovePeriod" {
		vars["r"] = "Uji"
		return req(`mutation($u: ID!, $y: Int!, $p: Period!, $r: String!) { `+mutation+`(orgUnitId: $u, year: $y, period: $p, reason: $r) { state } }`, vars)
	}
	return req(`mutation($u: ID!, $y: Int!, $p: Period!) { `+mutation+`(orgUnitId: $u, year: $y, period: $p) { state } }`, vars)
}

// windowRequest returns openPeriod or closePeriod on the case's unit for a
// period open, or closed (state "closed").
func (c *authzCase) windowRequest(mutation, state string) authzRequest {
	year, period := c.period(state)
	return req(`mutation($u: ID!, $y: Int!, $p: Period!) { `+mutation+`(agencyId: $u, year: $y, period: $p) { open } }`,
		map[string]any{"u": c.unitID(), "y": year, "p": period})
}

// period returns a period of the case's unit standing as state: a new one
// when the case is to succeed.
func (c *authzCase) period(state string) (int, string) {
	key := "period " + state + " " + c.cell.unit
	if s, ok := c.slots[key]; ok && !c.ok {
		return s.year, s.period
	}
	s := c.nextSlot()
	c.prepare(c.cell.unit, s, state)
	if !c.ok {
		c.slots[key] = s
	}
	return s.year, s.period
}

// matrix holds the targets of the matrix.
type matrix struct {
	t      *testing.T
	api    *apitest.API
	x      *ids
	n      int
	units  map[string]*unitFixture
	shared map[string]string
	slots  map[string]slot
}

// unitFixture is a plan of one unit, with an element of each level, and a
// user of the unit: the targets the refused cases share.
type unitFixture struct {
	plan, mission, goal, sasaran, program, activity, sub, indicator, user string
}

type slot struct {
	year   int
	period string
}

func newMatrix(t *testing.T, api *apitest.API) *matrix {
	return &matrix{t: t, api: api, x: lookup(t, api),
		units: map[string]*unitFixture{}, shared: map[string]string{}, slots: map[string]slot{}}
}

func (m *matrix) seq() int { m.n++; return m.n }

func (m *matrix) code(prefix string) string { return fmt.Sprintf("%s%d", prefix, m.seq()) }

// nextSlot returns a period no case has used: quarters of years from 2030.
func (m *matrix) nextSlot() slot {
	n := m.seq()
	return slot{2030 + n/4, fmt.Sprintf("Q%d", n%4+1)}
}

// do sends a mutation as user (the admin when "") and returns the id its
// first field answers, failing the test on an error.
func (m *matrix) do(user, query string, vars map[string]any) string {
	m.t.Helper()
	if user == "" {
		user = "admin"
	}
	token := m.api.Token(user)
	var out map[string]struct{ ID string }
	m.api.OK(token, query, vars, &out)
	for _, v := range out {
		return v.ID
	}
	return ""
}

func (m *matrix) unitFixture(unit string) *unitFixture {
	m.t.Helper()
	if f, ok := m.units[unit]; ok {
		return f
	}
	u := m.x.unit(unit)
	f := &unitFixture{}
	f.plan = m.do("", `mutation($u: ID!, $n: String!) { createPlan(input: {orgUnitId: $u, name: $n, startYear: 2021, endYear: 2026, vision: "Visi uji"}) { id } }`,
		map[string]any{"u": u, "n": "Renstra uji " + unit})
	f.mission = m.do("", `mutation($p: ID!) { createMission(planId: $p, input: {number: 1, text: "Misi uji"}) { id } }`, map[string]any{"p": f.plan})
	f.goal = m.do("", `mutation($p: ID!, $m: ID!) { createGoal(planId: $p, input: {code: "T1", name: "Tujuan uji", missionId: $m}) { id } }`,
		map[string]any{"p": f.plan, "m": f.mission})
	f.sasaran = m.do("", `mutation($g: ID!) { createSasaran(goalId: $g, input: {code: "S1", name: "Sasaran uji"}) { id } }`, map[string]any{"g": f.goal})
	f.program = m.do("", `mutation($p: ID!, $s: ID!) { createProgram(planId: $p, input: {code: "P1", name: "Program uji", sasaranIds: [$s]}) { id } }`,
		map[string]any{"p": f.plan, "s": f.sasaran})
	f.activity = m.do("", `mutation($p: ID!, $u: ID!) { createActivity(programId: $p, input: {code: "K1", name: "Kegiatan uji", orgUnitId: $u}) { id } }`,
		map[string]any{"p": f.program, "u": u})
	f.sub = m.do("", `mutation($a: ID!, $u: ID!) { createSubActivity(activityId: $a, input: {code: "SK1", name: "Sub kegiatan uji", orgUnitId: $u}) { id } }`,
		map[string]any{"a": f.activity, "u": u})
	m.units[unit] = f
	f.indicator = m.newIndicator(unit)
	f.user = m.newUser(unit)
	return f
}

func (m *matrix) newIndicator(unit string) string {
	return m.do("", `mutation($s: ID!, $u: ID!, $c: String!) { createIndicator(input: {code: $c, name: "Indikator uji", unit: "Persen",
		polarity: POSITIVE, accumulation: LAST, level: SASARAN, elementId: $s, ownerId: $u}) { id } }`,
		map[string]any{"s": m.unitFixture(unit).sasaran, "u": m.x.unit(unit), "c": m.code("IKU-UJI-")})
}

func (m *matrix) newUser(unit string) string {
	return m.do("", `mutation($u: ID!, $n: String!) { createUser(input: {username: $n, displayName: "Uji", password: "password-uji-1", role: OPERATOR, orgUnitId: $u}) { id } }`,
		map[string]any{"u": m.x.unit(unit), "n": m.code("uji.")})
}

func (m *matrix) newUnit(unit string) string {
	return m.do("", `mutation($u: ID!, $c: String!) { createOrgUnit(input: {parentId: $u, code: $c, name: "Unit uji", kind: SUBDIVISION}) { id } }`,
		map[string]any{"u": m.x.unit(unit), "c": m.code("UJI-")})
}

func (m *matrix) newGoal(unit string) string {
	return m.do("", `mutation($p: ID!, $c: String!) { createGoal(planId: $p, input: {code: $c, name: "Tujuan uji"}) { id } }`,
		map[string]any{"p": m.unitFixture(unit).plan, "c": m.code("T")})
}

// approverOf names the demo user who approves the data of the matrix's
// units.
var approverOf = map[string]string{
	"SETDA": "sekda", "ASISTEN-ADUM": "sekda", "ASISTEN-EKBANG": "sekda",
	"BAG-ORGANISASI": "asisten.adum", "BAG-UMUM": "asisten.adum", "BAG-PEREKONOMIAN": "asisten.ekbang",
}

// newRealisation records a realisation of a new indicator of unit for Q1
// 2024 as the admin, and moves it to status.
func (m *matrix) newRealisation(unit, status string) string {
	id := m.do("", `mutation($i: ID!) { recordRealisation(input: {indicatorId: $i, year: 2024, period: Q1, value: 10}) { id } }`,
		map[string]any{"i": m.newIndicator(unit)})
	if status == "DRAFT" {
		return id
	}
	m.do("", `mutation($id: ID!) { submitRealisation(id: $id) { id } }`, map[string]any{"id": id})
	if status == "APPROVED" {
		approver, ok := approverOf[unit]
		if !ok {
			m.t.Fatalf("nobody approves the data of %s", unit)
		}
		m.do(approver, `mutation($id: ID!) { approveRealisation(id: $id) { id } }`, map[string]any{"id": id})
	}
	return id
}

// prepare brings the period s of unit to state: "submitted" (by the admin),
// "approved" (a Bagian by its Asisten, the Setda with every Bagian), or
// "closed" for entry; "" leaves it untouched. Where unit has no such state
// (the Pemda, an Asisten without data), it stays as it is.
func (m *matrix) prepare(unit string, s slot, state string) {
	vars := func(code string) map[string]any {
		return map[string]any{"u": m.x.unit(code), "y": s.year, "p": s.period}
	}
	const submit = `mutation($u: ID!, $y: Int!, $p: Period!) { submitPeriod(orgUnitId: $u, year: $y, period: $p) { state } }`
	const approve = `mutation($u: ID!, $y: Int!, $p: Period!) { approvePeriod(orgUnitId: $u, year: $y, period: $p) { state } }`
	switch {
	case state == "submitted" && (unit == "SETDA" || strings.HasPrefix(unit, "BAG-")):
		m.api.OK(m.api.Token("admin"), submit, vars(unit), nil)
	case state == "approved" && strings.HasPrefix(unit, "BAG-"):
		m.api.OK(m.api.Token(approverOf[unit]), approve, vars(unit), nil)
	case state == "approved" && unit == "SETDA":
		for user, bagian := range bagianOf {
			for _, b := range bagian {
				m.api.OK(m.api.Token(user), approve, vars(b), nil)
			}
		}
		m.api.OK(m.api.Token("sekda"), approve, vars(unit), nil)
	case state == "closed" && unit == "SETDA":
		m.api.OK(m.api.Token("admin"), `mutation($u: ID!, $y: Int!, $p: Period!) { closePeriod(agencyId: $u, year: $y, period: $p) { open } }`, vars(unit), nil)
	}
}
