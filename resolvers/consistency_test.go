package resolvers_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/kinerja/kinerja/internal/apitest"
	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/internal/testdb"
)

type finding struct {
	Kind, Location   string
	Table, Figure    *string
	Year             *int
	Stated, Computed *string
	StatedValue      *float64
	ComputedValue    *float64
	Note             *string
	Subject          *struct {
		Typename string `json:"__typename"`
		ID       string
	}
}

const consistencyQuery = `query($u: ID!, $y: Int!, $a: Boolean) {
  consistencyReport(orgUnitId: $u, year: $y, approvedOnly: $a) {
    kind location table figure year stated computed statedValue computedValue note subject { __typename id }
  }
}`

func report(t *testing.T, api *apitest.API, token, unit string, year int) []finding {
	t.Helper()
	var out struct{ ConsistencyReport []finding }
	api.OK(token, consistencyQuery, map[string]any{"u": unit, "y": year}, &out)
	return out.ConsistencyReport
}

func str(p *string) string {
	if p == nil {
		return "<nil>"
	}
	return *p
}

// setda2023Disagreements are the stated figures of the demo data (the 2023
// LKjIP of the Setda) that disagree with what the lines give: the list of
// docs/demo-data.md (b), in the order the figures were recorded; location,
// stated, computed (at the stated precision, at least two decimals).
var setda2023Disagreements = []struct{ location, stated, computed string }{
	// Budget rows: Tabel 3.6 (2023), Tabel 3.7 (2022), the 3.2 text.
	{"Tabel 3.6, Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota, Pagu", "185550727879.00", "186370101479.00"},
	{"Tabel 3.6, Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota, Realisasi", "174078450455.00", "174825932196.00"},
	{"Tabel 3.6, Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota, Penyerapan", "93.82", "93.81"},
	{"Tabel 3.6, Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota, Sisa", "11472277424.00", "11544169283.00"},
	{"Tabel 3.6, Administrasi Keuangan dan Operasional Kepala Daerah dan Wakil Kepala Daerah, Realisasi", "918153965.00", "915608886.00"},
	{"Tabel 3.6, Administrasi Keuangan dan Operasional Kepala Daerah dan Wakil Kepala Daerah, Penyerapan", "64.74", "64.56"},
	{"Tabel 3.6, Administrasi Keuangan dan Operasional Kepala Daerah dan Wakil Kepala Daerah, Sisa", "500000000.00", "502545079.00"},
	{"Tabel 3.6, Total, Pagu", "303489081155.00", "304308454755.00"},
	{"Tabel 3.6, Total, Realisasi", "285024657938.00", "285772139679.00"},
	{"Tabel 3.6, Total, Penyerapan", "95.39", "93.91"},
	{"Tabel 3.6, Total, Sisa", "18464423217.00", "18536315076.00"},
	{"Tabel 3.7, Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota, Realisasi 2022", "115899641973.00", "114568311973.00"},
	{"Tabel 3.7, Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota, Penyerapan 2022", "89.70", "88.67"},
	{"Tabel 3.7, Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota, Sisa 2022", "13311862628.00", "14643192628.00"},
	{"Tabel 3.7, Program Pemerintahan Dan Kesejahteraan Rakyat, Pagu 2022", "57102070467.00", "57102062467.00"},
	{"Tabel 3.7, Program Pemerintahan Dan Kesejahteraan Rakyat, Sisa 2022", "8497629776.00", "8497621776.00"},
	{"Tabel 3.7, Total, Pagu 2022", "304308454755.00", "191506402333.00"},
	{"Tabel 3.7, Total, Realisasi 2022", "290265919382.00", "167643432644.00"},
	{"Tabel 3.7, Total, Penyerapan 2022", "88.23", "87.54"},
	{"Tabel 3.7, Total, Sisa 2022", "14042535373.00", "23862969689.00"},
	{"3.2, Sekretariat Daerah, Penyerapan", "95.39", "93.91"},
	{"3.2, Sekretariat Daerah, Penyerapan 2022", "88.23", "87.54"},
	{"3.2, Sekretariat Daerah, Kenaikan Penyerapan", "7.16", "6.37"},
	{"Tabel 3.3, IKU-01 Indeks Kualitas Kebijakan bidang umum, organisasi, protokol dan komunikasi pimpinan dan perencanaan dan keuangan, Target Akhir Renstra", "89", "95"},
	{"Tabel 3.3, IKU-01 Indeks Kualitas Kebijakan bidang umum, organisasi, protokol dan komunikasi pimpinan dan perencanaan dan keuangan, Capaian", "100.56", "94.21"},
	{"Tabel 3.4, IKU-01 Indeks Kualitas Kebijakan bidang umum, organisasi, protokol dan komunikasi pimpinan dan perencanaan dan keuangan, Penyerapan Anggaran Program", "93.82", "93.81"},
	{"Tabel 3.4, IKU-01 Indeks Kualitas Kebijakan bidang umum, organisasi, protokol dan komunikasi pimpinan dan perencanaan dan keuangan, Efisiensi", "6.741798", "6.756015"},
	{"Tabel 3.3, IKU-02 Efektifitas Koordinasi bidang umum, organisasi, protokol dan komunikasi pimpinan dan perencanaan dan keuangan, Target Akhir Renstra", "75", "90"},
	{"Tabel 3.3, IKU-02 Efektifitas Koordinasi bidang umum, organisasi, protokol dan komunikasi pimpinan dan perencanaan dan keuangan, Capaian", "113.47", "94.56"},
	{"Tabel 3.4, IKU-02 Efektifitas Koordinasi bidang umum, organisasi, protokol dan komunikasi pimpinan dan perencanaan dan keuangan, Penyerapan Anggaran Program", "93.82", "93.81"},
	{"Tabel 3.4, IKU-02 Efektifitas Koordinasi bidang umum, organisasi, protokol dan komunikasi pimpinan dan perencanaan dan keuangan, Efisiensi", "19.64667", "19.66088"},
	{"Tabel 2.5, IKU-03 Indeks Kualitas Pelayanan Administrasi bidang umum, organisasi, protokol dan komunikasi pimpinan dan perencanaan dan keuangan, Target", "96", "98"},
	{"Tabel 3.3, IKU-03 Indeks Kualitas Pelayanan Administrasi bidang umum, organisasi, protokol dan komunikasi pimpinan dan perencanaan dan keuangan, Target Akhir Renstra", "98", "99"},
	{"Tabel 3.3, IKU-03 Indeks Kualitas Pelayanan Administrasi bidang umum, organisasi, protokol dan komunikasi pimpinan dan perencanaan dan keuangan, Capaian", "99.13", "98.13"},
	{"Tabel 3.4, IKU-03 Indeks Kualitas Pelayanan Administrasi bidang umum, organisasi, protokol dan komunikasi pimpinan dan perencanaan dan keuangan, Penyerapan Anggaran Program", "93.82", "93.81"},
	{"Tabel 3.4, IKU-03 Indeks Kualitas Pelayanan Administrasi bidang umum, organisasi, protokol dan komunikasi pimpinan dan perencanaan dan keuangan, Efisiensi", "5.312653", "5.326870"},
	{"Tabel 3.3, IKU-04 Indeks Kualitas Kebijakan bidang tata pemerintahan, kesejahteraan rakyat, hukum dan kerjasama, Target Akhir Renstra", "96", "98"},
	{"Tabel 3.3, IKU-04 Indeks Kualitas Kebijakan bidang tata pemerintahan, kesejahteraan rakyat, hukum dan kerjasama, Capaian", "97.92", "95.92"},
	{"Tabel 3.4, IKU-04 Indeks Kualitas Kebijakan bidang tata pemerintahan, kesejahteraan rakyat, hukum dan kerjasama, Efisiensi", "3.636667", "3.640216"},
	{"Tabel 3.3, IKU-05 Efektifitas Koordinasi bidang tata pemerintahan, kesejahteraan rakyat, hukum dan kerjasama, Target Akhir Renstra", "79", "91"},
	{"Tabel 3.3, IKU-05 Efektifitas Koordinasi bidang tata pemerintahan, kesejahteraan rakyat, hukum dan kerjasama, Capaian", "100.85", "87.55"},
	{"Tabel 3.4, IKU-05 Efektifitas Koordinasi bidang tata pemerintahan, kesejahteraan rakyat, hukum dan kerjasama, Efisiensi", "6.568101", "6.571651"},
	{"Tabel 3.3, IKU-06 Indeks Kualitas Pelayanan Administrasi bidang tata pemerintahan, kesejahteraan rakyat, hukum dan kerjasama, Target Akhir Renstra", "88", "95"},
	{"Tabel 3.3, IKU-06 Indeks Kualitas Pelayanan Administrasi bidang tata pemerintahan, kesejahteraan rakyat, hukum dan kerjasama, Capaian", "101.02", "93.58"},
	{"Tabel 3.4, IKU-06 Indeks Kualitas Pelayanan Administrasi bidang tata pemerintahan, kesejahteraan rakyat, hukum dan kerjasama, Efisiensi", "6.742727", "6.746277"},
	{"Tabel 2.5, IKU-07 Nilai LPPD, Target 2022", "3.4", "3.5"},
	{"Tabel 3.3, IKU-07 Nilai LPPD, Target Akhir Renstra", "3.5", "3.8"},
	{"Tabel 3.3, IKU-07 Nilai LPPD, Capaian", "88.57", "81.58"},
	{"Tabel 3.4, IKU-07 Nilai LPPD, Efisiensi", "-5.70857", "-5.70502"},
	{"Tabel 3.3, IKU-08 Indeks Kualitas Kebijakan bidang perekonomian, administrasi pembangunan, pengadaan barang dan jasa dan sumber daya alam, Target Akhir Renstra", "89.7", "95.7"},
	{"Tabel 3.3, IKU-08 Indeks Kualitas Kebijakan bidang perekonomian, administrasi pembangunan, pengadaan barang dan jasa dan sumber daya alam, Capaian", "100.56", "94.25"},
	{"Tabel 3.4, IKU-08 Indeks Kualitas Kebijakan bidang perekonomian, administrasi pembangunan, pengadaan barang dan jasa dan sumber daya alam, Efisiensi", "9.647414", "9.644320"},
	{"Tabel 3.3, IKU-09 Efektifitas Koordinasi bidang perekonomian, administrasi pembangunan, pengadaan barang dan jasa dan sumber daya alam, Target Akhir Renstra", "70.5", "85.5"},
	{"Tabel 3.3, IKU-09 Efektifitas Koordinasi bidang perekonomian, administrasi pembangunan, pengadaan barang dan jasa dan sumber daya alam, Capaian", "105.67", "87.13"},
	{"Tabel 3.4, IKU-09 Efektifitas Koordinasi bidang perekonomian, administrasi pembangunan, pengadaan barang dan jasa dan sumber daya alam, Efisiensi", "14.76376", "14.76067"},
	{"Tabel 3.3, IKU-10 Indeks Kualitas Pelayanan Administrasi bidang perekonomian, administrasi pembangunan, pengadaan barang dan jasa dan sumber daya alam, Target Akhir Renstra", "82", "90"},
	{"Tabel 3.3, IKU-10 Indeks Kualitas Pelayanan Administrasi bidang perekonomian, administrasi pembangunan, pengadaan barang dan jasa dan sumber daya alam, Capaian", "106.10", "96.67"},
	{"Tabel 3.4, IKU-10 Indeks Kualitas Pelayanan Administrasi bidang perekonomian, administrasi pembangunan, pengadaan barang dan jasa dan sumber daya alam, Efisiensi", "15.18756", "15.18447"},
	{"Tabel 2.5, IKU-11 Temuan Administrasi BPK/Inspektorat Yang di Tindak Lanjuti, Target 2022", "25", "29"},
	{"Tabel 3.3, IKU-11 Temuan Administrasi BPK/Inspektorat Yang di Tindak Lanjuti, Target Akhir Renstra", "25", "100"},
	{"Tabel 3.3, IKU-11 Temuan Administrasi BPK/Inspektorat Yang di Tindak Lanjuti, Capaian", "144", "36.00"},
	{"Bab IV 4.1, IKU-12 Persentase Pelaksanakan dan Pelaporkan Pengelolaan Barang Milik Daerah yang berada di Pengguna Barang Milik Daerah, Capaian", "39.31", "100.00"},
	{"Tabel 3.2, IKU-16 Predikat Tata Kelola Arsip Perangkat Daerah, Capaian 2021", "75.11", "87.63"},
	{"Tabel 3.3, IKU-18 Jumlah Inovasi, Target Akhir Renstra", "1", "5"},
	{"Tabel 3.3, IKU-18 Jumlah Inovasi, Capaian", "100", "20.00"},
	{"Tabel 3.3, IKU-22 Laporan Penyusunan Manajemen Resiko dan Laporan Pengendalian Manajemen Resiko maksimal 10 Januari, Target Akhir Renstra", "2", "10"},
	{"Tabel 3.3, IKU-22 Laporan Penyusunan Manajemen Resiko dan Laporan Pengendalian Manajemen Resiko maksimal 10 Januari, Capaian", "100", "20.00"},
	{"Tabel 3.3, IKU-23 Dokumen Reviu Indikator Kinerja Utama, Target Akhir Renstra", "1", "5"},
	{"Tabel 3.3, IKU-23 Dokumen Reviu Indikator Kinerja Utama, Capaian", "100", "20.00"},
	{"Tabel 3.3, IKU-24 Jumlah kegiatan sosialisasi, internalisasi, penetapan leader, Tim budaya kerja, Target Akhir Renstra", "4", "20"},
	{"Tabel 3.3, IKU-24 Jumlah kegiatan sosialisasi, internalisasi, penetapan leader, Tim budaya kerja, Capaian", "100", "20.00"},
	{"3.1.2, Sekretariat Daerah, Rata-rata Capaian 2022", "99.29", "102.41"},
	{"3.1.2, Sekretariat Daerah, Kenaikan Rata-rata Capaian", "2.85", "-0.27"},
	{"Bab IV 4.1, Sekretariat Daerah, Kenaikan Rata-rata Capaian", "2.85", "-0.27"},
	{"Tabel 3.5, IKP-01 Persentase Aset yang dimanfaatkan dilingkungan Sekretariat Daerah, Capaian", "100", "128.21"},
}

// TestConsistencyReportSetda2023: on the demo data the report of the Setda
// for 2023 finds exactly the disagreements docs/demo-data.md lists (the
// 2023 pagu total stated 303,489,081,155.00 where the lines give
// 304,308,454,755.00, ...) and nothing where the document agrees with its
// lines (every Sub Kegiatan row, every Tabel 3.1 capaian and category, the
// mean 102.14, ...), no problem in the stored data, in a fixed number of
// statements.
func TestConsistencyReportSetda2023(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		api := apitest.New(t, st)
		x := lookup(t, api)
		warmCaller(t, api, api.Token("sekda"))
		got := report(t, api, api.Token("sekda"), x.unit("SETDA"), 2023)
		if n := api.Statements(); n != 18 {
			t.Errorf("the report took %d statements, want 18", n)
		}
		want := map[string]string{}
		for _, w := range setda2023Disagreements {
			want[w.location] = w.stated + " → " + w.computed
		}
		seen := map[string]bool{}
		for _, f := range got {
			if f.Kind != "STATED_DIFFERS" {
				t.Errorf("unexpected %s at %s: stated %s computed %s (%s)", f.Kind, f.Location, str(f.Stated), str(f.Computed), str(f.Note))
				continue
			}
			g := str(f.Stated) + " → " + str(f.Computed)
			w, ok := want[f.Location]
			switch {
			case !ok:
				t.Errorf("unexpected finding at %s: %s", f.Location, g)
			case seen[f.Location]:
				t.Errorf("%s reported twice", f.Location)
			case g != w:
				t.Errorf("%s: %s, want %s", f.Location, g, w)
			}
			seen[f.Location] = true
		}
		for _, w := range setda2023Disagreements {
			if !seen[w.location] {
				t.Errorf("missing finding at %s: %s → %s", w.location, w.stated, w.computed)
			}
		}

		// The details of three findings: an amount, a percentage, a text.
		byLocation := map[string]finding{}
		for _, f := range got {
			byLocation[f.Location] = f
		}
		total := byLocation["Tabel 3.6, Total, Pagu"]
		if str(total.Table) != "Tabel 3.6" || str(total.Figure) != "pagu" || total.Year == nil || *total.Year != 2023 ||
			total.StatedValue == nil || *total.StatedValue != 303489081155 || total.ComputedValue == nil || *total.ComputedValue != 304308454755 ||
			total.Subject == nil || total.Subject.Typename != "OrgUnit" || total.Subject.ID != x.unit("SETDA") {
			t.Errorf("Tabel 3.6 total pagu: %+v", total)
		}
		eff := byLocation["Tabel 3.4, IKU-07 Nilai LPPD, Efisiensi"]
		if eff.Subject == nil || eff.Subject.Typename != "Indicator" || eff.Subject.ID != x.ind("IKU-07") ||
			eff.ComputedValue == nil || apitest.Round2(*eff.ComputedValue) != -5.71 || !strings.Contains(str(eff.Note), "gap: capaian − program absorption") {
			t.Errorf("Tabel 3.4 IKU-07 efficiency: %+v", eff)
		}
		renstra := byLocation["Tabel 3.3, IKU-18 Jumlah Inovasi, Target Akhir Renstra"]
		if renstra.Year == nil || *renstra.Year != 2023 || renstra.StatedValue == nil || *renstra.StatedValue != 1 {
			t.Errorf("Tabel 3.3 IKU-18 Renstra target: %+v", renstra)
		}
		prog := byLocation["Tabel 3.7, Program Pemerintahan Dan Kesejahteraan Rakyat, Pagu 2022"]
		if prog.Subject == nil || prog.Subject.Typename != "Program" || prog.Year == nil || *prog.Year != 2022 {
			t.Errorf("Tabel 3.7 program 02 pagu: %+v", prog)
		}
		act := byLocation["Tabel 3.6, Administrasi Keuangan dan Operasional Kepala Daerah dan Wakil Kepala Daerah, Sisa"]
		if act.Subject == nil || act.Subject.Typename != "Activity" {
			t.Errorf("Tabel 3.6 activity 01.09 sisa: %+v", act)
		}
	})
}

// TestConsistencyReportScope: a unit's report covers the figures about its
// subtree only; a unit outside the caller's subtree is FORBIDDEN, an
// unknown one NOT_FOUND, an implausible year BAD_USER_INPUT; a VIEWER may
// run it, on approved values only (the demo's realisations are drafts), and
// gets no finding read from the audit trail.
func TestConsistencyReportScope(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		api := apitest.New(t, st)
		x := lookup(t, api)
		renkeu := api.Token("bagian.renkeu")
		own := report(t, api, renkeu, x.unit("BAG-RENKEU"), 2023)
		if len(own) == 0 {
			t.Fatal("the Bagian Perencanaan dan Keuangan has no finding; want those of its indicators")
		}
		for _, f := range own {
			if f.Subject == nil || f.Subject.Typename == "OrgUnit" || f.Subject.Typename == "Program" {
				t.Errorf("the Bagian's report has %s (%s), which is about the Setda", f.Location, subjectName(f))
			}
		}
		api.Fails(renkeu, consistencyQuery, map[string]any{"u": x.unit("SETDA"), "y": 2023}, "FORBIDDEN")
		api.Fails(api.Token("sekda"), consistencyQuery, map[string]any{"u": apitest.GID("OrgUnit", 999999), "y": 2023}, "NOT_FOUND")
		api.Fails(api.Token("sekda"), consistencyQuery, map[string]any{"u": x.unit("SETDA"), "y": 3000}, "BAD_USER_INPUT")

		viewer := report(t, api, api.Token("bi"), x.unit("SETDA"), 2023)
		var capaian int
		for _, f := range viewer {
			if f.Kind == "TARGET_CHANGED_AFTER_APPROVAL" {
				t.Errorf("a VIEWER's report reads the audit trail: %s", f.Location)
			}
			if f.Location == "Tabel 3.1, IKU-01 Indeks Kualitas Kebijakan bidang umum, organisasi, protokol dan komunikasi pimpinan dan perencanaan dan keuangan, Capaian" {
				capaian++
				if f.Computed != nil || !strings.Contains(str(f.Note), "no realisation") {
					t.Errorf("VIEWER, Tabel 3.1 IKU-01 capaian: computed %s note %s; want none (no approved realisation)", str(f.Computed), str(f.Note))
				}
			}
		}
		if capaian != 1 {
			t.Errorf("a VIEWER's report has %d findings on the Tabel 3.1 capaian of IKU-01, want 1 (no approved realisation)", capaian)
		}
	})
}

func subjectName(f finding) string {
	if f.Subject == nil {
		return "no subject"
	}
	return fmt.Sprintf("%s %s", f.Subject.Typename, f.Subject.ID)
}
