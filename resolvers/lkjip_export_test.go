package resolvers_test

import (
	"bytes"
	"encoding/csv"
	"math"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/kinerja/kinerja/internal/apitest"
	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/internal/testdb"
	"github.com/kinerja/kinerja/internal/workbook"
)

// getReport sends GET path?query as the holder of token ("" for none).
func getReport(api *apitest.API, token, path string, query url.Values) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodGet, path+"?"+query.Encode(), nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	rec := httptest.NewRecorder()
	api.Handler.ServeHTTP(rec, req)
	return rec
}

// number reads a numeric cell as stored (not as displayed) and fails when
// it is not stored as a number with the given format.
func number(t *testing.T, f *excelize.File, sheet string, col, row int, format string) float64 {
	t.Helper()
	cell, _ := excelize.CoordinatesToCellName(col, row)
	typ, err := f.GetCellType(sheet, cell)
	if err != nil || typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
		t.Fatalf("%s!%s: type %v, %v; want a number", sheet, cell, typ, err)
	}
	raw, err := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatalf("%s!%s: %v", sheet, cell, err)
	}
	v, err := strconv.ParseFloat(raw, 64)
	if err != nil {
		t.Fatalf("%s!%s: %q is not a number", sheet, cell, raw)
	}
	id, err := f.GetCellStyle(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil || st.CustomNumFmt == nil || *st.CustomNumFmt != format {
		t.Errorf("%s!%s: number format %v, want %q", sheet, cell, st.CustomNumFmt, format)
	}
	return v
}

// same reports whether a number read from the workbook is v, to the 15
// significant digits a spreadsheet keeps.
func same(got, v float64) bool { return math.Abs(got-v) <= 1e-14*math.Max(1, math.Abs(v)) }

func parseMoney(t *testing.T, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("money %q: %v", s, err)
	}
	return v
}

// TestLkjipWorkbook reads the workbook back: one sheet per table, the
// seed's headers, numbers stored as numbers in Indonesian formats, equal to
// the GraphQL figures (to the 15 significant digits a spreadsheet keeps).
func TestLkjipWorkbook(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		api := apitest.New(t, st)
		x := lookup(t, api)
		token := api.Token("sekda")
		var out lkjipOut
		api.OK(token, lkjipQuery, map[string]any{"unit": x.unit("SETDA"), "year": 2023}, &out)
		r := out.Lkjip

		rec := getReport(api, token, "/reports/lkjip.xlsx", url.Values{"orgUnitId": {x.unit("SETDA")}, "year": {"2023"}})
		if rec.Code != http.StatusOK {
			t.Fatalf("GET lkjip.xlsx: %d %s", rec.Code, rec.Body)
		}
		if got, want := rec.Header().Get("Content-Disposition"), `attachment; filename="lkjip-SETDA-2023.xlsx"`; got != want {
			t.Errorf("Content-Disposition %q, want %q", got, want)
		}
		f, err := excelize.OpenReader(bytes.NewReader(rec.Body.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		// The report's tables, then the data sheets import reads back.
		want := []string{"Tabel 2.4", "Tabel 3.1", "Tabel 3.2", "Tabel 3.3", "Tabel 3.4", "Tabel 3.5", "Tabel 3.6", "Tabel 3.7", "Narasi",
			workbook.SheetTargets, workbook.SheetRealisations, workbook.SheetBudget, workbook.SheetStated}
		if got := f.GetSheetList(); !slices.Equal(got, want) {
			t.Fatalf("sheets %q, want %q", got, want)
		}
		const pct, rp = "[$-421]#,##0.00", "[$-421]#,##0.00" // percent and Rupiah

		// Tabel 3.1: header in row 2, indicators from row 3, then the mean.
		if h, _ := f.GetCellValue("Tabel 3.1", "H2"); h != "Capaian Kinerja" {
			t.Errorf("Tabel 3.1 H2 = %q, want Capaian Kinerja", h)
		}
		for i, row := range r.Achievement.Rows {
			code, _ := f.GetCellValue("Tabel 3.1", "C"+strconv.Itoa(3+i))
			if got := number(t, f, "Tabel 3.1", 8, 3+i, pct); code != row.IndicatorCode || !same(got, *row.Achievement.Capaian) {
				t.Errorf("Tabel 3.1 row %d: %s %v, want %s %v", 3+i, code, got, row.IndicatorCode, *row.Achievement.Capaian)
			}
		}
		meanRow := 3 + len(r.Achievement.Rows)
		if got := number(t, f, "Tabel 3.1", 8, meanRow, pct); !same(got, *r.Achievement.Summary.MeanCapaian) {
			t.Errorf("Tabel 3.1 mean %v, want %v", got, *r.Achievement.Summary.MeanCapaian)
		}

		// Tabel 3.6 and 3.7: pagu, realisasi and sisa of every row and the total.
		for sheet, b := range map[string]lkjipBudget{"Tabel 3.6": r.Budget, "Tabel 3.7": r.PreviousBudget} {
			rows := append(slices.Clone(b.Rows), b.Total)
			for i, row := range rows {
				n := 3 + i
				for col, v := range map[int]string{5: row.Pagu, 6: row.Realisasi, 8: row.Sisa} {
					if got := number(t, f, sheet, col, n, rp); got != parseMoney(t, v) {
						t.Errorf("%s row %d (%s) column %d: %v, want %s", sheet, n, row.Code, col, got, v)
					}
				}
			}
		}
		if got := number(t, f, "Tabel 3.6", 5, 3+len(r.Budget.Rows), rp); got != 304308454755 {
			t.Errorf("Tabel 3.6 total pagu %v, want 304308454755", got)
		}

		// Tabel 3.4: the gap and saving form of each row.
		for i, row := range r.Efficiency.Rows {
			if got := number(t, f, "Tabel 3.4", 11, 3+i, pct); !same(got, *row.Gap) {
				t.Errorf("Tabel 3.4 row %d gap %v, want %v", 3+i, got, *row.Gap)
			}
		}
	})
}

// TestLkjipCSV reads every table's CSV back with encoding/csv and compares
// it with the GraphQL figures.
func TestLkjipCSV(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		api := apitest.New(t, st)
		x := lookup(t, api)
		token := api.Token("sekda")
		var out lkjipOut
		api.OK(token, lkjipQuery, map[string]any{"unit": x.unit("SETDA"), "year": 2023}, &out)
		r := out.Lkjip
		q := url.Values{"orgUnitId": {x.unit("SETDA")}, "year": {"2023"}}
		read := func(slug string) [][]string {
			t.Helper()
			rec := getReport(api, token, "/reports/"+slug+".csv", q)
			if rec.Code != http.StatusOK {
				t.Fatalf("GET %s.csv: %d %s", slug, rec.Code, rec.Body)
			}
			if got, want := rec.Header().Get("Content-Disposition"), `attachment; filename="lkjip-SETDA-2023-`+slug+`.csv"`; got != want {
				t.Errorf("%s.csv Content-Disposition %q, want %q", slug, got, want)
			}
			recs, err := csv.NewReader(rec.Body).ReadAll()
			if err != nil {
				t.Fatalf("%s.csv: %v", slug, err)
			}
			return recs
		}
		rows := map[string]int{"agreement": len(r.Agreement), "achievement": len(r.Achievement.Rows) + 1, "renstra": len(r.Renstra),
			"efficiency": len(r.Efficiency.Rows), "program-indicators": len(r.ProgramIndicators), "narrative": len(r.Narrative),
			"budget": len(r.Budget.Rows) + len(r.PreviousBudget.Rows) + 2}
		for slug, n := range rows {
			if got := len(read(slug)) - 1; got != n {
				t.Errorf("%s.csv has %d rows, want %d", slug, got, n)
			}
		}
		ach := read("achievement")
		if ach[0][7] != "Capaian Kinerja" {
			t.Errorf("achievement.csv header %q", ach[0])
		}
		for i, row := range r.Achievement.Rows {
			if got := ach[1+i]; got[2] != row.IndicatorCode || got[7] != strconv.FormatFloat(*row.Achievement.Capaian, 'f', -1, 64) {
				t.Errorf("achievement.csv row %d: %s %s, want %s %v", 1+i, got[2], got[7], row.IndicatorCode, *row.Achievement.Capaian)
			}
		}
		if mean := ach[len(ach)-1]; mean[1] != "Rata-Rata" || mean[7] != strconv.FormatFloat(*r.Achievement.Summary.MeanCapaian, 'f', -1, 64) {
			t.Errorf("achievement.csv mean row %q, want %v", mean, *r.Achievement.Summary.MeanCapaian)
		}
		budget := read("budget")
		for i, row := range append(slices.Clone(r.Budget.Rows), r.Budget.Total) {
			if got := budget[1+i]; got[0] != "2023" || got[2] != row.Code || got[4] != row.Pagu || got[5] != row.Realisasi || got[7] != row.Sisa {
				t.Errorf("budget.csv row %d: %q, want 2023 %s %s %s %s", 1+i, got, row.Code, row.Pagu, row.Realisasi, row.Sisa)
			}
		}
		if total := budget[1+len(r.Budget.Rows)]; total[4] != "304308454755.00" {
			t.Errorf("budget.csv 2023 total pagu %s, want 304308454755.00", total[4])
		}
	})
}

// TestLkjipExportRefusals: the exports authenticate and scope as GraphQL.
func TestLkjipExportRefusals(t *testing.T) {
	st := testdb.New(t, storage.SQLite)
	api := apitest.New(t, st)
	x := lookup(t, api)
	setda := url.Values{"orgUnitId": {x.unit("SETDA")}, "year": {"2023"}}
	for _, c := range []struct {
		name, token, path string
		query             url.Values
		status            int
	}{
		{"no token", "", "/reports/lkjip.xlsx", setda, http.StatusUnauthorized},
		{"a bad token", "not-a-token", "/reports/budget.csv", setda, http.StatusUnauthorized},
		{"a unit outside the caller's subtree", api.Token("bagian.tapem"), "/reports/lkjip.xlsx", setda, http.StatusForbidden},
		{"no year", api.Token("sekda"), "/reports/achievement.csv", url.Values{"orgUnitId": {x.unit("SETDA")}}, http.StatusBadRequest},
		{"an implausible year", api.Token("sekda"), "/reports/achievement.csv", url.Values{"orgUnitId": {x.unit("SETDA")}, "year": {"20230"}}, http.StatusBadRequest},
		{"an indicator's id", api.Token("sekda"), "/reports/lkjip.xlsx", url.Values{"orgUnitId": {x.ind("IKU-01")}, "year": {"2023"}}, http.StatusBadRequest},
		{"an unknown table", api.Token("sekda"), "/reports/tabel.csv", setda, http.StatusNotFound},
	} {
		rec := getReport(api, c.token, c.path, c.query)
		if rec.Code != c.status || rec.Body.Len() == 0 || rec.Header().Get("Content-Disposition") != "" {
			t.Errorf("%s: %d %q, want %d with a short text", c.name, rec.Code, rec.Body, c.status)
		}
	}
	// The VIEWER reads approved values only: the demo data has none approved.
	rec := getReport(api, api.Token("bi"), "/reports/achievement.csv", setda)
	recs, err := csv.NewReader(rec.Body).ReadAll()
	if rec.Code != http.StatusOK || err != nil || len(recs) != 29 || recs[1][6] != "" {
		t.Errorf("VIEWER achievement.csv: %d, %v, %d rows, first %q; want 27 rows and the mean, without realisations", rec.Code, err, len(recs)-1, recs[1])
	}
}
