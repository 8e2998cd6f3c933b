package models

import (
	"time"

	"github.com/kinerja/kinerja/internal/domain"
)

// UnitApproval is where one approval unit stands for a period of a year,
// as the API shows it, with what the caller may do about it now.
type UnitApproval struct {
	Unit      *OrgUnit
	Level     domain.ApprovalLevel
	Year      int
	Period    domain.Period
	State     domain.PeriodState
	Counts    domain.Counts
	OwnCounts domain.Counts
	// From the unit's approval record, when it has one.
	SubmittedAt   *time.Time
	SubmittedByID *int64
	ApprovedAt    *time.Time
	ApprovedByID  *int64
	Reason        *string

	MayEdit, MaySubmit, MayApprove, MayReject, MayUnapprove bool
}

// ObjectGlobalID returns the global id of the object e is about when its
// type is a Node type, else nil (a target, a unit's period, an entry
// window, a data set).
func (e AuditEntry) ObjectGlobalID() *GlobalID {
	t := KindType(e.ObjectType)
	if t == "" || e.ObjectID == nil {
		return nil
	}
	return &GlobalID{Type: t, ID: *e.ObjectID}
}

// VersionOrNil returns the version of a yearly target, nil for the Renstra
// end target and the baseline (which are fields of their indicator).
func (t Target) VersionOrNil() *int {
	if t.Year == 0 {
		return nil
	}
	v := t.Version
	return &v
}
