package models

import (
	"time"

	"github.com/kinerja/kinerja/internal/domain"
)

// Approval is the approval record of one unit's period at the unit's
// approval level: SUBMITTED, APPROVED or REJECTED by a period action, or
// DRAFT while none has touched it. Who approved and when, and the reason of a
// rejection or an unapproval, stay with it.
type Approval struct {
	ID          int64 `gorm:"primaryKey"`
	OrgUnitID   int64
	Year        int
	Period      domain.Period
	Level       domain.ApprovalLevel
	State       domain.Status
	SubmittedBy *int64
	SubmittedAt *time.Time
	ApprovedBy  *int64
	ApprovedAt  *time.Time
	Reason      *string
	Version     int
	UpdatedBy   *int64
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// TableName names the table of Approval.
func (Approval) TableName() string { return "approvals" }

// AuditEntry is one entry of the audit trail: who (UserID; nil for the
// system, such as the import of a data set) did Action to the object of
// ObjectType with ObjectID, when (At), in which org unit, with the object's
// value before and after as JSON (nil where there is none) and the reason
// given. Entries are only ever added.
type AuditEntry struct {
	ID         int64 `gorm:"primaryKey"`
	At         time.Time
	UserID     *int64
	Action     string
	ObjectType string
	ObjectID   *int64
	OrgUnitID  *int64
	// UnitPath is the path of the org unit when the entry was written: its
	// scope once the unit is deleted.
	UnitPath    *string
	IndicatorID *int64
	OldValue    *string
	NewValue    *string
	Reason      *string
}

// TableName names the table of AuditEntry.
func (AuditEntry) TableName() string { return "audit_log" }

// EntryPeriod is a period of a year an ADMIN closed for data entry in an
// agency (or opened again). A period without one is open.
type EntryPeriod struct {
	ID        int64 `gorm:"primaryKey"`
	OrgUnitID int64
	Year      int
	Period    domain.Period
	Open      bool
	ClosedAt  *time.Time
	ClosedBy  *int64
	UpdatedBy *int64
	UpdatedAt time.Time
}

// TableName names the table of EntryPeriod.
func (EntryPeriod) TableName() string { return "entry_periods" }
