package resolvers

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/kinerja/kinerja/internal/report"
	"github.com/kinerja/kinerja/internal/workbook"
	"github.com/kinerja/kinerja/models"
)

// lkjip builds the LKjIP of the unit with id for year, if the caller may
// read the unit's data: the one path of the lkjip query and of the exports.
func (r *Resolver) lkjip(ctx context.Context, orgUnitID int64, year int, approvedOnly bool) (*report.Report, error) {
	_, l, u, err := r.unitFor(ctx, &orgUnitID)
	if err != nil {
		return nil, err
	}
	if err := checkYear(year); err != nil {
		return nil, err
	}
	return report.Build(ctx, l, u, year, approvedOnly)
}

// Reports serves the LKjIP exports behind the same bearer-token
// authentication as GraphQL: GET /reports/lkjip.xlsx (every table, one
// sheet each) and GET /reports/{table}.csv (report.Slugs), both with the
// query parameters orgUnitId and year (and approvedOnly=true). Failures
// answer with a short text: 401 without a valid token, 403 for a unit
// outside the caller's subtree, 400 for bad parameters, 404 for an unknown
// table or unit.
func (r *Resolver) Reports(hooks ...report.Hook) http.Handler {
	return r.authenticate(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		file := req.PathValue("file")
		slug, ext, _ := strings.Cut(file, ".")
		switch {
		case ext == "xlsx" && slug == "lkjip":
		case ext == "csv" && isSlug(slug):
		default:
			http.Error(w, "no such report: ask for lkjip.xlsx or one of "+strings.Join(report.Slugs, ", ")+" .csv", http.StatusNotFound)
			return
		}
		q := req.URL.Query()
		unitID, err1 := parseUnitID(q.Get("orgUnitId"))
		year, err2 := strconv.Atoi(q.Get("year"))
		if err := errors.Join(err1, err2); err != nil {
			http.Error(w, "orgUnitId (an org unit's ID) and year (such as 2023) are required", http.StatusBadRequest)
			return
		}
		ctx := req.Context()
		rep, err := r.lkjip(ctx, unitID, year, q.Get("approvedOnly") == "true")
		if err != nil {
			r.reportError(w, req, err)
			return
		}
		name := "lkjip-" + safeFileName(rep.OrgUnit.Code) + "-" + strconv.Itoa(year)
		if ext == "csv" {
			w.Header().Set("Content-Type", "text/csv; charset=utf-8")
			w.Header().Set("Content-Disposition", `attachment; filename="`+name+"-"+slug+`.csv"`)
			_, err = report.WriteCSV(w, rep, slug)
		} else {
			w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
			w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.xlsx"`)
			err = r.writeWorkbook(ctx, w, rep, unitID, year, hooks)
		}
		if err != nil {
			r.Log.ErrorContext(ctx, "report export", "file", file, "err", err)
		}
	}))
}

// writeWorkbook writes the report's sheets and, after them, the data sheets
// of internal/workbook (targets, realisations, budget lines and stated
// figures as the caller may read them), so that the file `kinerja import`
// and importWorkbook read back is the one the export writes.
func (r *Resolver) writeWorkbook(ctx context.Context, w io.Writer, rep *report.Report, unitID int64, year int, hooks []report.Hook) error {
	who, _, err := r.caller(ctx)
	if err != nil {
		return err
	}
	data := func(f *excelize.File) error { return workbook.Write(ctx, f, r.Store, who, unitID, year) }
	return report.WriteWorkbook(w, rep, append([]report.Hook{data}, hooks...)...)
}

// reportError answers a failed export with the status of its GraphQL code
// (the error presenter's mapping) and a short text.
func (r *Resolver) reportError(w http.ResponseWriter, req *http.Request, err error) {
	e := r.presentError(req.Context(), err)
	status := http.StatusInternalServerError
	switch e.Extensions["code"] {
	case CodeUnauthenticated:
		status = http.StatusUnauthorized
		w.Header().Set("WWW-Authenticate", "Bearer")
	case CodeForbidden:
		status = http.StatusForbidden
	case CodeBadUserInput:
		status = http.StatusBadRequest
	case CodeNotFound:
		status = http.StatusNotFound
	}
	http.Error(w, e.Message, status)
}

func isSlug(s string) bool {
	for _, t := range report.Slugs {
		if s == t {
			return true
		}
	}
	return false
}

// safeFileName keeps letters, digits, '-' and '_' of s, replacing anything
// else by '_'.
func safeFileName(s string) string {
	return strings.Map(func(c rune) rune {
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' {
			return c
		}
		return '_'
	}, s)
}

// parseUnitID reads the global id of an org unit from a query parameter.
func parseUnitID(s string) (int64, error) {
	g, err := models.ParseGlobalID(s)
	if err != nil {
		return 0, err
	}
	if g.Type != models.TypeOrgUnit {
		return 0, fmt.Errorf("%s is the id of a %s, not of an OrgUnit", s, g.Type)
	}
	return g.ID, nil
}
