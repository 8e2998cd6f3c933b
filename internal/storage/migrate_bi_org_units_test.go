package storage_test

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/internal/testdb"
)

// TestMigrationBIOrgUnitsAncestors: migration 9 reads the settings in
// force, the agency and the Asisten of every unit of kinerja_bi.org_units
// from its ancestors by parent_id; on a chain of 12 units (deeper than the
// 8 levels joined, so the fallback runs too) with settings, an agency and
// Asisten at several depths, its rows equal those of the view it replaces
// (after its Down), and the values the rule gives.
func TestMigrationBIOrgUnitsAncestors(t *testing.T) {
	type row struct {
		ID              int64
		NegativeFormula string
		CapaianCap      *float64
		AgencyID        *int64
		AsistenID       *int64
	}
	for _, d := range testdb.Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			st := testdb.Empty(t, d)
			db := storage.DB(st)
			const n = 12
			kinds := map[int]string{0: "PEMDA", 2: "AGENCY", 3: "ASSISTANT", 9: "AGENCY", 10: "ASSISTANT"}
			formulas := map[int]any{1: "RATIO", 6: "GAP", 11: "RATIO"}
			caps := map[int]any{2: 150.0, 5: 0.0, 10: 200.0}
			path := "/"
			for i := range n {
				id := int64(i + 1)
				path += fmt.Sprint(id) + "/"
				kind, ok := kinds[i]
				if !ok {
					kind = "DIVISION"
				}
				var parent any
				if i > 0 {
					parent = id - 1
				}
				err := db.Exec(`INSERT INTO org_units (id, parent_id, code, name, kind, path, depth, negative_formula, capaian_cap, created_at, updated_at)
					VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, id, parent, fmt.Sprint("U", id), fmt.Sprint("Unit ", id), kind, path, i,
					formulas[i], caps[i], time.Now(), time.Now()).Error
				if err != nil {
					t.Fatal(err)
				}
			}
			read := func() []row {
				var rows []row
				if err := db.Table(st.BIName(storage.BIOrgUnits, false)).Select("id, negative_formula, capaian_cap, agency_id, asisten_id").
					Order("id").Scan(&rows).Error; err != nil {
					t.Fatal(err)
				}
				return rows
			}
			after := read()
			// The rule: the nearest setting on the path, the unit's own first.
			for i, r := range after {
				formula, cap, agency, asisten := "GAP", (*float64)(nil), (*int64)(nil), (*int64)(nil)
				for j := i; j >= 0; j-- {
					if f, ok := formulas[j]; ok {
						formula = f.(string)
						break
					}
				}
				for j := i; j >= 0; j-- {
					if c, ok := caps[j]; ok {
						if v := c.(float64); v != 0 {
							cap = &v
						}
						break
					}
				}
				for j := i; j >= 0; j-- {
					if kinds[j] == "AGENCY" && agency == nil {
						agency = ptr(int64(j + 1))
					}
					if kinds[j] == "ASSISTANT" && asisten == nil {
						asisten = ptr(int64(j + 1))
					}
				}
				want := row{int64(i + 1), formula, cap, agency, asisten}
				if !reflect.DeepEqual(r, want) {
					t.Errorf("unit at depth %d: %s, want %s", i, show(r), show(want))
				}
			}
			if err := st.MigrateDownTo(ctx, 8); err != nil {
				t.Fatal(err)
			}
			if before := read(); !reflect.DeepEqual(before, after) {
				t.Errorf("the view before migration 9 gives %v, after %v", before, after)
			}
		})
	}
}

func show(r any) string {
	v := reflect.ValueOf(r)
	s := "{"
	for i := range v.NumField() {
		f := v.Field(i)
		if f.Kind() == reflect.Pointer {
			if f.IsNil() {
				s += " nil"
				continue
			}
			f = f.Elem()
		}
		s += fmt.Sprint(" ", f.Interface())
	}
	return s + " }"
}
