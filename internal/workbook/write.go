package workbook

import (
	"context"
	"fmt"

	"github.com/xuri/excelize/v2"

	"github.com/kinerja/kinerja/auth"
	"github.com/kinerja/kinerja/internal/app"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/storage"
)

// Write adds the data sheets of the subtree of the unit with unitID to f,
// covering every year of its plan up to and including year, as who may read
// them (approved values only for a reader of those). Angka Dokumen is added
// when the subtree has stated figures. The reads go through app with who's
// scope.
func Write(ctx context.Context, f *excelize.File, st *storage.Store, who *auth.Identity, unitID int64, year int) error {
	fig, err := app.ReadUnitFigures(ctx, st, who, unitID, year)
	if err != nil {
		return err
	}
	money, err := f.NewStyle(&excelize.Style{NumFmt: 4}) // #,##0.00
	if err != nil {
		return fmt.Errorf("workbook: style: %w", err)
	}
	codes := make(map[int64]string, len(fig.Indicators))
	for _, ind := range fig.Indicators {
		codes[ind.ID] = ind.Code
	}

	var targets [][]any
	for _, t := range fig.Targets {
		label := ""
		if t.Label != nil {
			label = *t.Label
		}
		targets = append(targets, []any{codes[t.IndicatorID], t.Year, number(t.Value), number(t.Min), number(t.Max), label})
	}
	var realisations [][]any
	for _, r := range fig.Realisations {
		realisations = append(realisations, []any{codes[r.IndicatorID], r.Year, string(r.Period), r.Value,
			text(r.DataSource), text(r.Obstacles), text(r.Remedies), string(r.Status)})
	}
	var lines [][]any
	for _, y := range fig.Years {
		for _, l := range fig.Lines[y] {
			lines = append(lines, []any{l.SubActivityCode, y, rupiah(l.Pagu), rupiah(l.Realisasi)})
		}
	}
	var stated [][]any
	for _, s := range fig.Stated {
		var y any
		if s.Year != nil {
			y = *s.Year
		}
		stated = append(stated, []any{s.Source, s.TableRef, s.SubjectType, s.SubjectCode, y, s.Figure, s.Value, text(s.Note)})
	}
	sheets := []struct {
		name string
		rows [][]any
		// moneyCols are the columns (from 1) of amounts.
		moneyCols []int
	}{
		{SheetTargets, targets, nil},
		{SheetRealisations, realisations, nil},
		{SheetBudget, lines, []int{3, 4}},
	}
	if len(stated) > 0 {
		sheets = append(sheets, struct {
			name      string
			rows      [][]any
			moneyCols []int
		}{SheetStated, stated, nil})
	}
	for _, s := range sheets {
		if err := writeSheet(f, s.name, s.rows, s.moneyCols, money); err != nil {
			return fmt.Errorf("workbook: sheet %s: %w", s.name, err)
		}
	}
	return nil
}

// writeSheet adds the sheet name with its headers and rows.
func writeSheet(f *excelize.File, name string, rows [][]any, moneyCols []int, money int) error {
	if _, err := f.NewSheet(name); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(name)
	if err != nil {
		return err
	}
	hdr := headers[name]
	head := make([]any, len(hdr))
	for i, h := range hdr {
		head[i] = h
	}
	if err := sw.SetRow("A1", head); err != nil {
		return err
	}
	for i, r := range rows {
		for _, c := range moneyCols {
			r[c-1] = excelize.Cell{StyleID: money, Value: r[c-1]}
		}
		cell, err := excelize.CoordinatesToCellName(1, i+2)
		if err != nil {
			return err
		}
		if err := sw.SetRow(cell, r); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// number returns *v, nil for none (an empty cell).
func number(v *float64) any {
	if v == nil {
		return nil
	}
	return *v
}

// text returns *s, "" for none.
func text(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// rupiah returns an amount as a number of Rupiah: exact to the sen for every
// amount below 2^53 sen (90 trillion Rupiah), which is what a cell can hold.
func rupiah(m domain.Money) float64 { return float64(m.Sen()) / 100 }
