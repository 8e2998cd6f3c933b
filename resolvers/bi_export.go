package resolvers

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/kinerja/kinerja/internal/app"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/storage"
)

// BIExport serves GET /bi/{view}.csv, the rows of a BI view (docs/bi.md:
// achievement, budget, org_units) as CSV for tools that read files, behind
// the same bearer-token authentication as GraphQL and scoped like every
// read: the caller's subtree, or that of orgUnitId within it. achievement
// and budget take year (or the range fromYear..toYear around it); a VIEWER,
// or a caller that asks with approvedOnly=true, reads approved values only.
// Cells are the view's values: numbers with a dot as the decimal
// separator, Rupiah with exactly two decimals, empty for NULL. Failures
// answer with a short text, as Reports does.
func (r *Resolver) BIExport() http.Handler {
	return r.authenticate(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		ctx := req.Context()
		_, l, err := r.caller(ctx)
		if err != nil {
			r.reportError(w, req, err)
			return
		}
		name, ok := strings.CutSuffix(req.PathValue("file"), ".csv")
		view := storage.BIView(name)
		if !ok || !view.Valid() {
			http.Error(w, "no such view: ask for achievement.csv, budget.csv or org_units.csv", http.StatusNotFound)
			return
		}
		params := req.URL.Query()
		q := app.BIQuery{View: view, ApprovedOnly: params.Get("approvedOnly") == "true"}
		file := "kinerja-" + name
		if id := params.Get("orgUnitId"); id != "" {
			unitID, err := parseUnitID(id)
			if err != nil {
				http.Error(w, "orgUnitId must be an org unit's ID", http.StatusBadRequest)
				return
			}
			if _, _, q.Unit, err = r.unitFor(ctx, &unitID); err != nil {
				r.reportError(w, req, err)
				return
			}
			file += "-" + safeFileName(q.Unit.Code)
		}
		if view != storage.BIOrgUnits {
			if q.From, q.To, err = biYears(params); err != nil {
				r.reportError(w, req, err)
				return
			}
			file += "-" + strconv.Itoa(q.From)
			if q.To != q.From {
				file += "-" + strconv.Itoa(q.To)
			}
		}
		var out *csv.Writer
		var record []string
		header := func(cols []string) error {
			w.Header().Set("Content-Type", "text/csv; charset=utf-8")
			w.Header().Set("Content-Disposition", `attachment; filename="`+file+`.csv"`)
			out, record = csv.NewWriter(w), make([]string, len(cols))
			return out.Write(cols)
		}
		row := func(vals []any) error {
			for i, v := range vals {
				record[i] = biCell(v)
			}
			return out.Write(record)
		}
		if err := l.BIRows(ctx, q, header, row); err != nil {
			if out == nil { // nothing sent yet
				r.reportError(w, req, err)
				return
			}
			r.Log.ErrorContext(ctx, "bi export", "view", name, "err", err)
			return
		}
		out.Flush()
		if err := out.Error(); err != nil {
			r.Log.ErrorContext(ctx, "bi export", "view", name, "err", err)
		}
	}))
}

// biYears reads the years of a BI export: year, required, or the range
// fromYear..toYear (each defaulting to year), plausible, in order and at
// most MaxStatsYears long.
func biYears(params url.Values) (from, to int, err error) {
	year, err := strconv.Atoi(params.Get("year"))
	if err != nil {
		return 0, 0, domain.Invalid("year", "year (such as 2023) is required")
	}
	from, to = year, year
	for _, p := range []struct {
		name string
		dst  *int
	}{{"fromYear", &from}, {"toYear", &to}} {
		if s := params.Get(p.name); s != "" {
			if *p.dst, err = strconv.Atoi(s); err != nil {
				return 0, 0, domain.Invalid(p.name, p.name+" must be a year such as 2023")
			}
		}
	}
	for _, y := range []int{year, from, to} {
		if err := checkYear(y); err != nil {
			return 0, 0, err
		}
	}
	if from > to {
		return 0, 0, domain.Invalid("fromYear", fmt.Sprintf("fromYear %d is after toYear %d", from, to))
	}
	if to-from >= MaxStatsYears {
		return 0, 0, domain.Invalid("toYear", fmt.Sprintf("at most %d years at once", MaxStatsYears))
	}
	return from, to, nil
}

// biCell formats a value of storage.Store.BIRows as a CSV cell: empty for
// NULL, numbers with a dot as the decimal separator (floats at full
// precision, the shortest form that reads back the same), Rupiah with
// exactly two decimals from the exact sen.
func biCell(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	case domain.Money:
		return x.String()
	}
	return fmt.Sprint(v)
}
