package workbook_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/internal/workbook"
)

// edit returns file with the cells of edits (sheet → cell → value; a value
// starting with "=" is a formula) changed.
func edit(t testing.TB, file []byte, edits map[string]map[string]string) []byte {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for sheet, cells := range edits {
		for cell, v := range cells {
			if strings.HasPrefix(v, "=") {
				err = f.SetCellFormula(sheet, cell, v[1:])
			} else {
				err = f.SetCellValue(sheet, cell, v)
			}
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// importFile loads file as admin into st.
func importFile(t testing.TB, st *storage.Store, file []byte) (workbook.Result, []workbook.Rejection) {
	t.Helper()
	res, rej, err := workbook.Load(context.Background(), st, identity(t, st, "admin"), bytes.NewReader(file), false)
	if err != nil {
		t.Fatal(err)
	}
	return res, rej
}

func TestOneBadRowWritesNothing(t *testing.T) {
	for _, d := range testdb_Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			file := export(t, newDemo(t, d))
			dst := structureOnly(t, d)
			before := auditCount(t, dst)
			_, rej := importFile(t, dst, edit(t, file, map[string]map[string]string{workbook.SheetBudget: {"A7": "9.99.99.9999"}}))
			want := []workbook.Rejection{{Sheet: workbook.SheetBudget, Row: 7, Reason: `no sub-activity has the code "9.99.99.9999" in your scope`}}
			if fmt.Sprint(rej) != fmt.Sprint(want) {
				t.Fatalf("rejections %q, want %q", rej, want)
			}
			if after := auditCount(t, dst); after != before {
				t.Errorf("%d audit entries after a refused import, %d before", after, before)
			}
			if f := readFigures(t, dst); len(f.Stated) != 0 || strings.Contains(string(f.Budget[2023]), `"pagu":"304308454755.00"`) {
				t.Errorf("a refused import wrote figures")
			}
		})
	}
}

func TestEveryBadRowIsReported(t *testing.T) {
	st := newDemo(t, "sqlite")
	file := export(t, st)
	dst := structureOnly(t, "sqlite")
	bad := edit(t, file, map[string]map[string]string{
		workbook.SheetTargets:      {"A3": "IKU-404", "B5": "2031"},
		workbook.SheetRealisations: {"C4": "Q5", "D6": "NaN", "E8": strings.Repeat("x", workbook.MaxText+1)},
		workbook.SheetBudget:       {"D2": "999999999999999", "C9": "=1+1", "C10": "Inf"},
		workbook.SheetStated:       {"C2": "PLANET"},
	})
	_, rej := importFile(t, dst, bad)
	var got []string
	for _, r := range rej {
		got = append(got, fmt.Sprintf("%s:%d", r.Sheet, r.Row))
	}
	want := []string{"Data Target:3", "Data Target:5", "Data Realisasi:4", "Data Realisasi:6", "Data Realisasi:8",
		"Data Anggaran:2", "Data Anggaran:9", "Data Anggaran:10", "Angka Dokumen:2"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("rejected rows %v, want %v\n%v", got, want, rej)
	}
	for _, r := range rej {
		switch fmt.Sprintf("%s:%d", r.Sheet, r.Row) {
		case "Data Target:5":
			if !strings.Contains(r.Reason, "2031 is outside the period of the plan") {
				t.Errorf("row 5: %q", r.Reason)
			}
		case "Data Realisasi:6":
			if !strings.Contains(r.Reason, "finite") {
				t.Errorf("NaN: %q", r.Reason)
			}
		case "Data Anggaran:9":
			if !strings.Contains(r.Reason, "holds a formula") {
				t.Errorf("formula: %q", r.Reason)
			}
		case "Data Anggaran:2":
			if !strings.Contains(r.Reason, "above the pagu") {
				t.Errorf("realisasi over pagu: %q", r.Reason)
			}
		}
	}
	if f := readFigures(t, dst); len(f.Stated) != 0 {
		t.Errorf("a refused import wrote %d stated figures", len(f.Stated))
	}
}

func TestHostileFiles(t *testing.T) {
	huge := func() []byte {
		f := excelize.NewFile()
		defer f.Close()
		if _, err := f.NewSheet(workbook.SheetBudget); err != nil {
			t.Fatal(err)
		}
		sw, err := f.NewStreamWriter(workbook.SheetBudget)
		if err != nil {
			t.Fatal(err)
		}
		if err := sw.SetRow("A1", []any{"Kode Sub Kegiatan", "Tahun", "Pagu", "Realisasi"}); err != nil {
			t.Fatal(err)
		}
		for i := 2; i <= workbook.MaxRows+1; i++ {
			if err := sw.SetRow(fmt.Sprint("A", i), []any{"x", 2023, 1, 1}); err != nil {
				t.Fatal(err)
			}
		}
		if err := sw.Flush(); err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := f.Write(&buf); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	tests := []struct {
		name string
		file []byte
		want string
	}{
		{"not an xlsx", []byte("kode,tahun\nIKU-01,2023\n"), "not an xlsx workbook"},
		{"a zip that is no workbook", []byte("PK\x03\x04garbage"), "not a readable xlsx workbook"},
		{"huge sheet", huge(), fmt.Sprintf("more than %d rows", workbook.MaxRows)},
		{"no data sheet", func() []byte {
			var buf bytes.Buffer
			f := excelize.NewFile()
			_ = f.Write(&buf)
			return buf.Bytes()
		}(), "none of the data sheets"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, rej := workbook.Read(bytes.NewReader(tt.file))
			if len(rej) != 1 || !rej[0].Whole() || !strings.Contains(rej[0].Error(), tt.want) {
				t.Fatalf("rejections %v, want one of the whole file saying %q", rej, tt.want)
			}
		})
	}
}
