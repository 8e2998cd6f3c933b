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

// checkPlanYear reports whether year lies in the period of the plan. The
// plan's row is kept from changing to the end of the transaction, so that a
// plan cannot shrink past the data being entered.
func checkPlanYear(ctx context.Context, tx *gorm.DB, planID int64, year int) error {
	var plan models.Plan
	if err := forShare(tx.WithContext(ctx)).Where("id = ?", planID).Take(&plan).Error; err != nil {
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
		if err := checkText("label", t.Label, domain.MaxLabel); err != nil {
			return err
		}
		now := tx.NowFunc()
		id, _, err := upsert{
			table: "targets", key: []string{"indicator_id", "year"},
			columns: []string{"indicator_id", "year", "value", "min", "max", "label", "updated_by", "created_at", "updated_at"},
			values:  []any{indicatorID, year, t.Value, t.Min, t.Max, optional(t.Label), actor.ActorID(), now, now},
			keep:    []string{"created_at"},
		}.run(tx)
		if err != nil {
			return err
		}
		return tx.Where("id = ?", id).Take(&out).Error
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
		// One statement inserts version 1 or replaces an editable row with
		// the next version; an approved row is left as it is.
		now := tx.NowFunc()
		id, ok, err := upsert{
			table: "realisations", key: []string{"indicator_id", "year", "period"},
			columns: []string{"indicator_id", "year", "period", "value", "data_source", "obstacles", "remedies",
				"status", "version", "updated_by", "created_at", "updated_at"},
			values: []any{in.IndicatorID, in.Year, in.Period, in.Value, optional(in.DataSource), optional(in.Obstacles), optional(in.Remedies),
				domain.Draft, 1, actor.ActorID(), now, now},
			keep:      []string{"status", "version", "created_at"},
			also:      []string{"version = realisations.version + 1"},
			where:     "realisations.status IN ?",
			whereArgs: []any{editableStatuses()},
		}.run(tx)
		if err != nil {
			return err
		}
		if !ok {
			err := tx.Where("indicator_id = ? AND year = ? AND period = ?", in.IndicatorID, in.Year, in.Period).Take(&out).Error
			if err != nil {
				return fmt.Errorf("read locked realisation: %w", err)
			}
			return conflict("the %s realisation of %d is %s and locked: it must be unapproved before it can change", in.Period, in.Year, out.Status)
		}
		return tx.Where("id = ?", id).Take(&out).Error
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
		now := tx.NowFunc()
		id, _, err := upsert{
			table: "budget_lines", key: []string{"sub_activity_id", "year"},
			columns: []string{"sub_activity_id", "year", "pagu", "realisasi", "updated_by", "created_at", "updated_at"},
			values:  []any{subActivityID, year, pagu, realisasi, actor.ActorID(), now, now},
			keep:    []string{"created_at"},
		}.run(tx)
		if err != nil {
			return err
		}
		return tx.Where("id = ?", id).Take(&out).Error
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// editableStatuses are the statuses in which a realisation may be replaced.
func editableStatuses() []domain.Status {
	var out []domain.Status
	for _, st := range []domain.Status{domain.Draft, domain.Submitted, domain.Approved, domain.Rejected} {
		if st.Editable() {
			out = append(out, st)
		}
	}
	return out
}

// optional returns nil for blank text, else the trimmed text.
func optional(s string) *string {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	return &s
}

// checkText reports whether s fits in max characters and is valid UTF-8
// without a NUL byte (which no PostgreSQL text can hold). Every text a write
// stores passes here.
func checkText(field, s string, max int) error {
	switch {
	case !utf8.ValidString(s):
		return domain.Invalid(field, "is not valid UTF-8 text")
	case strings.IndexByte(s, 0) >= 0:
		return domain.Invalid(field, "holds a NUL byte (\\u0000), which no text may contain")
	case utf8.RuneCountInString(s) > max:
		return domain.Invalid(field, fmt.Sprintf("is %d characters long; at most %d are allowed", utf8.RuneCountInString(s), max))
	}
	return nil
}
