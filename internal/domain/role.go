package domain

import "io"

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	switch r {
	case RoleAdmin, RoleApprover, RoleOperator, RoleViewer:
		return true
	}
	return false
}

// MarshalGQL writes r as a GraphQL enum value.
func (r Role) MarshalGQL(w io.Writer) { writeEnum(w, string(r)) }

// UnmarshalGQL reads r from a GraphQL enum value.
func (r *Role) UnmarshalGQL(v any) (err error) {
	*r, err = parseEnum[Role](v, "Role")
	return err
}
