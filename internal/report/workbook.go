package report

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"
)

// Number formats of the workbook's cells. The codes are written in the
// file format's own (en-US) syntax with the Indonesian locale [$-421]: a
// spreadsheet shows them with Indonesian separators, 304.308.454.755,00.
// Numbers are stored as numbers, never as text.
const (
	formatRupiah  = "[$-421]#,##0.00"
	formatPercent = "[$-421]#,##0.00"
	formatNumber  = "[$-421]General"
)

// Hook changes the workbook after the report's sheets are written and
// before it is sent (more sheets, say).
type Hook func(*excelize.File) error

// WriteWorkbook writes the report as an .xlsx workbook to w, one sheet per
// table (Tables: "Tabel 2.4" … "Tabel 3.7", "Narasi"), a title row, the
// seed's headers, then the rows; each sheet is streamed. hooks run in
// order before the file is written.
func WriteWorkbook(w io.Writer, r *Report, hooks ...Hook) error {
	f := excelize.NewFile()
	defer f.Close()
	styles, err := newStyles(f)
	if err != nil {
		return err
	}
	for i, t := range r.Tables() {
		if i == 0 {
			if err := f.SetSheetName(f.GetSheetName(0), t.Sheet); err != nil {
				return fmt.Errorf("workbook: %w", err)
			}
		} else if _, err := f.NewSheet(t.Sheet); err != nil {
			return fmt.Errorf("workbook: sheet %s: %w", t.Sheet, err)
		}
		if err := writeSheet(f, t, styles); err != nil {
			return fmt.Errorf("workbook: sheet %s: %w", t.Sheet, err)
		}
	}
	for _, h := range hooks {
		if err := h(f); err != nil {
			return fmt.Errorf("workbook: %w", err)
		}
	}
	if err := f.Write(w); err != nil {
		return fmt.Errorf("workbook: write: %w", err)
	}
	return nil
}

// styles are the style ids of the workbook.
type styles struct {
	title, header int
	byKind        map[Kind]int
}

func newStyles(f *excelize.File) (styles, error) {
	s := styles{byKind: map[Kind]int{}}
	var err error
	if s.title, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 12}}); err != nil {
		return s, err
	}
	if s.header, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}); err != nil {
		return s, err
	}
	for k, code := range map[Kind]string{Rupiah: formatRupiah, Percent: formatPercent, Number: formatNumber} {
		code := code
		if s.byKind[k], err = f.NewStyle(&excelize.Style{CustomNumFmt: &code}); err != nil {
			return s, err
		}
	}
	return s, nil
}

// wide are the columns of long text (names, formulas, narrative).
var wide = map[string]bool{"Sasaran Strategis": true, "Indikator Kinerja": true, "Indikator Kinerja Sasaran": true,
	"Program/Kegiatan/Sub Kegiatan": true, "Keterangan / Rumus Penghitungan": true, "Sumber Data": true, "Kendala": true, "Solusi": true}

// writeSheet streams t into its sheet: title, header, rows, notes.
func writeSheet(f *excelize.File, t Table, st styles) error {
	sw, err := f.NewStreamWriter(t.Sheet)
	if err != nil {
		return err
	}
	for i, h := range t.Header {
		width := 16.0
		if wide[h] {
			width = 48
		}
		if err := sw.SetColWidth(i+1, i+1, width); err != nil {
			return err
		}
	}
	row := 1
	put := func(cells []any) error {
		cell, err := excelize.CoordinatesToCellName(1, row)
		if err != nil {
			return err
		}
		row++
		return sw.SetRow(cell, cells)
	}
	if err := put([]any{excelize.Cell{StyleID: st.title, Value: t.Title}}); err != nil {
		return err
	}
	header := make([]any, len(t.Header))
	for i, h := range t.Header {
		header[i] = excelize.Cell{StyleID: st.header, Value: h}
	}
	if err := put(header); err != nil {
		return err
	}
	for _, r := range t.Rows {
		cells := make([]any, len(r))
		for i, c := range r {
			switch {
			case c.Empty:
				cells[i] = nil
			case c.Kind == Text:
				cells[i] = c.Text
			default:
				cells[i] = excelize.Cell{StyleID: st.byKind[c.Kind], Value: c.Num}
			}
		}
		if err := put(cells); err != nil {
			return err
		}
	}
	if len(t.Notes) > 0 {
		row++
		for _, n := range t.Notes {
			if err := put([]any{n}); err != nil {
				return err
			}
		}
	}
	return sw.Flush()
}
