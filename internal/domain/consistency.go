package domain

import (
	"io"
	"math/big"
	"strconv"
	"strings"
)

// FindingKind names what a consistency finding is about.
type FindingKind string

// The kinds of consistency finding.
const (
	// StatedDiffers: a figure a document stated disagrees with what is
	// computed from the stored lines.
	StatedDiffers FindingKind = "STATED_DIFFERS"
	// RealisationWithoutTarget: an indicator has a realisation in a year for
	// which it has no target.
	RealisationWithoutTarget FindingKind = "REALISATION_WITHOUT_TARGET"
	// CapaianNotEvaluable: target and realisation exist but give no capaian.
	CapaianNotEvaluable FindingKind = "CAPAIAN_NOT_EVALUABLE"
	// BudgetOverPagu: a budget line spent more than its pagu.
	BudgetOverPagu FindingKind = "BUDGET_OVER_PAGU"
	// TargetChangedAfterApproval: a target was changed after a realisation of
	// its indicator and year had been approved.
	TargetChangedAfterApproval FindingKind = "TARGET_CHANGED_AFTER_APPROVAL"
)

// Valid reports whether k is a known kind.
func (k FindingKind) Valid() bool {
	switch k {
	case StatedDiffers, RealisationWithoutTarget, CapaianNotEvaluable, BudgetOverPagu, TargetChangedAfterApproval:
		return true
	}
	return false
}

// MarshalGQL writes k as a GraphQL enum value.
func (k FindingKind) MarshalGQL(w io.Writer) { writeEnum(w, string(k)) }

// UnmarshalGQL reads k from a GraphQL enum value.
func (k *FindingKind) UnmarshalGQL(v any) (err error) {
	*k, err = parseEnum[FindingKind](v, "ConsistencyKind")
	return err
}

// StatedNumber parses a figure as a document states it, normalised to a
// plain decimal ("93.82", "-5.70857", "144"), and returns it with the number
// of decimals printed; ok is false for text ("Sangat Tinggi", "B (60-70)").
func StatedNumber(s string) (v float64, decimals int, ok bool) {
	s = strings.TrimSpace(s)
	body := strings.TrimPrefix(s, "-")
	whole, frac, _ := strings.Cut(body, ".")
	if whole == "" || !digits(whole) || !digits(frac) {
		return 0, 0, false
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, 0, false
	}
	return v, len(frac), true
}

// AgreesAt reports whether computed agrees with a figure stated with
// decimals decimals: whether computed, rounded half away from zero to that
// many decimals, is stated. A document prints its percentages rounded (the
// LKjIP's 100.5618, 93.82, 102.14 are all the nearest values, none of them
// cut off), so a computed 93.8058 agrees with a stated 93.81 and not with
// 93.80 or 93.82. computed is first taken to nine decimals (as CategoryOf
// does), so that 143.99999999999997 agrees with 144.
func AgreesAt(stated float64, decimals int, computed float64) bool {
	return RoundTo(computed, decimals) == RoundTo(stated, decimals)
}

// RoundTo rounds x half away from zero to decimals decimals, exactly on the
// decimal value of x taken to nine decimals.
func RoundTo(x float64, decimals int) float64 {
	r, ok := new(big.Rat).SetString(strconv.FormatFloat(stable(x), 'f', -1, 64))
	if !ok {
		return x
	}
	scale := new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(decimals)), nil))
	r.Mul(r, scale)
	n, d := r.Num(), r.Denom()
	q, m := new(big.Int).QuoRem(n, d, new(big.Int))
	// Half away from zero: |remainder| * 2 >= denominator moves q outwards.
	if new(big.Int).Mul(new(big.Int).Abs(m), big.NewInt(2)).Cmp(d) >= 0 {
		if n.Sign() < 0 {
			q.Sub(q, big.NewInt(1))
		} else {
			q.Add(q, big.NewInt(1))
		}
	}
	out, _ := new(big.Rat).SetFrac(q, scale.Num()).Float64()
	return out
}

// FormatAt formats x rounded to decimals decimals, as a document with that
// precision prints it.
func FormatAt(x float64, decimals int) string {
	return strconv.FormatFloat(RoundTo(x, decimals), 'f', decimals, 64)
}

// MetLabel returns met as the LKjIP prints it: "Tercapai" or "Tidak Tercapai".
func MetLabel(met bool) string {
	if met {
		return "Tercapai"
	}
	return "Tidak Tercapai"
}

// TrailEntry is an entry of the audit trail as the check of changed targets
// reads it: the change of a target, or the approval of a realisation, of
// an indicator and year, in the order of the trail.
type TrailEntry struct {
	Indicator int64
	Year      int
	// Approval is true for the approval of a realisation, false for a
	// change of the target.
	Approval bool
}

// ChangedAfterApproval returns the positions in trail (in order) of the
// changes of a target made after a realisation of the same indicator and
// year had been approved: the capaian that was approved is no longer the
// capaian of the values as they are.
func ChangedAfterApproval(trail []TrailEntry) []int {
	type key struct {
		indicator int64
		year      int
	}
	approved := map[key]bool{}
	var out []int
	for i, e := range trail {
		k := key{e.Indicator, e.Year}
		switch {
		case e.Approval:
			approved[k] = true
		case approved[k]:
			out = append(out, i)
		}
	}
	return out
}
