package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/kinerja/kinerja/auth"
	"github.com/kinerja/kinerja/internal/demo"
	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/internal/workbook"
)

// demoDB creates an SQLite database at path holding the demo data set, or
// only its structure.
func demoDB(t *testing.T, path string, structure bool) *storage.Store {
	t.Helper()
	ctx := context.Background()
	st, err := storage.Open(ctx, path, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	if _, err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	ds, err := demo.LKjIP2023()
	if err != nil {
		t.Fatal(err)
	}
	if structure {
		ds = ds.Structure()
	}
	if err := demo.Load(ctx, st, ds, demo.DefaultPassword); err != nil {
		t.Fatal(err)
	}
	return st
}

func TestImportCommand(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	src := demoDB(t, filepath.Join(dir, "src.db"), false)
	admin, err := importer(ctx, src, "")
	if err != nil {
		t.Fatal(err)
	}
	if admin.Role != auth.Admin || admin.UnitPath == "" {
		t.Fatalf("default importer %+v, want an ADMIN", admin)
	}
	f := excelize.NewFile()
	setda, err := src.OrgUnitsUnder(ctx, "", "")
	if err != nil {
		t.Fatal(err)
	}
	var setdaID int64
	for _, u := range setda {
		if u.Code == "SETDA" {
			setdaID = u.ID
		}
	}
	if err := workbook.Write(ctx, f, src, admin, setdaID, 2023); err != nil {
		t.Fatal(err)
	}
	good := filepath.Join(dir, "setda-2023.xlsx")
	if err := f.SaveAs(good); err != nil {
		t.Fatal(err)
	}
	_ = f.Close()
	if f, err = excelize.OpenFile(good); err != nil {
		t.Fatal(err)
	}
	if err := f.SetCellValue(workbook.SheetBudget, "B3", 2040); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "bad.xlsx")
	if err := f.SaveAs(bad); err != nil {
		t.Fatal(err)
	}
	_ = f.Close()

	dst := filepath.Join(dir, "dst.db")
	_ = demoDB(t, dst, true)
	var out bytes.Buffer
	err = run(ctx, []string{"import", "-db", dst, bad}, env(nil), &out, io.Discard)
	if !errors.Is(err, errRejected) || !strings.Contains(out.String(), `rejected: sheet "Data Anggaran" row 3: 2040 is outside the period of the plan`) {
		t.Fatalf("bad workbook: %v\n%s", err, out.String())
	}
	out.Reset()
	if err := run(ctx, []string{"import", "-db", dst, "-dry-run", good}, env(nil), &out, io.Discard); err != nil || !strings.Contains(out.String(), "dry run") ||
		!strings.Contains(out.String(), "Data Anggaran:    129 created") {
		t.Fatalf("dry run: %v\n%s", err, out.String())
	}
	out.Reset()
	if err := run(ctx, []string{"import", "-db", dst, "-user", "admin", good}, env(nil), &out, io.Discard); err != nil ||
		!strings.Contains(out.String(), "Data Anggaran:    129 created,     0 updated,     0 unchanged") || !strings.Contains(out.String(), "written") {
		t.Fatalf("import: %v\n%s", err, out.String())
	}
	out.Reset()
	if err := run(ctx, []string{"import", "-db", dst, good}, env(nil), &out, io.Discard); err != nil ||
		!strings.Contains(out.String(), "Data Anggaran:      0 created,     0 updated,   129 unchanged") {
		t.Fatalf("import again: %v\n%s", err, out.String())
	}
	if err := run(ctx, []string{"import", "-db", dst}, env(nil), io.Discard, io.Discard); err == nil || !strings.Contains(err.Error(), "give one workbook") {
		t.Errorf("import without a file: %v", err)
	}
	if err := run(ctx, []string{"import", "-db", dst, filepath.Join(dir, "missing.xlsx")}, env(nil), io.Discard, io.Discard); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("import of a missing file: %v", err)
	}
}
