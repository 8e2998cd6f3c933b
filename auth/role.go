package auth

import (
	"fmt"
	"io"
	"strconv"
)

// Role is what a user may do within the subtree of its org unit.
type Role string

// The roles.
const (
	// Admin manages org units, the plan, indicators and users, and writes
	// all data.
	Admin Role = "ADMIN"
	// Approver approves data (Sekda, Asisten) and enters it.
	Approver Role = "APPROVER"
	// Operator enters targets, realisations and budget lines.
	Operator Role = "OPERATOR"
	// Viewer reads only.
	Viewer Role = "VIEWER"
)

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	switch r {
	case Admin, Approver, Operator, Viewer:
		return true
	}
	return false
}

// MarshalGQL writes r as a GraphQL enum value.
func (r Role) MarshalGQL(w io.Writer) { _, _ = io.WriteString(w, strconv.Quote(string(r))) }

// UnmarshalGQL reads r from a GraphQL enum value.
func (r *Role) UnmarshalGQL(v any) error {
	s, _ := v.(string)
	if !Role(s).Valid() {
		return fmt.Errorf("%v is not a valid Role", v)
	}
	*r = Role(s)
	return nil
}
