package domain

import (
	"fmt"
	"io"
	"strconv"
)

// State says whether a capaian could be computed.
type State string

// The states of a capaian.
const (
	// Computed: the capaian has a value.
	Computed State = "COMPUTED"
	// NotEvaluable: target and realisation exist but no capaian follows from
	// them (a target of 0, or a ratio too large to be a number).
	NotEvaluable State = "NOT_EVALUABLE"
	// Incomplete: the target or the realisation is missing.
	Incomplete State = "INCOMPLETE"
)

// Valid reports whether s is a known state.
func (s State) Valid() bool { return s == Computed || s == NotEvaluable || s == Incomplete }

// MarshalGQL writes s as a GraphQL enum value.
func (s State) MarshalGQL(w io.Writer) { writeEnum(w, string(s)) }

// UnmarshalGQL reads s from a GraphQL enum value.
func (s *State) UnmarshalGQL(v any) (err error) {
	*s, err = parseEnum[State](v, "AchievementState")
	return err
}

// Measure is what a capaian is computed from.
type Measure struct {
	Polarity Polarity
	// Formula is the convention for negative indicators; empty means GAP.
	Formula NegativeFormula
	// Target is the target of the period; nil when none is set.
	Target *Target
	// Realisation is the realised value of the period; nil when none is
	// recorded.
	Realisation *float64
	// Cap is the agency's capaian cap (see CheckCap); nil for none.
	Cap *float64
}

// Capaian is the achievement of one indicator in one period.
//
// Value is set only when State is Computed, at full precision (rounding is
// for presentation). Category and Met follow from Value. Note explains a
// state other than Computed in words a user can act on, or says that Value
// was capped. Uncapped is the value before the cap: equal to Value unless
// the cap lowered it.
type Capaian struct {
	Value    *float64
	Uncapped *float64
	State    State
	Method   Method
	Category *Category
	Met      *bool
	Note     string
}

// Compute returns the capaian of m:
//
//   - positive: realisasi / target × 100;
//   - negative, GAP: (target − (realisasi − target)) / target × 100;
//   - negative, RATIO: target / realisasi × 100;
//   - band [min, max]: 100 inside the band; outside it, on either side, the
//     formula of the polarity against the near edge: for a positive indicator
//     realisasi / min × 100 below the band and realisasi / max × 100 above
//     it, for a negative one the negative formula with target = max above
//     the band and target = min below it (the PermenPANRB's rule: band 80–90,
//     positive, realisasi 92 gives 92 / 90 × 100 = 102.22).
//
// A missing target or realisation gives Incomplete, a division by zero gives
// NotEvaluable (except a negative indicator with target 0 and realisasi 0,
// which is 100), and so does a ratio that is not a finite number; neither
// has a value. A Computed value is always finite.
//
// A Computed value above m.Cap is lowered to it, and Note says so; Uncapped
// keeps the value before. A cap is at least 100, so the category and Met of
// a capped value are those of the uncapped one.
func Compute(m Measure) Capaian {
	c := compute(m)
	if c.Value == nil || m.Cap == nil || stable(*c.Value) <= *m.Cap {
		return c
	}
	v := *m.Cap
	c.Value = &v
	c.Note = fmt.Sprintf("capped at %s by the agency's setting; uncapped %s", formatNumber(v), strconv.FormatFloat(*c.Uncapped, 'f', 2, 64))
	return c
}

// compute is Compute without the cap.
func compute(m Measure) Capaian {
	method := methodOf(m)
	switch {
	case m.Target == nil || m.Target.IsEmpty():
		return Capaian{State: Incomplete, Method: method, Note: "no target is set for this period"}
	case m.Realisation == nil:
		return Capaian{State: Incomplete, Method: method, Note: "no realisation is recorded for this period"}
	}
	r := *m.Realisation
	t := *m.Target
	if !t.IsRange() {
		return ratio(m.Polarity, m.Formula, *t.Value, r, method)
	}
	lo, hi := *t.Min, *t.Max
	switch {
	case r >= lo && r <= hi:
		return computed(100, method)
	case r < lo:
		return ratio(m.Polarity, m.Formula, lo, r, method)
	default:
		return ratio(m.Polarity, m.Formula, hi, r, method)
	}
}

// methodOf names the formula Compute applies to m.
func methodOf(m Measure) Method {
	switch {
	case m.Target != nil && m.Target.IsRange():
		return MethodRange
	case m.Polarity == Negative && m.Formula == NegativeRatio:
		return MethodNegativeRatio
	case m.Polarity == Negative:
		return MethodNegativeGap
	}
	return MethodRatio
}

// ratio applies the point formula of polarity p to target t and realisation r.
func ratio(p Polarity, f NegativeFormula, t, r float64, method Method) Capaian {
	switch {
	case p == Negative && f == NegativeRatio:
		if r == 0 {
			if t == 0 {
				return computed(100, method)
			}
			return notEvaluable(method, "realisation is 0: target / realisation is undefined")
		}
		return computed(t/r*100, method)
	case p == Negative:
		if t == 0 {
			if r == 0 {
				return computed(100, method)
			}
			return notEvaluable(method, "target is 0: the negative formula divides by the target")
		}
		return computed((t-(r-t))/t*100, method)
	default:
		if t == 0 {
			return notEvaluable(method, "target is 0: realisation / target is undefined")
		}
		return computed(r/t*100, method)
	}
}

// computed returns the capaian v; one that is not finite (only values
// outside the bounds of CheckAmount, stored before they held, give one) is
// NotEvaluable, so that no aggregate ever sees it.
func computed(v float64, method Method) Capaian {
	if !finite(v) {
		return notEvaluable(method, "the target and the realisation are too far apart for a capaian: check that both are in the same unit")
	}
	c := CategoryOf(v)
	met := stable(v) >= 100
	return Capaian{Value: &v, Uncapped: &v, State: Computed, Method: method, Category: &c, Met: &met}
}

func notEvaluable(method Method, why string) Capaian {
	return Capaian{State: NotEvaluable, Method: method, Note: why}
}

// String formats c for logs and test messages.
func (c Capaian) String() string {
	if c.Value == nil {
		return fmt.Sprintf("%s (%s)", c.State, c.Note)
	}
	return fmt.Sprintf("%.4f %s", *c.Value, *c.Category)
}
