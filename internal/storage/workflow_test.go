package storage_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/internal/testdb"
)

// TestQuarterWorkflow runs the first quarter of 2024 through the whole
// workflow on the demo data, as the demo users: Bagian Organisasi records
// and submits its two indicators; the wrong Asisten is refused; its own
// Asisten rejects one with a reason, which the Bagian corrects and submits
// again, and approves the period; the Sekda's approval of the Setda is
// refused while a Bagian is open and accepted once every Bagian is approved
// (the others as empty); every write to the locked data is refused;
// approvals are undone from the top down; and the audit trail holds exactly
// the actions taken, in order.
func TestQuarterWorkflow(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		ctx := context.Background()
		d := newDemoTree(t, st)
		start := d.lastAuditID()
		const year, q = 2024, domain.Q1
		org := d.byOwner["BAG-ORGANISASI"]
		if len(org) != 2 {
			t.Fatalf("Bagian Organisasi owns %v, want two indicators", org)
		}
		i1, i2 := org[0], org[1]

		// Draft and submit: one realisation alone, then the rest of the
		// period at once.
		r1 := must(d.record("bagian.organisasi", i1, year, q, 10))(t)
		r2 := must(d.record("bagian.organisasi", i2, year, q, 20))(t)
		if r1.Status != domain.Draft || r1.Version != 1 {
			t.Errorf("recorded: %s version %d, want DRAFT version 1", r1.Status, r1.Version)
		}
		r1 = must(st.SubmitRealisation(ctx, d.as("bagian.organisasi"), r1.ID))(t)
		if r1.Status != domain.Submitted || r1.SubmittedBy == nil || *r1.SubmittedBy != d.as("bagian.organisasi").UserID || r1.Version != 2 {
			t.Errorf("submitted: %+v, want SUBMITTED by bagian.organisasi, version 2", r1)
		}
		sub := must(st.SubmitPeriod(ctx, d.as("bagian.organisasi"), d.unit("BAG-ORGANISASI"), year, q))(t)
		if sub.State != domain.PeriodSubmitted || sub.Own != (domain.Counts{Submitted: 2}) || sub.Allowed.Submit || sub.Allowed.Edit != true {
			t.Errorf("the submitted period: %s %+v submit %v edit %v, want SUBMITTED with 2 submitted, no submit, edit",
				sub.State, sub.Own, sub.Allowed.Submit, sub.Allowed.Edit)
		}
		_, err := d.record("bagian.organisasi", i1, year, q, 11)
		refusedAs(t, "the operator edits a submitted value", err, "conflict", "SUBMITTED", "cannot be edited")

		// The queue of each approver.
		for user, want := range map[string]int{"asisten.adum": 2, "asisten.ekbang": 0, "sekda": 0, "bagian.organisasi": 0, "admin": 0} {
			page := must(st.PendingApprovals(ctx, d.as(user), storage.Window{Limit: 50}))(t)
			if len(page.Items) != want || page.Total != int64(want) {
				t.Errorf("pending approvals of %s: %d (total %d), want %d", user, len(page.Items), page.Total, want)
			}
		}

		// The wrong Asisten, the Sekda on a Bagian, a rejection without a
		// reason; then the rejection, its correction and approval.
		_, err = st.ApproveRealisation(ctx, d.as("asisten.ekbang"), r1.ID)
		refusedAs(t, "the wrong Asisten approves", err, "forbidden", "only an APPROVER of Asisten Administrasi Umum")
		_, err = st.ApprovePeriod(ctx, d.as("sekda"), d.unit("BAG-ORGANISASI"), year, q)
		refusedAs(t, "the Sekda approves a Bagian", err, "forbidden", "only an APPROVER of Asisten Administrasi Umum")
		_, err = st.RejectRealisation(ctx, d.as("asisten.adum"), r1.ID, "  ")
		refusedAs(t, "a rejection without a reason", err, "input", "reason")
		const why = "Sumber data belum dilampirkan"
		r1 = must(st.RejectRealisation(ctx, d.as("asisten.adum"), r1.ID, why))(t)
		if r1.Status != domain.Rejected || r1.RejectionReason == nil || *r1.RejectionReason != why {
			t.Errorf("rejected: %s %v, want REJECTED with the reason", r1.Status, r1.RejectionReason)
		}
		stale := 1
		_, err = st.RecordRealisation(ctx, d.as("bagian.organisasi"), storage.RealisationInput{
			IndicatorID: r1.IndicatorID, Year: year, Period: q, Value: 12, ExpectedVersion: &stale})
		refusedAs(t, "a correction of a stale version", err, "conflict", "is at version 3, not 1")
		current := r1.Version
		r1 = must(st.RecordRealisation(ctx, d.as("bagian.organisasi"), storage.RealisationInput{
			IndicatorID: r1.IndicatorID, Year: year, Period: q, Value: 12, DataSource: "Laporan dengan lampiran", ExpectedVersion: &current}))(t)
		if r1.Status != domain.Draft || r1.Value != 12 || r1.RejectionReason == nil {
			t.Errorf("corrected: %s %v reason %v, want a DRAFT of 12 that keeps the reason", r1.Status, r1.Value, r1.RejectionReason)
		}
		r1 = must(st.SubmitRealisation(ctx, d.as("bagian.organisasi"), r1.ID))(t)
		if r1.RejectionReason != nil {
			t.Errorf("submitted again: the reason %q stays", *r1.RejectionReason)
		}
		r1 = must(st.ApproveRealisation(ctx, d.as("asisten.adum"), r1.ID))(t)
		if r1.Status != domain.Approved || r1.ApprovedBy == nil || *r1.ApprovedBy != d.as("asisten.adum").UserID || r1.ApprovedAt == nil {
			t.Errorf("approved: %+v, want APPROVED by asisten.adum", r1)
		}
		appr := must(st.ApprovePeriod(ctx, d.as("asisten.adum"), d.unit("BAG-ORGANISASI"), year, q))(t)
		if appr.State != domain.PeriodApproved || appr.Own != (domain.Counts{Approved: 2}) || !appr.Allowed.Unapprove || appr.Allowed.Edit {
			t.Errorf("the approved period: %s %+v, unapprove %v edit %v; want APPROVED, 2 approved, may unapprove, no edit", appr.State, appr.Own, appr.Allowed.Unapprove, appr.Allowed.Edit)
		}

		// The Setda waits for every Bagian; the refusal names those open.
		_, err = st.ApprovePeriod(ctx, d.as("sekda"), d.unit("SETDA"), year, q)
		refusedAs(t, "the Setda approval with Bagian open", err, "conflict",
			"not every unit under Sekretariat Daerah is approved for Q1 2024", "Bagian Umum (NOT_STARTED)", "Bagian Hukum (NOT_STARTED)")
		if err != nil && strings.Contains(err.Error(), "Bagian Organisasi") {
			t.Errorf("the refusal names the approved Bagian Organisasi: %v", err)
		}
		_, err = st.ApprovePeriod(ctx, d.as("asisten.adum"), d.unit("BAG-HUKUM"), year, q)
		refusedAs(t, "an Asisten approves another's Bagian", err, "forbidden", "Asisten Pemerintahan dan Kesejahteraan Rakyat")
		var empties []string
		for _, user := range []string{"asisten.pemkesra", "asisten.ekbang", "asisten.adum"} {
			for _, code := range bagian[user] {
				if code == "BAG-ORGANISASI" {
					continue
				}
				a := must(st.ApprovePeriod(ctx, d.as(user), d.unit(code), year, q))(t)
				if a.State != domain.PeriodApproved || a.Own.Total() != 0 {
					t.Errorf("%s approved as empty: %s %+v", code, a.State, a.Own)
				}
				empties = append(empties, user+" APPROVE PERIOD "+code)
			}
		}
		setda := must(st.ApprovePeriod(ctx, d.as("sekda"), d.unit("SETDA"), year, q))(t)
		if setda.State != domain.PeriodApproved || setda.Counts != (domain.Counts{Approved: 2}) {
			t.Errorf("the Setda: %s %+v, want APPROVED over 2 approved realisations", setda.State, setda.Counts)
		}
		status := must(st.ApprovalStatus(ctx, d.as("sekda"), d.unit("SETDA"), year, q))(t)
		if len(status) != 1+3+12 {
			t.Errorf("approval status of the Setda: %d units, want the Setda, 3 Asisten and 12 Bagian", len(status))
		}
		for _, a := range status {
			want := domain.PeriodApprovedAbove
			if a.Unit.Code == "SETDA" {
				want = domain.PeriodApproved
			}
			if a.State != want {
				t.Errorf("%s after the Setda's approval: %s, want %s", a.Unit.Code, a.State, want)
			}
		}
		if own := must(st.ApprovalStatus(ctx, d.as("asisten.adum"), d.unit("SETDA"), year, q))(t); len(own) != 5 ||
			statusOf(t, own, "BAG-ORGANISASI").Allowed.Unapprove {
			t.Errorf("approval status for asisten.adum: %d units (want its own and its 4 Bagian), and it may unapprove under the Setda's approval", len(own))
		}

		// Every write to the locked data is refused.
		_, err = d.record("bagian.organisasi", i1, year, q, 13)
		refusedAs(t, "an edit of an approved value", err, "conflict", "APPROVED and locked")
		_, err = d.record("admin", i2, year, q, 13)
		refusedAs(t, "an ADMIN's edit of an approved value", err, "conflict", "locked")
		umum := d.byOwner["BAG-UMUM"][0]
		_, err = d.record("bagian.umum", umum, year, q, 5)
		refusedAs(t, "a new value in a period approved as empty", err, "conflict", "Sekretariat Daerah is approved for Q1 2024")
		_, err = st.SubmitPeriod(ctx, d.as("bagian.umum"), d.unit("BAG-UMUM"), year, q)
		refusedAs(t, "a submission of an approved period", err, "conflict", "locked")
		_, err = st.RejectRealisation(ctx, d.as("asisten.adum"), r2.ID, "late")
		refusedAs(t, "a rejection of an approved value", err, "conflict")
		err = st.DeleteIndicator(ctx, d.as("admin"), r1.IndicatorID)
		refusedAs(t, "deleting an indicator with approved values", err, "conflict", "approved realisation")

		// Approvals are undone from the top down.
		_, err = st.UnapprovePeriod(ctx, d.as("asisten.adum"), d.unit("BAG-ORGANISASI"), year, q, "Koreksi")
		refusedAs(t, "the Asisten unapproves under the Setda", err, "conflict", "Sekretariat Daerah has approved Q1 2024", "undone first")
		_, err = st.UnapproveRealisation(ctx, d.as("asisten.adum"), r1.ID, "Koreksi")
		refusedAs(t, "the Asisten unapproves a value under the Setda", err, "conflict", "Sekretariat Daerah is approved for Q1 2024")
		_, err = st.UnapprovePeriod(ctx, d.as("bagian.organisasi"), d.unit("SETDA"), year, q, "Koreksi")
		refusedAs(t, "an operator unapproves the Setda", err, "forbidden")
		must(st.UnapprovePeriod(ctx, d.as("sekda"), d.unit("SETDA"), year, q, "Data Bagian Organisasi dikoreksi"))(t)
		_, err = st.UnapproveRealisation(ctx, d.as("asisten.adum"), r1.ID, "Koreksi")
		refusedAs(t, "the Asisten unapproves a value under its period's approval", err, "conflict", "Bagian Organisasi is approved for Q1 2024")
		back := must(st.UnapprovePeriod(ctx, d.as("asisten.adum"), d.unit("BAG-ORGANISASI"), year, q, "Koreksi nilai"))(t)
		if back.State != domain.PeriodSubmitted || back.Own != (domain.Counts{Submitted: 2}) || !back.Allowed.Approve || !back.Allowed.Reject {
			t.Errorf("unapproved: %s %+v, want SUBMITTED again, to approve or reject", back.State, back.Own)
		}
		_, err = st.UnapprovePeriod(ctx, d.as("admin"), d.unit("BAG-UMUM"), year, q, "")
		refusedAs(t, "an ADMIN unapproves without a reason", err, "input", "reason")
		must(st.UnapprovePeriod(ctx, d.as("admin"), d.unit("BAG-UMUM"), year, q, "Dibuka kembali oleh admin"))(t)
		reread := must(st.RealisationsByID(ctx, []int64{r1.ID}))(t)
		if len(reread) != 1 || reread[0].Status != domain.Submitted || reread[0].ApprovedBy != nil || reread[0].ApprovedAt != nil {
			t.Errorf("the value after the unapprovals: %+v, want SUBMITTED, without its approval", reread)
		}

		want := []string{
			"bagian.organisasi CREATE REALISATION " + i1,
			"bagian.organisasi CREATE REALISATION " + i2,
			"bagian.organisasi SUBMIT REALISATION " + i1,
			"bagian.organisasi SUBMIT REALISATION " + i2,
			"bagian.organisasi SUBMIT PERIOD BAG-ORGANISASI",
			"asisten.adum REJECT REALISATION " + i1 + " [" + why + "]",
			"bagian.organisasi UPDATE REALISATION " + i1,
			"bagian.organisasi SUBMIT REALISATION " + i1,
			"asisten.adum APPROVE REALISATION " + i1,
			"asisten.adum APPROVE REALISATION " + i2,
			"asisten.adum APPROVE PERIOD BAG-ORGANISASI",
		}
		want = append(want, empties...)
		want = append(want,
			"sekda APPROVE PERIOD SETDA",
			"sekda UNAPPROVE PERIOD SETDA [Data Bagian Organisasi dikoreksi]",
			"asisten.adum UNAPPROVE REALISATION "+i1+" [Koreksi nilai]",
			"asisten.adum UNAPPROVE REALISATION "+i2+" [Koreksi nilai]",
			"asisten.adum UNAPPROVE PERIOD BAG-ORGANISASI [Koreksi nilai]",
			"admin UNAPPROVE PERIOD BAG-UMUM [Dibuka kembali oleh admin]",
		)
		if got := d.auditSince(start); !slices.Equal(got, want) {
			t.Errorf("the audit trail:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}

		// The correction's entry holds the value before and after.
		page := must(st.AuditLog(ctx, storage.AuditFilter{IndicatorID: r1.IndicatorID, Action: storage.AuditUpdate}, d.as("sekda").UnitPath, storage.Window{Limit: 10}))(t)
		if len(page.Items) != 1 {
			t.Fatalf("the correction in the audit log: %d entries, want 1", len(page.Items))
		}
		e := page.Items[0]
		for _, c := range []struct {
			what string
			v    *string
			has  []string
		}{
			{"old", e.OldValue, []string{`"value":10`, `"status":"REJECTED"`, `"version":3`, `"rejectionReason":"` + why + `"`}},
			{"new", e.NewValue, []string{`"value":12`, `"status":"DRAFT"`, `"version":4`, `"dataSource":"Laporan dengan lampiran"`}},
		} {
			for _, h := range c.has {
				if c.v == nil || !strings.Contains(*c.v, h) {
					t.Errorf("the %s value of the correction: %v, want it to hold %s", c.what, c.v, h)
				}
			}
		}
		if e.UserID == nil || *e.UserID != d.as("bagian.organisasi").UserID || e.OrgUnitID == nil || *e.OrgUnitID != d.unit("BAG-ORGANISASI") {
			t.Errorf("the correction's entry: user %v unit %v, want bagian.organisasi in Bagian Organisasi", e.UserID, e.OrgUnitID)
		}
		// Scoped: another Bagian's operator does not read it.
		if other := must(st.AuditLog(ctx, storage.AuditFilter{IndicatorID: r1.IndicatorID}, d.as("bagian.umum").UnitPath, storage.Window{Limit: 10}))(t); len(other.Items) != 0 {
			t.Errorf("bagian.umum reads %d audit entries of Bagian Organisasi, want none", len(other.Items))
		}
	})
}
