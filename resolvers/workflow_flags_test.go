package resolvers_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/kinerja/kinerja/internal/apitest"
	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/internal/testdb"
	"github.com/kinerja/kinerja/resolvers"
)

// flagUsers are the demo users whose view of one realisation of Bagian
// Organisasi TestMayFlags checks: the admin, the Sekda, the realisation's
// Asisten and another, its operator and another Bagian's, and the VIEWER.
var flagUsers = []string{"admin", "sekda", "asisten.adum", "asisten.ekbang", "bagian.organisasi", "bagian.umum", "bi"}

// TestMayFlags: the may* flags of one realisation (IKU-14, Q1 2024) in each
// state of the workflow as each demo user reads it, as letters E(dit)
// S(ubmit) A(pprove) R(eject) U(napprove), or the error code of the read:
// the other Asisten and the other Bagian may not read it, and the VIEWER
// reads it only once it is approved.
func TestMayFlags(t *testing.T) {
	const forbidden, notFound = "FORBIDDEN", "NOT_FOUND"
	states := []struct {
		state string
		step  func(f *flow, id string) string // moves the realisation on; returns its id
		want  []string                        // by flagUsers
	}{
		{"DRAFT", func(f *flow, _ string) string {
			return f.record("bagian.organisasi", f.x.ind("IKU-14"), "Q1", 95, nil).ID
		},
			[]string{"ES---", "ES---", "ES---", forbidden, "ES---", forbidden, notFound}},
		{"DRAFT, the period closed", func(f *flow, id string) string {
			f.api.OK(f.api.Token("admin"), `mutation($a: ID!) { closePeriod(agencyId: $a, year: 2024, period: Q1) { open } }`, map[string]any{"a": f.x.unit("SETDA")}, nil)
			return id
		}, []string{"-----", "-----", "-----", forbidden, "-----", forbidden, notFound}},
		{"SUBMITTED", func(f *flow, id string) string {
			f.api.OK(f.api.Token("admin"), `mutation($a: ID!) { openPeriod(agencyId: $a, year: 2024, period: Q1) { open } }`, map[string]any{"a": f.x.unit("SETDA")}, nil)
			return f.act("bagian.organisasi", "submitRealisation", id, "").ID
		}, []string{"-----", "-----", "--AR-", forbidden, "-----", forbidden, notFound}},
		{"REJECTED", func(f *flow, id string) string {
			return f.act("asisten.adum", "rejectRealisation", id, "Lampiran kurang").ID
		},
			[]string{"ES---", "ES---", "ES---", forbidden, "ES---", forbidden, notFound}},
		{"APPROVED", func(f *flow, id string) string {
			f.act("bagian.organisasi", "submitRealisation", id, "")
			return f.act("asisten.adum", "approveRealisation", id, "").ID
		}, []string{"----U", "-----", "----U", forbidden, "-----", forbidden, "-----"}},
		{"APPROVED, its Bagian's period approved", func(f *flow, id string) string {
			f.period("asisten.adum", "approvePeriod", "BAG-ORGANISASI", "Q1", "")
			return id
		}, []string{"-----", "-----", "-----", forbidden, "-----", forbidden, "-----"}},
		{"APPROVED, the Setda's period approved", func(f *flow, id string) string {
			for user, units := range bagianOf {
				for _, code := range units {
					if code != "BAG-ORGANISASI" {
						f.period(user, "approvePeriod", code, "Q1", "")
					}
				}
			}
			f.period("sekda", "approvePeriod", "SETDA", "Q1", "")
			return id
		}, []string{"-----", "-----", "-----", forbidden, "-----", forbidden, "-----"}},
	}
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		f := newFlow(t, apitest.New(t, st))
		id := ""
		for _, s := range states {
			id = s.step(f, id)
			for i, user := range flagUsers {
				got := f.flagsAs(user, id)
				if got != s.want[i] {
					t.Errorf("%s as %s: %s, want %s", s.state, user, got, s.want[i])
				}
			}
		}
	})
}

// flagsAs returns the may* flags of the realisation with id as user reads
// them, or the code of the error reading it.
func (f *flow) flagsAs(user, id string) string {
	f.t.Helper()
	resp := f.api.Do(f.api.Token(user), `query($id: ID!) { node(id: $id) { ... on Realisation { `+realisationFields+` } } }`, map[string]any{"id": id})
	if len(resp.Errors) > 0 {
		return resp.Errors[0].Code()
	}
	var out struct{ Node wfRealisation }
	if err := json.Unmarshal(resp.Data, &out); err != nil {
		f.t.Fatal(err)
	}
	return out.Node.flags()
}

// TestClosedPeriod: an ADMIN closes a period for entry in the Setda; an
// operator's value is refused with the moment it closed; the admin opens it
// again and the value goes in. Both actions are in the audit trail, and only
// an ADMIN may take them, only for an agency.
func TestClosedPeriod(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		f := newFlow(t, apitest.New(t, st))
		api, x := f.api, f.x
		start := f.auditCursor()
		const window = `mutation($a: ID!) { %s(agencyId: $a, year: 2024, period: Q2) { agency { code } year period open closedAt closedBy { username } } }`
		type entryPeriod struct {
			Agency   struct{ Code string }
			Year     int
			Period   string
			Open     bool
			ClosedAt *string
			ClosedBy *struct{ Username string }
		}
		var closed struct{ ClosePeriod entryPeriod }
		api.OK(api.Token("admin"), fmt.Sprintf(window, "closePeriod"), map[string]any{"a": x.unit("SETDA")}, &closed)
		c := closed.ClosePeriod
		if c.Open || c.Agency.Code != "SETDA" || c.Year != 2024 || c.Period != "Q2" || c.ClosedAt == nil || c.ClosedBy == nil || c.ClosedBy.Username != "admin" {
			t.Fatalf("closePeriod: %+v, want Q2 2024 of the Setda closed by admin", c)
		}
		at, err := time.Parse(time.RFC3339, *c.ClosedAt)
		if err != nil {
			t.Fatal(err)
		}
		e := f.recordFails("bagian.organisasi", x.ind("IKU-14"), "Q2", 50, nil, resolvers.CodeConflict)
		says(t, "a value in a closed period", e, "Q2 2024 was closed for data entry on "+at.UTC().Format("2 January 2006 15:04 UTC"), "ask an ADMIN to open it again")
		e = f.periodFails("bagian.organisasi", "submitPeriod", "BAG-ORGANISASI", "Q2", "", resolvers.CodeConflict)
		says(t, "a submission in a closed period", e, "was closed for data entry")
		f.record("bagian.organisasi", x.ind("IKU-14"), "Q1", 50, nil) // another period stays open
		api.Fails(api.Token("admin"), fmt.Sprintf(window, "closePeriod"), map[string]any{"a": x.unit("SETDA")}, resolvers.CodeConflict)
		for _, user := range []string{"sekda", "asisten.adum", "bagian.organisasi", "bi"} {
			api.Fails(api.Token(user), fmt.Sprintf(window, "openPeriod"), map[string]any{"a": x.unit("SETDA")}, resolvers.CodeForbidden)
		}
		e = api.Fails(api.Token("admin"), fmt.Sprintf(window, "openPeriod"), map[string]any{"a": x.unit("BAG-UMUM")}, resolvers.CodeBadUserInput)
		says(t, "opening a period of a Bagian", e, "not an agency")
		var opened struct{ OpenPeriod entryPeriod }
		api.OK(api.Token("admin"), fmt.Sprintf(window, "openPeriod"), map[string]any{"a": x.unit("SETDA")}, &opened)
		if o := opened.OpenPeriod; !o.Open || o.ClosedAt != nil {
			t.Errorf("openPeriod: %+v, want open", o)
		}
		if r := f.record("bagian.organisasi", x.ind("IKU-14"), "Q2", 50, nil); r.Status != "DRAFT" || r.Value != 50 {
			t.Errorf("a value once opened again: %+v", r)
		}
		got := f.auditSince(start)
		want := []string{"admin CLOSE_PERIOD ENTRY_PERIOD SETDA", "bagian.organisasi CREATE REALISATION IKU-14",
			"admin OPEN_PERIOD ENTRY_PERIOD SETDA", "bagian.organisasi CREATE REALISATION IKU-14"}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("auditLog:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	})
}
