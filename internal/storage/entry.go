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

// SetTarget sets the target of an indicator for a year, replacing any; a
// replaced target's version goes up by one. Once the agency has approved the
// year, its targets are locked. opts may name the version the caller read.
func (s *Store) SetTarget(ctx context.Context, actor Actor, indicatorID int64, year int, t domain.Target, opts ...WriteOption) (*models.Target, error) {
	var out *models.Target
	err := s.write(ctx, "set target", "target", func(tx *gorm.DB, trail *auditTrail) error {
		var err error
		out, err = setTarget(ctx, tx, trail, actor, indicatorID, year, t, options(opts).expected)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// setTarget is SetTarget inside the transaction tx of a write.
func setTarget(ctx context.Context, tx *gorm.DB, trail *auditTrail, actor Actor, indicatorID int64, year int, t domain.Target, expected *int) (*models.Target, error) {
	var out models.Target
	ind, err := indicatorForEntry(ctx, tx, actor, indicatorID, year)
	if err != nil {
		return nil, err
	}
	if err := t.Validate(); err != nil {
		return nil, err
	}
	if err := checkText("label", t.Label, domain.MaxLabel); err != nil {
		return nil, err
	}
	if err := yearUnlocked(tx, ind.OwnerPath, year); err != nil {
		return nil, err
	}
	old := &lockedRow[models.Target]{tx: tx, what: "target", where: "indicator_id = ? AND year = ?", args: []any{indicatorID, year},
		version: func(t *models.Target) int { return t.Version }}
	check := func(found bool, version int) error {
		return checkVersion(fmt.Sprintf("the target of %d", year), expected, found, version)
	}
	now := tx.NowFunc()
	id, err := replace(tx, upsert{
		table: "targets", key: []string{"indicator_id", "year"},
		columns: []string{"indicator_id", "year", "value", "min", "max", "label", "version", "updated_by", "created_at", "updated_at"},
		values:  []any{indicatorID, year, t.Value, t.Min, t.Max, optional(t.Label), 1, actor.ActorID(), now, now},
		keep:    []string{"version", "created_at"},
		also:    []string{"version = targets.version + 1"},
	}, old.read, check)
	if err != nil {
		return nil, err
	}
	if err := tx.Where("id = ?", id).Take(&out).Error; err != nil {
		return nil, err
	}
	c := change{action: AuditCreate, object: ObjectTarget, id: out.ID, unit: ind.OwnerID, indicator: ind.ID, new: out}
	if before, found := old.Row(); found {
		c.action, c.old = AuditUpdate, before
	}
	trail.add(actor.ActorID(), c)
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
	// ExpectedVersion, when set, is the version the caller read (see
	// ExpectVersion).
	ExpectedVersion *int
}

// RecordRealisation records the realisation of an indicator for a period,
// replacing any, as a DRAFT; a replaced realisation's version goes up by
// one. The workflow's rules decide whether the actor may (RealisationAllowed,
// ActionEdit): a submitted or approved value, the data of an approved
// period, and a period closed for entry are refused.
func (s *Store) RecordRealisation(ctx context.Context, actor Actor, in RealisationInput) (*models.Realisation, error) {
	var out *models.Realisation
	err := s.write(ctx, "record realisation", "realisation", func(tx *gorm.DB, trail *auditTrail) error {
		var err error
		out, err = recordRealisation(ctx, tx, trail, actor, in)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// recordRealisation is RecordRealisation inside the transaction tx of a write.
func recordRealisation(ctx context.Context, tx *gorm.DB, trail *auditTrail, actor Actor, in RealisationInput) (*models.Realisation, error) {
	var out models.Realisation
	if !in.Period.Valid() {
		return nil, domain.Invalid("period", fmt.Sprintf("%q is not a period: use Q1, Q2, Q3, Q4 or YEAR", in.Period))
	}
	ind, err := indicatorForEntry(ctx, tx, actor, in.IndicatorID, in.Year)
	if err != nil {
		return nil, err
	}
	if err := domain.CheckAmount("value", in.Value); err != nil {
		return nil, err
	}
	for _, f := range []struct{ name, text string }{
		{"dataSource", in.DataSource}, {"obstacles", in.Obstacles}, {"remedies", in.Remedies},
	} {
		if err := checkText(f.name, f.text, MaxNarrative); err != nil {
			return nil, err
		}
	}
	p, err := placeOf(tx, ind.OwnerPath)
	if err != nil {
		return nil, err
	}
	lock, err := lockPeriod(tx, p, in.Year, in.Period, false)
	if err != nil {
		return nil, err
	}
	old := &lockedRow[models.Realisation]{tx: tx, what: "realisation", where: "indicator_id = ? AND year = ? AND period = ?",
		args: []any{in.IndicatorID, in.Year, in.Period}, version: func(r *models.Realisation) int { return r.Version }}
	check := func(found bool, version int) error {
		var status domain.Status
		if r, ok := old.Row(); ok {
			status = r.Status
		}
		if err := domain.RealisationAllowed(caller(actor), lock.subject(true), status).Check(domain.ActionEdit); err != nil {
			return refused(actor, err)
		}
		return checkVersion(fmt.Sprintf("the realisation of %s %d", in.Period, in.Year), in.ExpectedVersion, found, version)
	}
	// One statement inserts version 1 or replaces the row read with the
	// next version, a DRAFT again (a rejected value corrected keeps its
	// rejection's reason until it is submitted).
	now := tx.NowFunc()
	id, err := replace(tx, upsert{
		table: "realisations", key: []string{"indicator_id", "year", "period"},
		columns: []string{"indicator_id", "year", "period", "value", "data_source", "obstacles", "remedies",
			"status", "version", "updated_by", "created_at", "updated_at"},
		values: []any{in.IndicatorID, in.Year, in.Period, in.Value, optional(in.DataSource), optional(in.Obstacles), optional(in.Remedies),
			domain.Draft, 1, actor.ActorID(), now, now},
		keep: []string{"version", "created_at"},
		also: []string{"version = realisations.version + 1"},
	}, old.read, check)
	if err != nil {
		return nil, err
	}
	if err := tx.Where("id = ?", id).Take(&out).Error; err != nil {
		return nil, err
	}
	c := change{action: AuditCreate, object: ObjectRealisation, id: out.ID, unit: ind.OwnerID, indicator: ind.ID, new: out}
	if before, found := old.Row(); found {
		c.action, c.old = AuditUpdate, before
	}
	trail.add(actor.ActorID(), c)
	return &out, nil
}

// RecordBudgetLine records the budget of a sub-activity for a year,
// replacing any; a replaced line's version goes up by one. Once the agency
// has approved the year, its budget lines are locked. opts may name the
// version the caller read.
func (s *Store) RecordBudgetLine(ctx context.Context, actor Actor, subActivityID int64, year int, pagu, realisasi domain.Money, opts ...WriteOption) (*models.BudgetLine, error) {
	var out *models.BudgetLine
	err := s.write(ctx, "record budget line", "budget line", func(tx *gorm.DB, trail *auditTrail) error {
		var err error
		out, err = recordBudgetLine(ctx, tx, trail, actor, subActivityID, year, pagu, realisasi, options(opts).expected)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// recordBudgetLine is RecordBudgetLine inside the transaction tx of a write.
func recordBudgetLine(ctx context.Context, tx *gorm.DB, trail *auditTrail, actor Actor, subActivityID int64, year int, pagu, realisasi domain.Money, expected *int) (*models.BudgetLine, error) {
	var out models.BudgetLine
	var sub models.SubActivity
	err := tx.Table("sub_activities").Select("sub_activities.*, o.path AS unit_path").
		Joins("JOIN org_units o ON o.id = sub_activities.org_unit_id").
		Where("sub_activities.id = ?", subActivityID).Take(&sub).Error
	if err != nil {
		if isNotFound(err) {
			return nil, notFound("sub-activity", subActivityID)
		}
		return nil, err
	}
	if err := actor.CanEnter(sub.UnitPath); err != nil {
		return nil, err
	}
	if err := checkPlanYear(ctx, tx, sub.PlanID, year); err != nil {
		return nil, err
	}
	if err := domain.CheckLine(pagu, realisasi); err != nil {
		return nil, err
	}
	if err := yearUnlocked(tx, sub.UnitPath, year); err != nil {
		return nil, err
	}
	old := &lockedRow[models.BudgetLine]{tx: tx, what: "budget line", where: "sub_activity_id = ? AND year = ?", args: []any{subActivityID, year},
		version: func(b *models.BudgetLine) int { return b.Version }}
	check := func(found bool, version int) error {
		return checkVersion(fmt.Sprintf("the budget line of %d", year), expected, found, version)
	}
	now := tx.NowFunc()
	id, err := replace(tx, upsert{
		table: "budget_lines", key: []string{"sub_activity_id", "year"},
		columns: []string{"sub_activity_id", "year", "pagu", "realisasi", "version", "updated_by", "created_at", "updated_at"},
		values:  []any{subActivityID, year, pagu, realisasi, 1, actor.ActorID(), now, now},
		keep:    []string{"version", "created_at"},
		also:    []string{"version = budget_lines.version + 1"},
	}, old.read, check)
	if err != nil {
		return nil, err
	}
	if err := tx.Where("id = ?", id).Take(&out).Error; err != nil {
		return nil, err
	}
	c := change{action: AuditCreate, object: ObjectBudgetLine, id: out.ID, unit: sub.OrgUnitID, new: out}
	if before, found := old.Row(); found {
		c.action, c.old = AuditUpdate, before
	}
	trail.add(actor.ActorID(), c)
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
