package resolvers_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/kinerja/kinerja/internal/apitest"
	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/internal/testdb"
	"github.com/kinerja/kinerja/resolvers"
)

// TestQuarterWorkflowAPI runs the first quarter of 2024 through the whole
// approval workflow on the demo data, through GraphQL as the demo users:
// Bagian Organisasi records and submits its two indicators (IKU-14, IKU-18);
// the wrong Asisten is refused; its own Asisten rejects one with a reason,
// which reaches the operator with the value; the operator corrects it and
// submits again; the Asisten approves the period; the Sekda's approval of
// the Setda is refused while a Bagian is open, naming those open, and
// accepted once every Bagian is approved (the others as empty); every write
// to the locked data is refused; approvals are undone from the top down; and
// auditLog holds exactly the actions taken, in order.
func TestQuarterWorkflowAPI(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		f := newFlow(t, apitest.New(t, st))
		api, x := f.api, f.x
		start := f.auditCursor()
		i1, i2 := x.ind("IKU-14"), x.ind("IKU-18")
		const org = "bagian.organisasi"

		// Draft, then submit one realisation alone and the rest of the
		// period at once.
		r1 := f.record(org, i1, "Q1", 10, nil)
		r2 := f.record(org, i2, "Q1", 20, nil)
		if r1.Status != "DRAFT" || r1.Version != 1 || r1.flags() != "ES---" {
			t.Errorf("recorded: %s version %d flags %s, want DRAFT version 1 ES---", r1.Status, r1.Version, r1.flags())
		}
		r1 = f.act(org, "submitRealisation", r1.ID, "")
		if r1.Status != "SUBMITTED" || r1.Version != 2 || r1.SubmittedBy == nil || r1.SubmittedBy.Username != org || r1.SubmittedAt == nil || r1.flags() != "-----" {
			t.Errorf("submitted: %+v, want SUBMITTED by %s, version 2, nothing more for its operator", r1, org)
		}
		sub := f.period(org, "submitPeriod", "BAG-ORGANISASI", "Q1", "")
		if sub.State != "SUBMITTED" || sub.Level != "DIVISION" || sub.OwnCounts != (counts{Submitted: 2, Total: 2}) ||
			sub.SubmittedBy == nil || sub.SubmittedBy.Username != org || sub.flags() != "E----" {
			t.Errorf("the submitted period: %+v, want SUBMITTED by %s with 2 submitted, flags E----", sub, org)
		}
		e := f.recordFails(org, i1, "Q1", 11, nil, resolvers.CodeConflict)
		says(t, "the operator edits a submitted value", e, "SUBMITTED", "cannot be edited")

		// The queue of each approver.
		for user, want := range map[string]int{"asisten.adum": 2, "asisten.ekbang": 0, "sekda": 0, org: 0, "admin": 0, "bi": 0} {
			var out struct {
				PendingApprovals struct {
					TotalCount int
					Edges      []struct{ Node wfRealisation }
				}
			}
			api.OK(api.Token(user), `{ pendingApprovals(first: 10) { totalCount edges { node { `+realisationFields+` } } } }`, nil, &out)
			p := out.PendingApprovals
			if p.TotalCount != want || len(p.Edges) != want {
				t.Errorf("pendingApprovals of %s: %d (totalCount %d), want %d", user, len(p.Edges), p.TotalCount, want)
			}
			for _, e := range p.Edges {
				if n := e.Node; n.Status != "SUBMITTED" || n.flags() != "--AR-" || (n.Indicator.Code != "IKU-14" && n.Indicator.Code != "IKU-18") {
					t.Errorf("pending for %s: %s %s flags %s, want a SUBMITTED realisation of Bagian Organisasi to approve or reject", user, n.Indicator.Code, n.Status, n.flags())
				}
			}
		}

		// The wrong Asisten, the Sekda on a Bagian, a rejection without a
		// reason; then the rejection, its correction and approval.
		e = f.actFails("asisten.ekbang", "approveRealisation", r1.ID, "", resolvers.CodeForbidden)
		says(t, "the wrong Asisten approves", e, "only an APPROVER of Asisten Administrasi Umum")
		e = f.periodFails("sekda", "approvePeriod", "BAG-ORGANISASI", "Q1", "", resolvers.CodeForbidden)
		says(t, "the Sekda approves a Bagian", e, "only an APPROVER of Asisten Administrasi Umum")
		e = f.actFails("asisten.adum", "rejectRealisation", r1.ID, "  ", resolvers.CodeBadUserInput)
		if e.Extensions["field"] != "reason" {
			t.Errorf("a rejection without a reason: %q %v, want BAD_USER_INPUT on reason", e.Message, e.Extensions)
		}
		const why = "Sumber data belum dilampirkan"
		r1 = f.act("asisten.adum", "rejectRealisation", r1.ID, why)
		if r1.Status != "REJECTED" || r1.RejectionReason == nil || *r1.RejectionReason != why {
			t.Errorf("rejected: %s %v, want REJECTED with the reason", r1.Status, r1.RejectionReason)
		}
		// The reason reaches the operator with the value.
		var seen struct {
			Indicator struct{ Realisations []wfRealisation }
		}
		api.OK(api.Token(org), `query($i: ID!) { indicator(id: $i) { realisations(year: 2024) { `+realisationFields+` } } }`, map[string]any{"i": i1}, &seen)
		if got := seen.Indicator.Realisations; len(got) != 1 || got[0].Value != 10 || got[0].Status != "REJECTED" ||
			got[0].RejectionReason == nil || *got[0].RejectionReason != why || got[0].flags() != "ES---" {
			t.Errorf("the operator reads %+v, want the value 10 REJECTED with the reason, to edit and submit", got)
		}
		stale := 1
		e = f.recordFails(org, i1, "Q1", 12, &stale, resolvers.CodeConflict)
		says(t, "a correction of a stale version", e, "is at version 3, not 1")
		current := r1.Version
		r1 = f.record(org, i1, "Q1", 12, &current)
		if r1.Status != "DRAFT" || r1.Value != 12 || r1.Version != 4 || r1.RejectionReason == nil {
			t.Errorf("corrected: %s %v version %d reason %v, want a DRAFT of 12, version 4, that keeps the reason", r1.Status, r1.Value, r1.Version, r1.RejectionReason)
		}
		r1 = f.act(org, "submitRealisation", r1.ID, "")
		if r1.RejectionReason != nil {
			t.Errorf("submitted again: the reason %q stays", *r1.RejectionReason)
		}
		r1 = f.act("asisten.adum", "approveRealisation", r1.ID, "")
		if r1.Status != "APPROVED" || r1.ApprovedBy == nil || r1.ApprovedBy.Username != "asisten.adum" || r1.ApprovedAt == nil || r1.flags() != "----U" {
			t.Errorf("approved: %+v, want APPROVED by asisten.adum, which may unapprove it", r1)
		}
		appr := f.period("asisten.adum", "approvePeriod", "BAG-ORGANISASI", "Q1", "")
		if appr.State != "APPROVED" || appr.OwnCounts != (counts{Approved: 2, Total: 2}) || appr.flags() != "----U" ||
			appr.ApprovedBy == nil || appr.ApprovedBy.Username != "asisten.adum" {
			t.Errorf("the approved period: %+v, want APPROVED by asisten.adum, 2 approved, flags ----U", appr)
		}

		// The Setda waits for every Bagian; the refusal names those open.
		e = f.periodFails("sekda", "approvePeriod", "SETDA", "Q1", "", resolvers.CodeConflict)
		says(t, "the Setda approval with Bagian open", e,
			"not every unit under Sekretariat Daerah is approved for Q1 2024", "Bagian Umum (NOT_STARTED)", "Bagian Hukum (NOT_STARTED)")
		if strings.Contains(e.Message, "Bagian Organisasi") {
			t.Errorf("the refusal names the approved Bagian Organisasi: %q", e.Message)
		}
		e = f.periodFails("asisten.adum", "approvePeriod", "BAG-HUKUM", "Q1", "", resolvers.CodeForbidden)
		says(t, "an Asisten approves another's Bagian", e, "Asisten Pemerintahan dan Kesejahteraan Rakyat")
		var empties []string
		for _, user := range []string{"asisten.pemkesra", "asisten.ekbang", "asisten.adum"} {
			for _, code := range bagianOf[user] {
				if code == "BAG-ORGANISASI" {
					continue
				}
				a := f.period(user, "approvePeriod", code, "Q1", "")
				if a.State != "APPROVED" || a.OwnCounts.Total != 0 {
					t.Errorf("%s approved as empty: %s %+v", code, a.State, a.OwnCounts)
				}
				empties = append(empties, user+" APPROVE PERIOD "+code)
			}
		}
		setda := f.period("sekda", "approvePeriod", "SETDA", "Q1", "")
		if setda.State != "APPROVED" || setda.Level != "AGENCY" || setda.Counts != (counts{Approved: 2, Total: 2}) || setda.flags() != "----U" {
			t.Errorf("the Setda: %+v, want APPROVED over 2 approved realisations, flags ----U", setda)
		}
		status := f.status("sekda", "SETDA", "Q1")
		if len(status) != 1+3+12 {
			t.Errorf("approval status of the Setda: %d units, want the Setda, 3 Asisten and 12 Bagian", len(status))
		}
		for _, a := range status {
			want := "APPROVED_ABOVE"
			if a.Unit.Code == "SETDA" {
				want = "APPROVED"
			}
			if a.State != want {
				t.Errorf("%s after the Setda's approval: %s, want %s", a.Unit.Code, a.State, want)
			}
		}
		own := f.status("asisten.adum", "SETDA", "Q1")
		if len(own) != 5 {
			t.Errorf("approval status for asisten.adum: %d units, want its own and its 4 Bagian", len(own))
		}
		for _, a := range own {
			if a.Unit.Code == "BAG-ORGANISASI" && (a.State != "APPROVED_ABOVE" || a.flags() != "-----") {
				t.Errorf("Bagian Organisasi for asisten.adum under the Setda's approval: %s %s, want APPROVED_ABOVE -----", a.State, a.flags())
			}
		}

		// Every write to the locked data is refused.
		e = f.recordFails(org, i1, "Q1", 13, nil, resolvers.CodeConflict)
		says(t, "an edit of an approved value", e, "APPROVED and locked")
		f.recordFails("admin", i2, "Q1", 13, nil, resolvers.CodeConflict)
		e = f.recordFails("bagian.umum", x.ind("IKU-12"), "Q1", 5, nil, resolvers.CodeConflict)
		says(t, "a new value in a period approved as empty", e, "Sekretariat Daerah is approved for Q1 2024")
		e = f.periodFails("bagian.umum", "submitPeriod", "BAG-UMUM", "Q1", "", resolvers.CodeConflict)
		says(t, "a submission of an approved period", e, "locked")
		f.actFails("asisten.adum", "rejectRealisation", r2.ID, "late", resolvers.CodeConflict)
		f.actFails(org, "submitRealisation", r2.ID, "", resolvers.CodeConflict)
		e = api.Fails(api.Token("admin"), `mutation($id: ID!) { deleteIndicator(id: $id) }`, map[string]any{"id": i1}, resolvers.CodeConflict)
		says(t, "deleting an indicator with approved values", e, "approved realisation")

		// Approvals are undone from the top down.
		e = f.periodFails("asisten.adum", "unapprovePeriod", "BAG-ORGANISASI", "Q1", "Koreksi", resolvers.CodeConflict)
		says(t, "the Asisten unapproves under the Setda", e, "Sekretariat Daerah has approved Q1 2024", "undone first")
		e = f.actFails("asisten.adum", "unapproveRealisation", r1.ID, "Koreksi", resolvers.CodeConflict)
		says(t, "the Asisten unapproves a value under the Setda", e, "Sekretariat Daerah is approved for Q1 2024")
		f.periodFails(org, "unapprovePeriod", "SETDA", "Q1", "Koreksi", resolvers.CodeForbidden)
		back := f.period("sekda", "unapprovePeriod", "SETDA", "Q1", "Data Bagian Organisasi dikoreksi")
		if back.State == "APPROVED" || back.Reason == nil || *back.Reason != "Data Bagian Organisasi dikoreksi" {
			t.Errorf("the Setda unapproved: %s reason %v, want no longer APPROVED, with the reason", back.State, back.Reason)
		}
		e = f.actFails("asisten.adum", "unapproveRealisation", r1.ID, "Koreksi", resolvers.CodeConflict)
		says(t, "the Asisten unapproves a value under its period's approval", e, "Bagian Organisasi is approved for Q1 2024")
		un := f.period("asisten.adum", "unapprovePeriod", "BAG-ORGANISASI", "Q1", "Koreksi nilai")
		if un.State != "SUBMITTED" || un.OwnCounts != (counts{Submitted: 2, Total: 2}) || un.flags() != "E-AR-" {
			t.Errorf("unapproved: %+v, want SUBMITTED again with 2 submitted, flags E-AR-", un)
		}
		e = f.periodFails("admin", "unapprovePeriod", "BAG-UMUM", "Q1", "", resolvers.CodeBadUserInput)
		says(t, "an ADMIN unapproves without a reason", e, "reason")
		f.period("admin", "unapprovePeriod", "BAG-UMUM", "Q1", "Dibuka kembali oleh admin")
		var reread struct{ Node wfRealisation }
		api.OK(api.Token(org), `query($id: ID!) { node(id: $id) { ... on Realisation { `+realisationFields+` } } }`, map[string]any{"id": r1.ID}, &reread)
		if n := reread.Node; n.Status != "SUBMITTED" || n.ApprovedBy != nil || n.ApprovedAt != nil || n.Value != 12 {
			t.Errorf("the value after the unapprovals: %+v, want 12 SUBMITTED, without its approval", n)
		}

		want := []string{
			org + " CREATE REALISATION IKU-14",
			org + " CREATE REALISATION IKU-18",
			org + " SUBMIT REALISATION IKU-14",
			org + " SUBMIT REALISATION IKU-18",
			org + " SUBMIT PERIOD BAG-ORGANISASI",
			"asisten.adum REJECT REALISATION IKU-14 [" + why + "]",
			org + " UPDATE REALISATION IKU-14",
			org + " SUBMIT REALISATION IKU-14",
			"asisten.adum APPROVE REALISATION IKU-14",
			"asisten.adum APPROVE REALISATION IKU-18",
			"asisten.adum APPROVE PERIOD BAG-ORGANISASI",
		}
		want = append(want, empties...)
		want = append(want,
			"sekda APPROVE PERIOD SETDA",
			"sekda UNAPPROVE PERIOD SETDA [Data Bagian Organisasi dikoreksi]",
			"asisten.adum UNAPPROVE REALISATION IKU-14 [Koreksi nilai]",
			"asisten.adum UNAPPROVE REALISATION IKU-18 [Koreksi nilai]",
			"asisten.adum UNAPPROVE PERIOD BAG-ORGANISASI [Koreksi nilai]",
			"admin UNAPPROVE PERIOD BAG-UMUM [Dibuka kembali oleh admin]",
		)
		if got := f.auditSince(start); !slices.Equal(got, want) {
			t.Errorf("auditLog:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	})
}
