package workbook_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
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

func TestMain(m *testing.M) { os.Exit(testdb.Run(m)) }

// identity returns the identity of the demo user username in st.
func identity(t testing.TB, st *storage.Store, username string) *auth.Identity {
	t.Helper()
	ctx := context.Background()
	u, err := st.UserByUsername(ctx, username)
	if err != nil {
		t.Fatal(err)
	}
	unit, err := st.OrgUnit(ctx, u.OrgUnitID)
	if err != nil {
		t.Fatal(err)
	}
	return &auth.Identity{UserID: u.ID, Username: u.Username, Role: auth.Role(u.Role), UnitID: u.OrgUnitID, UnitPath: unit.Path}
}

// unitID returns the id of the org unit with code.
func unitID(t testing.TB, st *storage.Store, code string) int64 {
	t.Helper()
	units, err := st.OrgUnitsUnder(context.Background(), "", "")
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range units {
		if u.Code == code {
			return u.ID
		}
	}
	t.Fatalf("no org unit %s", code)
	return 0
}

// export writes the data sheets of SETDA 2023 from st as admin.
func export(t testing.TB, st *storage.Store) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if err := workbook.Write(context.Background(), f, st, identity(t, st, "admin"), unitID(t, st, "SETDA"), 2023); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// structureOnly returns a fresh database of dialect d holding the demo data
// set's organisation, users and plan, without figures.
func structureOnly(t testing.TB, d storage.Dialect) *storage.Store {
	t.Helper()
	st := testdb.Empty(t, d)
	ds, err := demo.LKjIP2023()
	if err != nil {
		t.Fatal(err)
	}
	if err := demo.Load(context.Background(), st, ds.Structure(), testdb.Password); err != nil {
		t.Fatal(err)
	}
	return st
}

// figures is what the API answers about the figures of SETDA: every
// indicator's achievement in 2021–2023, the 2023 summary, the budgets of
// 2023 and 2022, and the stated figures.
type figures struct {
	Achievements map[string]json.RawMessage
	Summary      json.RawMessage
	Budget       map[int]json.RawMessage
	Stated       []string
}

func readFigures(t testing.TB, st *storage.Store) figures {
	t.Helper()
	api := apitest.New(t, st)
	sekda := api.Token("sekda")
	out := figures{Achievements: map[string]json.RawMessage{}, Budget: map[int]json.RawMessage{}}
	for _, y := range []int{2021, 2022, 2023} {
		var data struct {
			Indicators struct {
				Edges []struct {
					Node struct {
						Code        string
						Achievement json.RawMessage
					}
				}
			}
		}
		api.OK(sekda, fmt.Sprintf(`{ indicators(first: 100) { edges { node { code achievement(year: %d) { target { text } realisation capaian category state met } } } } }`, y), nil, &data)
		for _, e := range data.Indicators.Edges {
			out.Achievements[fmt.Sprint(e.Node.Code, " ", y)] = e.Node.Achievement
		}
	}
	var sum struct{ AchievementSummary json.RawMessage }
	api.OK(sekda, `{ achievementSummary(year: 2023) { meanCapaian category withCapaian withoutCapaian byCategory { category count } } }`, nil, &sum)
	out.Summary = sum.AchievementSummary
	for _, y := range []int{2022, 2023} {
		var b struct{ Budget json.RawMessage }
		api.OK(sekda, fmt.Sprintf(`{ budget(year: %d) { pagu realisasi sisa absorption programs { code pagu realisasi activities { code pagu subActivities { code pagu realisasi } } } } }`, y), nil, &b)
		out.Budget[y] = b.Budget
	}
	rows, err := st.StatedUnder(context.Background(), "", "", 2200)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		year, note := "", ""
		if r.Year != nil {
			year = fmt.Sprint(*r.Year)
		}
		if r.Note != nil {
			note = *r.Note
		}
		out.Stated = append(out.Stated, strings.Join([]string{r.Source, r.TableRef, r.SubjectType, r.SubjectCode, year, r.Figure, r.Value, note}, "|"))
	}
	return out
}

func TestRoundTrip(t *testing.T) {
	ctx := context.Background()
	for _, d := range testdb.Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			src := testdb.New(t, d)
			want := readFigures(t, src)
			if got := string(want.Summary); !strings.Contains(got, `"meanCapaian":102.1425472110776`) {
				t.Fatalf("the demo's summary is %s, want the mean 102.1425472110776", got)
			}
			if got := string(want.Budget[2023]); !strings.Contains(got, `"pagu":"304308454755.00"`) {
				t.Fatalf("the demo's 2023 budget is %.80s…, want the pagu 304308454755.00", got)
			}
			if ds, _ := demo.LKjIP2023(); len(want.Achievements) != 3*len(ds.Indicators) || len(want.Stated) != len(ds.Stated) {
				t.Fatalf("%d achievements and %d stated figures, want %d and %d", len(want.Achievements), len(want.Stated), 3*len(ds.Indicators), len(ds.Stated))
			}
			file := export(t, src)

			dst := structureOnly(t, d)
			if empty := readFigures(t, dst); len(empty.Stated) != 0 || strings.Contains(string(empty.Budget[2023]), "304308454755.00") {
				t.Fatalf("the structure-only database holds figures already")
			}
			data, rej := workbook.Read(bytes.NewReader(file))
			if len(rej) > 0 {
				t.Fatalf("reading the export: %v", rej)
			}
			admin := identity(t, dst, "admin")
			res, rej, err := workbook.Import(ctx, dst, admin, data, false)
			if err != nil || len(rej) > 0 {
				t.Fatalf("import: %v %v", err, rej)
			}
			ds, _ := demo.LKjIP2023()
			nt, nr := 0, 0
			for _, in := range ds.Indicators {
				nt, nr = nt+len(in.Targets), nr+len(in.Realisations)
			}
			if res.Targets.Created != nt || res.Realisations.Created != nr || res.Budget.Created != len(ds.Budget) || res.Stated.Created != len(ds.Stated) {
				t.Errorf("created %+v, want %d targets, %d realisations, %d budget lines, %d stated figures", res, nt, nr, len(ds.Budget), len(ds.Stated))
			}
			got := readFigures(t, dst)
			compare(t, got, want)

			// Again: nothing changes, no version moves, no audit entry.
			before := auditCount(t, dst)
			res, rej, err = workbook.Import(ctx, dst, admin, data, false)
			if err != nil || len(rej) > 0 {
				t.Fatalf("second import: %v %v", err, rej)
			}
			if res.Targets.Unchanged != nt || res.Realisations.Unchanged != nr || res.Budget.Unchanged != len(ds.Budget) || res.Stated.Unchanged != len(ds.Stated) ||
				res.Targets.Created+res.Targets.Updated+res.Realisations.Created+res.Realisations.Updated+res.Budget.Created+res.Budget.Updated+res.Stated.Created+res.Stated.Updated != 0 {
				t.Errorf("second import: %+v, want every row unchanged", res)
			}
			if after := auditCount(t, dst); after != before {
				t.Errorf("second import: %d audit entries, then %d", before, after)
			}
			compare(t, readFigures(t, dst), want)
			if again := export(t, dst); !sameSheets(t, again, file) {
				t.Errorf("the export of the imported database differs from the original export")
			}
		})
	}
}

func compare(t *testing.T, got, want figures) {
	t.Helper()
	if len(got.Achievements) != len(want.Achievements) {
		t.Errorf("%d achievements, want %d", len(got.Achievements), len(want.Achievements))
	}
	for k, w := range want.Achievements {
		if g := got.Achievements[k]; string(g) != string(w) {
			t.Errorf("achievement of %s: got %s, want %s", k, g, w)
		}
	}
	if string(got.Summary) != string(want.Summary) {
		t.Errorf("summary 2023: got %s, want %s", got.Summary, want.Summary)
	}
	for y, w := range want.Budget {
		if g := got.Budget[y]; string(g) != string(w) {
			t.Errorf("budget %d: got %.200s…, want %.200s…", y, g, w)
		}
	}
	if strings.Join(got.Stated, "\n") != strings.Join(want.Stated, "\n") {
		t.Errorf("stated figures differ: %d rows, want %d", len(got.Stated), len(want.Stated))
	}
}

func auditCount(t testing.TB, st *storage.Store) int64 {
	t.Helper()
	n, err := st.CountAuditLog(context.Background(), storage.AuditFilter{}, "")
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// sameSheets reports whether two workbooks hold the same data sheets, cell
// for cell, except the status of the realisations.
func sameSheets(t testing.TB, a, b []byte) bool {
	t.Helper()
	read := func(b []byte) map[string][][]string {
		f, err := excelize.OpenReader(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		out := map[string][][]string{}
		for _, s := range []string{workbook.SheetTargets, workbook.SheetRealisations, workbook.SheetBudget, workbook.SheetStated} {
			rows, err := f.GetRows(s, excelize.Options{RawCellValue: true})
			if err != nil {
				t.Fatal(err)
			}
			out[s] = rows
		}
		return out
	}
	x, y := read(a), read(b)
	return fmt.Sprint(x) == fmt.Sprint(y)
}

func newDemo(t testing.TB, d storage.Dialect) *storage.Store { return testdb.New(t, d) }

func testdb_Dialects(t testing.TB) []storage.Dialect { return testdb.Dialects(t) }
