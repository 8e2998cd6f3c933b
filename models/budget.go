package models

import (
	"time"

	"github.com/kinerja/kinerja/internal/domain"
)

// BudgetLine is the budget of one sub-activity in one year: pagu and
// realisasi in sen. Every total above it is computed from these lines.
type BudgetLine struct {
	ID            int64 `gorm:"primaryKey"`
	SubActivityID int64
	Year          int
	Pagu          domain.Money
	Realisasi     domain.Money
	// Version moves on with every change (expectedVersion).
	Version   int
	UpdatedBy *int64
	CreatedAt time.Time
	UpdatedAt time.Time
}

// TableName names the table of BudgetLine.
func (BudgetLine) TableName() string { return "budget_lines" }

// StatedFigure is a figure as a source document printed it (a total, a
// percentage, a sisa, a capaian), kept beside the lines for the consistency
// report and never used to compute anything.
type StatedFigure struct {
	ID          int64 `gorm:"primaryKey"`
	Source      string
	TableRef    string
	SubjectType string
	SubjectID   int64
	Year        *int
	Figure      string
	Value       string
	Note        *string
}

// TableName names the table of StatedFigure.
func (StatedFigure) TableName() string { return "stated_figures" }

// Sisa returns pagu − realisasi.
func (b BudgetLine) Sisa() domain.Money { return domain.Sisa(b.Pagu, b.Realisasi) }

// Absorption returns realisasi / pagu × 100, nil when pagu is 0.
func (b BudgetLine) Absorption() *float64 {
	pct, ok := domain.Absorption(b.Pagu, b.Realisasi)
	if !ok {
		return nil
	}
	return &pct
}
