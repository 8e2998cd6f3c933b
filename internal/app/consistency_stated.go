package app

import (
	"context"
	"fmt"
	"strings"

	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/models"
)

// renstraTables are the tables whose capaian measures the realisation
// against the Renstra end target rather than the year's target (Tabel 3.3,
// "Persentase Realisasi Target Sasaran Renstra").
var renstraTables = map[string]bool{"Tabel 3.3": true}

// columns are the column headings of the figures, as the LKjIP prints them.
var columns = map[string]string{
	"pagu": "Pagu", "realisasi": "Realisasi", "sisa": "Sisa", "absorption": "Penyerapan",
	"target": "Target", "renstraTarget": "Target Akhir Renstra", "capaian": "Capaian", "category": "Kategori",
	"met": "Keterangan", "meanCapaian": "Rata-rata Capaian", "meanCapaianIncrease": "Kenaikan Rata-rata Capaian",
	"absorptionIncrease": "Kenaikan Penyerapan", "efficiency": "Efisiensi", "programAbsorption": "Penyerapan Anggaran Program",
}

// computed is what Kinerja computes for a stated figure: an amount, a
// number, a target or a text; none of them when nothing can be computed
// (why says why). checked is false for a figure Kinerja does not compute.
type computed struct {
	amount  *domain.Total
	number  *float64
	target  *domain.Target
	text    *string
	why     string
	checked bool
}

func amountOf(t domain.Total) computed { return computed{amount: &t, checked: true} }

func numberOf(v *float64, why string) computed {
	if v == nil {
		return computed{why: why, checked: true}
	}
	return computed{number: v, checked: true}
}

func textOf(s string) computed { return computed{text: &s, checked: true} }

func missing(why string) computed { return computed{why: why, checked: true} }

// check compares one stated figure with what is computed, and records a
// finding where they disagree.
func (c *consistency) check(ctx context.Context, sf *models.StatedFigure) error {
	subject := c.subjects[subjectID(sf)]
	var (
		row string
		got computed
		err error
	)
	switch s := subject.(type) {
	case *models.Indicator:
		row = indicatorRow(s)
		got, err = c.indicatorFigure(ctx, s, sf)
	case *models.OrgUnit:
		row, got, err = c.unitFigure(ctx, s, sf)
	case *models.Program:
		row = s.Name
		got, err = c.elementFigure(ctx, sf, func(b *models.Budget) *amounts { return programAmounts(b, s.ID) })
	case *models.Activity:
		row = s.Name
		got, err = c.elementFigure(ctx, sf, func(b *models.Budget) *amounts { return activityAmounts(b, s.ID) })
	case *models.SubActivity:
		row = s.Name
		got, err = c.elementFigure(ctx, sf, func(b *models.Budget) *amounts { return subAmounts(b, s.ID) })
	default:
		return nil
	}
	if err != nil || !got.checked {
		return err
	}
	f := compare(sf.Value, got)
	if f == nil {
		return nil
	}
	column := columns[sf.Figure]
	if column == "" {
		column = sf.Figure
	}
	f.Kind = domain.StatedDiffers
	f.Location = fmt.Sprintf("%s, %s, %s", sf.TableRef, row, c.yearColumn(column, sf.Year))
	f.Table, f.Figure, f.Year, f.Subject = ref(sf.TableRef), ref(sf.Figure), sf.Year, subject
	var notes []string
	if sf.Note != nil {
		notes = append(notes, "the document: "+*sf.Note)
	}
	if got.why != "" {
		notes = append(notes, got.why)
	}
	if len(notes) > 0 {
		f.Note = ref(strings.Join(notes, "; "))
	}
	c.add(f)
	return nil
}

// compare returns a finding with the stated and computed values filled in
// when stated and got disagree, nil when they agree. Amounts agree to the
// sen, numbers at the stated precision (domain.AgreesAt), texts ignoring
// case.
func compare(stated string, got computed) *models.ConsistencyFinding {
	f := &models.ConsistencyFinding{Stated: ref(stated)}
	num, decimals, isNumber := domain.StatedNumber(stated)
	if isNumber {
		f.StatedValue = ref(num)
	}
	switch {
	case got.amount != nil:
		f.Computed = ref(got.amount.String())
		f.ComputedValue = ref(got.amount.Float64() / 100)
		if m, err := domain.ParseMoney(stated); err == nil && domain.TotalOf(m) == *got.amount {
			return nil
		}
	case got.number != nil:
		f.ComputedValue = got.number
		if !isNumber {
			f.Computed = ref(domain.FormatAt(*got.number, 2))
			return f
		}
		// Shown with at least two decimals (a capaian stated "100" against a
		// computed 128.21), compared at the stated precision.
		f.Computed = ref(domain.FormatAt(*got.number, max(decimals, 2)))
		if domain.AgreesAt(num, decimals, *got.number) {
			return nil
		}
	case got.target != nil:
		t := *got.target
		f.Computed = ref(t.Text())
		if t.Value != nil {
			f.ComputedValue = t.Value
		}
		if isNumber && t.Value != nil {
			if domain.AgreesAt(num, decimals, *t.Value) {
				return nil
			}
		} else if strings.EqualFold(strings.TrimSpace(stated), t.Text()) {
			return nil
		}
	case got.text != nil:
		f.Computed = got.text
		if strings.EqualFold(strings.TrimSpace(stated), *got.text) {
			return nil
		}
	}
	return f
}

// indicatorFigure computes a figure stated about indicator ind.
func (c *consistency) indicatorFigure(ctx context.Context, ind *models.Indicator, sf *models.StatedFigure) (computed, error) {
	if sf.Figure == "renstraTarget" {
		t := ind.Renstra()
		if t == nil {
			return missing("no Renstra end target is set"), nil
		}
		d := t.Domain()
		return computed{target: &d, checked: true}, nil
	}
	if sf.Year == nil {
		return computed{}, nil
	}
	y := *sf.Year
	a, err := c.achievement(ctx, ind, y, sf.Figure == "capaian" && renstraTables[sf.TableRef])
	if err != nil {
		return computed{}, err
	}
	why := ""
	if a.Note != nil {
		why = *a.Note
	}
	switch sf.Figure {
	case "target":
		if a.Target == nil {
			return missing(fmt.Sprintf("no target is set for %d", y)), nil
		}
		d := a.Target.Domain()
		return computed{target: &d, checked: true}, nil
	case "realisasi":
		return numberOf(a.Realisation, fmt.Sprintf("no realisation is recorded for %d", y)), nil
	case "capaian":
		return numberOf(a.Capaian, why), nil
	case "category":
		if a.Category == nil {
			return missing(why), nil
		}
		return textOf(a.Category.Label()), nil
	case "met":
		if a.Met == nil {
			return missing(why), nil
		}
		return textOf(domain.MetLabel(*a.Met)), nil
	case "programAbsorption", "efficiency":
		abs, absWhy, err := c.programAbsorption(ctx, ind, y)
		if err != nil || sf.Figure == "programAbsorption" {
			return numberOf(abs, absWhy), err
		}
		switch {
		case a.Capaian == nil:
			return missing(why), nil
		case abs == nil:
			return missing(absWhy), nil
		}
		gap, _ := domain.EfficiencyGap(a.Capaian, abs)
		return numberOf(&gap, ""), nil
	}
	return computed{}, nil
}

// achievement returns the achievement of ind in year, against the Renstra
// end target when renstra, else against the year's target; of the values
// the report reads (approved ones only when it reads those only).
func (c *consistency) achievement(ctx context.Context, ind *models.Indicator, year int, renstra bool) (*models.Achievement, error) {
	if !renstra {
		hist, err := HistoryOf(ctx, c.l, ind, c.approved)
		if err != nil {
			return nil, err
		}
		for _, a := range hist {
			if a.Year == year {
				return a, nil
			}
		}
		return achievement(ind, Settings{}, year, 0, nil, nil), nil
	}
	reals, err := c.l.Realisations(ctx, ind.ID, 0, c.approved)
	if err != nil {
		return nil, err
	}
	var mine []*models.Realisation
	for _, r := range reals {
		if r.Year == year {
			mine = append(mine, r)
		}
	}
	settings, err := IndicatorSettings(ctx, c.l, ind)
	if err != nil {
		return nil, err
	}
	return achievement(ind, settings, year, 0, ind.Renstra(), mine), nil
}

// programAbsorption returns the absorption in year of the budget of the
// programs that support the sasaran of ind, over the report's unit; nil
// with the reason when there is none.
func (c *consistency) programAbsorption(ctx context.Context, ind *models.Indicator, year int) (*float64, string, error) {
	if ind.SasaranID == nil {
		return nil, "the indicator measures no sasaran, so no program supports it", nil
	}
	programs, err := c.l.SasaranPrograms(ctx, *ind.SasaranID)
	if err != nil {
		return nil, "", err
	}
	if len(programs) == 0 {
		return nil, "no program supports the indicator's sasaran", nil
	}
	b, err := c.l.UnitBudget(ctx, c.unit, year, c.approved)
	if err != nil {
		return nil, "", err
	}
	var t domain.Totals
	for _, p := range programs {
		if a := programAmounts(b, p.ID); a != nil {
			t.Pagu, t.Realisasi = t.Pagu.Plus(a.pagu), t.Realisasi.Plus(a.realisasi)
		}
	}
	abs := t.Absorption()
	if abs == nil {
		return nil, fmt.Sprintf("the programs that support the indicator's sasaran have no pagu in %d", year), nil
	}
	return abs, "", nil
}
