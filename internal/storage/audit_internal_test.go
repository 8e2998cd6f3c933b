package storage

import (
	"context"
	"strings"
	"testing"

	"gorm.io/gorm"

	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/models"
)

// TestWriteWithoutAudit: a change through the write funnel that records
// nothing in the audit trail is refused, and what it wrote is rolled back.
func TestWriteWithoutAudit(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	err := f.s.write(ctx, "rename", "org unit", func(tx *gorm.DB, _ *auditTrail) error {
		return tx.Model(&models.OrgUnit{}).Where("id = ?", f.a.ID).Update("name", "unaudited").Error
	})
	if err == nil || !strings.Contains(err.Error(), "recorded nothing in the audit trail") {
		t.Fatalf("a write without an audit entry: %v, want it refused", err)
	}
	u, err := f.s.OrgUnit(ctx, f.a.ID)
	if err != nil || u.Name == "unaudited" {
		t.Errorf("the unaudited change stayed: %+v, %v", u, err)
	}
}

var apiNameTests = []struct{ in, want string }{
	{"ID", "id"}, {"OrgUnitID", "orgUnitId"}, {"Value", "value"}, {"RejectionReason", "rejectionReason"}, {"SasaranID", "sasaranId"},
}

func TestAPIName(t *testing.T) {
	for _, tt := range apiNameTests {
		if got := apiName(tt.in); got != tt.want {
			t.Errorf("apiName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestSnapshot: a row's audit snapshot keeps its stored fields by their API
// names, amounts as decimal text, and leaves out its id, bookkeeping, fields
// read with joins and secrets.
func TestSnapshot(t *testing.T) {
	line := snapshot(models.BudgetLine{ID: 7, SubActivityID: 3, Year: 2024, Pagu: domain.MustMoney("1500.25"), Realisasi: 0, Version: 2})
	want := map[string]any{"subActivityId": int64(3), "year": 2024, "pagu": "1500.25", "realisasi": "0.00", "version": 2}
	if len(line) != len(want) {
		t.Errorf("snapshot of a budget line: %v, want %v", line, want)
	}
	for k, v := range want {
		if line[k] != v {
			t.Errorf("snapshot of a budget line: %s = %#v, want %#v", k, line[k], v)
		}
	}
	user := snapshot(models.User{Username: "a", PasswordHash: "secret", SessionGen: 3, UnitPath: "/1/"})
	for _, k := range []string{"passwordHash", "sessionGen", "unitPath", "id", "createdAt"} {
		if _, ok := user[k]; ok {
			t.Errorf("snapshot of a user holds %s: %v", k, user)
		}
	}
}
