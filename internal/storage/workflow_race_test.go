package storage_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/internal/testdb"
)

// These tests act on the same items from many goroutines at once, on both
// engines: whatever the order, the data ends consistent and the audit trail
// holds exactly one entry per action that took effect, each taking the item
// from the state the previous one left.

// TestConcurrentRealisationActions submits a realisation, then edits,
// submits, approves, rejects and unapproves it from 24 goroutines at once,
// several rounds. Replaying the audit entries of the realisation from the
// state it started in must step through every version once and end at the
// row as stored, and the entries must count the successful calls.
func TestConcurrentRealisationActions(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		ctx := context.Background()
		d := newDemoTree(t, st)
		code := d.byOwner["BAG-ORGANISASI"][0]
		operator, approver := d.as("bagian.organisasi"), d.as("asisten.adum")
		for round, period := range []domain.Period{domain.Q2, domain.Q3} {
			r := must(d.record("bagian.organisasi", code, 2024, period, 1))(t)
			r = must(st.SubmitRealisation(ctx, operator, r.ID))(t)
			start := d.lastAuditID()
			kinds := []string{storage.AuditUpdate, storage.AuditSubmit, storage.AuditApprove, storage.AuditReject, storage.AuditUnapprove}
			const each = 5
			errs := parallel(len(kinds)*each, func(i int) error {
				var err error
				switch kinds[i%len(kinds)] {
				case storage.AuditUpdate:
					_, err = d.record("bagian.organisasi", code, 2024, period, float64(100+i))
				case storage.AuditSubmit:
					_, err = st.SubmitRealisation(ctx, operator, r.ID)
				case storage.AuditApprove:
					_, err = st.ApproveRealisation(ctx, approver, r.ID)
				case storage.AuditReject:
					_, err = st.RejectRealisation(ctx, approver, r.ID, fmt.Sprintf("reason %d", i))
				case storage.AuditUnapprove:
					_, err = st.UnapproveRealisation(ctx, approver, r.ID, fmt.Sprintf("reason %d", i))
				}
				return err
			})
			succeeded := map[string]int{}
			for i, err := range errs {
				switch {
				case err == nil:
					succeeded[kinds[i%len(kinds)]]++
				default:
					refusedAs(t, fmt.Sprintf("round %d: %s %d", round, kinds[i%len(kinds)], i), err, "conflict")
				}
			}
			t.Logf("round %d: took effect %v", round, succeeded)
			if succeeded[storage.AuditApprove]+succeeded[storage.AuditReject] == 0 {
				t.Errorf("round %d: neither an approval nor a rejection took effect: %v", round, succeeded)
			}
			page := must(st.AuditLog(ctx, storage.AuditFilter{IndicatorID: r.IndicatorID}, "", storage.Window{After: []any{start}, Limit: 1000}))(t)
			entries := map[string]int{}
			state := struct {
				Status  domain.Status
				Version int
				Value   float64
			}{r.Status, r.Version, r.Value}
			for _, e := range page.Items {
				entries[e.Action]++
				var old, next struct {
					Status  domain.Status
					Version int
					Value   float64
				}
				if e.OldValue == nil || e.NewValue == nil || json.Unmarshal([]byte(*e.OldValue), &old) != nil || json.Unmarshal([]byte(*e.NewValue), &next) != nil {
					t.Fatalf("round %d: entry %d holds no old and new value", round, e.ID)
				}
				if old != state || next.Version != old.Version+1 {
					t.Errorf("round %d: entry %d %s takes %+v to %+v, but the realisation stood at %+v", round, e.ID, e.Action, old, next, state)
				}
				state = next
			}
			for _, k := range kinds {
				if entries[k] != succeeded[k] {
					t.Errorf("round %d: %d %s entries, want one per successful call, %d", round, entries[k], k, succeeded[k])
				}
			}
			stored := must(st.RealisationsByID(ctx, []int64{r.ID}))(t)[0]
			if stored.Status != state.Status || stored.Version != state.Version || stored.Value != state.Value {
				t.Errorf("round %d: stored %s v%d %v, but the audit trail ends at %+v", round, stored.Status, stored.Version, stored.Value, state)
			}
		}
	})
}

// TestConcurrentPeriodApprovalAndEntry records ten values of Bagian
// Perencanaan dan Keuangan while its Asisten approves the period five times
// at once: the period is approved as empty and every value refused, or some
// values land as drafts and every approval is refused; never an approved
// period with a value that is not approved.
func TestConcurrentPeriodApprovalAndEntry(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		ctx := context.Background()
		d := newDemoTree(t, st)
		codes := d.byOwner["BAG-RENKEU"][:10]
		unit := d.unit("BAG-RENKEU")
		start := d.lastAuditID()
		const approvers = 5
		errs := parallel(len(codes)+approvers, func(i int) error {
			if i < approvers {
				_, err := st.ApprovePeriod(ctx, d.as("asisten.adum"), unit, 2024, domain.Q4)
				return err
			}
			_, err := d.record("bagian.renkeu", codes[i-approvers], 2024, domain.Q4, float64(i))
			return err
		})
		approved, recorded := 0, 0
		for i, err := range errs {
			switch {
			case err == nil && i < approvers:
				approved++
			case err == nil:
				recorded++
			default:
				refusedAs(t, fmt.Sprintf("call %d", i), err, "conflict")
			}
		}
		status := statusOf(t, must(st.ApprovalStatus(ctx, d.as("asisten.adum"), unit, 2024, domain.Q4))(t), "BAG-RENKEU")
		switch {
		case approved == 1 && recorded == 0:
			if status.State != domain.PeriodApproved || status.Own.Total() != 0 {
				t.Errorf("approved as empty, but the period is %s with %+v", status.State, status.Own)
			}
		case approved == 0 && recorded > 0:
			if status.State != domain.PeriodDraft || status.Own != (domain.Counts{Draft: recorded}) {
				t.Errorf("%d values recorded and no approval, but the period is %s with %+v", recorded, status.State, status.Own)
			}
		default:
			t.Errorf("%d approvals and %d values took effect: want one approval and no value, or values and no approval", approved, recorded)
		}
		lines := d.auditSince(start)
		if len(lines) != approved+recorded {
			t.Errorf("the audit trail holds %d entries, want %d:\n%v", len(lines), approved+recorded, lines)
		}
	})
}

// TestConcurrentAgencyApprovalAndUnapproval approves every Bagian's fourth
// quarter as empty, then has the Sekda approve the Setda three times while
// Bagian Umum's Asisten unapproves it three times, all at once: exactly one
// call takes effect, and an approved Setda never stands over an unapproved
// Bagian.
func TestConcurrentAgencyApprovalAndUnapproval(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		ctx := context.Background()
		d := newDemoTree(t, st)
		const year, q = 2025, domain.Q4
		for user, codes := range bagian {
			for _, code := range codes {
				must(st.ApprovePeriod(ctx, d.as(user), d.unit(code), year, q))(t)
			}
		}
		start := d.lastAuditID()
		errs := parallel(6, func(i int) error {
			if i%2 == 0 {
				_, err := st.ApprovePeriod(ctx, d.as("sekda"), d.unit("SETDA"), year, q)
				return err
			}
			_, err := st.UnapprovePeriod(ctx, d.as("asisten.adum"), d.unit("BAG-UMUM"), year, q, "Koreksi")
			return err
		})
		var took []int
		for i, err := range errs {
			if err == nil {
				took = append(took, i)
				continue
			}
			refusedAs(t, fmt.Sprintf("call %d", i), err, "conflict")
		}
		if len(took) != 1 {
			t.Fatalf("calls %v took effect, want exactly one", took)
		}
		status := must(st.ApprovalStatus(ctx, d.as("sekda"), d.unit("SETDA"), year, q))(t)
		setda, umum := statusOf(t, status, "SETDA"), statusOf(t, status, "BAG-UMUM")
		if took[0]%2 == 0 && (setda.State != domain.PeriodApproved || umum.State != domain.PeriodApprovedAbove) {
			t.Errorf("the Setda's approval took effect, but the Setda is %s and Bagian Umum %s", setda.State, umum.State)
		}
		if took[0]%2 == 1 && (setda.State == domain.PeriodApproved || umum.State != domain.PeriodSubmitted) {
			t.Errorf("Bagian Umum's unapproval took effect, but the Setda is %s and Bagian Umum %s", setda.State, umum.State)
		}
		if lines := d.auditSince(start); len(lines) != 1 {
			t.Errorf("the audit trail holds %v, want one entry", lines)
		}
	})
}
