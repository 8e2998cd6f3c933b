package domain

import (
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"
)

// The approval workflow, after DHIS2's data approval applied to this tree:
// data is entered at a reporting unit (a Bagian, with its Subbagian), which
// submits it; the APPROVER of the approval unit above (the Asisten over the
// Bagian) approves or rejects it, per realisation or per unit and period; the
// APPROVER of the agency (the Sekda of the Setda) approves a period for the
// whole agency once every Bagian below is approved. Approved data is locked,
// and approvals are undone top-down.
//
// This file is the one place these rules are written: storage enforces them
// with RealisationAllowed and PeriodAllowed, and the API shows the same
// answers as mayEdit, maySubmit, mayApprove, mayReject and mayUnapprove.

// Role is what a user may do, as the workflow sees it; the names are those of
// the roles of the API.
type Role string

// The roles.
const (
	RoleAdmin    Role = "ADMIN"
	RoleApprover Role = "APPROVER"
	RoleOperator Role = "OPERATOR"
	RoleViewer   Role = "VIEWER"
)

// ApprovalLevel is the level of the hierarchy a unit's data is approved at.
type ApprovalLevel string

// The approval levels, from the bottom.
const (
	// ApprovalDivision is a Bagian's level (its Subbagian report into it).
	ApprovalDivision ApprovalLevel = "DIVISION"
	// ApprovalAssistant is an Asisten's level: its APPROVER approves the
	// Bagian below it.
	ApprovalAssistant ApprovalLevel = "ASSISTANT"
	// ApprovalAgency is the agency's level (the Setda): its APPROVER approves
	// a period for the whole agency.
	ApprovalAgency ApprovalLevel = "AGENCY"
)

// ApprovalLevels lists the levels from the bottom.
var ApprovalLevels = []ApprovalLevel{ApprovalDivision, ApprovalAssistant, ApprovalAgency}

// ApprovalLevelOf returns the approval level of a unit of kind (an org unit
// kind: DIVISION, ASSISTANT, AGENCY). ok is false for a unit that is no
// approval unit: a SUBDIVISION reports into the unit above it, and a PEMDA
// lies above every agency.
func ApprovalLevelOf(kind string) (level ApprovalLevel, ok bool) {
	switch l := ApprovalLevel(kind); l {
	case ApprovalDivision, ApprovalAssistant, ApprovalAgency:
		return l, true
	}
	return "", false
}

// Valid reports whether l is a known level.
func (l ApprovalLevel) Valid() bool {
	_, ok := ApprovalLevelOf(string(l))
	return ok
}

// MarshalGQL writes l as a GraphQL enum value.
func (l ApprovalLevel) MarshalGQL(w io.Writer) { writeEnum(w, string(l)) }

// UnmarshalGQL reads l from a GraphQL enum value.
func (l *ApprovalLevel) UnmarshalGQL(v any) (err error) {
	*l, err = parseEnum[ApprovalLevel](v, "ApprovalLevel")
	return err
}

// PeriodState is where a unit stands for one period of a year.
type PeriodState string

// The states of a unit and period.
const (
	// PeriodNotStarted: nothing recorded, nothing submitted.
	PeriodNotStarted PeriodState = "NOT_STARTED"
	// PeriodDraft: some realisations are drafts.
	PeriodDraft PeriodState = "DRAFT"
	// PeriodSubmitted: everything recorded is submitted (or approved one by
	// one) and waits for the period's approval; or the unit submitted that
	// it has nothing to report.
	PeriodSubmitted PeriodState = "SUBMITTED"
	// PeriodApproved: approved at the unit's own level.
	PeriodApproved PeriodState = "APPROVED"
	// PeriodApprovedAbove: the level above has approved too (the agency).
	PeriodApprovedAbove PeriodState = "APPROVED_ABOVE"
	// PeriodRejected: sent back to the unit with a reason.
	PeriodRejected PeriodState = "REJECTED"
)

// Valid reports whether s is a known state.
func (s PeriodState) Valid() bool {
	switch s {
	case PeriodNotStarted, PeriodDraft, PeriodSubmitted, PeriodApproved, PeriodApprovedAbove, PeriodRejected:
		return true
	}
	return false
}

// Approved reports whether s is approved, here or above.
func (s PeriodState) Approved() bool { return s == PeriodApproved || s == PeriodApprovedAbove }

// MarshalGQL writes s as a GraphQL enum value.
func (s PeriodState) MarshalGQL(w io.Writer) { writeEnum(w, string(s)) }

// UnmarshalGQL reads s from a GraphQL enum value.
func (s *PeriodState) UnmarshalGQL(v any) (err error) {
	*s, err = parseEnum[PeriodState](v, "ApprovalState")
	return err
}

// Action is something a caller does in the workflow.
type Action string

// The actions.
const (
	ActionEdit      Action = "EDIT"
	ActionSubmit    Action = "SUBMIT"
	ActionApprove   Action = "APPROVE"
	ActionReject    Action = "REJECT"
	ActionUnapprove Action = "UNAPPROVE"
)

// Actions lists every action, in the order of Allowed's fields.
var Actions = []Action{ActionEdit, ActionSubmit, ActionApprove, ActionReject, ActionUnapprove}

// Caller is who acts: its role and the path of its org unit ("/1/2/"),
// whose subtree is its scope.
type Caller struct {
	Role     Role
	UnitPath string
}

// covers reports whether the unit at path lies in c's subtree.
func (c Caller) covers(path string) bool {
	return c.UnitPath != "" && strings.HasPrefix(path, c.UnitPath)
}

// Window is whether a period is open for data entry: open until an ADMIN
// closes it (the zero Window is open).
type Window struct {
	Closed   bool
	ClosedAt time.Time
}

// Subject is what a workflow decision is about (a realisation, or a unit's
// period) and where it sits in the hierarchy. The names are for messages.
type Subject struct {
	// Unit and UnitPath are the unit whose data it is: the owner of a
	// realisation's indicator (a Bagian, or a Subbagian reporting into it),
	// or the unit of a period.
	Unit     string
	UnitPath string
	Level    ApprovalLevel
	// Approver and ApproverPath are the unit whose APPROVER approves it: the
	// approval unit above the reporting unit (the Bagian a Subbagian reports
	// into), or the agency itself at the top.
	// ApproverPath is "" when the unit lies in no approval hierarchy.
	Approver     string
	ApproverPath string
	Year         int
	Period       Period
	Window       Window
	// AboveApproved reports that an approval above locks the subject: for a
	// realisation, the approval of its unit's period (or of the agency); for
	// a unit's period, the agency's. Above names that approval's unit.
	AboveApproved bool
	Above         string
}

// periodName names the subject's period: "Q1 2024", "the year 2024".
func (s Subject) periodName() string {
	if s.Period == Year {
		return fmt.Sprintf("the year %d", s.Year)
	}
	return fmt.Sprintf("%s %d", s.Period, s.Year)
}

// Refusal is an action the rules refuse, with what the caller can do about
// it. Forbidden refusals are about who the caller is (role, scope, the wrong
// approver); the others about where the data stands now (submitted,
// approved, a closed period).
type Refusal struct {
	Forbidden bool
	Message   string
}

// Error implements error.
func (r *Refusal) Error() string { return r.Message }

func forbidden(format string, args ...any) *Refusal {
	return &Refusal{Forbidden: true, Message: fmt.Sprintf(format, args...)}
}

func notNow(format string, args ...any) *Refusal {
	return &Refusal{Message: fmt.Sprintf(format, args...)}
}

// Allowed is what a caller may do now with a subject. Check gives the
// refusal of an action that is not allowed.
type Allowed struct {
	Edit, Submit, Approve, Reject, Unapprove bool
	refusals                                 [5]*Refusal
}

// Check returns nil when act is allowed, else a *Refusal saying why.
func (a Allowed) Check(act Action) error {
	for i, x := range Actions {
		if x == act {
			if r := a.refusals[i]; r != nil {
				return r
			}
			return nil
		}
	}
	return notNow("%q is not a workflow action", act)
}

// decide fills a from one refusal (nil when allowed) per action.
func decide(refusals [5]*Refusal) Allowed {
	a := Allowed{refusals: refusals}
	a.Edit, a.Submit, a.Approve, a.Reject, a.Unapprove =
		refusals[0] == nil, refusals[1] == nil, refusals[2] == nil, refusals[3] == nil, refusals[4] == nil
	return a
}

// The refusals every rule shares.

// mayEnter refuses a caller that may not enter data of the subject's unit:
// a VIEWER, or a unit outside its scope.
func mayEnter(c Caller, s Subject) *Refusal {
	switch {
	case c.Role == RoleViewer || c.Role == "":
		return forbidden("your role %s is read only", orRole(c.Role))
	case !c.covers(s.UnitPath):
		return forbidden("%s is outside your scope: you enter and submit data only for your own unit and the units below it", s.Unit)
	}
	return nil
}

// approves refuses a caller that is not an APPROVER of the subject's
// approving unit. Who the caller is comes first: a caller that is no
// APPROVER over the unit is refused as such, also where nobody can approve.
func approves(c Caller, s Subject) *Refusal {
	switch {
	case (c.Role != RoleApprover || !c.covers(s.UnitPath)) && s.ApproverPath == "":
		return forbidden("only an APPROVER over %s approves or rejects its data", s.Unit)
	case s.ApproverPath == "":
		return notNow("%s lies in no approval hierarchy (no Bagian, Asisten or agency above it): its data cannot be approved", s.Unit)
	case c.Role != RoleApprover || c.UnitPath != s.ApproverPath:
		return forbidden("only an APPROVER of %s approves or rejects the data of %s", s.Approver, s.Unit)
	}
	return nil
}

// unapproves refuses a caller that is neither an APPROVER of the subject's
// approving unit nor an ADMIN over the unit.
func unapproves(c Caller, s Subject) *Refusal {
	if c.Role == RoleAdmin && c.covers(s.UnitPath) {
		return nil
	}
	if r := approves(c, s); r != nil && r.Forbidden && s.ApproverPath == "" {
		return forbidden("only an ADMIN over %s unapproves its data", s.Unit)
	} else if r != nil && r.Forbidden {
		return forbidden("only an APPROVER of %s, or an ADMIN over %s, unapproves its data", s.Approver, s.Unit)
	} else if r != nil {
		return r
	}
	return nil
}

// open refuses entry and submission in a closed period.
func open(s Subject) *Refusal {
	if !s.Window.Closed {
		return nil
	}
	return notNow("%s was closed for data entry on %s: ask an ADMIN to open it again",
		s.periodName(), s.Window.ClosedAt.UTC().Format("2 January 2006 15:04 MST"))
}

func orRole(r Role) Role {
	if r == "" {
		return "(none)"
	}
	return r
}

// first returns the first refusal that is not nil.
func first(rs ...*Refusal) *Refusal {
	for _, r := range rs {
		if r != nil {
			return r
		}
	}
	return nil
}

// MaxReason is the longest reason accepted for a rejection or unapproval.
const MaxReason = 2000

// CheckReason returns reason trimmed, or an *InputError when it is blank or
// too long: a rejection and an unapproval carry a reason, which reaches the
// unit with its data.
func CheckReason(reason string) (string, error) {
	r := strings.TrimSpace(reason)
	switch {
	case !utf8.ValidString(r):
		return "", Invalid("reason", "is not valid UTF-8 text")
	case r == "":
		return "", Invalid("reason", "give a reason: it reaches the unit with its data, so that it knows what to correct")
	case strings.IndexByte(r, 0) >= 0:
		return "", Invalid("reason", "holds a NUL byte (\\u0000), which no text may contain")
	case utf8.RuneCountInString(r) > MaxReason:
		return "", Invalid("reason", fmt.Sprintf("is %d characters long; at most %d are allowed", utf8.RuneCountInString(r), MaxReason))
	}
	return r, nil
}
