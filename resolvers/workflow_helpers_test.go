package resolvers_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/kinerja/kinerja/internal/apitest"
)

// flow drives the approval workflow through the API as the demo users.
type flow struct {
	t   *testing.T
	api *apitest.API
	x   *ids
}

func newFlow(t *testing.T, api *apitest.API) *flow {
	t.Helper()
	return &flow{t: t, api: api, x: lookup(t, api)}
}

// realisationFields are the fields of a realisation the workflow tests read.
const realisationFields = `id year period value status version rejectionReason submittedAt approvedAt
	submittedBy { username } approvedBy { username } indicator { code }
	mayEdit maySubmit mayApprove mayReject mayUnapprove`

// wfRealisation is a realisation as realisationFields reads it.
type wfRealisation struct {
	ID              string
	Year            int
	Period          string
	Value           float64
	Status          string
	Version         int
	RejectionReason *string
	SubmittedAt     *string
	ApprovedAt      *string
	SubmittedBy     *struct{ Username string }
	ApprovedBy      *struct{ Username string }
	Indicator       struct{ Code string }
	MayEdit         bool
	MaySubmit       bool
	MayApprove      bool
	MayReject       bool
	MayUnapprove    bool
}

// flags writes the may* flags as five letters: E(dit) S(ubmit) A(pprove)
// R(eject) U(napprove), "-" for each one not allowed.
func (r wfRealisation) flags() string {
	return letters(r.MayEdit, r.MaySubmit, r.MayApprove, r.MayReject, r.MayUnapprove)
}

func letters(flags ...bool) string {
	var b strings.Builder
	for i, f := range flags {
		if f {
			b.WriteByte("ESARU"[i])
		} else {
			b.WriteByte('-')
		}
	}
	return b.String()
}

// unitApprovalFields are the fields of a UnitApproval the tests read.
const unitApprovalFields = `unit { code } level state reason
	counts { draft submitted approved rejected total } ownCounts { draft submitted approved rejected total }
	submittedBy { username } approvedBy { username } approvedAt
	mayEdit maySubmit mayApprove mayReject mayUnapprove`

type counts struct{ Draft, Submitted, Approved, Rejected, Total int }

// wfUnit is a UnitApproval as unitApprovalFields reads it.
type wfUnit struct {
	Unit         struct{ Code string }
	Level        string
	State        string
	Reason       *string
	Counts       counts
	OwnCounts    counts
	SubmittedBy  *struct{ Username string }
	ApprovedBy   *struct{ Username string }
	ApprovedAt   *string
	MayEdit      bool
	MaySubmit    bool
	MayApprove   bool
	MayReject    bool
	MayUnapprove bool
}

func (u wfUnit) flags() string {
	return letters(u.MayEdit, u.MaySubmit, u.MayApprove, u.MayReject, u.MayUnapprove)
}

// record records value for the indicator with id for period of 2024 as
// user; expected, when not nil, is the version the user read.
func (f *flow) record(user, ind, period string, value float64, expected *int) wfRealisation {
	f.t.Helper()
	var out struct{ RecordRealisation wfRealisation }
	f.api.OK(f.api.Token(user), `mutation($i: ID!, $p: Period!, $v: Float!, $e: Int) {
		recordRealisation(input: {indicatorId: $i, year: 2024, period: $p, value: $v, dataSource: "Laporan", expectedVersion: $e}) { `+realisationFields+` }
	}`, map[string]any{"i": ind, "p": period, "v": value, "e": expected}, &out)
	return out.RecordRealisation
}

// recordFails records as record does and returns the error, which must have
// code.
func (f *flow) recordFails(user, ind, period string, value float64, expected *int, code string) apitest.Error {
	f.t.Helper()
	return f.api.Fails(f.api.Token(user), `mutation($i: ID!, $p: Period!, $v: Float!, $e: Int) {
		recordRealisation(input: {indicatorId: $i, year: 2024, period: $p, value: $v, expectedVersion: $e}) { id }
	}`, map[string]any{"i": ind, "p": period, "v": value, "e": expected}, code)
}

// act runs a realisation mutation (submitRealisation, approveRealisation,
// rejectRealisation, unapproveRealisation) as user; reason is passed to the
// last two.
func (f *flow) act(user, mutation, id, reason string) wfRealisation {
	f.t.Helper()
	q, vars := realisationMutation(mutation, id, reason)
	var out map[string]wfRealisation
	f.api.OK(f.api.Token(user), q, vars, &out)
	return out[mutation]
}

// actFails runs a realisation mutation that must fail with code.
func (f *flow) actFails(user, mutation, id, reason, code string) apitest.Error {
	f.t.Helper()
	q, vars := realisationMutation(mutation, id, reason)
	return f.api.Fails(f.api.Token(user), q, vars, code)
}

func realisationMutation(mutation, id, reason string) (string, map[string]any) {
	if mutation == "rejectRealisation" || mutation == "unapproveRealisation" {
		return fmt.Sprintf(`mutation($id: ID!, $r: String!) { %s(id: $id, reason: $r) { %s } }`, mutation, realisationFields),
			map[string]any{"id": id, "r": reason}
	}
	return fmt.Sprintf(`mutation($id: ID!) { %s(id: $id) { %s } }`, mutation, realisationFields), map[string]any{"id": id}
}

// period runs a period mutation (submitPeriod, approvePeriod, rejectPeriod,
// unapprovePeriod) on the unit with code for period of 2024 as user.
func (f *flow) period(user, mutation, unit, period, reason string) wfUnit {
	f.t.Helper()
	q, vars := f.periodMutation(mutation, unit, period, reason)
	var out map[string]wfUnit
	f.api.OK(f.api.Token(user), q, vars, &out)
	return out[mutation]
}

// periodFails runs a period mutation that must fail with code.
func (f *flow) periodFails(user, mutation, unit, period, reason, code string) apitest.Error {
	f.t.Helper()
	q, vars := f.periodMutation(mutation, unit, period, reason)
	return f.api.Fails(f.api.Token(user), q, vars, code)
}

func (f *flow) periodMutation(mutation, unit, period, reason string) (string, map[string]any) {
	vars := map[string]any{"u": f.x.unit(unit), "p": period}
	if mutation == "rejectPeriod" || mutation == "unapprovePeriod" {
		vars["r"] = reason
		return fmt.Sprintf(`mutation($u: ID!, $p: Period!, $r: String!) { %s(orgUnitId: $u, year: 2024, period: $p, reason: $r) { %s } }`,
			mutation, unitApprovalFields), vars
	}
	return fmt.Sprintf(`mutation($u: ID!, $p: Period!) { %s(orgUnitId: $u, year: 2024, period: $p) { %s } }`, mutation, unitApprovalFields), vars
}

// status returns the approval status of the unit with code's subtree for
// period of 2024 as user.
func (f *flow) status(user, unit, period string) []wfUnit {
	f.t.Helper()
	var out struct{ ApprovalStatus []wfUnit }
	f.api.OK(f.api.Token(user), `query($u: ID!, $p: Period!) { approvalStatus(orgUnitId: $u, year: 2024, period: $p) { `+unitApprovalFields+` } }`,
		map[string]any{"u": f.x.unit(unit), "p": period}, &out)
	return out.ApprovalStatus
}

// auditCursor returns the cursor of the newest audit entry the admin reads,
// nil when there is none (the demo data's import belongs to no unit).
func (f *flow) auditCursor() *string {
	f.t.Helper()
	var out struct {
		AuditLog struct{ PageInfo struct{ EndCursor *string } }
	}
	f.api.OK(f.api.Token("admin"), `{ auditLog(last: 1) { pageInfo { endCursor } } }`, nil, &out)
	return out.AuditLog.PageInfo.EndCursor
}

// auditSince returns the audit entries after the cursor as the admin reads
// them, each as "user ACTION OBJECT name [reason]": the name of an
// indicator's code, else of its unit's.
func (f *flow) auditSince(after *string) []string {
	f.t.Helper()
	var out struct {
		AuditLog struct {
			TotalCount int
			Edges      []struct {
				Node struct {
					User       *struct{ Username string }
					Action     string
					ObjectType string
					Indicator  *struct{ Code string }
					OrgUnit    *struct{ Code string }
					Reason     *string
				}
			}
			PageInfo struct{ HasNextPage bool }
		}
	}
	f.api.OK(f.api.Token("admin"), `query($a: String) { auditLog(first: 100, after: $a) {
		totalCount pageInfo { hasNextPage }
		edges { node { user { username } action objectType indicator { code } orgUnit { code } reason } }
	} }`, map[string]any{"a": after}, &out)
	if out.AuditLog.PageInfo.HasNextPage {
		f.t.Fatal("more than 100 audit entries: page on")
	}
	lines := make([]string, 0, len(out.AuditLog.Edges))
	for _, e := range out.AuditLog.Edges {
		n := e.Node
		who, name := "system", ""
		if n.User != nil {
			who = n.User.Username
		}
		switch {
		case n.Indicator != nil:
			name = n.Indicator.Code
		case n.OrgUnit != nil:
			name = n.OrgUnit.Code
		}
		line := fmt.Sprintf("%s %s %s %s", who, n.Action, n.ObjectType, name)
		if n.Reason != nil {
			line += " [" + *n.Reason + "]"
		}
		lines = append(lines, line)
	}
	return lines
}

// says checks that an error's message holds each of parts.
func says(t *testing.T, what string, e apitest.Error, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(e.Message, p) {
			t.Errorf("%s: %q, want it to say %q", what, e.Message, p)
		}
	}
}

// bagianOf lists the demo's Bagian by the user of the Asisten above them.
var bagianOf = map[string][]string{
	"asisten.pemkesra": {"BAG-TAPEM", "BAG-KESRA", "BAG-HUKUM", "BAG-KERJASAMA"},
	"asisten.ekbang":   {"BAG-PEREKONOMIAN", "BAG-ADPEM", "BAG-PBJ", "BAG-SDA"},
	"asisten.adum":     {"BAG-UMUM", "BAG-ORGANISASI", "BAG-RENKEU", "BAG-PROKOPIM"},
}

// operatorOf names the demo operator of each Bagian.
func operatorOf(bagian string) string {
	return "bagian." + strings.ToLower(strings.TrimPrefix(bagian, "BAG-"))
}
