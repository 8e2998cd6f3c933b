package models

import "time"

// Plan is a strategic plan (Renstra) of an agency for StartYear..EndYear.
type Plan struct {
	ID        int64 `gorm:"primaryKey"`
	OrgUnitID int64
	Name      string
	StartYear int
	EndYear   int
	Vision    string
	CreatedAt time.Time
	UpdatedAt time.Time
}

// TableName names the table of Plan.
func (Plan) TableName() string { return "plans" }

// Covers reports whether year lies in the plan's period.
func (p Plan) Covers(year int) bool { return year >= p.StartYear && year <= p.EndYear }

// Mission is a mission (Misi) of a plan.
type Mission struct {
	ID     int64 `gorm:"primaryKey"`
	PlanID int64
	Number int
	Text   string
}

// TableName names the table of Mission.
func (Mission) TableName() string { return "missions" }

// Goal is a goal (Tujuan) of a plan.
type Goal struct {
	ID        int64 `gorm:"primaryKey"`
	PlanID    int64
	MissionID *int64
	Code      string
	Name      string
	Position  int
}

// TableName names the table of Goal.
func (Goal) TableName() string { return "goals" }

// Sasaran is a strategic objective under a goal.
type Sasaran struct {
	ID       int64 `gorm:"primaryKey"`
	GoalID   int64
	PlanID   int64
	Code     string
	Name     string
	Position int
}

// TableName names the table of Sasaran.
func (Sasaran) TableName() string { return "sasaran" }

// Program is a budget program of a plan.
type Program struct {
	ID       int64 `gorm:"primaryKey"`
	PlanID   int64
	Code     string
	Name     string
	Position int
}

// TableName names the table of Program.
func (Program) TableName() string { return "programs" }

// ProgramSasaran links a program to a sasaran it supports.
type ProgramSasaran struct {
	ProgramID int64 `gorm:"primaryKey"`
	SasaranID int64 `gorm:"primaryKey"`
}

// TableName names the table of ProgramSasaran.
func (ProgramSasaran) TableName() string { return "program_sasaran" }

// Activity is a Kegiatan of a program, carried out by an org unit.
type Activity struct {
	ID        int64 `gorm:"primaryKey"`
	ProgramID int64
	PlanID    int64
	OrgUnitID int64
	Code      string
	Name      string
	Position  int
}

// TableName names the table of Activity.
func (Activity) TableName() string { return "activities" }

// SubActivity is a Sub Kegiatan, the unit of budget.
type SubActivity struct {
	ID         int64 `gorm:"primaryKey"`
	ActivityID int64
	PlanID     int64
	OrgUnitID  int64
	Code       string
	Name       string
	Position   int
	// UnitPath is the path of the sub-activity's org unit, read where a query
	// joins it.
	UnitPath string `gorm:"->;-:migration"`
}

// TableName names the table of SubActivity.
func (SubActivity) TableName() string { return "sub_activities" }
