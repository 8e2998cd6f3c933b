package domain

import (
	"math"
	"strings"
	"testing"
)

func f(v float64) *float64 { return &v }

func point(v float64) *Target { return &Target{Value: f(v)} }

func band(lo, hi float64, label string) *Target { return &Target{Min: f(lo), Max: f(hi), Label: label} }

// tabel31 is Tabel 3.1 of the 2023 LKjIP of the Setda of Kutai Kartanegara:
// target, realisation, the capaian rounded to two decimals and the category
// the document prints. All 27 indicators are positive.
var tabel31 = []struct {
	name     string
	target   *Target
	real     float64
	capaian  float64
	category Category
}{
	{"Indeks Kualitas Kebijakan bidang umum", point(89), 89.5, 100.56, SangatTinggi},
	{"Efektifitas Koordinasi bidang umum", point(75), 85.1, 113.47, SangatTinggi},
	{"Indeks Kualitas Pelayanan Administrasi bidang umum", point(98), 97.15, 99.13, SangatTinggi},
	{"Indeks Kualitas Kebijakan bidang tata pemerintahan", point(96), 94, 97.92, SangatTinggi},
	{"Efektifitas Koordinasi bidang tata pemerintahan", point(79), 79.67, 100.85, SangatTinggi},
	{"Indeks Kualitas Pelayanan Administrasi bidang tata pemerintahan", point(88), 88.9, 101.02, SangatTinggi},
	{"Nilai LPPD", point(3.5), 3.1, 88.57, Tinggi},
	{"Indeks Kualitas Kebijakan bidang perekonomian", point(89.7), 90.2, 100.56, SangatTinggi},
	{"Efektifitas Koordinasi bidang perekonomian", point(70.5), 74.5, 105.67, SangatTinggi},
	{"Indeks Kualitas Pelayanan Administrasi bidang perekonomian", point(82), 87, 106.10, SangatTinggi},
	{"Temuan Administrasi BPK/Inspektorat Yang di Tindak Lanjuti", point(25), 36, 144, SangatTinggi},
	{"Persentase Pelaksanakan dan Pelaporkan Pengelolaan Barang Milik Daerah", point(100), 100, 100, SangatTinggi},
	{"Persentase Pengelolaan Pengadaan Barang dan jasa", point(100), 100, 100, SangatTinggi},
	{"Tingkat Kepatuhan serta Kelengkapan LHKPN", point(100), 100, 100, SangatTinggi},
	{"Tingkat Kepatuhan LHKASN", point(100), 100, 100, SangatTinggi},
	{"Predikat Tata Kelola Arsip Perangkat Daerah", band(60, 70, "B (60-70)"), 68.4, 100, SangatTinggi},
	{"Persentase Keterisian Data di Aplikasi Satu Data Kukar", point(100), 100, 100, SangatTinggi},
	{"Jumlah Inovasi", point(1), 1, 100, SangatTinggi},
	{"Capaian Output Kegiatan", point(100), 100, 100, SangatTinggi},
	{"Persentase realisasi kegiatan fisik", point(100), 100, 100, SangatTinggi},
	{"Persentase realisasi keuangan", point(100), 100, 100, SangatTinggi},
	{"Laporan Manajemen Resiko", point(2), 2, 100, SangatTinggi},
	{"Dokumen Reviu Indikator Kinerja Utama", point(1), 1, 100, SangatTinggi},
	{"Jumlah kegiatan sosialisasi, internalisasi, penetapan leader", point(4), 4, 100, SangatTinggi},
	{"Persentase Pengembangan Kompetensi ASN", point(100), 100, 100, SangatTinggi},
	{"Persentase Pelaksanaan dan Pemenuhan Monitoring Center for Prevention KPK", point(100), 100, 100, SangatTinggi},
	{"Kawasan Tanpa Rokok (KTR) di Perkantoran", point(100), 100, 100, SangatTinggi},
}

func round2(v float64) float64 { return math.Round(v*100) / 100 }

func TestCapaianTabel31(t *testing.T) {
	if len(tabel31) != 27 {
		t.Fatalf("tabel31 has %d rows, want 27", len(tabel31))
	}
	for _, tt := range tabel31 {
		got := Compute(Measure{Polarity: Positive, Target: tt.target, Realisation: f(tt.real)})
		if got.State != Computed || got.Value == nil {
			t.Errorf("%s: state %s (%s), want COMPUTED", tt.name, got.State, got.Note)
			continue
		}
		if r := round2(*got.Value); r != tt.capaian {
			t.Errorf("%s: capaian %.6f rounds to %.2f, want %.2f", tt.name, *got.Value, r, tt.capaian)
		}
		if *got.Category != tt.category {
			t.Errorf("%s: category %s, want %s", tt.name, *got.Category, tt.category)
		}
		wantMet := round2(*got.Value) >= 100
		if *got.Met != wantMet {
			t.Errorf("%s: met %v, want %v", tt.name, *got.Met, wantMet)
		}
	}
}

func TestSummaryTabel31(t *testing.T) {
	var cs []Capaian
	for _, tt := range tabel31 {
		cs = append(cs, Compute(Measure{Polarity: Positive, Target: tt.target, Realisation: f(tt.real)}))
	}
	s := Summarise(cs)
	if s.Mean == nil {
		t.Fatal("mean is nil, want 102.14")
	}
	if got := round2(*s.Mean); got != 102.14 {
		t.Errorf("mean %.6f rounds to %.2f, want 102.14", *s.Mean, got)
	}
	if *s.Category != SangatTinggi || s.With != 27 || s.Without != 0 {
		t.Errorf("summary = %s with %d without %d, want SANGAT_TINGGI with 27 without 0", *s.Category, s.With, s.Without)
	}
	if s.ByCategory[SangatTinggi] != 26 || s.ByCategory[Tinggi] != 1 {
		t.Errorf("byCategory = %v, want 26 SANGAT_TINGGI and 1 TINGGI", s.ByCategory)
	}
}

func TestSummaryEmptyAndPartial(t *testing.T) {
	s := Summarise(nil)
	if s.Mean != nil || s.Category != nil || s.With != 0 || s.Without != 0 {
		t.Errorf("Summarise(nil) = %+v, want an empty summary", s)
	}
	s = Summarise([]Capaian{
		Compute(Measure{Polarity: Positive, Target: point(80), Realisation: f(40)}),
		Compute(Measure{Polarity: Positive, Target: point(80)}),
		Compute(Measure{Polarity: Positive, Target: point(0), Realisation: f(3)}),
	})
	if s.Mean == nil || *s.Mean != 50 || *s.Category != SangatRendah || s.With != 1 || s.Without != 2 {
		t.Errorf("partial summary = mean %v with %d without %d, want 50 SANGAT_RENDAH with 1 without 2", s.Mean, s.With, s.Without)
	}
}

var capaianCases = []struct {
	name    string
	m       Measure
	state   State
	value   float64 // when COMPUTED
	method  Method
	noteHas string
}{
	{"positive", Measure{Polarity: Positive, Target: point(80), Realisation: f(60)}, Computed, 75, MethodRatio, ""},
	{"negative gap below target", Measure{Polarity: Negative, Target: point(10), Realisation: f(8)}, Computed, 120, MethodNegativeGap, ""},
	{"negative gap above target", Measure{Polarity: Negative, Target: point(10), Realisation: f(13)}, Computed, 70, MethodNegativeGap, ""},
	{"negative gap twice the target", Measure{Polarity: Negative, Target: point(10), Realisation: f(25)}, Computed, -50, MethodNegativeGap, ""},
	{"negative ratio", Measure{Polarity: Negative, Formula: NegativeRatio, Target: point(10), Realisation: f(8)}, Computed, 125, MethodNegativeRatio, ""},
	{"negative ratio realisation zero", Measure{Polarity: Negative, Formula: NegativeRatio, Target: point(10), Realisation: f(0)}, NotEvaluable, 0, MethodNegativeRatio, "realisation is 0"},
	{"negative target zero realisation zero", Measure{Polarity: Negative, Target: point(0), Realisation: f(0)}, Computed, 100, MethodNegativeGap, ""},
	{"negative target zero realisation positive", Measure{Polarity: Negative, Target: point(0), Realisation: f(2)}, NotEvaluable, 0, MethodNegativeGap, "target is 0"},
	{"positive target zero", Measure{Polarity: Positive, Target: point(0), Realisation: f(5)}, NotEvaluable, 0, MethodRatio, "target is 0"},
	{"positive target zero realisation zero", Measure{Polarity: Positive, Target: point(0), Realisation: f(0)}, NotEvaluable, 0, MethodRatio, "target is 0"},
	{"missing target", Measure{Polarity: Positive, Realisation: f(5)}, Incomplete, 0, MethodRatio, "no target"},
	{"empty target", Measure{Polarity: Positive, Target: &Target{}, Realisation: f(5)}, Incomplete, 0, MethodRatio, "no target"},
	{"missing realisation", Measure{Polarity: Positive, Target: point(5)}, Incomplete, 0, MethodRatio, "no realisation"},
	{"band inside", Measure{Polarity: Positive, Target: band(60, 70, ""), Realisation: f(68.4)}, Computed, 100, MethodRange, ""},
	{"band on the lower edge", Measure{Polarity: Positive, Target: band(60, 70, ""), Realisation: f(60)}, Computed, 100, MethodRange, ""},
	{"band below (2022 arsip 52.71)", Measure{Polarity: Positive, Target: band(60, 70, ""), Realisation: f(52.71)}, Computed, 52.71 / 60 * 100, MethodRange, ""},
	{"band above, positive", Measure{Polarity: Positive, Target: band(60, 70, ""), Realisation: f(85)}, Computed, 85.0 / 70 * 100, MethodRange, ""},
	{"band below, negative", Measure{Polarity: Negative, Target: band(5, 10, ""), Realisation: f(2)}, Computed, 160, MethodRange, ""},
	// The PermenPANRB's worked examples of the band rule.
	{"PermenPANRB band 80-90, positive, above (92 / 90)", Measure{Polarity: Positive, Target: band(80, 90, ""), Realisation: f(92)}, Computed, 102.22222222222223, MethodRange, ""},
	{"PermenPANRB band 80-90, positive, below (70 / 80)", Measure{Polarity: Positive, Target: band(80, 90, ""), Realisation: f(70)}, Computed, 87.5, MethodRange, ""},
	{"PermenPANRB band 7-8, negative, below ((7 - (6.5 - 7)) / 7)", Measure{Polarity: Negative, Target: band(7, 8, ""), Realisation: f(6.5)}, Computed, 107.14285714285714, MethodRange, ""},
	{"PermenPANRB band 7-8, negative, above ((8 - (9 - 8)) / 8)", Measure{Polarity: Negative, Target: band(7, 8, ""), Realisation: f(9)}, Computed, 87.5, MethodRange, ""},
	{"band below, negative ratio (target = min)", Measure{Polarity: Negative, Formula: NegativeRatio, Target: band(7, 8, ""), Realisation: f(3.5)}, Computed, 200, MethodRange, ""},
	{"band [0, 0] positive above", Measure{Polarity: Positive, Target: band(0, 0, ""), Realisation: f(3)}, NotEvaluable, 0, MethodRange, "target is 0"},
	{"band above, negative", Measure{Polarity: Negative, Target: band(5, 10, ""), Realisation: f(12)}, Computed, 80, MethodRange, ""},
	{"band from zero, positive below impossible", Measure{Polarity: Positive, Target: band(0, 10, ""), Realisation: f(0)}, Computed, 100, MethodRange, ""},
}

func TestCompute(t *testing.T) {
	for _, tt := range capaianCases {
		got := Compute(tt.m)
		if got.State != tt.state || got.Method != tt.method {
			t.Errorf("%s: state %s method %s, want %s %s", tt.name, got.State, got.Method, tt.state, tt.method)
			continue
		}
		if tt.state != Computed {
			if got.Value != nil || got.Category != nil || got.Met != nil {
				t.Errorf("%s: value %v category %v met %v, want all nil", tt.name, got.Value, got.Category, got.Met)
			}
			if !contains(got.Note, tt.noteHas) {
				t.Errorf("%s: note %q, want it to mention %q", tt.name, got.Note, tt.noteHas)
			}
			continue
		}
		if math.Abs(*got.Value-tt.value) > 1e-9 {
			t.Errorf("%s: capaian %v, want %v", tt.name, *got.Value, tt.value)
		}
	}
}

func contains(s, sub string) bool {
	return strings.Contains(s, sub)
}

var categoryEdges = []struct {
	capaian float64
	want    Category
}{
	{144, SangatTinggi},
	{100, SangatTinggi},
	{91, SangatTinggi},
	{90.99, Tinggi},
	{90.5, Tinggi},
	{76, Tinggi},
	{75.99, Sedang},
	{66, Sedang},
	{65.99, Rendah},
	{51, Rendah},
	{50.99, SangatRendah},
	{50, SangatRendah},
	{0, SangatRendah},
	{-20, SangatRendah},
}

func TestCategoryEdges(t *testing.T) {
	for _, tt := range categoryEdges {
		if got := CategoryOf(tt.capaian); got != tt.want {
			t.Errorf("CategoryOf(%v) = %s, want %s", tt.capaian, got, tt.want)
		}
	}
	// 91 reached through floating point arithmetic still ranks as 91.
	c := Compute(Measure{Polarity: Positive, Target: point(100), Realisation: f(91)})
	if *c.Category != SangatTinggi {
		t.Errorf("91/100: category %s, want SANGAT_TINGGI", *c.Category)
	}
	c = Compute(Measure{Polarity: Positive, Target: point(0.3), Realisation: f(0.273)})
	if *c.Category != SangatTinggi {
		t.Errorf("0.273/0.3 (= 91%%, %.17g in floating point): category %s, want SANGAT_TINGGI", *c.Value, *c.Category)
	}
}

func TestMet(t *testing.T) {
	for _, tt := range []struct {
		target, real float64
		want         bool
	}{{100, 100, true}, {100, 99.99, false}, {0.3, 0.3, true}, {25, 36, true}} {
		c := Compute(Measure{Polarity: Positive, Target: point(tt.target), Realisation: f(tt.real)})
		if *c.Met != tt.want {
			t.Errorf("met(%v of %v) = %v, want %v", tt.real, tt.target, *c.Met, tt.want)
		}
	}
}
