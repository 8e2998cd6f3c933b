package resolvers_test

import (
	"encoding/csv"
	"math"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/kinerja/kinerja/internal/apitest"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/internal/testdb"
)

// biCSV is a BI export read back with encoding/csv: one map per row, by
// column name.
type biCSV struct {
	cols []string
	rows []map[string]string
}

// getBI sends GET /bi/{file} as the holder of token and parses the CSV,
// failing unless it is a 200 with the CSV headers and file name given.
func getBI(t *testing.T, api *apitest.API, token, file string, query url.Values, filename string) biCSV {
	t.Helper()
	rec := getReport(api, token, "/bi/"+file, query)
	if rec.Code != http.StatusOK {
		t.Fatalf("GET /bi/%s?%s: %d %s", file, query.Encode(), rec.Code, rec.Body)
	}
	if got := rec.Header().Get("Content-Type"); got != "text/csv; charset=utf-8" {
		t.Errorf("Content-Type %q, want text/csv; charset=utf-8", got)
	}
	if got, want := rec.Header().Get("Content-Disposition"), `attachment; filename="`+filename+`"`; got != want {
		t.Errorf("Content-Disposition %q, want %q", got, want)
	}
	records, err := csv.NewReader(rec.Body).ReadAll()
	if err != nil {
		t.Fatalf("GET /bi/%s: %v", file, err)
	}
	if len(records) == 0 {
		t.Fatalf("GET /bi/%s: no header row", file)
	}
	out := biCSV{cols: records[0]}
	for _, r := range records[1:] {
		m := map[string]string{}
		for i, c := range out.cols {
			m[c] = r[i]
		}
		out.rows = append(out.rows, m)
	}
	return out
}

// capaianOf returns the capaian of 2023 of every indicator as the GraphQL
// achievement field gives it to the holder of token, by indicator code.
func capaianOf(t *testing.T, api *apitest.API, token string, approved bool) map[string]*float64 {
	t.Helper()
	var out struct {
		Indicators struct {
			Edges []struct {
				Node struct {
					Code        string
					Achievement struct{ Capaian *float64 }
				}
			}
		}
	}
	api.OK(token, `query($a: Boolean) { indicators(first: 100) { edges { node { code achievement(year: 2023, approvedOnly: $a) { capaian } } } } }`,
		map[string]any{"a": approved}, &out)
	caps := map[string]*float64{}
	for _, e := range out.Indicators.Edges {
		caps[e.Node.Code] = e.Node.Achievement.Capaian
	}
	return caps
}

// sameCapaian checks that every row's capaian cell is the GraphQL capaian
// of its indicator (empty where that is null) and returns how many rows
// have one.
func sameCapaian(t *testing.T, who string, rows []map[string]string, caps map[string]*float64) int {
	t.Helper()
	with := 0
	for _, r := range rows {
		want, ok := caps[r["indicator_code"]]
		if !ok {
			t.Errorf("%s: row of %s, an indicator GraphQL does not list", who, r["indicator_code"])
			continue
		}
		if r["capaian"] == "" || want == nil {
			if r["capaian"] != "" || want != nil {
				t.Errorf("%s: %s capaian %q, GraphQL %v", who, r["indicator_code"], r["capaian"], want)
			}
			continue
		}
		with++
		if got, err := strconv.ParseFloat(r["capaian"], 64); err != nil || !near(got, *want) {
			t.Errorf("%s: %s capaian %q, GraphQL %v", who, r["indicator_code"], r["capaian"], *want)
		}
	}
	return with
}

// TestBIExportAchievement: the achievement rows of 2023 as the Sekda reads
// them are the seed's, each capaian the GraphQL one, the SASARAN mean the
// seed's Tabel 3.1 mean.
func TestBIExportAchievement(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		api := apitest.New(t, st)
		token := api.Token("sekda")
		got := getBI(t, api, token, "achievement.csv", url.Values{"year": {"2023"}}, "kinerja-achievement-2023.csv")
		if len(got.cols) == 0 || !strings.Contains(","+strings.Join(got.cols, ",")+",", ",capaian,") {
			t.Errorf("header %q has no column capaian", got.cols)
		}
		// The 40 indicators but IKT-01, which has no target or realisation.
		if len(got.rows) != 39 {
			t.Errorf("%d rows, want 39 (the indicators with a 2023 target or realisation)", len(got.rows))
		}
		for _, r := range got.rows {
			if r["indicator_code"] == "IKT-01" {
				t.Errorf("a row of IKT-01, which has neither target nor realisation: %v", r)
			}
		}
		sameCapaian(t, "sekda", got.rows, capaianOf(t, api, token, false))
		var sasaran []float64
		n := 0
		for _, r := range got.rows {
			if r["year"] != "2023" {
				t.Errorf("%s: year %q", r["indicator_code"], r["year"])
			}
			if r["level"] != "SASARAN" {
				continue
			}
			n++
			if c, err := strconv.ParseFloat(r["capaian"], 64); err == nil {
				sasaran = append(sasaran, c)
			}
		}
		if n != 27 || math.Abs(mean(sasaran)-102.14254721107761) > 1e-9 {
			t.Errorf("SASARAN: %d rows, mean capaian %v; want 27 with mean 102.14254721107761", n, mean(sasaran))
		}

		// A range of years: the 2023 rows are among them, in the file name.
		span := getBI(t, api, token, "achievement.csv", url.Values{"year": {"2023"}, "fromYear": {"2022"}}, "kinerja-achievement-2022-2023.csv")
		years := map[string]int{}
		for _, r := range span.rows {
			years[r["year"]]++
		}
		if years["2023"] != 39 || years["2022"] == 0 || len(years) != 2 {
			t.Errorf("2022..2023: rows per year %v, want 39 of 2023 and some of 2022", years)
		}
	})
}

var twoDecimals = regexp.MustCompile(`^-?[0-9]+\.[0-9]{2}$`)

// TestBIExportBudget: the budget lines of 2023 add up to the pagu of the
// seed's lines exactly, every amount with two decimals.
func TestBIExportBudget(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		api := apitest.New(t, st)
		got := getBI(t, api, api.Token("sekda"), "budget.csv", url.Values{"year": {"2023"}}, "kinerja-budget-2023.csv")
		if pagu, _ := sumLines(t, "sekda", got); len(got.rows) != 65 || pagu != domain.MustMoney("304308454755.00") {
			t.Errorf("sekda: %d lines, pagu adding up to %s; want 65 lines, 304308454755.00", len(got.rows), pagu)
		}

	})
}

// sumLines checks the Rupiah cells of budget rows (two decimals, pagu the
// exact pagu_sen) and adds up their pagu and realisasi exactly.
func sumLines(t *testing.T, who string, b biCSV) (pagu, real domain.Money) {
	t.Helper()
	for _, r := range b.rows {
		for _, c := range []string{"pagu", "realisasi", "sisa"} {
			if !twoDecimals.MatchString(r[c]) {
				t.Errorf("%s: line %s %s %q, want two decimals", who, r["budget_line_id"], c, r[c])
			}
		}
		if r["pagu"] != domain.Money(mustInt(t, r["pagu_sen"])).String() {
			t.Errorf("%s: line %s pagu %s, pagu_sen %s", who, r["budget_line_id"], r["pagu"], r["pagu_sen"])
		}
		pagu += money(t, r["pagu"])
		real += money(t, r["realisasi"])
	}
	return pagu, real
}

func mustInt(t *testing.T, s string) int64 {
	t.Helper()
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		t.Fatalf("%q is not an integer", s)
	}
	return n
}

// TestBIExportScope: a Bagian's operator reads its own subtree only, in
// every view; orgUnitId narrows a reader's rows to a subtree.
func TestBIExportScope(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		api := apitest.New(t, st)
		x := lookup(t, api)
		all := getBI(t, api, api.Token("sekda"), "org_units.csv", nil, "kinerja-org_units.csv")
		paths := map[string]string{}
		for _, r := range all.rows {
			paths[r["code"]] = r["path"]
		}
		const bagian = "BAG-RENKEU"
		op := api.Token("bagian.renkeu")
		units := getBI(t, api, op, "org_units.csv", nil, "kinerja-org_units.csv")
		ach := getBI(t, api, op, "achievement.csv", url.Values{"year": {"2023"}}, "kinerja-achievement-2023.csv")
		bud := getBI(t, api, op, "budget.csv", url.Values{"year": {"2023"}}, "kinerja-budget-2023.csv")
		if len(units.rows) == 0 || units.rows[0]["code"] != bagian || len(ach.rows) == 0 {
			t.Fatalf("%s: units %v, %d achievement rows; want its own unit first and some rows", bagian, units.rows, len(ach.rows))
		}
		for _, c := range []struct {
			view string
			b    biCSV
			col  string
		}{{"org_units", units, "path"}, {"achievement", ach, "owner_path"}, {"budget", bud, "org_unit_path"}} {
			for _, r := range c.b.rows {
				if !strings.HasPrefix(r[c.col], paths[bagian]) {
					t.Errorf("%s reads a %s row of %s, outside %s", bagian, c.view, r[c.col], paths[bagian])
				}
			}
		}
		sameCapaian(t, bagian, ach.rows, capaianOf(t, api, op, false))

		// orgUnitId narrows to a subtree the caller may read.
		sub := getBI(t, api, api.Token("sekda"), "achievement.csv", url.Values{"year": {"2023"}, "orgUnitId": {x.unit(bagian)}},
			"kinerja-achievement-"+bagian+"-2023.csv")
		if len(sub.rows) != len(ach.rows) {
			t.Errorf("sekda, orgUnitId %s: %d rows, the operator reads %d", bagian, len(sub.rows), len(ach.rows))
		}

	})
}

// TestBIExportApproved: with two realisations of 2023 approved (IKU-10 and
// IKU-11) a VIEWER, and the Sekda asking approvedOnly=true, read the
// capaian GraphQL gives them: those two only; no budget line until the
// Sekda approves the year for the whole Setda, then all 65.
func TestBIExportApproved(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		f := newFlow(t, apitest.New(t, st))
		api, x := f.api, f.x
		sekda, viewer := api.Token("sekda"), api.Token("bi")
		for _, code := range []string{"IKU-10", "IKU-11"} {
			var out struct {
				Indicator struct{ Realisations []struct{ ID string } }
			}
			api.OK(sekda, `query($i: ID!) { indicator(id: $i) { realisations(year: 2023) { id } } }`, map[string]any{"i": x.ind(code)}, &out)
			id := out.Indicator.Realisations[0].ID
			f.act("bagian.renkeu", "submitRealisation", id, "")
			f.act("asisten.adum", "approveRealisation", id, "")
		}
		year := url.Values{"year": {"2023"}}
		asked := url.Values{"year": {"2023"}, "approvedOnly": {"true"}}
		for _, c := range []struct {
			who, token string
			query      url.Values
			approved   bool
		}{{"bi", viewer, year, false}, {"sekda approvedOnly", sekda, asked, true}} {
			rows := getBI(t, api, c.token, "achievement.csv", c.query, "kinerja-achievement-2023.csv").rows
			with := sameCapaian(t, c.who, rows, capaianOf(t, api, c.token, c.approved))
			if len(rows) != 39 || with != 2 {
				t.Errorf("%s: %d rows, %d with a capaian; want 39, 2 (IKU-10 and IKU-11)", c.who, len(rows), with)
			}
		}

		budget := func(when string) {
			t.Helper()
			var gql struct {
				Budget struct{ Pagu, Realisasi string }
			}
			api.OK(viewer, `{ budget(year: 2023) { pagu realisasi } }`, nil, &gql)
			for _, c := range []struct {
				who, token string
				query      url.Values
			}{{"bi", viewer, year}, {"sekda approvedOnly", sekda, asked}} {
				lines := getBI(t, api, c.token, "budget.csv", c.query, "kinerja-budget-2023.csv")
				if pagu, real := sumLines(t, c.who, lines); pagu != money(t, gql.Budget.Pagu) || real != money(t, gql.Budget.Realisasi) {
					t.Errorf("%s, %s: %d lines adding up to %s / %s, GraphQL budget %s / %s",
						c.who, when, len(lines.rows), pagu, real, gql.Budget.Pagu, gql.Budget.Realisasi)
				}
			}
		}
		budget("the year not approved")
		for user, bagian := range bagianOf {
			for _, code := range bagian {
				vars := map[string]any{"u": x.unit(code)}
				var st struct{ ApprovalStatus []wfUnit }
				api.OK(sekda, `query($u: ID!) { approvalStatus(orgUnitId: $u, year: 2023, period: YEAR) { state ownCounts { draft } } }`, vars, &st)
				if st.ApprovalStatus[0].OwnCounts.Draft > 0 {
					api.OK(api.Token(operatorOf(code)), `mutation($u: ID!) { submitPeriod(orgUnitId: $u, year: 2023, period: YEAR) { state } }`, vars, nil)
				}
				api.OK(api.Token(user), `mutation($u: ID!) { approvePeriod(orgUnitId: $u, year: 2023, period: YEAR) { state } }`, vars, nil)
			}
		}
		api.OK(sekda, `mutation($u: ID!) { approvePeriod(orgUnitId: $u, year: 2023, period: YEAR) { state } }`, map[string]any{"u": x.unit("SETDA")}, nil)
		budget("the year approved")
		if lines := getBI(t, api, viewer, "budget.csv", year, "kinerja-budget-2023.csv"); len(lines.rows) != 65 {
			t.Errorf("bi, the year approved: %d lines, want 65", len(lines.rows))
		}
	})
}

// TestBIExportRefused: no token, unknown views and bad parameters are
// answered with their status and a short text.
func TestBIExportRefused(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		api := apitest.New(t, st)
		x := lookup(t, api)
		op := api.Token("bagian.renkeu")
		year := url.Values{"year": {"2023"}}
		for _, c := range []struct {
			token, file string
			query       url.Values
			status      int
		}{
			{"", "achievement.csv", year, http.StatusUnauthorized},
			{"not-a-token", "achievement.csv", year, http.StatusUnauthorized},
			{"", "nothing.csv", year, http.StatusUnauthorized},
			{op, "nothing.csv", year, http.StatusNotFound},
			{op, "achievement.xlsx", year, http.StatusNotFound},
			{op, "achievement_by_basis.csv", year, http.StatusNotFound},
			{op, "achievement.csv", nil, http.StatusBadRequest},
			{op, "budget.csv", url.Values{"year": {"abc"}}, http.StatusBadRequest},
			{op, "achievement.csv", url.Values{"year": {"1800"}}, http.StatusBadRequest},
			{op, "achievement.csv", url.Values{"year": {"2023"}, "fromYear": {"2024"}}, http.StatusBadRequest},
			{op, "achievement.csv", url.Values{"year": {"2023"}, "orgUnitId": {"nonsense"}}, http.StatusBadRequest},
			{op, "achievement.csv", url.Values{"year": {"2023"}, "orgUnitId": {x.unit("SETDA")}}, http.StatusForbidden},
		} {
			rec := getReport(api, c.token, "/bi/"+c.file, c.query)
			if rec.Code != c.status || rec.Body.Len() == 0 || rec.Body.Len() > 300 {
				t.Errorf("GET /bi/%s?%s: %d %q, want %d with a short text", c.file, c.query.Encode(), rec.Code, rec.Body, c.status)
			}
			if c.status == http.StatusUnauthorized && rec.Header().Get("WWW-Authenticate") != "Bearer" {
				t.Errorf("GET /bi/%s without a valid token: WWW-Authenticate %q", c.file, rec.Header().Get("WWW-Authenticate"))
			}
		}
	})
}
