package workbook

import "github.com/kinerja/kinerja/internal/storage"

// The names of the data sheets.
const (
	SheetTargets      = "Data Target"
	SheetRealisations = "Data Realisasi"
	SheetBudget       = "Data Anggaran"
	SheetStated       = "Angka Dokumen"
)

// Limits of a workbook Read accepts.
const (
	// MaxFileBytes bounds the size of the file.
	MaxFileBytes = 32 << 20
	// MaxUnzippedBytes bounds the size of the file unpacked.
	MaxUnzippedBytes = 256 << 20
	// MaxRows bounds the rows of each data sheet, headers included.
	MaxRows = 200_000
	// MaxCode bounds a code's length, as the plan's codes are.
	MaxCode = 50
	// MaxText bounds any other text of a cell.
	MaxText = storage.MaxNarrative
)

// headers are the columns of each data sheet, in order.
var headers = map[string][]string{
	SheetTargets:      {"Kode Indikator", "Tahun", "Target", "Min", "Max", "Label"},
	SheetRealisations: {"Kode Indikator", "Tahun", "Periode", "Realisasi", "Sumber Data", "Kendala", "Upaya", "Status"},
	SheetBudget:       {"Kode Sub Kegiatan", "Tahun", "Pagu", "Realisasi"},
	SheetStated:       {"Sumber", "Tabel", "Jenis Subjek", "Kode Subjek", "Tahun", "Angka", "Nilai", "Catatan"},
}

// sheetOrder is the order of the data sheets in a workbook and in a list of
// rejections.
var sheetOrder = []string{SheetTargets, SheetRealisations, SheetBudget, SheetStated}

// subjectTypes are the kinds of subject a stated figure may have.
var subjectTypes = []string{"ORG_UNIT", "PROGRAM", "ACTIVITY", "SUB_ACTIVITY", "INDICATOR"}
