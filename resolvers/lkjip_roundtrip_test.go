package resolvers_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/kinerja/kinerja/internal/apitest"
	"github.com/kinerja/kinerja/internal/demo"
	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/internal/testdb"
	"github.com/kinerja/kinerja/internal/workbook"
)

// TestLkjipRoundTrip exports the Setda's 2023 workbook over HTTP, imports
// that very file through importWorkbook into a database holding only the
// same organisation and plan, and finds the same lkjip there, table for
// table; the consistency report, built from the stated figures the
// workbook carries, is the same too.
func TestLkjipRoundTrip(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		src := apitest.New(t, st)
		x := lookup(t, src)
		rec := getReport(src, src.Token("admin"), "/reports/lkjip.xlsx", url.Values{"orgUnitId": {x.unit("SETDA")}, "year": {"2023"}})
		if rec.Code != http.StatusOK {
			t.Fatalf("GET lkjip.xlsx: %d %s", rec.Code, rec.Body)
		}
		file := rec.Body.Bytes()
		f, err := excelize.OpenReader(rec.Body)
		if err != nil {
			t.Fatal(err)
		}
		sheets := f.GetSheetList()
		f.Close()
		for _, s := range []string{"Tabel 3.1", workbook.SheetTargets, workbook.SheetRealisations, workbook.SheetBudget, workbook.SheetStated} {
			if !slices.Contains(sheets, s) {
				t.Fatalf("the exported workbook has no sheet %q: %q", s, sheets)
			}
		}

		dst := testdb.Empty(t, st.Dialect())
		ds, err := demo.LKjIP2023()
		if err != nil {
			t.Fatal(err)
		}
		if err := demo.Load(context.Background(), dst, ds.Structure(), testdb.Password); err != nil {
			t.Fatal(err)
		}
		api := apitest.New(t, dst)
		got := decodeImport(t, upload(t, api, api.Token("admin"), file, false)).ImportWorkbook
		if !got.Written || len(got.Rejections) != 0 {
			t.Fatalf("import of the exported workbook: %+v", got)
		}
		y := lookup(t, api)

		report := func(api *apitest.API, unit, query string) string {
			var out json.RawMessage
			api.OK(api.Token("sekda"), query, map[string]any{"unit": unit, "year": 2023}, &out)
			return string(out)
		}
		if a, b := report(src, x.unit("SETDA"), lkjipQuery), report(api, y.unit("SETDA"), lkjipQuery); a != b {
			t.Errorf("lkjip after the round trip differs:\nexported %s\nimported %s", a, b)
		}
		const consistency = `query($unit: ID!, $year: Int!) { consistencyReport(orgUnitId: $unit, year: $year) { kind location stated computed } }`
		if a, b := report(src, x.unit("SETDA"), consistency), report(api, y.unit("SETDA"), consistency); a != b {
			t.Errorf("consistencyReport after the round trip differs:\nexported %s\nimported %s", a, b)
		}

		// Importing it once more changes nothing.
		again := decodeImport(t, upload(t, api, api.Token("admin"), file, false)).ImportWorkbook
		for _, s := range again.Sheets {
			if s.Created+s.Updated != 0 {
				t.Errorf("second import of the same workbook changed %s: %+v", s.Sheet, s)
			}
		}
	})
}
