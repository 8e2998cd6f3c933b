package models

import "github.com/kinerja/kinerja/internal/domain"

// The budget tree of the API. Every amount above a single line is a
// domain.Total, exact for any number of lines; gqlgen binds these types
// instead of generating them with int64 Money.

// Budget is the budget of a year over an org unit's subtree. Every total is
// the sum of its Sub Kegiatan lines.
type Budget struct {
	Year      int          `json:"year"`
	OrgUnit   *OrgUnit     `json:"orgUnit"`
	Pagu      domain.Total `json:"pagu"`
	Realisasi domain.Total `json:"realisasi"`
	// Sisa is pagu − realisasi.
	Sisa domain.Total `json:"sisa"`
	// Absorption is realisasi / pagu × 100 at full precision; nil when pagu
	// is 0.
	Absorption *float64         `json:"absorption,omitempty"`
	Programs   []*BudgetProgram `json:"programs"`
	// ApprovedOnly reports that only approved lines count (its lines too).
	ApprovedOnly bool `json:"approvedOnly"`
}

// BudgetProgram is a program of a Budget with the totals of its lines.
type BudgetProgram struct {
	ID         GlobalID          `json:"id"`
	Code       string            `json:"code"`
	Name       string            `json:"name"`
	Pagu       domain.Total      `json:"pagu"`
	Realisasi  domain.Total      `json:"realisasi"`
	Sisa       domain.Total      `json:"sisa"`
	Absorption *float64          `json:"absorption,omitempty"`
	Activities []*BudgetActivity `json:"activities"`
}

// BudgetActivity is an activity of a BudgetProgram with the totals of its
// lines.
type BudgetActivity struct {
	ID            GlobalID             `json:"id"`
	Code          string               `json:"code"`
	Name          string               `json:"name"`
	Pagu          domain.Total         `json:"pagu"`
	Realisasi     domain.Total         `json:"realisasi"`
	Sisa          domain.Total         `json:"sisa"`
	Absorption    *float64             `json:"absorption,omitempty"`
	SubActivities []*BudgetSubActivity `json:"subActivities"`
}

// BudgetSubActivity is a sub-activity of a BudgetActivity with its line.
type BudgetSubActivity struct {
	ID         GlobalID     `json:"id"`
	Code       string       `json:"code"`
	Name       string       `json:"name"`
	Pagu       domain.Total `json:"pagu"`
	Realisasi  domain.Total `json:"realisasi"`
	Sisa       domain.Total `json:"sisa"`
	Absorption *float64     `json:"absorption,omitempty"`
}
