package domain

import (
	"encoding/json"
	"math"
	"testing"
)

var parseMoneyTests = []struct {
	in   string
	want Money
	ok   bool
}{
	{"303489081155.00", 30348908115500, true},
	{"0", 0, true},
	{"1500000", 150000000, true},
	{"1500000.5", 150000050, true},
	{"1500000.05", 150000005, true},
	{"-12.34", -1234, true},
	{"007.10", 710, true},
	{"9999999999999999.99", 999999999999999999, true},
	{"", 0, false},
	{".50", 0, false},
	{"1.", 0, false},
	{"1.234", 0, false},
	{"1.500.000,00", 0, false},
	{"1,500,000.00", 0, false},
	{"1e6", 0, false},
	{" 1", 0, false},
	{"+1", 0, false},
	{"12345678901234567", 0, false},
}

func TestParseMoney(t *testing.T) {
	for _, tt := range parseMoneyTests {
		got, err := ParseMoney(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("ParseMoney(%q) = %d, %v; want %d, ok=%v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

func TestMoneyString(t *testing.T) {
	for _, tt := range []struct {
		m    Money
		want string
	}{{30348908115500, "303489081155.00"}, {5, "0.05"}, {-1234, "-12.34"}, {0, "0.00"}} {
		if got := tt.m.String(); got != tt.want {
			t.Errorf("Money(%d).String() = %q, want %q", int64(tt.m), got, tt.want)
		}
	}
}

func TestMoneyUnmarshalGQL(t *testing.T) {
	for _, tt := range []struct {
		in   any
		want Money
		ok   bool
	}{
		{"75000000.00", 7500000000, true},
		{json.Number("75000000"), 7500000000, true},
		{int64(12), 1200, true},
		{12, 1200, true},
		{12.5, 0, false},
		{json.Number("12.345"), 0, false},
		{json.Number("10.5"), 0, false},
		{json.Number("1e3"), 0, false},
		{true, 0, false},
	} {
		var m Money
		err := m.UnmarshalGQL(tt.in)
		if (err == nil) != tt.ok || m != tt.want {
			t.Errorf("UnmarshalGQL(%#v) = %d, %v; want %d, ok=%v", tt.in, m, err, tt.want, tt.ok)
		}
	}
}

func TestTotals(t *testing.T) {
	// Kegiatan "Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat
	// Daerah", Tabel 3.6: its three Sub Kegiatan lines.
	var tot Totals
	tot.Add(MustMoney("75000000.00"), MustMoney("64479164.00"))
	tot.Add(MustMoney("30000000.00"), MustMoney("29724000.00"))
	tot.Add(MustMoney("157410000.00"), MustMoney("144420934.00"))
	if tot.Pagu.String() != "262410000.00" || tot.Realisasi.String() != "238624098.00" || tot.Sisa().String() != "23785902.00" {
		t.Errorf("totals = %s / %s / %s, want 262410000.00 / 238624098.00 / 23785902.00", tot.Pagu, tot.Realisasi, tot.Sisa())
	}
	if a := tot.Absorption(); a == nil || math.Round(*a*100)/100 != 90.94 {
		t.Errorf("absorption = %v, want 90.94 (rounded)", a)
	}
	var empty Totals
	if empty.Absorption() != nil {
		t.Errorf("absorption of an empty budget = %v, want nil", *empty.Absorption())
	}
}

func TestCheckLine(t *testing.T) {
	for _, tt := range []struct {
		pagu, real string
		field      string
	}{
		{"100.00", "100.00", ""},
		{"100.00", "0", ""},
		{"0", "0", ""},
		{"100.00", "100.01", "realisasi"},
		{"-1", "0", "pagu"},
		{"10", "-1", "realisasi"},
	} {
		err := CheckLine(MustMoney(tt.pagu), MustMoney(tt.real))
		if tt.field == "" {
			if err != nil {
				t.Errorf("CheckLine(%s, %s) = %v, want nil", tt.pagu, tt.real, err)
			}
			continue
		}
		if ie, ok := err.(*InputError); !ok || ie.Field != tt.field {
			t.Errorf("CheckLine(%s, %s) = %v, want an InputError on %s", tt.pagu, tt.real, err, tt.field)
		}
	}
}
