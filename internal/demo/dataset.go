package demo

// Dataset is the demo data set as the embedded JSON file spells it: the
// organisation tree, the users, the strategic plan with its indicators, the
// budget lines, and the figures the source document states beside them.
//
// References between records are by code (org unit code, sasaran code, program
// code, ...), never by database id; the loader resolves them.
type Dataset struct {
	Source     string      `json:"source"`
	OrgUnits   []OrgUnit   `json:"orgUnits"`
	Users      []User      `json:"users"`
	Plan       Plan        `json:"plan"`
	Indicators []Indicator `json:"indicators"`
	Budget     []Line      `json:"budget"`
	Stated     []Stated    `json:"stated"`
}

// OrgUnit is one unit of the organisation tree. Parent is the parent's code,
// empty for a root. Kind is one of PEMDA, AGENCY, ASSISTANT, DIVISION,
// SUBDIVISION.
type OrgUnit struct {
	Code   string `json:"code"`
	Name   string `json:"name"`
	Kind   string `json:"kind"`
	Parent string `json:"parent,omitempty"`
}

// User is a demo account; every demo user gets the demo password.
type User struct {
	Username    string `json:"username"`
	DisplayName string `json:"displayName"`
	Role        string `json:"role"`
	Unit        string `json:"unit"`
}

// Plan is the strategic plan (Renstra) of one agency.
type Plan struct {
	Name      string    `json:"name"`
	Unit      string    `json:"unit"`
	StartYear int       `json:"startYear"`
	EndYear   int       `json:"endYear"`
	Vision    string    `json:"vision"`
	Missions  []Mission `json:"missions"`
	Goals     []Goal    `json:"goals"`
	Programs  []Program `json:"programs"`
}

// Mission is one mission (Misi) of the regional head, numbered as printed.
type Mission struct {
	Number int    `json:"number"`
	Text   string `json:"text"`
}

// Goal is a Tujuan; Mission is the number of the mission it serves.
type Goal struct {
	Code    string    `json:"code"`
	Name    string    `json:"name"`
	Mission int       `json:"mission"`
	Sasaran []Sasaran `json:"sasaran"`
}

// Sasaran is a strategic objective under a goal.
type Sasaran struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// Program is a budget program; Sasaran lists the codes of the sasaran it
// supports.
type Program struct {
	Code       string     `json:"code"`
	Name       string     `json:"name"`
	Sasaran    []string   `json:"sasaran"`
	Activities []Activity `json:"activities"`
}

// Activity is a Kegiatan, carried out by the org unit Unit.
type Activity struct {
	Code          string        `json:"code"`
	Name          string        `json:"name"`
	Unit          string        `json:"unit"`
	SubActivities []SubActivity `json:"subActivities"`
}

// SubActivity is a Sub Kegiatan: the unit of budget. Unit is empty when the
// sub-activity is carried out by the activity's unit.
type SubActivity struct {
	Code string `json:"code"`
	Name string `json:"name"`
	Unit string `json:"unit,omitempty"`
}

// Indicator is a performance indicator. Element is the code of the plan
// element it measures, of the kind Level names (GOAL: goal code, SASARAN:
// sasaran code, PROGRAM: program code, ACTIVITY, SUB_ACTIVITY).
type Indicator struct {
	Code          string        `json:"code"`
	Name          string        `json:"name"`
	Unit          string        `json:"unit"`
	Polarity      string        `json:"polarity"`
	Accumulation  string        `json:"accumulation"`
	Level         string        `json:"level"`
	Element       string        `json:"element"`
	Owner         string        `json:"owner"`
	Formula       string        `json:"formula,omitempty"`
	RenstraTarget *Value        `json:"renstraTarget,omitempty"`
	Baseline      *Value        `json:"baseline,omitempty"`
	Targets       []Target      `json:"targets,omitempty"`
	Realisations  []Realisation `json:"realisations,omitempty"`
}

// Value is a target-shaped value: a single Value, or a band Min..Max with
// its printed Label (for example "B (60-70)").
type Value struct {
	Value *float64 `json:"value,omitempty"`
	Min   *float64 `json:"min,omitempty"`
	Max   *float64 `json:"max,omitempty"`
	Label string   `json:"label,omitempty"`
}

// Target is the target of one year.
type Target struct {
	Year int `json:"year"`
	Value
}

// Realisation is the value achieved in one period (Q1..Q4 or YEAR) of a year.
type Realisation struct {
	Year       int     `json:"year"`
	Period     string  `json:"period"`
	Value      float64 `json:"value"`
	DataSource string  `json:"dataSource,omitempty"`
	Obstacles  string  `json:"obstacles,omitempty"`
	Remedies   string  `json:"remedies,omitempty"`
}

// Line is the budget of one sub-activity in one year, amounts as decimal
// strings of Rupiah with up to two decimals ("64479164.00").
type Line struct {
	Year        int    `json:"year"`
	SubActivity string `json:"subActivity"`
	Pagu        string `json:"pagu"`
	Realisasi   string `json:"realisasi"`
}

// Stated is a figure as the source document prints it, kept beside the lines
// for the consistency report and never used to compute anything.
//
// SubjectType is one of ORG_UNIT, PROGRAM, ACTIVITY, SUB_ACTIVITY, INDICATOR;
// Subject is the subject's code. Figure names what was stated: pagu,
// realisasi, absorption, sisa (budget); target, realisasi, capaian, category
// (indicators); meanCapaian, efficiency, ... Value is the printed figure
// normalised to a plain decimal ("185550727879.00", "93.82") or, for a
// category or a band, the printed text ("Sangat Tinggi", "B (60-70)").
type Stated struct {
	Table       string `json:"table"`
	SubjectType string `json:"subjectType"`
	Subject     string `json:"subject"`
	Year        int    `json:"year,omitempty"`
	Figure      string `json:"figure"`
	Value       string `json:"value"`
	Note        string `json:"note,omitempty"`
}
