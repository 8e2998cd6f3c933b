package storage

import (
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/models"
)

// The inputs of the administrative writes, in storage's own terms (the API's
// generated input types are converted to these by its resolvers).

// NewOrgUnit is what CreateOrgUnit creates.
type NewOrgUnit struct {
	// The unit to put it under: a unit of the caller's subtree.
	ParentID int64
	// A short code, unique among the parent's children (1 to 50 characters; CONFLICT when taken).
	Code string
	// The full name (1 to 500 characters).
	Name string
	// What kind of unit it is.
	Kind models.OrgUnitKind
	// The convention for its negative indicators; omit to inherit the nearest ancestor's (GAP by default).
	NegativeFormula *domain.NegativeFormula
	// The capaian cap for the indicators owned in its subtree: 0 for none, or 100 to 1000; omit to inherit the nearest ancestor's (none by default).
	CapaianCap *float64
}

// OrgUnitChange is what UpdateOrgUnit changes; nil fields stay as they are.
type OrgUnitChange struct {
	// Move the unit (and its whole subtree) under another parent of the caller's subtree; not into its own subtree (BAD_USER_INPUT).
	ParentID *int64
	// A new code, unique among the children of its (new) parent (1 to 50 characters; CONFLICT when taken).
	Code *string
	// A new name (1 to 500 characters).
	Name *string
	// A new kind.
	Kind *models.OrgUnitKind
	// A new convention for its negative indicators. Once set it can be changed but not cleared back to inheriting.
	NegativeFormula *domain.NegativeFormula
	// A new capaian cap: 0 for none, or 100 to 1000. Once set it can be changed (to 0 for none) but not cleared back to inheriting.
	CapaianCap *float64
}

// NewPlan is what CreatePlan creates.
type NewPlan struct {
	// The agency (or other org unit of the caller's subtree) whose plan it is.
	OrgUnitID int64
	// The plan's title (1 to 500 characters).
	Name string
	// The first year of the period (1900–2200).
	StartYear int
	// The last year of the period, inclusive (1900–2200, not before startYear, at most 20 years after it).
	EndYear int
	// The vision (Visi) of the regional head that the plan serves (1 to 2000 characters).
	Vision string
}

// PlanChange is what UpdatePlan changes; nil fields stay as they are.
type PlanChange struct {
	// A new title (1 to 500 characters).
	Name *string
	// A new first year (1900–2200).
	StartYear *int
	// A new last year (1900–2200, not before startYear, at most 20 years after it).
	EndYear *int
	// A new vision (1 to 2000 characters).
	Vision *string
}

// NewIndicator is what CreateIndicator creates.
type NewIndicator struct {
	// A code unique among the indicators of the plan, such as "IKU-05" (1 to 50 characters; CONFLICT when taken).
	Code string
	// What is measured (1 to 500 characters).
	Name string
	// Satuan, the unit of measure: Nilai, Persen, Jumlah, Predikat, … (1 to 500 characters).
	Unit string
	// Whether higher (POSITIVE) or lower (NEGATIVE) is better.
	Polarity domain.Polarity
	// How quarterly realisations roll up to the year.
	Accumulation domain.Accumulation
	// The kind of plan element it measures; it cannot change later.
	Level domain.Level
	// The id of the plan element of `level` it measures (a goal, sasaran, program, activity or sub-activity); BAD_USER_INPUT when no element of that level has it.
	ElementID int64
	// The unit responsible for reporting it: in the caller's subtree (FORBIDDEN otherwise) and in the subtree of the plan's org unit (BAD_USER_INPUT otherwise).
	OwnerID int64
	// How it is measured (Keterangan / Rumus Penghitungan), at most 2000 characters; blank or omitted for none.
	Formula *string
	// The target at the end of the Renstra period.
	RenstraTarget *TargetFields
	// The starting value (data awal) of the Renstra.
	Baseline *TargetFields
}

// IndicatorChange is what UpdateIndicator changes; nil fields stay as they are.
type IndicatorChange struct {
	// A new code, unique among the indicators of the plan (1 to 50 characters; CONFLICT when taken).
	Code *string
	// A new name (1 to 500 characters).
	Name *string
	// A new Satuan (1 to 500 characters).
	Unit *string
	// A new polarity; capaian follows it at once.
	Polarity *domain.Polarity
	// A new roll-up rule; capaian follows it at once.
	Accumulation *domain.Accumulation
	// A new owner: in the caller's subtree and in the subtree of the plan's org unit.
	OwnerID *int64
	// A new formula text (at most 2000 characters); blank removes it.
	Formula *string
	// A new Renstra end target, replacing the old (it cannot be removed).
	RenstraTarget *TargetFields
	// A new baseline (data awal), replacing the old (it cannot be removed).
	Baseline *TargetFields
}

// MissionFields are the fields of a mission that CreateMission and UpdateMission set.
type MissionFields struct {
	// The mission's number, from 1, unique in the plan (CONFLICT when taken).
	Number int
	// What the mission says (1 to 2000 characters).
	Text string
}

// GoalFields are the fields of a goal that CreateGoal and UpdateGoal set.
type GoalFields struct {
	// A code unique among the goals of the plan, such as "T1" (1 to 50 characters; CONFLICT when taken).
	Code string
	// What the goal is to achieve (1 to 500 characters).
	Name string
	// The mission of the same plan it serves (BAD_USER_INPUT for a mission of another plan). On update, null keeps the current one.
	MissionID *int64
}

// SasaranFields are the fields of a sasaran that CreateSasaran and UpdateSasaran set.
type SasaranFields struct {
	// A code unique among the sasaran of the plan, such as "S1" (1 to 50 characters; CONFLICT when taken).
	Code string
	// What the sasaran is to achieve (1 to 500 characters).
	Name string
}

// ProgramFields are the fields of a program that CreateProgram and UpdateProgram set.
type ProgramFields struct {
	// A code unique among the programs of the plan, such as "01" (1 to 50 characters; CONFLICT when taken).
	Code string
	// The program's name (1 to 500 characters).
	Name string
	// The sasaran it supports, all of its own plan (BAD_USER_INPUT otherwise; NOT_FOUND for an unknown id); repeats are ignored. On update a list replaces the links, [] removes them and null keeps them.
	SasaranIds []int64
}

// ActivityFields are the fields of an activity or sub-activity that the Create and Update functions of both set.
type ActivityFields struct {
	// A code unique among the activities (or sub-activities) of the plan, such as "01.02" or "01.02.03" (1 to 50 characters; CONFLICT when taken).
	Code string
	// Its name (1 to 500 characters).
	Name string
	// The unit that carries it out: a unit in the subtree of the plan's org unit (BAD_USER_INPUT otherwise).
	OrgUnitID int64
}

// TargetFields is a plan target (Renstra end target or baseline): a value, or a band of min and max with a label.
type TargetFields struct {
	// A single value in the indicator's Satuan, finite and not negative; or give `min` and `max` instead.
	Value *float64
	// The lower edge of a band (inclusive), not negative, at most `max`; only with `max`.
	Min *float64
	// The upper edge of a band (inclusive), not negative; only with `min`.
	Max *float64
	// The band's printed name, such as "B (60-70)" (at most 50 bytes); only with a band.
	Label *string
}
