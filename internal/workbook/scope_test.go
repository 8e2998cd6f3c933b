package workbook_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/internal/workbook"
)

// An OPERATOR of a Bagian imports the Setda's workbook: every row of the
// other units is rejected as outside its scope, and nothing is written.
func TestImportOutsideScope(t *testing.T) {
	file := export(t, newDemo(t, storage.SQLite))
	dst := structureOnly(t, storage.SQLite)
	before := auditCount(t, dst)
	res, rej, err := workbook.Load(context.Background(), dst, identity(t, dst, "bagian.tapem"), bytes.NewReader(file), false)
	if err != nil {
		t.Fatal(err)
	}
	if !res.DryRun || len(rej) == 0 {
		t.Fatalf("an OPERATOR imported the Setda's workbook: %+v", res)
	}
	outside := 0
	for _, r := range rej {
		if strings.Contains(r.Reason, "in your scope") || strings.Contains(r.Reason, "outside your scope") {
			outside++
		}
	}
	if outside == 0 || outside != len(rej) {
		t.Errorf("%d of %d rejections name the scope; first: %v", outside, len(rej), rej[0])
	}
	if after := auditCount(t, dst); after != before {
		t.Errorf("%d audit entries after a refused import, %d before", after, before)
	}
}
