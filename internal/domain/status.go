package domain

import "io"

// Status is where a realisation stands in the approval workflow: entered at
// the reporting unit (DRAFT), SUBMITTED up the hierarchy, APPROVED (and then
// locked) or REJECTED back with a reason.
type Status string

// The workflow states of a realisation.
const (
	Draft     Status = "DRAFT"
	Submitted Status = "SUBMITTED"
	Approved  Status = "APPROVED"
	Rejected  Status = "REJECTED"
)

// Valid reports whether s is a known status.
func (s Status) Valid() bool {
	switch s {
	case Draft, Submitted, Approved, Rejected:
		return true
	}
	return false
}

// MarshalGQL writes s as a GraphQL enum value.
func (s Status) MarshalGQL(w io.Writer) { writeEnum(w, string(s)) }

// UnmarshalGQL reads s from a GraphQL enum value.
func (s *Status) UnmarshalGQL(v any) (err error) {
	*s, err = parseEnum[Status](v, "RealisationStatus")
	return err
}
