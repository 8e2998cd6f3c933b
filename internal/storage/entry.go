package storage

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"gorm.io/gorm"

	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/models"
)

// MaxNarrative is the longest data source, obstacle or remedy text accepted.
const MaxNarrative = 4000

// indicatorForEntry reads an indicator, its owner's path and its plan inside
// tx, and checks that actor may enter data for it in year.
func indicatorForEntry(ctx context.Context, tx *gorm.DB, actor Actor, id int64, year int) (*models.Indicator, error) {
	var ind models.Indicator
	err := tx.WithContext(ctx).Table("indicators").Select("indicators.*, o.path AS owner_path").
		Joins("JOIN org_units o ON o.id = indicators.owner_id").
		Where("indicators.id = ?", id).Take(&ind).Error
	if err != nil {
		if isNotFound(err) {
			return nil, notFound("indicator", id)
		}
		return nil, err
	}
	if err := actor.CanEnter(ind.OwnerPath); err != nil {
		return nil, err
	}
	if err := checkPlanYear(ctx, tx, ind.PlanID, year); err != nil {
		return nil, err
	}
	return &ind, nil
}

// checkPlanYear reports whether year lies in the period of the plan.
func checkPlanYear(ctx context.Context, tx *gorm.DB, planID int64, year int) error {
	var plan models.Plan
	if err := tx.WithContext(ctx).Where("id = ?", planID).Take(&plan).Error; err != nil {
		return err
	}
	if !plan.Covers(year) {
		return domain.Invalid("year", fmt.Sprintf("%d is outside the period of the plan %q (%d–%d)", year, plan.Name, plan.StartYear, plan.EndYear))
	}
	return nil
}

// SetTarget sets the target of an indicator for a year, replacing any.
func (s *Store) SetTarget(ctx context.Context, actor Actor, indicatorID int64, year int, t domain.Target) (*models.Target, error) {
	var out models.Target
	err := s.write(ctx, "set target", "target", func(tx *gorm.DB) error {
		if _, err := indicatorForEntry(ctx, tx, actor, indicatorID, year); err != nil {
			return err
		}
		if err := t.Validate(); err != nil {
			return err
		}
		err := tx.Where("indicator_id = ? AND year = ?", indicatorID, year).Take(&out).Error
		switch {
		case isNotFound(err):
			out = models.Target{IndicatorID: indicatorID, Year: year}
		case err != nil:
			return err
		}
		out.Value, out.Min, out.Max, out.Label = t.Value, t.Min, t.Max, optional(t.Label)
		by := actor.ActorID()
		out.UpdatedBy = &by
		return tx.Save(&out).Error
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// RealisationInput is a realisation to record.
type RealisationInput struct {
	IndicatorID int64
	Year        int
	Period      domain.Period
	Value       float64
	DataSource  string
	Obstacles   string
	Remedies    string
}

// RecordRealisation records the realisation of an indicator for a period,
// replacing any; a replaced realisation's version goes up by one. Approved
// realisations are locked.
func (s *Store) RecordRealisation(ctx context.Context, actor Actor, in RealisationInput) (*models.Realisation, error) {
	var out models.Realisation
	err := s.write(ctx, "record realisation", "realisation", func(tx *gorm.DB) error {
		if !in.Period.Valid() {
			return domain.Invalid("period", fmt.Sprintf("%q is not a period: use Q1, Q2, Q3, Q4 or YEAR", in.Period))
		}
		if _, err := indicatorForEntry(ctx, tx, actor, in.IndicatorID, in.Year); err != nil {
			return err
		}
		if err := domain.CheckAmount("value", in.Value); err != nil {
			return err
		}
		for _, f := range []struct{ name, text string }{
			{"dataSource", in.DataSource}, {"obstacles", in.Obstacles}, {"remedies", in.Remedies},
		} {
			if err := checkText(f.name, f.text, MaxNarrative); err != nil {
				return err
			}
		}
		err := tx.Where("indicator_id = ? AND year = ? AND period = ?", in.IndicatorID, in.Year, in.Period).Take(&out).Error
		switch {
		case isNotFound(err):
			out = models.Realisation{IndicatorID: in.IndicatorID, Year: in.Year, Period: in.Period, Status: domain.Draft, Version: 1}
		case err != nil:
			return err
		case !out.Status.Editable():
			return conflict("the %s realisation of %d is %s and locked: it must be unapproved before it can change", in.Period, in.Year, out.Status)
		default:
			out.Version++
		}
		out.Value = in.Value
		out.DataSource, out.Obstacles, out.Remedies = optional(in.DataSource), optional(in.Obstacles), optional(in.Remedies)
		by := actor.ActorID()
		out.UpdatedBy = &by
		return tx.Save(&out).Error
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// RecordBudgetLine records the budget of a sub-activity for a year,
// replacing any.
func (s *Store) RecordBudgetLine(ctx context.Context, actor Actor, subActivityID int64, year int, pagu, realisasi domain.Money) (*models.BudgetLine, error) {
	var out models.BudgetLine
	err := s.write(ctx, "record budget line", "budget line", func(tx *gorm.DB) error {
		var sub models.SubActivity
		err := tx.Table("sub_activities").Select("sub_activities.*, o.path AS unit_path").
			Joins("JOIN org_units o ON o.id = sub_activities.org_unit_id").
			Where("sub_activities.id = ?", subActivityID).Take(&sub).Error
		if err != nil {
			if isNotFound(err) {
				return notFound("sub-activity", subActivityID)
			}
			return err
		}
		if err := actor.CanEnter(sub.UnitPath); err != nil {
			return err
		}
		if err := checkPlanYear(ctx, tx, sub.PlanID, year); err != nil {
			return err
		}
		if err := domain.CheckLine(pagu, realisasi); err != nil {
			return err
		}
		err = tx.Where("sub_activity_id = ? AND year = ?", subActivityID, year).Take(&out).Error
		switch {
		case isNotFound(err):
			out = models.BudgetLine{SubActivityID: subActivityID, Year: year}
		case err != nil:
			return err
		}
		out.Pagu, out.Realisasi = pagu, realisasi
		by := actor.ActorID()
		out.UpdatedBy = &by
		return tx.Save(&out).Error
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// optional returns nil for blank text, else the trimmed text.
func optional(s string) *string {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	return &s
}

// checkText reports whether s fits in max characters and is valid UTF-8.
func checkText(field, s string, max int) error {
	switch {
	case !utf8.ValidString(s):
		return domain.Invalid(field, "is not valid UTF-8 text")
	case utf8.RuneCountInString(s) > max:
		return domain.Invalid(field, fmt.Sprintf("is %d characters long; at most %d are allowed", utf8.RuneCountInString(s), max))
	}
	return nil
}
