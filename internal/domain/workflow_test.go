package domain

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// The tree of these tests, as the demo's: Pemda /1/ → Setda /1/2/ → Asisten
// A /1/2/3/ and Asisten B /1/2/4/; Bagian Hukum /1/2/3/10/ (with Subbagian
// /1/2/3/10/20/) and its sibling Bagian Tapem /1/2/3/11/ under A; Bagian
// Umum /1/2/4/12/ under B.

// callers are every kind of caller, by how it relates to Bagian Hukum.
var callers = []struct {
	name string
	c    Caller
}{
	{"operator of the Bagian", Caller{RoleOperator, "/1/2/3/10/"}},
	{"operator of its Subbagian", Caller{RoleOperator, "/1/2/3/10/20/"}},
	{"operator of a sibling Bagian", Caller{RoleOperator, "/1/2/3/11/"}},
	{"approver of its Asisten", Caller{RoleApprover, "/1/2/3/"}},
	{"approver of another Asisten", Caller{RoleApprover, "/1/2/4/"}},
	{"approver of the Setda", Caller{RoleApprover, "/1/2/"}},
	{"approver of the Bagian itself", Caller{RoleApprover, "/1/2/3/10/"}},
	{"admin of the Pemda", Caller{RoleAdmin, "/1/"}},
	{"admin of another Asisten", Caller{RoleAdmin, "/1/2/4/"}},
	{"viewer of the Pemda", Caller{RoleViewer, "/1/"}},
	{"nobody", Caller{}},
}

// mayEnterHukum are the callers that may enter Bagian Hukum's data.
var mayEnterHukum = []string{"operator of the Bagian", "approver of its Asisten", "approver of the Setda", "approver of the Bagian itself", "admin of the Pemda"}

func hukum(closed, above bool) Subject {
	s := Subject{
		Unit: "Bagian Hukum", UnitPath: "/1/2/3/10/", Level: ApprovalDivision,
		Approver: "Asisten Pemerintahan", ApproverPath: "/1/2/3/",
		Year: 2024, Period: Q1, AboveApproved: above, Above: "Bagian Hukum",
	}
	if closed {
		s.Window = Window{Closed: true, ClosedAt: time.Date(2024, 4, 15, 9, 30, 0, 0, time.UTC)}
	}
	return s
}

// realisationSpec is the rule of each action on a realisation, written out
// independently of RealisationAllowed: who, in which statuses, and whether an
// approval above and a closed period stop it.
var realisationSpec = map[Action]struct {
	who          []string
	statuses     []Status
	lockedAbove  bool // refused while an approval above stands
	closedRefuse bool // refused in a closed period
}{
	ActionEdit:      {mayEnterHukum, []Status{"", Draft, Rejected}, true, true},
	ActionSubmit:    {mayEnterHukum, []Status{Draft, Rejected}, true, true},
	ActionApprove:   {[]string{"approver of its Asisten"}, []Status{Submitted}, true, false},
	ActionReject:    {[]string{"approver of its Asisten"}, []Status{Submitted}, true, false},
	ActionUnapprove: {[]string{"approver of its Asisten", "admin of the Pemda"}, []Status{Approved}, true, false},
}

// TestRealisationAllowedExhaustive checks every caller × status × approval
// above × window against realisationSpec: the flag, that Check agrees with
// it, and that a refusal for who the caller is (and only that) is Forbidden.
func TestRealisationAllowedExhaustive(t *testing.T) {
	for _, cl := range callers {
		for _, st := range []Status{"", Draft, Submitted, Approved, Rejected} {
			for _, above := range []bool{false, true} {
				for _, closed := range []bool{false, true} {
					a := RealisationAllowed(cl.c, hukum(closed, above), st)
					flags := []bool{a.Edit, a.Submit, a.Approve, a.Reject, a.Unapprove}
					for i, act := range Actions {
						spec := realisationSpec[act]
						who := slices.Contains(spec.who, cl.name)
						want := who && slices.Contains(spec.statuses, st) &&
							!(spec.lockedAbove && above) && !(spec.closedRefuse && closed)
						where := fmt.Sprintf("%s %s a %q realisation (above approved %v, closed %v)", cl.name, act, st, above, closed)
						if flags[i] != want {
							t.Errorf("%s: allowed %v, want %v (%v)", where, flags[i], want, a.Check(act))
						}
						checkRefusal(t, where, a.Check(act), want, !who)
					}
				}
			}
		}
	}
}

// checkRefusal checks that err is nil when allowed, else a *Refusal with a
// message, Forbidden exactly when forbidden.
func checkRefusal(t *testing.T, where string, err error, allowed, forbidden bool) {
	t.Helper()
	if allowed {
		if err != nil {
			t.Errorf("%s: Check = %v, want nil", where, err)
		}
		return
	}
	var r *Refusal
	switch {
	case !errors.As(err, &r):
		t.Errorf("%s: Check = %v, want a *Refusal", where, err)
	case r.Message == "":
		t.Errorf("%s: a refusal without a message", where)
	case r.Forbidden != forbidden:
		t.Errorf("%s: Forbidden = %v, want %v (%s)", where, r.Forbidden, forbidden, r.Message)
	}
}

// periodCounts are counts consistent with each state of a Bagian's period.
var periodCounts = map[PeriodState]Counts{
	PeriodNotStarted:                 {},
	PeriodDraft:                      {Draft: 2, Submitted: 1},
	PeriodSubmitted:                  {Submitted: 2, Approved: 1},
	"SUBMITTED, approved one by one": {Approved: 2},
	"SUBMITTED, empty":               {},
	PeriodApproved:                   {Approved: 3},
	PeriodApprovedAbove:              {Approved: 3},
	PeriodRejected:                   {Rejected: 1, Submitted: 1},
}

// TestPeriodAllowedExhaustive checks every caller × state × open units below
// × window × aggregate unit against the rules written out here.
func TestPeriodAllowedExhaustive(t *testing.T) {
	states := []PeriodState{PeriodNotStarted, PeriodDraft, PeriodSubmitted, PeriodApproved, PeriodApprovedAbove, PeriodRejected,
		"SUBMITTED, approved one by one", "SUBMITTED, empty"}
	for _, cl := range callers {
		for _, variant := range states {
			state := variant
			if strings.HasPrefix(string(variant), "SUBMITTED,") {
				state = PeriodSubmitted
			}
			for _, openBelow := range []bool{false, true} {
				for _, closed := range []bool{false, true} {
					for _, aggregate := range []bool{false, true} {
						f := PeriodFacts{State: state, Counts: periodCounts[variant], Aggregate: aggregate}
						if openBelow {
							f.OpenBelow = []OpenUnit{{"Subbagian X", PeriodDraft}}
						}
						s := hukum(closed, state == PeriodApprovedAbove)
						s.Above = "Sekretariat Daerah"
						a := PeriodAllowed(cl.c, s, f)
						enter := slices.Contains(mayEnterHukum, cl.name)
						approver := cl.name == "approver of its Asisten"
						unapprover := approver || cl.name == "admin of the Pemda"
						approved := state == PeriodApproved || state == PeriodApprovedAbove
						want := map[Action]bool{
							ActionEdit:      enter && !approved && !closed,
							ActionSubmit:    enter && !aggregate && (state == PeriodNotStarted || state == PeriodDraft || state == PeriodRejected) && !closed,
							ActionApprove:   approver && !aggregate && (state == PeriodNotStarted || state == PeriodSubmitted) && !openBelow,
							ActionReject:    approver && !aggregate && !approved && (f.Counts.Submitted > 0 || variant == "SUBMITTED, empty"),
							ActionUnapprove: unapprover && !aggregate && state == PeriodApproved,
						}
						who := map[Action]bool{ActionEdit: enter, ActionSubmit: enter, ActionApprove: approver, ActionReject: approver, ActionUnapprove: unapprover}
						flags := []bool{a.Edit, a.Submit, a.Approve, a.Reject, a.Unapprove}
						for i, act := range Actions {
							where := fmt.Sprintf("%s %s the period in %s (open below %v, closed %v, aggregate %v)", cl.name, act, variant, openBelow, closed, aggregate)
							if flags[i] != want[act] {
								t.Errorf("%s: allowed %v, want %v (%v)", where, flags[i], want[act], a.Check(act))
							}
							checkRefusal(t, where, a.Check(act), want[act], !who[act])
						}
					}
				}
			}
		}
	}
}

// refusalTests are the messages a user reads: each must say what stands in
// the way and what to do.
var refusalTests = []struct {
	name  string
	check func() error
	want  []string
}{
	{"the wrong Asisten approves", func() error {
		return RealisationAllowed(Caller{RoleApprover, "/1/2/4/"}, hukum(false, false), Submitted).Check(ActionApprove)
	}, []string{"only an APPROVER of Asisten Pemerintahan", "Bagian Hukum"}},
	{"an operator edits a submitted value", func() error {
		return RealisationAllowed(Caller{RoleOperator, "/1/2/3/10/"}, hukum(false, false), Submitted).Check(ActionEdit)
	}, []string{"the realisation of Q1 2024 is SUBMITTED", "cannot be edited", "reject"}},
	{"an edit of an approved value", func() error {
		return RealisationAllowed(Caller{RoleAdmin, "/1/"}, hukum(false, false), Approved).Check(ActionEdit)
	}, []string{"APPROVED and locked", "unapproved"}},
	{"an entry in a closed period", func() error {
		return RealisationAllowed(Caller{RoleOperator, "/1/2/3/10/"}, hukum(true, false), Draft).Check(ActionEdit)
	}, []string{"Q1 2024 was closed for data entry on 15 April 2024 09:30 UTC", "ask an ADMIN to open it again"}},
	{"an unapproval under the period's approval", func() error {
		return RealisationAllowed(Caller{RoleApprover, "/1/2/3/"}, hukum(false, true), Approved).Check(ActionUnapprove)
	}, []string{"Bagian Hukum is approved for Q1 2024", "undone first"}},
	{"the Asisten unapproves under the Setda's approval", func() error {
		s := hukum(false, true)
		s.Above = "Sekretariat Daerah"
		return PeriodAllowed(Caller{RoleApprover, "/1/2/3/"}, s, PeriodFacts{State: PeriodApprovedAbove}).Check(ActionUnapprove)
	}, []string{"Sekretariat Daerah has approved Q1 2024", "top down"}},
	{"the Setda approves while Bagian are open", func() error {
		s := Subject{Unit: "Sekretariat Daerah", UnitPath: "/1/2/", Level: ApprovalAgency, Approver: "Sekretariat Daerah", ApproverPath: "/1/2/", Year: 2024, Period: Q1}
		f := PeriodFacts{State: PeriodDraft, OpenBelow: []OpenUnit{{"Bagian Hukum", PeriodSubmitted}, {"Bagian Umum", PeriodNotStarted}}}
		return PeriodAllowed(Caller{RoleApprover, "/1/2/"}, s, f).Check(ActionApprove)
	}, []string{"not every unit under Sekretariat Daerah is approved for Q1 2024", "Bagian Hukum (SUBMITTED), Bagian Umum (NOT_STARTED)"}},
	{"a period with drafts is approved", func() error {
		return PeriodAllowed(Caller{RoleApprover, "/1/2/3/"}, hukum(false, false), PeriodFacts{State: PeriodDraft, Counts: Counts{Draft: 2, Rejected: 1}}).Check(ActionApprove)
	}, []string{"3 realisations of Bagian Hukum for Q1 2024 are not submitted (2 DRAFT, 1 REJECTED)"}},
	{"a viewer enters", func() error {
		return RealisationAllowed(Caller{RoleViewer, "/1/"}, hukum(false, false), Draft).Check(ActionEdit)
	}, []string{"VIEWER is read only"}},
	{"a unit outside the scope", func() error {
		return RealisationAllowed(Caller{RoleOperator, "/1/2/3/11/"}, hukum(false, false), Draft).Check(ActionSubmit)
	}, []string{"Bagian Hukum is outside your scope"}},
	{"no approval hierarchy", func() error {
		s := hukum(false, false)
		s.ApproverPath = ""
		return RealisationAllowed(Caller{RoleApprover, "/1/2/3/"}, s, Submitted).Check(ActionApprove)
	}, []string{"no approval hierarchy"}},
	{"no approval hierarchy, a VIEWER approves", func() error {
		s := hukum(false, false)
		s.ApproverPath = ""
		err := RealisationAllowed(Caller{RoleViewer, "/1/"}, s, Submitted).Check(ActionApprove)
		if r, ok := err.(*Refusal); !ok || !r.Forbidden {
			return fmt.Errorf("not forbidden: %v", err)
		}
		return err
	}, []string{"only an APPROVER over Bagian Hukum"}},
	{"no approval hierarchy, an APPROVER elsewhere approves", func() error {
		s := hukum(false, false)
		s.ApproverPath = ""
		err := RealisationAllowed(Caller{RoleApprover, "/1/2/4/"}, s, Submitted).Check(ActionReject)
		if r, ok := err.(*Refusal); !ok || !r.Forbidden {
			return fmt.Errorf("not forbidden: %v", err)
		}
		return err
	}, []string{"only an APPROVER over Bagian Hukum"}},
	{"the year", func() error {
		s := hukum(true, false)
		s.Period = Year
		return RealisationAllowed(Caller{RoleOperator, "/1/2/3/10/"}, s, Draft).Check(ActionSubmit)
	}, []string{"the year 2024 was closed"}},
}

func TestRefusalMessages(t *testing.T) {
	for _, tt := range refusalTests {
		err := tt.check()
		if err == nil {
			t.Errorf("%s: allowed, want a refusal", tt.name)
			continue
		}
		for _, w := range tt.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: %q, want it to say %q", tt.name, err, w)
			}
		}
	}
}

var periodStateTests = []struct {
	record Status
	counts Counts
	above  bool
	want   PeriodState
}{
	{"", Counts{}, false, PeriodNotStarted},
	{Draft, Counts{}, false, PeriodNotStarted},
	{Submitted, Counts{}, false, PeriodSubmitted},
	{Rejected, Counts{}, false, PeriodRejected},
	{Approved, Counts{}, false, PeriodApproved},
	{Approved, Counts{}, true, PeriodApprovedAbove},
	{"", Counts{Draft: 1}, false, PeriodDraft},
	{"", Counts{Draft: 1, Submitted: 3}, false, PeriodDraft},
	{Submitted, Counts{Draft: 1, Submitted: 3}, false, PeriodDraft},
	{"", Counts{Submitted: 3}, false, PeriodSubmitted},
	{"", Counts{Submitted: 1, Approved: 2}, false, PeriodSubmitted},
	{"", Counts{Approved: 2}, false, PeriodSubmitted},
	{Rejected, Counts{Rejected: 1, Draft: 1}, false, PeriodRejected},
	{Rejected, Counts{Draft: 2}, false, PeriodDraft},
	{Rejected, Counts{Submitted: 2}, false, PeriodSubmitted},
	{Approved, Counts{Approved: 2}, false, PeriodApproved},
	{Approved, Counts{Approved: 2}, true, PeriodApprovedAbove},
}

func TestPeriodStateOf(t *testing.T) {
	for _, tt := range periodStateTests {
		if got := PeriodStateOf(tt.record, tt.counts, tt.above); got != tt.want {
			t.Errorf("PeriodStateOf(%q, %+v, %v) = %s, want %s", tt.record, tt.counts, tt.above, got, tt.want)
		}
	}
}

var combineTests = []struct {
	in   []PeriodState
	want PeriodState
}{
	{nil, PeriodNotStarted},
	{[]PeriodState{PeriodNotStarted, PeriodNotStarted}, PeriodNotStarted},
	{[]PeriodState{PeriodNotStarted, PeriodApproved}, PeriodDraft},
	{[]PeriodState{PeriodSubmitted, PeriodApproved}, PeriodSubmitted},
	{[]PeriodState{PeriodRejected, PeriodApproved, PeriodSubmitted}, PeriodRejected},
	{[]PeriodState{PeriodDraft, PeriodRejected}, PeriodDraft},
	{[]PeriodState{PeriodApproved, PeriodApproved}, PeriodApproved},
	{[]PeriodState{PeriodApprovedAbove, PeriodApprovedAbove}, PeriodApprovedAbove},
	{[]PeriodState{PeriodApproved, PeriodApprovedAbove}, PeriodApproved},
}

func TestCombineStates(t *testing.T) {
	for _, tt := range combineTests {
		if got := CombineStates(tt.in...); got != tt.want {
			t.Errorf("CombineStates(%v) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

var levelTests = []struct {
	kind string
	want ApprovalLevel
	ok   bool
}{
	{"DIVISION", ApprovalDivision, true},
	{"ASSISTANT", ApprovalAssistant, true},
	{"AGENCY", ApprovalAgency, true},
	{"SUBDIVISION", "", false},
	{"PEMDA", "", false},
	{"", "", false},
}

func TestApprovalLevelOf(t *testing.T) {
	for _, tt := range levelTests {
		got, ok := ApprovalLevelOf(tt.kind)
		if got != tt.want || ok != tt.ok {
			t.Errorf("ApprovalLevelOf(%q) = %q, %v, want %q, %v", tt.kind, got, ok, tt.want, tt.ok)
		}
	}
}

var reasonTests = []struct {
	in, want string
	bad      bool
}{
	{"  Data sumber belum dilampirkan  ", "Data sumber belum dilampirkan", false},
	{"", "", true},
	{" \t\n", "", true},
	{"a\x00b", "", true},
	{"\xff", "", true},
	{strings.Repeat("x", MaxReason), strings.Repeat("x", MaxReason), false},
	{strings.Repeat("x", MaxReason+1), "", true},
}

func TestCheckReason(t *testing.T) {
	for _, tt := range reasonTests {
		got, err := CheckReason(tt.in)
		var in *InputError
		if tt.bad {
			if !errors.As(err, &in) || in.Field != "reason" {
				t.Errorf("CheckReason(%.20q) = %v, want an input error of reason", tt.in, err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("CheckReason(%.20q) = %.20q, %v, want %.20q", tt.in, got, err, tt.want)
		}
	}
}

func TestYearDataAllowed(t *testing.T) {
	if err := YearDataAllowed("Sekretariat Daerah", 2024, false); err != nil {
		t.Errorf("an open year: %v, want nil", err)
	}
	err := YearDataAllowed("Sekretariat Daerah", 2024, true)
	var r *Refusal
	if !errors.As(err, &r) || r.Forbidden || !strings.Contains(r.Message, "Sekretariat Daerah has approved the year 2024") {
		t.Errorf("an approved year: %v, want a refusal naming the approval", err)
	}
}

func TestApprovedOnly(t *testing.T) {
	for _, tt := range []struct {
		role  Role
		asked bool
		want  bool
	}{
		{RoleViewer, false, true}, {RoleViewer, true, true},
		{RoleAdmin, false, false}, {RoleAdmin, true, true},
		{RoleApprover, false, false}, {RoleOperator, true, true},
	} {
		if got := ApprovedOnly(tt.role, tt.asked); got != tt.want {
			t.Errorf("ApprovedOnly(%s, %v) = %v, want %v", tt.role, tt.asked, got, tt.want)
		}
	}
	for _, r := range []Role{RoleAdmin, RoleApprover, RoleOperator} {
		if err := AuditTrailReadable(r); err != nil {
			t.Errorf("AuditTrailReadable(%s) = %v, want nil", r, err)
		}
	}
	var ref *Refusal
	if err := AuditTrailReadable(RoleViewer); !errors.As(err, &ref) || !ref.Forbidden {
		t.Errorf("AuditTrailReadable(VIEWER) = %v, want a forbidden refusal", err)
	}
}
