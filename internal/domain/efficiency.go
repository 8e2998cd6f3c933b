package domain

// Efficiency of the use of resources (LKjIP Tabel 3.4): how a sasaran
// indicator's capaian compares with the budget spent on the program that
// supports it. Two forms are in use and reports must say which they print.

// The labels of the two forms, as a report prints them beside the figure.
const (
	// EfficiencyGapLabel names the gap form (the seed's Tabel 3.4).
	EfficiencyGapLabel = "Efisiensi (%) = capaian kinerja − persentase realisasi anggaran program"
	// EfficiencySavingLabel names the saving form.
	EfficiencySavingLabel = "Efisiensi (%) = (pagu − realisasi) / pagu × 100, hanya bila target tercapai"
)

// EfficiencyGap returns the gap form of efficiency, capaian − absorption in
// percentage points (the seed: "mengurangkan persentase capaian kinerja
// dengan persentase penggunaan anggaran"); ok is false when either is
// unknown.
func EfficiencyGap(capaian, absorption *float64) (gap float64, ok bool) {
	if capaian == nil || absorption == nil {
		return 0, false
	}
	return *capaian - *absorption, true
}

// EfficiencySaving returns the saving form of efficiency, the share of the
// pagu left unspent, (pagu − realisasi) / pagu × 100. It is defined only
// where the target is met ("dapat dihitung apabila target kinerja tercapai
// 100% atau lebih"): ok is false when met is false and when pagu is zero.
func EfficiencySaving(t Totals, met bool) (pct float64, ok bool) {
	if !met || t.Pagu.Sign() == 0 {
		return 0, false
	}
	return t.Sisa().Float64() / t.Pagu.Float64() * 100, true
}

// AbsorptionChange returns the year-on-year change of a percentage (a budget
// absorption, or a mean capaian: the LKjIP's "kenaikan") in percentage
// points, current − previous; ok is false when either is unknown.
func AbsorptionChange(current, previous *float64) (pts float64, ok bool) {
	if current == nil || previous == nil {
		return 0, false
	}
	return *current - *previous, true
}
