package storage_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/internal/testdb"
	"github.com/kinerja/kinerja/models"
)

// TestAuditOfAdministration makes one change of each kind an ADMIN and a
// user make besides the workflow (org units, users, sessions, the plan,
// indicators, targets, budget lines) and checks the audit trail holds each,
// by whom, and never a password hash.
func TestAuditOfAdministration(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		ctx := context.Background()
		d := newDemoTree(t, st)
		admin := d.as("admin")
		start := d.lastAuditID()
		name := "Bagian Baru (nama resmi)"

		unit := must(st.CreateOrgUnit(ctx, admin, storage.NewOrgUnit{ParentID: d.unit("SETDA"), Code: "BAG-BARU", Name: "Bagian Baru", Kind: models.KindDivision}))(t)
		d.unitCodes[unit.ID] = unit.Code
		must(st.UpdateOrgUnit(ctx, admin, unit.ID, storage.OrgUnitChange{Name: &name}))(t)
		u := must(st.CreateUser(ctx, admin, storage.NewUser{Username: "operator.baru", DisplayName: "Operator", PasswordHash: "hash-of-secret-one", Role: "OPERATOR", OrgUnitID: unit.ID}))(t)
		d.userNames[u.ID] = u.Username
		other := "hash-of-secret-two"
		must(st.UpdateUser(ctx, admin, u.ID, storage.UserChange{PasswordHash: &other}))(t)
		must(st.ChangePassword(ctx, u.ID, other, "hash-of-secret-three"))(t)
		if err := st.EndSessions(ctx, u.ID); err != nil {
			t.Fatal(err)
		}
		if err := st.DeleteUser(ctx, admin, u.ID); err != nil {
			t.Fatal(err)
		}
		plan := must(st.CreatePlan(ctx, admin, storage.NewPlan{OrgUnitID: d.unit("SETDA"), Name: "Renstra 2027", StartYear: 2027, EndYear: 2031, Vision: "Visi"}))(t)
		end := 2032
		must(st.UpdatePlan(ctx, admin, plan.ID, storage.PlanChange{EndYear: &end}))(t)
		goal := must(st.CreateGoal(ctx, admin, plan.ID, storage.GoalFields{Code: "T9", Name: "Tujuan"}))(t)
		if err := st.DeletePlanElement(ctx, admin, models.PlanElementKindGoal, goal.ID); err != nil {
			t.Fatal(err)
		}
		if err := st.DeletePlanElement(ctx, admin, models.PlanElementKindPlan, plan.ID); err != nil {
			t.Fatal(err)
		}
		if err := st.DeleteOrgUnit(ctx, admin, unit.ID); err != nil {
			t.Fatal(err)
		}
		code := d.byOwner["BAG-UMUM"][0]
		renamed := "Indikator Bagian Umum"
		must(st.UpdateIndicator(ctx, admin, d.indicators[code].ID, storage.IndicatorChange{Name: &renamed}))(t)
		v := 90.0
		must(st.SetTarget(ctx, d.as("bagian.umum"), d.indicators[code].ID, 2025, domain.Target{Value: &v}))(t)
		line := must(st.BudgetRows(ctx, "", []string{""}, 2023))(t)[0]
		must(st.RecordBudgetLine(ctx, admin, line.SubActivityID, 2023, line.Pagu, 0))(t)
		var lineUnit string
		for code, u := range d.units {
			if u.Path == line.UnitPath {
				lineUnit = code
			}
		}

		want := []string{
			"admin CREATE ORG_UNIT BAG-BARU",
			"admin UPDATE ORG_UNIT BAG-BARU",
			"admin CREATE USER BAG-BARU",
			"admin UPDATE USER BAG-BARU",
			"operator.baru CHANGE_PASSWORD USER BAG-BARU",
			"operator.baru LOGOUT USER BAG-BARU",
			"admin DELETE USER BAG-BARU",
			"admin CREATE PLAN SETDA",
			"admin UPDATE PLAN SETDA",
			"admin CREATE GOAL SETDA",
			"admin DELETE GOAL SETDA",
			"admin DELETE PLAN SETDA",
			"admin DELETE ORG_UNIT SETDA",
			"admin UPDATE INDICATOR " + code,
			"bagian.umum CREATE TARGET " + code,
			"admin UPDATE BUDGET_LINE " + lineUnit,
		}
		page := must(st.AuditLog(ctx, storage.AuditFilter{}, "", storage.Window{After: []any{start}, Limit: 100}))(t)
		var got []string
		for _, e := range page.Items {
			got = append(got, d.line(e))
			for _, v := range []*string{e.OldValue, e.NewValue} {
				if v != nil && strings.Contains(*v, "hash-of-secret") {
					t.Errorf("entry %s holds a password hash: %s", d.line(e), *v)
				}
			}
			if e.Action == storage.AuditUpdate && e.ObjectType == storage.ObjectUser && (e.NewValue == nil || !strings.Contains(*e.NewValue, `"passwordChanged":true`)) {
				t.Errorf("the new password is not noted: %v", e.NewValue)
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("the audit trail:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	})
}
