// Package workbook owns the machine-readable data sheets of the annual
// report's workbook (LKjIP): the stored figures of a unit's subtree, one row
// each, that an export writes beside the report's tables and an import reads
// back.
//
//	Data Target     Kode Indikator | Tahun | Target | Min | Max | Label
//	Data Realisasi  Kode Indikator | Tahun | Periode | Realisasi | Sumber Data | Kendala | Upaya | Status
//	Data Anggaran   Kode Sub Kegiatan | Tahun | Pagu | Realisasi
//	Angka Dokumen   Sumber | Tabel | Jenis Subjek | Kode Subjek | Tahun | Angka | Nilai | Catatan
//
// Row 1 holds the headers. Years, values and amounts are numbers (amounts in
// Rupiah with two decimals); a target is a Target or a band of Min and Max
// with its Label; a realisation's Periode is Q1, Q2, Q3, Q4 or YEAR, and its
// Status (the approval state) is written for the reader and ignored on
// import, which records a changed value as a DRAFT. A stated figure's Nilai
// is the figure as printed, text ("303489081155.00", "Sangat Tinggi").
//
// Write adds the sheets to a workbook; Read parses and checks them without a
// database; Import resolves their codes in the caller's subtree and writes
// them in one transaction, all or nothing.
package workbook
