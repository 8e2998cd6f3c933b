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

// TestEntryWindows closes the second quarter of 2024 for the Setda: no value
// is recorded or submitted there, with an error that says when it closed,
// until the ADMIN opens it again; only an ADMIN over the agency opens and
// closes, an agency only, and each change is in the audit trail.
func TestEntryWindows(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		ctx := context.Background()
		d := newDemoTree(t, st)
		start := d.lastAuditID()
		code := d.byOwner["BAG-ORGANISASI"][0]
		setda := d.unit("SETDA")
		draft := must(d.record("bagian.organisasi", code, 2024, domain.Q2, 3))(t)

		_, err := st.ClosePeriod(ctx, d.as("bagian.organisasi"), setda, 2024, domain.Q2)
		refusedAs(t, "an operator closes a period", err, "forbidden")
		_, err = st.ClosePeriod(ctx, d.as("admin"), d.unit("BAG-UMUM"), 2024, domain.Q2)
		refusedAs(t, "closing a Bagian's period", err, "input", "not an agency")
		w := must(st.ClosePeriod(ctx, d.as("admin"), setda, 2024, domain.Q2))(t)
		if w.Open || w.ClosedAt == nil || w.ClosedBy == nil || *w.ClosedBy != d.as("admin").UserID {
			t.Errorf("closed: %+v, want closed by admin, with the time", w)
		}
		when := w.ClosedAt.UTC().Format("2 January 2006 15:04")
		_, err = st.ClosePeriod(ctx, d.as("admin"), setda, 2024, domain.Q2)
		refusedAs(t, "closing a closed period", err, "conflict", "already closed")

		_, err = d.record("bagian.organisasi", code, 2024, domain.Q2, 4)
		refusedAs(t, "an entry in a closed period", err, "conflict", "Q2 2024 was closed for data entry on "+when, "ask an ADMIN")
		_, err = st.SubmitRealisation(ctx, d.as("bagian.organisasi"), draft.ID)
		refusedAs(t, "a submission in a closed period", err, "conflict", "closed for data entry")
		_, err = st.SubmitPeriod(ctx, d.as("bagian.organisasi"), d.unit("BAG-ORGANISASI"), 2024, domain.Q2)
		refusedAs(t, "a period's submission in a closed period", err, "conflict", "closed for data entry")
		perms := must(st.RealisationPermissions(ctx, d.as("bagian.organisasi"), []int64{draft.ID}))(t)
		if a := perms[draft.ID]; a.Edit || a.Submit || a.Check(domain.ActionEdit) == nil {
			t.Errorf("in a closed period the operator may edit %v, submit %v", a.Edit, a.Submit)
		}
		if _, err := d.record("bagian.organisasi", code, 2024, domain.Q3, 4); err != nil {
			t.Errorf("an entry in another quarter: %v", err)
		}
		if got := must(st.EntryPeriods(ctx, setda, 2024))(t); len(got) != 1 || got[0].Period != domain.Q2 || got[0].Open {
			t.Errorf("entry periods of 2024: %+v, want Q2 closed", got)
		}

		must(st.OpenPeriod(ctx, d.as("admin"), setda, 2024, domain.Q2))(t)
		_, err = st.OpenPeriod(ctx, d.as("admin"), setda, 2024, domain.Q2)
		refusedAs(t, "opening an open period", err, "conflict", "already open")
		if _, err := d.record("bagian.organisasi", code, 2024, domain.Q2, 4); err != nil {
			t.Errorf("an entry after the period opened again: %v", err)
		}
		want := []string{
			"bagian.organisasi CREATE REALISATION " + code,
			"admin CLOSE_PERIOD ENTRY_PERIOD SETDA",
			"bagian.organisasi CREATE REALISATION " + code,
			"admin OPEN_PERIOD ENTRY_PERIOD SETDA",
			"bagian.organisasi UPDATE REALISATION " + code,
		}
		if got := d.auditSince(start); !slices.Equal(got, want) {
			t.Errorf("the audit trail:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	})
}

// TestApprovedYearLocks approves the YEAR period of 2024 for the whole Setda:
// that year's targets and budget lines are locked with it, and approved-only
// readers see the year's budget lines from then on; once the Sekda
// unapproves, they can change again.
func TestApprovedYearLocks(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		ctx := context.Background()
		d := newDemoTree(t, st)
		ind := d.indicators[d.byOwner["BAG-RENKEU"][0]]
		v := 80.0
		must(st.SetTarget(ctx, d.as("bagian.renkeu"), ind.ID, 2024, domain.Target{Value: &v}))(t)
		lines := must(st.BudgetRows(ctx, "", []string{""}, 2023))(t)
		sub := lines[0].SubActivityID
		must(st.RecordBudgetLine(ctx, d.as("admin"), sub, 2024, 1_000_00, 500_00))(t)
		approvedOnly := func() int {
			rows := must(st.BudgetRowsOf(ctx, storage.BudgetRowsFilter{Paths: []string{""}, Year: 2024, ApprovedOnly: true}))(t)
			return len(rows)
		}
		if n := approvedOnly(); n != 0 {
			t.Errorf("approved-only budget lines of 2024 before the approval: %d, want none", n)
		}
		for user, codes := range bagian {
			for _, code := range codes {
				must(st.ApprovePeriod(ctx, d.as(user), d.unit(code), 2024, domain.Year))(t)
			}
		}
		must(st.ApprovePeriod(ctx, d.as("sekda"), d.unit("SETDA"), 2024, domain.Year))(t)

		_, err := st.SetTarget(ctx, d.as("bagian.renkeu"), ind.ID, 2024, domain.Target{Value: &v})
		refusedAs(t, "a target of an approved year", err, "conflict", "Sekretariat Daerah has approved the year 2024", "targets and budget lines are locked")
		_, err = st.RecordBudgetLine(ctx, d.as("admin"), sub, 2024, 2_000_00, 0)
		refusedAs(t, "a budget line of an approved year", err, "conflict", "locked")
		err = st.DeleteIndicator(ctx, d.as("admin"), ind.ID)
		refusedAs(t, "deleting an indicator with a target of an approved year", err, "conflict", "locked")
		if _, err := st.SetTarget(ctx, d.as("bagian.renkeu"), ind.ID, 2025, domain.Target{Value: &v}); err != nil {
			t.Errorf("a target of 2025: %v", err)
		}
		if n := approvedOnly(); n != 1 {
			t.Errorf("approved-only budget lines of 2024 once approved: %d, want 1", n)
		}

		must(st.UnapprovePeriod(ctx, d.as("sekda"), d.unit("SETDA"), 2024, domain.Year, "Revisi anggaran"))(t)
		if _, err := st.RecordBudgetLine(ctx, d.as("admin"), sub, 2024, 2_000_00, 0); err != nil {
			t.Errorf("a budget line once the year is unapproved: %v", err)
		}
		if n := approvedOnly(); n != 0 {
			t.Errorf("approved-only budget lines of 2024 once unapproved: %d, want none", n)
		}
	})
}

// TestApprovedOnlyMeasures records two values and approves one: a reader
// of approved data only sees that one, others both.
func TestApprovedOnlyMeasures(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		ctx := context.Background()
		d := newDemoTree(t, st)
		codes := d.byOwner["BAG-ORGANISASI"]
		r1 := must(d.record("bagian.organisasi", codes[0], 2025, domain.Q1, 7))(t)
		r2 := must(d.record("bagian.organisasi", codes[1], 2025, domain.Q1, 8))(t)
		must(st.SubmitRealisation(ctx, d.as("bagian.organisasi"), r1.ID))(t)
		must(st.ApproveRealisation(ctx, d.as("asisten.adum"), r1.ID))(t)
		path := d.units["BAG-ORGANISASI"].Path
		for _, tt := range []struct {
			approvedOnly bool
			want         []int64 // indicators with a Q1 value
		}{{false, []int64{r1.IndicatorID, r2.IndicatorID}}, {true, []int64{r1.IndicatorID}}} {
			m := must(st.MeasuresUnder(ctx, storage.MeasuresFilter{Paths: []string{path}, Year: 2025, ApprovedOnly: tt.approvedOnly}))(t)
			var got []int64
			for _, r := range m {
				if r.Reported.Quarters[0] != nil {
					got = append(got, r.IndicatorID)
				}
			}
			slices.Sort(got)
			if !slices.Equal(got, tt.want) || len(m) != 2 {
				t.Errorf("measures (approved only %v): Q1 values of %v of %d indicators, want %v of 2", tt.approvedOnly, got, len(m), tt.want)
			}
		}
		ids := []int64{r1.IndicatorID, r2.IndicatorID}
		if got := must(st.ApprovedRealisations(ctx, ids, []int{2025}))(t); len(got) != 1 || got[0].ID != r1.ID {
			t.Errorf("approved realisations: %+v, want only %d", got, r1.ID)
		}
	})
}

// TestRealisationPermissions checks the flags the API shows with a
// realisation, for each demo role, against what the writes then allow.
func TestRealisationPermissions(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		ctx := context.Background()
		d := newDemoTree(t, st)
		code := d.byOwner["BAG-ORGANISASI"][0]
		r := must(d.record("bagian.organisasi", code, 2025, domain.Q2, 1))(t)
		r = must(st.SubmitRealisation(ctx, d.as("bagian.organisasi"), r.ID))(t)
		flags := func(a domain.Allowed) [5]bool { return [5]bool{a.Edit, a.Submit, a.Approve, a.Reject, a.Unapprove} }
		for _, tt := range []struct {
			user string
			want [5]bool // edit, submit, approve, reject, unapprove
		}{
			{"bagian.organisasi", [5]bool{}},
			{"bagian.umum", [5]bool{}},
			{"asisten.adum", [5]bool{false, false, true, true, false}},
			{"asisten.ekbang", [5]bool{}},
			{"sekda", [5]bool{}},
			{"admin", [5]bool{}},
			{"bi", [5]bool{}},
		} {
			got := must(st.RealisationPermissions(ctx, d.as(tt.user), []int64{r.ID, 999999}))(t)
			if len(got) != 1 || flags(got[r.ID]) != tt.want {
				t.Errorf("%s on a submitted value: %v (%d answers), want %v", tt.user, flags(got[r.ID]), len(got), tt.want)
			}
		}
		r = must(st.ApproveRealisation(ctx, d.as("asisten.adum"), r.ID))(t)
		for user, want := range map[string][5]bool{
			"asisten.adum":      {false, false, false, false, true},
			"admin":             {false, false, false, false, true},
			"bagian.organisasi": {},
		} {
			if got := flags(must(st.RealisationPermissions(ctx, d.as(user), []int64{r.ID}))(t)[r.ID]); got != want {
				t.Errorf("%s on an approved value: %v, want %v", user, got, want)
			}
		}
		r = must(st.UnapproveRealisation(ctx, d.as("admin"), r.ID, "Koreksi"))(t)
		r = must(st.RejectRealisation(ctx, d.as("asisten.adum"), r.ID, "Koreksi"))(t)
		if got := flags(must(st.RealisationPermissions(ctx, d.as("bagian.organisasi"), []int64{r.ID}))(t)[r.ID]); got != [5]bool{true, true, false, false, false} {
			t.Errorf("the operator on a rejected value: %v, want edit and submit", got)
		}
	})
}

// TestExpectedVersions: a write naming the version it read goes ahead only
// while the row is at that version; 0 means that there is none yet.
func TestExpectedVersions(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		ctx := context.Background()
		d := newDemoTree(t, st)
		f := newEntryFixture(t, st)
		v := 1.0
		tg := must(st.SetTarget(ctx, f.actor, f.indicator, f.year, domain.Target{Value: &v}, storage.ExpectVersion(0)))(t)
		_, err := st.SetTarget(ctx, f.actor, f.indicator, f.year, domain.Target{Value: &v}, storage.ExpectVersion(0))
		refusedAs(t, "a second first target", err, "conflict", "the target of 2026 is at version 1, not 0")
		if tg2 := must(st.SetTarget(ctx, f.actor, f.indicator, f.year, domain.Target{Value: &v}, storage.ExpectVersion(tg.Version)))(t); tg2.Version != 2 {
			t.Errorf("target version %d, want 2", tg2.Version)
		}
		_, err = st.RecordBudgetLine(ctx, f.actor, f.subActivity, f.year, 10, 5, storage.ExpectVersion(3))
		refusedAs(t, "a line expected to exist", err, "conflict", "does not exist (you expected version 3)")
		b := must(st.RecordBudgetLine(ctx, f.actor, f.subActivity, f.year, 10, 5))(t)
		if b.Version != 1 {
			t.Errorf("budget line version %d, want 1", b.Version)
		}
		_, err = st.RecordBudgetLine(ctx, f.actor, f.subActivity, f.year, 10, 6, storage.ExpectVersion(0))
		refusedAs(t, "a stale budget line", err, "conflict", "is at version 1, not 0")
		zero := 0
		code := d.byOwner["BAG-ORGANISASI"][0]
		if _, err := st.RecordRealisation(ctx, d.as("bagian.organisasi"), storage.RealisationInput{
			IndicatorID: d.indicators[code].ID, Year: 2025, Period: domain.Q3, Value: 1, ExpectedVersion: &zero}); err != nil {
			t.Errorf("a first realisation expecting none: %v", err)
		}
	})
}

// TestSubdivisionReportsIntoItsBagian: a Subbagian's indicator is approved
// with its Bagian's period, by the Asisten over the Bagian.
func TestSubdivisionReportsIntoItsBagian(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		ctx := context.Background()
		d := newDemoTree(t, st)
		model := d.indicators[d.byOwner["BAG-RENKEU"][0]]
		ind := must(st.CreateIndicator(ctx, d.as("admin"), storage.NewIndicator{
			Level: model.Level, ElementID: model.ElementID(), OwnerID: d.unit("SUBBAG-PROTOKOL"),
			Code: "IK-PROTOKOL", Name: "Indeks layanan protokol", Unit: "Nilai",
			Polarity: domain.Positive, Accumulation: domain.Last}))(t)
		r := must(st.RecordRealisation(ctx, d.as("bagian.prokopim"), storage.RealisationInput{IndicatorID: ind.ID, Year: 2025, Period: domain.Q1, Value: 9}))(t)
		_, err := st.SubmitPeriod(ctx, d.as("admin"), d.unit("SUBBAG-PROTOKOL"), 2025, domain.Q1)
		refusedAs(t, "a Subbagian's own period", err, "input", "reports into Bagian Protokol dan Komunikasi Pimpinan")
		must(st.SubmitPeriod(ctx, d.as("bagian.prokopim"), d.unit("BAG-PROKOPIM"), 2025, domain.Q1))(t)
		if p := must(st.PendingApprovals(ctx, d.as("asisten.adum"), storage.Window{Limit: 10}))(t); len(p.Items) != 1 || p.Items[0].ID != r.ID {
			t.Errorf("pending for asisten.adum: %+v, want the Subbagian's value", p.Items)
		}
		a := must(st.ApprovePeriod(ctx, d.as("asisten.adum"), d.unit("BAG-PROKOPIM"), 2025, domain.Q1))(t)
		if a.State != domain.PeriodApproved || a.Own != (domain.Counts{Approved: 1}) {
			t.Errorf("Bagian Prokopim: %s %+v, want APPROVED with the Subbagian's value", a.State, a.Own)
		}
		status := must(st.ApprovalStatus(ctx, d.as("asisten.adum"), d.unit("ASISTEN-ADUM"), 2025, domain.Q1))(t)
		for _, s := range status {
			if s.Unit.Code == "SUBBAG-PROTOKOL" {
				t.Errorf("the approval status lists the Subbagian: it counts with its Bagian")
			}
		}
		if s := statusOf(t, status, "ASISTEN-ADUM"); s.State != domain.PeriodDraft || s.Counts.Approved != 1 || s.Allowed.Approve {
			t.Errorf("Asisten Adum: %s %+v approve %v, want DRAFT (one of its Bagian approved, the others not started), not approvable", s.State, s.Counts, s.Allowed.Approve)
		}
	})
}
