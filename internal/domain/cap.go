package domain

import "fmt"

// The bounds of a capaian cap. A cap below 100 would turn a met target
// into an unmet one; the field uses 100 and 120.
const (
	MinCap = 100
	MaxCap = 1000
)

// CheckCap returns nil when cap is a valid capaian cap for an org unit:
// 0, which means "no cap" (overriding an ancestor's), or a number from
// MinCap to MaxCap. Errors name field.
func CheckCap(field string, cap float64) error {
	if cap == 0 || (cap >= MinCap && cap <= MaxCap) {
		return nil
	}
	return Invalid(field, fmt.Sprintf("%s is not a capaian cap: give 0 for none, or a number from %d to %d", formatNumber(cap), MinCap, MaxCap))
}

// EffectiveCap returns the cap that a stored setting means: nil for none
// (no setting, or 0), else the setting.
func EffectiveCap(setting *float64) *float64 {
	if setting == nil || *setting == 0 {
		return nil
	}
	return setting
}
