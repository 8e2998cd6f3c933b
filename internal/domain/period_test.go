package domain

import "testing"

func reported(year *float64, qs ...*float64) Reported {
	var r Reported
	r.Year = year
	copy(r.Quarters[:], qs)
	return r
}

var rollupCases = []struct {
	name string
	r    Reported
	acc  Accumulation
	upTo int
	want *float64
}{
	{"year record wins", reported(f(9), f(1), f(2), f(3), f(4)), Sum, 0, f(9)},
	{"sum of quarters", reported(nil, f(1), f(2), f(3), f(4)), Sum, 0, f(10)},
	{"sum skips missing quarters", reported(nil, f(1), nil, f(3)), Sum, 0, f(4)},
	{"last reported quarter", reported(nil, f(70), f(75), f(80)), Last, 0, f(80)},
	{"last with a gap", reported(nil, f(70), nil, f(80), nil), Last, 0, f(80)},
	{"average of reported", reported(nil, f(60), f(80)), Average, 0, f(70)},
	{"up to Q2 ignores the year record", reported(f(9), f(1), f(2), f(3)), Sum, 2, f(3)},
	{"up to Q3, last", reported(nil, f(70), f(75), f(80), f(90)), Last, 3, f(80)},
	{"up to Q1, nothing reported", reported(nil, nil, f(3)), Sum, 1, nil},
	{"nothing at all", Reported{}, Last, 0, nil},
}

func TestReportedValue(t *testing.T) {
	for _, tt := range rollupCases {
		got := tt.r.Value(tt.acc, tt.upTo)
		switch {
		case got == nil && tt.want == nil:
		case got == nil || tt.want == nil || *got != *tt.want:
			t.Errorf("%s: got %v, want %v", tt.name, deref(got), deref(tt.want))
		}
	}
}

func deref(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

func TestReportedSet(t *testing.T) {
	var r Reported
	r.Set(Q2, 5)
	r.Set(Year, 7)
	if r.Quarters[1] == nil || *r.Quarters[1] != 5 || r.Year == nil || *r.Year != 7 {
		t.Errorf("Set: got %+v, want Q2=5 and YEAR=7", r)
	}
}

func TestCheckQuarter(t *testing.T) {
	for q, ok := range map[int]bool{0: false, 1: true, 4: true, 5: false, -1: false} {
		if err := CheckQuarter(q); (err == nil) != ok {
			t.Errorf("CheckQuarter(%d) = %v, want ok=%v", q, err, ok)
		}
	}
}

func TestTargetValidate(t *testing.T) {
	for _, tt := range []struct {
		name  string
		t     Target
		field string // "" when valid
	}{
		{"value", Target{Value: f(89)}, ""},
		{"band", Target{Min: f(60), Max: f(70), Label: "B (60-70)"}, ""},
		{"zero value", Target{Value: f(0)}, ""},
		{"empty", Target{}, "value"},
		{"both", Target{Value: f(1), Min: f(0), Max: f(2)}, "value"},
		{"min only", Target{Min: f(1)}, "max"},
		{"max only", Target{Max: f(1)}, "min"},
		{"label on a value", Target{Value: f(1), Label: "x"}, "label"},
		{"negative", Target{Value: f(-1)}, "value"},
		{"NaN", Target{Value: f(nan())}, "value"},
		{"inverted band", Target{Min: f(70), Max: f(60)}, "min"},
		{"long label", Target{Min: f(1), Max: f(2), Label: string(make([]byte, 51))}, "label"},
	} {
		err := tt.t.Validate()
		if tt.field == "" {
			if err != nil {
				t.Errorf("%s: %v, want valid", tt.name, err)
			}
			continue
		}
		ie, ok := err.(*InputError)
		if !ok || ie.Field != tt.field {
			t.Errorf("%s: error %v, want an InputError on %q", tt.name, err, tt.field)
		}
	}
}

func nan() float64 {
	zero := 0.0
	return zero / zero
}

func TestTargetText(t *testing.T) {
	for _, tt := range []struct {
		t    Target
		want string
	}{
		{Target{Value: f(3.5)}, "3.5"},
		{Target{Min: f(60), Max: f(70), Label: "B (60-70)"}, "B (60-70)"},
		{Target{Min: f(60), Max: f(70)}, "60-70"},
		{Target{}, ""},
	} {
		if got := tt.t.Text(); got != tt.want {
			t.Errorf("Text(%+v) = %q, want %q", tt.t, got, tt.want)
		}
	}
}
