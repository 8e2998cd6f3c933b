package domain

import "testing"

// agreesAtTests are figures of the demo LKjIP and what Kinerja computes for
// them: the document rounds (100.5617977… is printed 100.5618, 93.8058… is
// 93.81, not 93.80), so a stated figure agrees with the computed value
// rounded to its decimals.
var agreesAtTests = []struct {
	stated   string
	computed float64
	want     bool
}{
	{"100.56", 89.5 / 89 * 100, true},
	{"100.5618", 89.5 / 89 * 100, true},
	{"113.47", 85.1 / 75 * 100, true},
	{"144", 36.0 / 25 * 100, true},
	{"93.82", 93.80579, false},
	{"93.81", 93.80579, true},
	{"93.80", 93.80579, false},
	{"-5.70857", 3.1/3.5*100 - 94.28, true},
	{"6.741798", 6.756015, false},
	{"100", 128.2051, false},
	{"2.85", -0.27, false},
	{"0.5", 0.45, true},
	{"-0.5", -0.45, true},
}

func TestAgreesAt(t *testing.T) {
	for _, tt := range agreesAtTests {
		v, d, ok := StatedNumber(tt.stated)
		if !ok {
			t.Fatalf("StatedNumber(%q) is not a number", tt.stated)
		}
		if got := AgreesAt(v, d, tt.computed); got != tt.want {
			t.Errorf("AgreesAt(%s, %d, %v) = %v, want %v", tt.stated, d, tt.computed, got, tt.want)
		}
	}
	for _, s := range []string{"Sangat Tinggi", "B (60-70)", "", "1.2.3", "-"} {
		if _, _, ok := StatedNumber(s); ok {
			t.Errorf("StatedNumber(%q) is a number", s)
		}
	}
	if got := FormatAt(128.2051282, 2); got != "128.21" {
		t.Errorf("FormatAt(128.2051282, 2) = %s, want 128.21", got)
	}
}

func TestChangedAfterApproval(t *testing.T) {
	trail := []TrailEntry{
		{Indicator: 1, Year: 2024},                 // 0: target set before any approval
		{Indicator: 1, Year: 2024, Approval: true}, // 1
		{Indicator: 1, Year: 2023},                 // 2: another year
		{Indicator: 2, Year: 2024},                 // 3: another indicator
		{Indicator: 1, Year: 2024},                 // 4: changed after the approval
		{Indicator: 1, Year: 2024},                 // 5: and again
	}
	got := ChangedAfterApproval(trail)
	if len(got) != 2 || got[0] != 4 || got[1] != 5 {
		t.Errorf("ChangedAfterApproval = %v, want [4 5]", got)
	}
}
