package storage_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/kinerja/kinerja/auth"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/models"
)

// demoTree is the demo data set as the workflow tests act on it: its users
// as the identities of their requests, its units and indicators by code.
type demoTree struct {
	t          testing.TB
	st         *storage.Store
	users      map[string]*auth.Identity
	userNames  map[int64]string
	units      map[string]models.OrgUnit
	unitCodes  map[int64]string
	indicators map[string]models.Indicator // by code
	indCodes   map[int64]string
	// byOwner lists the codes of the indicators each unit owns.
	byOwner map[string][]string
}

func newDemoTree(t testing.TB, st *storage.Store) *demoTree {
	t.Helper()
	ctx := context.Background()
	d := &demoTree{t: t, st: st, users: map[string]*auth.Identity{}, userNames: map[int64]string{},
		units: map[string]models.OrgUnit{}, unitCodes: map[int64]string{},
		indicators: map[string]models.Indicator{}, indCodes: map[int64]string{}, byOwner: map[string][]string{}}
	units, err := st.ListOrgUnits(ctx, storage.OrgUnitFilter{}, storage.Window{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, u := range units.Items {
		d.units[u.Code], d.unitCodes[u.ID] = u, u.Code
		ids = append(ids, u.ID)
	}
	users, err := st.ListUsers(ctx, "", storage.Window{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range users.Items {
		d.users[u.Username] = &auth.Identity{UserID: u.ID, Username: u.Username, Role: auth.Role(u.Role),
			UnitID: u.OrgUnitID, UnitPath: u.UnitPath}
		d.userNames[u.ID] = u.Username
	}
	inds, err := st.IndicatorsByOwner(ctx, ids, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, i := range inds {
		d.indicators[i.Code], d.indCodes[i.ID] = i, i.Code
		owner := d.unitCodes[i.OwnerID]
		d.byOwner[owner] = append(d.byOwner[owner], i.Code)
	}
	return d
}

func (d *demoTree) as(username string) *auth.Identity {
	d.t.Helper()
	id, ok := d.users[username]
	if !ok {
		d.t.Fatalf("no demo user %q", username)
	}
	return id
}

func (d *demoTree) unit(code string) int64 {
	d.t.Helper()
	u, ok := d.units[code]
	if !ok {
		d.t.Fatalf("no demo unit %q", code)
	}
	return u.ID
}

// bagian lists the Bagian of the demo, by their Asisten's approver.
var bagian = map[string][]string{
	"asisten.pemkesra": {"BAG-TAPEM", "BAG-KESRA", "BAG-HUKUM", "BAG-KERJASAMA"},
	"asisten.ekbang":   {"BAG-PEREKONOMIAN", "BAG-ADPEM", "BAG-PBJ", "BAG-SDA"},
	"asisten.adum":     {"BAG-UMUM", "BAG-ORGANISASI", "BAG-RENKEU", "BAG-PROKOPIM"},
}

// record records value for the indicator with code, for period of year,
// as user.
func (d *demoTree) record(user, code string, year int, period domain.Period, value float64) (*models.Realisation, error) {
	return d.st.RecordRealisation(context.Background(), d.as(user), storage.RealisationInput{
		IndicatorID: d.indicators[code].ID, Year: year, Period: period, Value: value, DataSource: "Laporan " + code})
}

// auditSince returns the audit entries after the one with id after, as
// lines "user ACTION OBJECT name [reason]", the name being an indicator's
// code for a realisation, a unit's code for a period.
func (d *demoTree) auditSince(after int64) []string {
	d.t.Helper()
	page, err := d.st.AuditLog(context.Background(), storage.AuditFilter{}, "", storage.Window{After: []any{after}, Limit: 10000})
	if err != nil {
		d.t.Fatal(err)
	}
	var out []string
	for _, e := range page.Items {
		out = append(out, d.line(e))
	}
	return out
}

func (d *demoTree) line(e models.AuditEntry) string {
	who := "system"
	if e.UserID != nil {
		who = d.userNames[*e.UserID]
	}
	name := ""
	switch {
	case e.IndicatorID != nil:
		name = d.indCodes[*e.IndicatorID]
	case e.OrgUnitID != nil:
		name = d.unitCodes[*e.OrgUnitID]
	}
	s := fmt.Sprintf("%s %s %s %s", who, e.Action, e.ObjectType, name)
	if e.Reason != nil {
		s += " [" + *e.Reason + "]"
	}
	return s
}

// lastAuditID returns the id of the newest audit entry.
func (d *demoTree) lastAuditID() int64 {
	d.t.Helper()
	page, err := d.st.AuditLog(context.Background(), storage.AuditFilter{}, "", storage.Window{Limit: 1, Backward: true})
	if err != nil {
		d.t.Fatal(err)
	}
	if len(page.Items) == 0 {
		return 0
	}
	return page.Items[0].ID
}

// must returns v once t is told err is nil (must(f())(t)): a step of a test
// that must succeed.
func must[T any](v T, err error) func(testing.TB) T {
	return func(t testing.TB) T {
		t.Helper()
		if err != nil {
			t.Fatalf("%v", err)
		}
		return v
	}
}

// refusedAs checks that err is a refusal of kind: "forbidden" (auth's
// FORBIDDEN), "conflict" (storage's CONFLICT) or "input" (BAD_USER_INPUT),
// whose message holds each of says.
func refusedAs(t testing.TB, what string, err error, kind string, says ...string) {
	t.Helper()
	var ok bool
	switch kind {
	case "forbidden":
		ok = errors.Is(err, auth.ErrForbidden)
	case "conflict":
		var se *storage.Error
		ok = errors.As(err, &se) && errors.Is(err, storage.ErrConflict)
	case "input":
		var in *domain.InputError
		ok = errors.As(err, &in)
	}
	if !ok {
		t.Errorf("%s: %v, want a %s refusal", what, err, kind)
		return
	}
	for _, s := range says {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("%s: %q, want it to say %q", what, err, s)
		}
	}
}

// statusOf returns the approval status of the unit with code in the list.
func statusOf(t testing.TB, list []storage.UnitApproval, code string) storage.UnitApproval {
	t.Helper()
	for _, a := range list {
		if a.Unit.Code == code {
			return a
		}
	}
	t.Fatalf("no status of %s", code)
	return storage.UnitApproval{}
}
