package storage

import (
	"slices"
	"strings"
	"sync"
	"testing"

	"gorm.io/gorm/schema"

	"github.com/kinerja/kinerja/models"
)

// TestScanColumnsCoverTheRow: the column lists of the rows scanned by hand
// name every column GORM knows of the row type, so a column added by a
// migration and a field is never silently left zero on the fast path.
func TestScanColumnsCoverTheRow(t *testing.T) {
	sch, err := schema.Parse(&models.OrgUnit{}, &sync.Map{}, schema.NamingStrategy{})
	if err != nil {
		t.Fatal(err)
	}
	cols := strings.Split(orgUnitColumns, ", ")
	for _, f := range sch.Fields {
		if f.DBName != "" && !slices.Contains(cols, f.DBName) {
			t.Errorf("orgUnitColumns lacks %s of models.OrgUnit", f.DBName)
		}
	}
	var u models.OrgUnit
	if n := len(orgUnitFields(&u)); n != len(cols) {
		t.Errorf("orgUnitFields has %d targets for %d columns", n, len(cols))
	}
}
