package report

import (
	"strconv"

	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/models"
)

// Kind is how a cell is written: text, or a number in one of three formats.
type Kind int

// The kinds of cell.
const (
	// Text is a string (a name, a band's label).
	Text Kind = iota
	// Number is an indicator's value in its Satuan, written as recorded.
	Number
	// Percent is a percentage (capaian, absorption, efficiency), written with
	// two decimals in the workbook and at full precision in CSV.
	Percent
	// Rupiah is an amount of money, written with two decimals.
	Rupiah
)

// Cell is one cell of a Table; an empty cell (Empty) is written blank.
type Cell struct {
	Kind  Kind
	Empty bool
	Text  string
	Num   float64
	Money domain.Total
}

// Table is one table of the report as the exports write it.
type Table struct {
	// Slug names the table in GET /reports/{slug}.csv; the tables of one
	// slug share a header and form one CSV.
	Slug string
	// Sheet is the workbook sheet's name, such as "Tabel 3.1".
	Sheet string
	// Title is the table's title in the seed.
	Title  string
	Header []string
	Rows   [][]Cell
	// Notes are lines the workbook prints below the table (how a column is
	// computed); CSV leaves them out.
	Notes []string
}

// Slugs are the tables of the CSV export, in report order.
var Slugs = []string{"agreement", "achievement", "history", "renstra", "efficiency", "program-indicators", "budget", "narrative"}

func text(s string) Cell { return Cell{Kind: Text, Text: s} }

func textOr(s *string) Cell {
	if s == nil {
		return Cell{Kind: Text, Empty: true}
	}
	return text(*s)
}

func num(v *float64) Cell {
	if v == nil {
		return Cell{Kind: Number, Empty: true}
	}
	return Cell{Kind: Number, Num: *v}
}

func pct(v *float64) Cell {
	if v == nil {
		return Cell{Kind: Percent, Empty: true}
	}
	return Cell{Kind: Percent, Num: *v}
}

func rupiah(t domain.Total) Cell {
	f, _ := strconv.ParseFloat(t.String(), 64)
	return Cell{Kind: Rupiah, Num: f, Money: t}
}

// target is a target as the report prints it: its value as a number, a
// band as its label.
func target(t *models.Target) Cell {
	switch {
	case t == nil:
		return Cell{Kind: Text, Empty: true}
	case t.Value != nil:
		return num(t.Value)
	}
	return text(t.Text())
}

func category(c *domain.Category) Cell {
	if c == nil {
		return Cell{Kind: Text, Empty: true}
	}
	return text(c.Label())
}

// metText is Tabel 3.5's Analisis Keberhasilan / Kegagalan.
func metText(m *bool) Cell {
	switch {
	case m == nil:
		return Cell{Kind: Text, Empty: true}
	case *m:
		return text("Tercapai")
	}
	return text("Tidak Tercapai")
}

// Tables returns the report's tables in report order, headers as the seed
// prints them.
func (r *Report) Tables() []Table {
	return []Table{r.agreementTable(), r.achievementTable(), r.historyTable(), r.renstraTable(), r.efficiencyTable(),
		r.programTable(), r.budgetTable("Tabel 3.6", r.Budget), r.budgetTable("Tabel 3.7", r.PreviousBudget), r.narrativeTable()}
}

// TablesOf returns the tables of slug; none for an unknown slug.
func (r *Report) TablesOf(slug string) []Table {
	var out []Table
	for _, t := range r.Tables() {
		if t.Slug == slug {
			out = append(out, t)
		}
	}
	return out
}

func (r *Report) agreementTable() Table {
	t := Table{Slug: "agreement", Sheet: "Tabel 2.4", Title: "Perjanjian Kinerja Tahun " + strconv.Itoa(r.Year),
		Header: []string{"Kode", "Sasaran Strategis", "Kode Indikator", "Indikator Kinerja", "Satuan", "Target", "Keterangan / Rumus Penghitungan"}}
	for _, row := range r.Agreement {
		t.Rows = append(t.Rows, []Cell{text(row.SasaranCode), text(row.Sasaran), text(row.IndicatorCode), text(row.Indicator), text(row.Unit),
			target(row.Target), textOr(row.Formula)})
	}
	return t
}

func (r *Report) achievementTable() Table {
	t := Table{Slug: "achievement", Sheet: "Tabel 3.1", Title: "Perbandingan Antara Target dan Realisasi Kinerja Tahun " + strconv.Itoa(r.Year),
		Header: []string{"Kode", "Sasaran Strategis", "Kode Indikator", "Indikator Kinerja", "Satuan", "Target", "Realisasi", "Capaian Kinerja", "Kriteria Penilaian", "Tercapai"}}
	for _, row := range r.Achievement.Rows {
		a := row.Achievement
		t.Rows = append(t.Rows, []Cell{text(row.SasaranCode), text(row.Sasaran), text(row.IndicatorCode), text(row.Indicator), text(row.Unit),
			target(a.Target), num(a.Realisation), pct(a.Capaian), category(a.Category), metText(a.Met)})
	}
	s := r.Achievement.Summary
	blank := Cell{Kind: Text, Empty: true}
	t.Rows = append(t.Rows, []Cell{blank, text("Rata-Rata"), blank, blank, blank, blank, blank, pct(s.MeanCapaian), category(s.Category), blank})
	return t
}

func (r *Report) historyTable() Table {
	t := Table{Slug: "history", Sheet: "Tabel 3.2", Title: "Perbandingan Realisasi Kinerja Tahun " + strconv.Itoa(r.Year) + " dan Realisasi Kinerja Sebelumnya",
		Header: []string{"Kode", "Sasaran Strategis", "Kode Indikator", "Indikator Kinerja", "Satuan", "Tahun", "Target Kinerja", "Realisasi Kinerja", "Persentase Realisasi Kinerja"}}
	for _, row := range r.History.Rows {
		for _, a := range row.Years {
			y := float64(a.Year)
			t.Rows = append(t.Rows, []Cell{text(row.SasaranCode), text(row.Sasaran), text(row.IndicatorCode), text(row.Indicator), text(row.Unit),
				num(&y), target(a.Target), num(a.Realisation), pct(a.Capaian)})
		}
	}
	return t
}

func (r *Report) renstraTable() Table {
	y := strconv.Itoa(r.Year)
	t := Table{Slug: "renstra", Sheet: "Tabel 3.3", Title: "Perbandingan Realisasi Kinerja Sampai Dengan Tahun Ini Dengan Target Jangka Menengah yang Terdapat Dalam Dokumen Perencanaan Strategis",
		Header: []string{"Kode Indikator", "Indikator Kinerja", "Satuan", "Target Akhir Renstra", "Realisasi Sampai Tahun " + y, "Persentase Realisasi Target Renstra Sampai Tahun " + y}}
	for _, row := range r.Renstra {
		a := row.Achievement
		t.Rows = append(t.Rows, []Cell{text(row.IndicatorCode), text(row.Indicator), text(row.Unit), target(a.Target), num(a.Realisation), pct(a.Capaian)})
	}
	return t
}

func (r *Report) efficiencyTable() Table {
	t := Table{Slug: "efficiency", Sheet: "Tabel 3.4", Title: "Efisiensi Penggunaan Sumber Daya",
		Header: []string{"Kode", "Sasaran Strategis", "Kode Indikator", "Indikator Kinerja Sasaran", "Capaian Kinerja Sasaran", "Kode Program", "Program",
			"Pagu Program", "Realisasi Program", "Capaian Realisasi Anggaran Program", "Efisiensi (%) selisih", "Efisiensi (%) penghematan"}}
	for _, row := range r.Efficiency.Rows {
		t.Rows = append(t.Rows, []Cell{text(row.SasaranCode), text(row.Sasaran), text(row.IndicatorCode), text(row.Indicator), pct(row.Capaian),
			text(row.ProgramCode), text(row.Program), rupiah(row.Pagu), rupiah(row.Realisasi), pct(row.Absorption), pct(row.Gap), pct(row.Saving)})
	}
	t.Notes = []string{"Efisiensi (%) selisih: " + r.Efficiency.GapLabel, "Efisiensi (%) penghematan: " + r.Efficiency.SavingLabel}
	return t
}

func (r *Report) programTable() Table {
	t := Table{Slug: "program-indicators", Sheet: "Tabel 3.5", Title: "Capaian Kinerja Program Penunjang Keberhasilan ataupun Kegagalan Pencapaian Kinerja Sasaran Strategis",
		Header: []string{"Kode", "Sasaran Strategis", "Kode Program", "Program Penunjang", "Kode Indikator", "Indikator Kinerja", "Satuan",
			"Target Kinerja Program", "Realisasi Kinerja Program", "Persentase Realisasi Kinerja Program", "Analisis Keberhasilan / Kegagalan"}}
	for _, row := range r.ProgramIndicators {
		a := row.Achievement
		t.Rows = append(t.Rows, []Cell{text(row.SasaranCode), text(row.Sasaran), text(row.ProgramCode), text(row.Program), text(row.IndicatorCode),
			text(row.Indicator), text(row.Unit), target(a.Target), num(a.Realisation), pct(a.Capaian), metText(a.Met)})
	}
	return t
}

// budgetLevels are the Indonesian names of the budget rows' levels.
var budgetLevels = map[BudgetLevel]string{LevelProgram: "Program", LevelActivity: "Kegiatan", LevelSubActivity: "Sub Kegiatan", LevelTotal: "Total"}

func (r *Report) budgetTable(sheet string, b *Budget) Table {
	t := Table{Slug: "budget", Sheet: sheet, Title: "Realisasi Anggaran Program dan Kegiatan Tahun " + strconv.Itoa(b.Year),
		Header: []string{"Tahun", "Tingkat", "Kode", "Program/Kegiatan/Sub Kegiatan", "Anggaran (Rp.)", "Realisasi (Rp.)", "Persentase Realisasi (%)",
			"Sisa Anggaran (Rp.)", "Persentase Realisasi Tahun " + strconv.Itoa(b.PreviousYear) + " (%)", "Perubahan Persentase Realisasi"}}
	year := float64(b.Year)
	for _, row := range append(append([]*BudgetRow{}, b.Rows...), b.Total) {
		t.Rows = append(t.Rows, []Cell{num(&year), text(budgetLevels[row.Level]), text(row.Code), text(row.Name), rupiah(row.Pagu), rupiah(row.Realisasi),
			pct(row.Absorption), rupiah(row.Sisa), pct(row.PreviousAbsorption), pct(row.AbsorptionChange)})
	}
	return t
}

func (r *Report) narrativeTable() Table {
	t := Table{Slug: "narrative", Sheet: "Narasi", Title: "Penjelasan Capaian Setiap Indikator Kinerja Tahun " + strconv.Itoa(r.Year),
		Header: []string{"Kode Indikator", "Indikator Kinerja", "Tingkat", "Periode", "Realisasi", "Sumber Data", "Kendala", "Solusi"}}
	for _, row := range r.Narrative {
		v := row.Realisation
		t.Rows = append(t.Rows, []Cell{text(row.IndicatorCode), text(row.Indicator), text(string(row.Level)), text(string(row.Period)), num(&v),
			textOr(row.DataSource), textOr(row.Obstacles), textOr(row.Remedies)})
	}
	return t
}
