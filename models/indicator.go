package models

import (
	"time"

	"github.com/kinerja/kinerja/internal/domain"
)

// Indicator is a performance indicator of a plan element, owned by the org
// unit that reports it. Exactly one of GoalID, SasaranID, ProgramID,
// ActivityID, SubActivityID is set, the one Level names.
type Indicator struct {
	ID            int64 `gorm:"primaryKey"`
	PlanID        int64
	Code          string
	Name          string
	Unit          string
	Polarity      domain.Polarity
	Accumulation  domain.Accumulation
	Level         domain.Level
	OwnerID       int64
	Formula       *string
	GoalID        *int64
	SasaranID     *int64
	ProgramID     *int64
	ActivityID    *int64
	SubActivityID *int64
	Position      int

	RenstraValue *float64
	RenstraMin   *float64
	RenstraMax   *float64
	RenstraLabel *string

	BaselineValue *float64
	BaselineMin   *float64
	BaselineMax   *float64
	BaselineLabel *string

	CreatedAt time.Time
	UpdatedAt time.Time

	// OwnerPath is the path of the owner, read where a query joins it.
	OwnerPath string `gorm:"->;-:migration"`

	// fields answers the owner and the per-year fields of the request
	// that read the row (see IndicatorFields).
	fields IndicatorFields
}

// TableName names the table of Indicator.
func (Indicator) TableName() string { return "indicators" }

// ElementID returns the id of the plan element the indicator measures.
func (i Indicator) ElementID() int64 {
	for _, p := range []*int64{i.GoalID, i.SasaranID, i.ProgramID, i.ActivityID, i.SubActivityID} {
		if p != nil {
			return *p
		}
	}
	return 0
}

// Renstra returns the Renstra end target, or nil when none is set.
func (i Indicator) Renstra() *Target {
	return planValue(i.RenstraValue, i.RenstraMin, i.RenstraMax, i.RenstraLabel)
}

// Baseline returns the baseline (data awal), or nil when none is set.
func (i Indicator) Baseline() *Target {
	return planValue(i.BaselineValue, i.BaselineMin, i.BaselineMax, i.BaselineLabel)
}

func planValue(v, lo, hi *float64, label *string) *Target {
	if v == nil && lo == nil && hi == nil {
		return nil
	}
	return &Target{Value: v, Min: lo, Max: hi, Label: label}
}

// Target is the target of an indicator for a year. As the Renstra end target
// or the baseline of an indicator it has no id and no year.
type Target struct {
	ID          int64 `gorm:"primaryKey"`
	IndicatorID int64
	Year        int
	Value       *float64
	Min         *float64
	Max         *float64
	Label       *string
	// Version moves on with every change (expectedVersion).
	Version   int
	UpdatedBy *int64
	CreatedAt time.Time
	UpdatedAt time.Time
}

// TableName names the table of Target.
func (Target) TableName() string { return "targets" }

// Domain returns t as the domain's target.
func (t Target) Domain() domain.Target {
	d := domain.Target{Value: t.Value, Min: t.Min, Max: t.Max}
	if t.Label != nil {
		d.Label = *t.Label
	}
	return d
}

// Realisation is the value an indicator reached in one period of a year.
// Status and Version serve the approval workflow: every change, of the value
// or of the status, moves Version on. RejectionReason is the reason of the
// last rejection, kept until the value is submitted again.
type Realisation struct {
	ID              int64 `gorm:"primaryKey"`
	IndicatorID     int64
	Year            int
	Period          domain.Period
	Value           float64
	DataSource      *string
	Obstacles       *string
	Remedies        *string
	Status          domain.Status
	Version         int
	SubmittedBy     *int64
	SubmittedAt     *time.Time
	ApprovedBy      *int64
	ApprovedAt      *time.Time
	RejectionReason *string
	UpdatedBy       *int64
	CreatedAt       time.Time
	UpdatedAt       time.Time
}

// TableName names the table of Realisation.
func (Realisation) TableName() string { return "realisations" }

// YearOrNil returns the year of a yearly target, nil for the Renstra end
// target and the baseline (which have none).
func (t Target) YearOrNil() *int {
	if t.Year == 0 {
		return nil
	}
	y := t.Year
	return &y
}

// Text returns the target as a person reads it: the band's label, or the
// value.
func (t Target) Text() string { return t.Domain().Text() }

// SetElement makes the indicator measure the plan element with id at level
// l, clearing the links of the other levels.
func (i *Indicator) SetElement(l domain.Level, id int64) {
	i.Level = l
	i.GoalID, i.SasaranID, i.ProgramID, i.ActivityID, i.SubActivityID = nil, nil, nil, nil, nil
	switch l {
	case domain.LevelGoal:
		i.GoalID = &id
	case domain.LevelSasaran:
		i.SasaranID = &id
	case domain.LevelProgram:
		i.ProgramID = &id
	case domain.LevelActivity:
		i.ActivityID = &id
	default:
		i.SubActivityID = &id
	}
}
