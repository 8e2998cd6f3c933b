package app

import (
	"context"
	"fmt"
	"strings"

	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/models"
)

// amounts are the figures of one node of a budget tree.
type amounts struct {
	pagu, realisasi, sisa domain.Total
	absorption            *float64
}

func programAmounts(b *models.Budget, id int64) *amounts {
	for _, p := range b.Programs {
		if p.ID.ID == id {
			return &amounts{p.Pagu, p.Realisasi, p.Sisa, p.Absorption}
		}
	}
	return nil
}

func activityAmounts(b *models.Budget, id int64) *amounts {
	for _, p := range b.Programs {
		for _, a := range p.Activities {
			if a.ID.ID == id {
				return &amounts{a.Pagu, a.Realisasi, a.Sisa, a.Absorption}
			}
		}
	}
	return nil
}

func subAmounts(b *models.Budget, id int64) *amounts {
	for _, p := range b.Programs {
		for _, a := range p.Activities {
			for _, s := range a.SubActivities {
				if s.ID.ID == id {
					return &amounts{s.Pagu, s.Realisasi, s.Sisa, s.Absorption}
				}
			}
		}
	}
	return nil
}

// budgetFigure picks the figure sf names from a (nil: no lines, all zero).
func budgetFigure(sf *models.StatedFigure, a *amounts) computed {
	if a == nil {
		a = &amounts{}
	}
	switch sf.Figure {
	case "pagu":
		return amountOf(a.pagu)
	case "realisasi":
		return amountOf(a.realisasi)
	case "sisa":
		return amountOf(a.sisa)
	case "absorption":
		return numberOf(a.absorption, "the pagu is 0: there is no absorption")
	}
	return computed{}
}

// elementFigure computes a budget figure of a program, activity or
// sub-activity from the budget of the report's unit in the figure's year.
func (c *consistency) elementFigure(ctx context.Context, sf *models.StatedFigure, pick func(*models.Budget) *amounts) (computed, error) {
	if sf.Year == nil {
		return computed{}, nil
	}
	b, err := c.l.UnitBudget(ctx, c.unit, *sf.Year, c.approved)
	if err != nil {
		return computed{}, err
	}
	return budgetFigure(sf, pick(b)), nil
}

// unitFigure computes a figure stated about org unit u over its subtree:
// its budget totals (the "Total" row), the mean capaian of its sasaran
// indicators and its category (the "Rata-Rata" row), and the increases of
// the mean and of the absorption over the year before. It returns the row
// the figure is printed in.
func (c *consistency) unitFigure(ctx context.Context, u *models.OrgUnit, sf *models.StatedFigure) (string, computed, error) {
	if sf.Year == nil {
		return u.Name, computed{}, nil
	}
	y := *sf.Year
	inTable := strings.HasPrefix(sf.TableRef, "Tabel")
	switch sf.Figure {
	case "pagu", "realisasi", "sisa", "absorption":
		b, err := c.l.UnitBudget(ctx, u, y, c.approved)
		if err != nil {
			return "", computed{}, err
		}
		row := u.Name
		if inTable {
			row = "Total"
		}
		return row, budgetFigure(sf, &amounts{b.Pagu, b.Realisasi, b.Sisa, b.Absorption}), nil
	case "absorptionIncrease":
		var abs [2]*float64
		for i, year := range []int{y - 1, y} {
			b, err := c.l.UnitBudget(ctx, u, year, c.approved)
			if err != nil {
				return "", computed{}, err
			}
			abs[i] = b.Absorption
		}
		if abs[0] == nil || abs[1] == nil {
			return u.Name, missing(fmt.Sprintf("no absorption in %d or %d: the pagu is 0", y-1, y)), nil
		}
		return u.Name, numberOf(change(abs[1], abs[0]), ""), nil
	case "meanCapaian", "category", "meanCapaianIncrease":
		row := u.Name
		if inTable {
			row = "Rata-Rata"
		}
		now, err := c.l.UnitAchievement(ctx, u, y, domain.LevelSasaran, c.approved)
		if err != nil {
			return "", computed{}, err
		}
		why := fmt.Sprintf("no sasaran indicator has a capaian in %d", y)
		switch {
		case sf.Figure == "meanCapaian":
			return row, numberOf(now.MeanCapaian, why), nil
		case sf.Figure == "category" && now.Category == nil:
			return row, missing(why), nil
		case sf.Figure == "category":
			return row, textOf(now.Category.Label()), nil
		}
		before, err := c.l.UnitAchievement(ctx, u, y-1, domain.LevelSasaran, c.approved)
		if err != nil {
			return "", computed{}, err
		}
		if now.MeanCapaian == nil || before.MeanCapaian == nil {
			return row, missing(fmt.Sprintf("no sasaran indicator has a capaian in %d or in %d", y-1, y)), nil
		}
		return row, numberOf(change(now.MeanCapaian, before.MeanCapaian), ""), nil
	}
	return u.Name, computed{}, nil
}

// change is the year-on-year change of a percentage, now − before, in
// percentage points (the LKjIP's "kenaikan"); nil when either is unknown.
func change(now, before *float64) *float64 {
	v, ok := domain.AbsorptionChange(now, before)
	if !ok {
		return nil
	}
	return &v
}
