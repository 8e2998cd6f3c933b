package resolvers_test

import (
	"bytes"
	"context"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/kinerja/kinerja/auth"
	"github.com/kinerja/kinerja/internal/apitest"
	"github.com/kinerja/kinerja/internal/demo"
	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/internal/testdb"
	"github.com/kinerja/kinerja/internal/workbook"
)

const importMutation = `mutation Import($file: Upload!, $dry: Boolean) {
  importWorkbook(file: $file, dryRun: $dry) { written sheets { sheet created updated unchanged } rejections { sheet row reason } }
}`

// upload sends importMutation with file as a GraphQL multipart request.
func upload(t *testing.T, api *apitest.API, token string, file []byte, dryRun bool) apitest.Response {
	t.Helper()
	return uploadFile(t, api, token, importMutation, map[string]any{"dry": dryRun}, file)
}

// uploadFile sends query with vars and file as the variable "file", as a
// GraphQL multipart request.
func uploadFile(t testing.TB, api *apitest.API, token, query string, vars map[string]any, file []byte) apitest.Response {
	t.Helper()
	all := map[string]any{"file": nil}
	for k, v := range vars {
		all[k] = v
	}
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	ops, _ := json.Marshal(map[string]any{"query": query, "variables": all})
	_ = w.WriteField("operations", string(ops))
	_ = w.WriteField("map", `{"0": ["variables.file"]}`)
	part, err := w.CreateFormFile("0", "setda-2023.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	_, _ = part.Write(file)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodPost, "/graphql", &body)
	req.Header.Set("Content-Type", w.FormDataContentType())
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return api.Send(req)
}

// headersOnlyWorkbook returns a workbook whose Data Target sheet has its
// headers and no row: an import that writes nothing.
func headersOnlyWorkbook(t testing.TB) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if _, err := f.NewSheet(workbook.SheetTargets); err != nil {
		t.Fatal(err)
	}
	if err := f.SetSheetRow(workbook.SheetTargets, "A1", &[]any{"Kode Indikator", "Tahun", "Target", "Min", "Max", "Label"}); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

type importResult struct {
	ImportWorkbook struct {
		Written bool
		Sheets  []struct {
			Sheet                       string
			Created, Updated, Unchanged int
		}
		Rejections []struct {
			Sheet  string
			Row    int
			Reason string
		}
	}
}

func decodeImport(t *testing.T, resp apitest.Response) importResult {
	t.Helper()
	if len(resp.Errors) > 0 {
		t.Fatalf("errors: %+v", resp.Errors)
	}
	var out importResult
	if err := json.Unmarshal(resp.Data, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// setdaWorkbook returns the data sheets of SETDA 2023 of the demo data.
func setdaWorkbook(t *testing.T, st *storage.Store) []byte {
	t.Helper()
	ctx := context.Background()
	u, err := st.UserByUsername(ctx, "admin")
	if err != nil {
		t.Fatal(err)
	}
	unit, err := st.OrgUnit(ctx, u.OrgUnitID)
	if err != nil {
		t.Fatal(err)
	}
	units, err := st.OrgUnitsUnder(ctx, "", "")
	if err != nil {
		t.Fatal(err)
	}
	var setda int64
	for _, o := range units {
		if o.Code == "SETDA" {
			setda = o.ID
		}
	}
	f := excelize.NewFile()
	defer f.Close()
	who := &auth.Identity{UserID: u.ID, Username: u.Username, Role: auth.Role(u.Role), UnitID: unit.ID, UnitPath: unit.Path}
	if err := workbook.Write(ctx, f, st, who, setda, 2023); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestImportWorkbookUpload(t *testing.T) {
	file := setdaWorkbook(t, testdb.New(t, storage.SQLite))
	dst := testdb.Empty(t, storage.SQLite)
	ds, err := demo.LKjIP2023()
	if err != nil {
		t.Fatal(err)
	}
	if err := demo.Load(context.Background(), dst, ds.Structure(), testdb.Password); err != nil {
		t.Fatal(err)
	}
	api := apitest.New(t, dst)
	admin, sekda := api.Token("admin"), api.Token("sekda")
	pagu := func() string {
		var b struct{ Budget struct{ Pagu string } }
		api.OK(sekda, `{ budget(year: 2023) { pagu } }`, nil, &b)
		return b.Budget.Pagu
	}

	if resp := upload(t, api, api.Token("bagian.tapem"), file, false); len(resp.Errors) == 0 || resp.Errors[0].Code() != "FORBIDDEN" {
		t.Errorf("an OPERATOR's import: %+v", resp.Errors)
	}
	if resp := upload(t, api, admin, []byte("IKU-01;2023;95"), false); len(resp.Errors) == 0 || resp.Errors[0].Code() != "BAD_USER_INPUT" ||
		!strings.Contains(resp.Errors[0].Message, "not an xlsx workbook") {
		t.Errorf("a file that is no workbook: %+v", resp.Errors)
	}

	bad := editCell(t, file, workbook.SheetRealisations, "C5", "Q9")
	got := decodeImport(t, upload(t, api, admin, bad, false)).ImportWorkbook
	if got.Written || len(got.Rejections) != 1 || got.Rejections[0].Sheet != "Data Realisasi" || got.Rejections[0].Row != 5 ||
		!strings.Contains(got.Rejections[0].Reason, `"Q9" is not a period`) {
		t.Fatalf("one bad row: %+v", got)
	}
	if p := pagu(); p != "0.00" {
		t.Fatalf("after a refused import the 2023 pagu is %s", p)
	}

	got = decodeImport(t, upload(t, api, admin, file, true)).ImportWorkbook
	if got.Written || len(got.Rejections) != 0 || got.Sheets[2].Sheet != "Data Anggaran" || got.Sheets[2].Created != len(ds.Budget) || pagu() != "0.00" {
		t.Fatalf("dry run: %+v, pagu %s", got, pagu())
	}
	got = decodeImport(t, upload(t, api, admin, file, false)).ImportWorkbook
	if !got.Written || got.Sheets[2].Created != len(ds.Budget) || got.Sheets[3].Created != len(ds.Stated) {
		t.Fatalf("import: %+v", got)
	}
	if p := pagu(); p != "304308454755.00" {
		t.Errorf("imported 2023 pagu %s, want 304308454755.00", p)
	}
	got = decodeImport(t, upload(t, api, admin, file, false)).ImportWorkbook
	if !got.Written || got.Sheets[2].Unchanged != len(ds.Budget) || got.Sheets[2].Created+got.Sheets[2].Updated != 0 {
		t.Errorf("import again: %+v, want every row unchanged", got)
	}
}

func editCell(t *testing.T, file []byte, sheet, cell, value string) []byte {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := f.SetCellValue(sheet, cell, value); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
