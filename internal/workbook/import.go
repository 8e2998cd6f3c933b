package workbook

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/kinerja/kinerja/auth"
	"github.com/kinerja/kinerja/internal/app"
	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/models"
)

// Result is what an import wrote (or, in a dry run, would write), per sheet.
type Result struct {
	Targets, Realisations, Budget, Stated storage.Tally
	// DryRun reports that nothing was written.
	DryRun bool
}

// Import writes d as who, in one transaction through the store's write
// funnel, each row with the checks of its own write: codes are resolved
// among the indicators, sub-activities and units of who's subtree (a code
// outside it is refused), years must lie in the indicator's (or
// sub-activity's) plan, and the approval workflow's locks apply. A row equal
// to the stored one is left as it is. All or nothing: with any rejection
// nothing is written and every rejected row is returned. dryRun checks
// everything and writes nothing.
func Import(ctx context.Context, st *storage.Store, who *auth.Identity, d Data, dryRun bool) (Result, []Rejection, error) {
	cat, err := app.ReadCatalogue(ctx, st, who)
	if err != nil {
		return Result{}, nil, err
	}
	var (
		in       storage.Figures
		places   []Place
		rejected []Rejection
	)
	reject := func(at Place, format string, args ...any) {
		rejected = append(rejected, Rejection{Sheet: at.Sheet, Row: at.Row, Reason: fmt.Sprintf(format, args...)})
	}
	ref := func(at Place) int {
		places = append(places, at)
		return len(places) - 1
	}
	indicator := func(at Place, code string, year int) (models.Indicator, bool) {
		ind, err := only(cat.Indicators[code], "indicator", code)
		if err != nil {
			reject(at, "%s", err)
			return ind, false
		}
		if p, ok := cat.Plans[ind.PlanID]; ok && !p.Covers(year) {
			reject(at, "%d is outside the period of the plan %q (%d–%d)", year, p.Name, p.StartYear, p.EndYear)
			return ind, false
		}
		return ind, true
	}
	for _, r := range d.Targets {
		if ind, ok := indicator(r.Place, r.Indicator, r.Year); ok {
			in.Targets = append(in.Targets, storage.TargetFigure{Ref: ref(r.Place), IndicatorID: ind.ID, Year: r.Year, Target: r.Target})
		}
	}
	for _, r := range d.Realisations {
		if ind, ok := indicator(r.Place, r.Indicator, r.Year); ok {
			in.Realisations = append(in.Realisations, storage.RealisationFigure{Ref: ref(r.Place), RealisationInput: storage.RealisationInput{
				IndicatorID: ind.ID, Year: r.Year, Period: r.Period, Value: r.Value,
				DataSource: r.DataSource, Obstacles: r.Obstacles, Remedies: r.Remedy}})
		}
	}
	for _, r := range d.Budget {
		sub, err := only(cat.SubActivities[r.SubActivity], "sub-activity", r.SubActivity)
		if err != nil {
			reject(r.Place, "%s", err)
			continue
		}
		if p, ok := cat.Plans[sub.PlanID]; ok && !p.Covers(r.Year) {
			reject(r.Place, "%d is outside the period of the plan %q (%d–%d)", r.Year, p.Name, p.StartYear, p.EndYear)
			continue
		}
		in.Lines = append(in.Lines, storage.LineFigure{Ref: ref(r.Place), SubActivityID: sub.ID, Year: r.Year, Pagu: r.Pagu, Realisasi: r.Realisasi})
	}
	for _, r := range d.Stated {
		id, err := subjectID(cat, r.SubjectType, r.Subject)
		if err != nil {
			reject(r.Place, "%s", err)
			continue
		}
		row := models.StatedFigure{Source: r.Source, TableRef: r.Table, SubjectType: r.SubjectType, SubjectID: id,
			Year: r.Year, Figure: r.Figure, Value: r.Value}
		if r.Note != "" {
			note := r.Note
			row.Note = &note
		}
		in.Stated = append(in.Stated, storage.StatedFigure{Ref: ref(r.Place), StatedFigure: row})
	}
	// With rows refused already, the rest are still checked against the
	// store (a dry run) so that every bad row is reported at once.
	tally, refused, err := st.ImportFigures(ctx, who, in, dryRun || len(rejected) > 0)
	if err != nil {
		return Result{}, nil, err
	}
	for _, e := range refused {
		at := places[e.Ref]
		rejected = append(rejected, Rejection{Sheet: at.Sheet, Row: at.Row, Reason: e.Err.Error()})
	}
	if len(rejected) > 0 {
		sortRejections(rejected)
		return Result{DryRun: true}, rejected, nil
	}
	return Result{Targets: tally.Targets, Realisations: tally.Realisations, Budget: tally.Lines, Stated: tally.Stated, DryRun: dryRun}, nil, nil
}

// only returns the one row of rows, which are those the caller's subtree
// holds with code.
func only[T any](rows []T, what, code string) (T, error) {
	var zero T
	switch len(rows) {
	case 0:
		return zero, fmt.Errorf("no %s has the code %q in your scope", what, clip(code))
	case 1:
		return rows[0], nil
	}
	return zero, fmt.Errorf("the code %q names %d %ss of different plans in your scope: import as a user whose unit holds one plan", clip(code), len(rows), what)
}

// subject returns the id of the subject of a stated figure.
func subjectID(c *app.Catalogue, kind, code string) (int64, error) {
	switch kind {
	case "ORG_UNIT":
		u, err := only(c.OrgUnits[code], "org unit", code)
		return u.ID, err
	case "INDICATOR":
		i, err := only(c.Indicators[code], "indicator", code)
		return i.ID, err
	case "PROGRAM":
		p, err := only(c.Programs[code], "program", code)
		return p.ID, err
	case "ACTIVITY":
		a, err := only(c.Activities[code], "activity", code)
		return a.ID, err
	case "SUB_ACTIVITY":
		s, err := only(c.SubActivities[code], "sub-activity", code)
		return s.ID, err
	}
	return 0, fmt.Errorf("%q is not a kind of subject", kind)
}

// sortRejections orders rejections by sheet (in workbook order) and row.
func sortRejections(rs []Rejection) {
	slices.SortStableFunc(rs, func(a, b Rejection) int {
		if d := slices.Index(sheetOrder, a.Sheet) - slices.Index(sheetOrder, b.Sheet); d != 0 {
			return d
		}
		if d := a.Row - b.Row; d != 0 {
			return d
		}
		return strings.Compare(a.Reason, b.Reason)
	})
}

// Load reads the workbook r holds and imports it as who (see Read and
// Import): every rejected row of both is returned, in sheet and row order,
// and with any of them nothing is written. A workbook that cannot be read
// at all gives one rejection of Row 0 (Whole).
func Load(ctx context.Context, st *storage.Store, who *auth.Identity, r io.Reader, dryRun bool) (Result, []Rejection, error) {
	d, rejected := Read(r)
	for _, rej := range rejected {
		if rej.Whole() {
			return Result{DryRun: true}, rejected, nil
		}
	}
	res, more, err := Import(ctx, st, who, d, dryRun || len(rejected) > 0)
	if err != nil {
		return Result{}, nil, err
	}
	rejected = append(rejected, more...)
	if len(rejected) > 0 {
		sortRejections(rejected)
		return Result{DryRun: true}, rejected, nil
	}
	return res, nil, nil
}
