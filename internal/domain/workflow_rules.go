package domain

import (
	"fmt"
	"strings"
)

// RealisationAllowed returns what caller c may do now with a realisation of
// subject s in status st ("" for one not recorded yet, which may only be
// entered):
//
//   - Edit and Submit: whoever may enter data for the unit (an OPERATOR of
//     the Bagian, or a unit above it), while the realisation is a DRAFT or
//     REJECTED, nothing above has approved, and the period is open. A
//     submitted value waits for its approver and cannot be edited.
//   - Approve and Reject: an APPROVER of the approving unit (the Asisten over
//     the Bagian), while the realisation is SUBMITTED and its period is not
//     approved. A rejection carries a reason (CheckReason).
//   - Unapprove: an APPROVER of the approving unit, or an ADMIN over the
//     unit, while the realisation is APPROVED and nothing above has approved
//     (approvals are undone from the top down).
func RealisationAllowed(c Caller, s Subject, st Status) Allowed {
	what := "the realisation of " + s.periodName()
	if st == "" {
		none := notNow("nothing is recorded for %s yet: record a value first", s.periodName())
		return decide([5]*Refusal{first(mayEnter(c, s), locked(s), open(s)), first(mayEnter(c, s), none), first(approves(c, s), none), first(approves(c, s), none), first(unapproves(c, s), none)})
	}
	var edit, submit, approve, reject, unapprove *Refusal
	switch st {
	case Submitted:
		waits := notNow("%s is SUBMITTED and waits for %s: a submitted value cannot be edited; an APPROVER of %s can reject it if it needs a change", what, s.Approver, s.Approver)
		edit, submit = waits, notNow("%s is already submitted and waits for %s", what, s.Approver)
		unapprove = notNow("%s is SUBMITTED, not approved: there is no approval to undo", what)
	case Approved:
		done := notNow("%s is APPROVED and locked: it must be unapproved before it can change", what)
		edit, submit, approve = done, notNow("%s is already approved", what), notNow("%s is already approved", what)
		reject = notNow("%s is APPROVED: it must be unapproved before it can be rejected", what)
	case Draft, Rejected:
		if st == Draft {
			approve = notNow("%s is a DRAFT: %s must submit it before it can be approved", what, s.Unit)
			reject = notNow("%s is a DRAFT: only submitted data can be rejected", what)
		} else {
			approve = notNow("%s was rejected and waits for %s to correct and submit it", what, s.Unit)
			reject = notNow("%s is already rejected and waits for %s to correct and submit it", what, s.Unit)
		}
		unapprove = notNow("%s is %s, not approved: there is no approval to undo", what, st)
	default:
		bad := notNow("%s has the unknown status %q", what, st)
		edit, submit, approve, reject, unapprove = bad, bad, bad, bad, bad
	}
	return decide([5]*Refusal{
		first(mayEnter(c, s), edit, locked(s), open(s)),
		first(mayEnter(c, s), submit, locked(s), open(s)),
		first(approves(c, s), approve, locked(s)),
		first(approves(c, s), reject, locked(s)),
		first(unapproves(c, s), unapprove, undoneFirst(s)),
	})
}

// locked refuses a change under an approval above.
func locked(s Subject) *Refusal {
	if !s.AboveApproved {
		return nil
	}
	return notNow("%s is approved for %s and its data is locked: that approval must be undone first", s.Above, s.periodName())
}

// undoneFirst refuses to undo an approval while one above stands.
func undoneFirst(s Subject) *Refusal {
	if !s.AboveApproved {
		return nil
	}
	return notNow("%s is approved for %s: that approval must be undone first (approvals are undone from the top down)", s.Above, s.periodName())
}

// Counts counts the realisations of a unit and period by status.
type Counts struct {
	Draft, Submitted, Approved, Rejected int
}

// Total returns the number of realisations counted.
func (c Counts) Total() int { return c.Draft + c.Submitted + c.Approved + c.Rejected }

// Add returns the sum of c and d.
func (c Counts) Add(d Counts) Counts {
	return Counts{c.Draft + d.Draft, c.Submitted + d.Submitted, c.Approved + d.Approved, c.Rejected + d.Rejected}
}

// OpenUnit is a unit below an approval that is not approved yet.
type OpenUnit struct {
	Name  string
	State PeriodState
}

// PeriodFacts is where a unit's period stands.
type PeriodFacts struct {
	State PeriodState
	// Counts are the unit's own realisations of the period (those it
	// reports, its Subbagian's included).
	Counts Counts
	// OpenBelow are the units below that must be approved before this one
	// and are not (for the agency: every Bagian under every Asisten).
	OpenBelow []OpenUnit
	// Aggregate reports a unit with nothing of its own to approve (an Asisten
	// that owns no data): its state is that of the units below it.
	Aggregate bool
}

// PeriodAllowed returns what caller c may do now with the period of subject
// s, a unit's period at its approval level, standing as f says:
//
//   - Edit (record its realisations) and Submit (every draft and rejected
//     realisation at once): whoever may enter data for the unit, while the
//     period is open and not approved.
//   - Approve: an APPROVER of the approving unit (the Asisten over a Bagian;
//     the agency's own APPROVER for the agency), when every realisation of
//     the unit is submitted (they are all approved with it) or there is none
//     (approved as empty), and every unit below that must be is approved.
//   - Reject: the same APPROVER, while something is submitted (realisations,
//     or that the unit has nothing to report); it goes back to the unit with
//     a reason.
//   - Unapprove: that APPROVER or an ADMIN over the unit, while the period is
//     approved at the unit's level and not above (the agency must unapprove
//     first).
func PeriodAllowed(c Caller, s Subject, f PeriodFacts) Allowed {
	p := s.periodName()
	var submit, approve, reject, unapprove, edit *Refusal
	switch f.State {
	case PeriodApproved:
		edit = notNow("%s is approved for %s and its data is locked: it must be unapproved first", s.Unit, p)
		submit, approve = notNow("%s is already approved for %s", s.Unit, p), notNow("%s is already approved for %s", s.Unit, p)
		reject = notNow("%s is approved for %s: it must be unapproved before it can be rejected", s.Unit, p)
	case PeriodApprovedAbove:
		above := notNow("%s is approved for %s, and %s has approved it above: its data is locked", s.Unit, p, s.Above)
		edit, submit, approve, reject = above, above, above, above
		unapprove = notNow("%s has approved %s: that approval must be undone first (approvals are undone from the top down)", s.Above, p)
	case PeriodSubmitted:
		submit = notNow("%s has already submitted %s: it waits for %s", s.Unit, p, s.Approver)
	case PeriodRejected:
		if f.Counts.Rejected == 0 {
			approve = notNow("%s was rejected for %s and waits for %s to submit it again", s.Unit, p, s.Unit)
		}
	case PeriodNotStarted, PeriodDraft:
	default:
		bad := notNow("%s is in the unknown state %q for %s", s.Unit, f.State, p)
		edit, submit, approve, reject, unapprove = bad, bad, bad, bad, bad
	}
	if f.State != PeriodApproved && f.State != PeriodApprovedAbove && unapprove == nil {
		unapprove = notNow("%s is not approved for %s (it is %s): there is no approval to undo", s.Unit, p, f.State)
	}
	if n := f.Counts.Draft + f.Counts.Rejected; n > 0 && approve == nil {
		approve = notNow("%s of %s for %s %s not submitted (%d DRAFT, %d REJECTED): %s must submit them before the period can be approved",
			plural(n, "realisation"), s.Unit, p, isAre(n), f.Counts.Draft, f.Counts.Rejected, s.Unit)
	}
	if len(f.OpenBelow) > 0 && approve == nil {
		names := make([]string, len(f.OpenBelow))
		for i, u := range f.OpenBelow {
			names[i] = fmt.Sprintf("%s (%s)", u.Name, u.State)
		}
		approve = notNow("not every unit under %s is approved for %s; still open: %s", s.Unit, p, strings.Join(names, ", "))
	}
	// Something submitted goes back: submitted realisations, or the
	// submission of a unit with nothing to report.
	emptySubmission := f.State == PeriodSubmitted && f.Counts.Total() == 0
	if f.Counts.Submitted == 0 && !emptySubmission && reject == nil {
		reject = notNow("nothing of %s is submitted for %s: there is nothing to reject", s.Unit, p)
	}
	if f.Aggregate {
		agg := notNow("%s has no data of its own for %s: its state is that of the units below it, which are submitted and approved each", s.Unit, p)
		submit, approve, reject, unapprove = first(submit, agg), first(approve, agg), first(reject, agg), first(unapprove, agg)
	}
	return decide([5]*Refusal{
		first(mayEnter(c, s), edit, open(s)),
		first(mayEnter(c, s), submit, open(s)),
		first(approves(c, s), approve),
		first(approves(c, s), reject),
		first(unapproves(c, s), unapprove),
	})
}

// PeriodStateOf returns the state of a unit's period from its stored
// approval record's status (record; "" when it has none), the counts of its
// realisations, and whether the level above has approved.
func PeriodStateOf(record Status, c Counts, approvedAbove bool) PeriodState {
	switch {
	case approvedAbove:
		return PeriodApprovedAbove
	case record == Approved:
		return PeriodApproved
	case c.Rejected > 0:
		return PeriodRejected
	case c.Draft > 0:
		return PeriodDraft
	case c.Total() > 0, record == Submitted:
		return PeriodSubmitted
	case record == Rejected:
		return PeriodRejected
	}
	return PeriodNotStarted
}

// stateRank orders the states from the least advanced.
var stateRank = map[PeriodState]int{
	PeriodNotStarted: 0, PeriodDraft: 1, PeriodRejected: 2, PeriodSubmitted: 3, PeriodApproved: 4, PeriodApprovedAbove: 5,
}

// CombineStates returns the state of a group of units' periods (an Asisten's
// Bagian): the least advanced of states, except that a group in which some
// have started and others not is a DRAFT (in progress). No states give
// NOT_STARTED.
func CombineStates(states ...PeriodState) PeriodState {
	if len(states) == 0 {
		return PeriodNotStarted
	}
	least, most := states[0], states[0]
	for _, s := range states[1:] {
		if stateRank[s] < stateRank[least] {
			least = s
		}
		if stateRank[s] > stateRank[most] {
			most = s
		}
	}
	if least == PeriodNotStarted && most != PeriodNotStarted {
		return PeriodDraft
	}
	return least
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

func isAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}

// YearDataAllowed returns nil when a year's targets and budget lines of an
// agency may change, else a *Refusal: once the agency's APPROVER has
// approved the YEAR period of a year (yearApproved), its targets and budget
// lines are locked with its realisations.
func YearDataAllowed(agency string, year int, yearApproved bool) error {
	if !yearApproved {
		return nil
	}
	return notNow("%s has approved the year %d: its targets and budget lines are locked until that approval is undone", agency, year)
}
