package domain

// ApprovedOnly reports whether a reader of role r reads approved values
// only: a VIEWER (BI tools, whose figures must be fit to publish) always,
// whatever it asks; any other reader when it asks (asked).
func ApprovedOnly(r Role, asked bool) bool { return asked || r == RoleViewer }

// AuditTrailReadable returns nil when a reader of role r may read the audit
// trail (within its scope), else a forbidden *Refusal: a VIEWER reads
// approved values only, and the trail holds every draft.
func AuditTrailReadable(r Role) error {
	if r == RoleViewer || r == "" {
		return forbidden("your role %s reads approved values only, and the audit trail holds drafts: it is for the roles that enter and approve data", orRole(r))
	}
	return nil
}
