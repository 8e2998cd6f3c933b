package demo

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
)

// load parses the embedded data set once per test.
func load(t *testing.T) *Dataset {
	t.Helper()
	d, err := LKjIP2023()
	if err != nil {
		t.Fatalf("LKjIP2023(): %v", err)
	}
	return d
}

// sen parses a budget amount ("75000000.00") into integer sen. The file must
// spell every amount with exactly two decimals and no separators.
func sen(s string) (int64, error) {
	whole, frac, ok := strings.Cut(s, ".")
	if !ok || len(frac) != 2 || whole == "" {
		return 0, fmt.Errorf("amount %q: want digits, '.', two decimals", s)
	}
	for _, r := range whole + frac {
		if r < '0' || r > '9' {
			return 0, fmt.Errorf("amount %q: non-digit %q", s, r)
		}
	}
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("amount %q: %v", s, err)
	}
	f, _ := strconv.ParseInt(frac, 10, 64)
	return w*100 + f, nil
}

func rupiah(n int64) string { return fmt.Sprintf("%d.%02d", n/100, n%100) }

// codes collects the codes of the plan tree by kind.
type codes struct {
	units, goals, sasaran, programs, activities, subs, indicators map[string]bool
}

func collect(d *Dataset) codes {
	c := codes{map[string]bool{}, map[string]bool{}, map[string]bool{}, map[string]bool{},
		map[string]bool{}, map[string]bool{}, map[string]bool{}}
	for _, u := range d.OrgUnits {
		c.units[u.Code] = true
	}
	for _, g := range d.Plan.Goals {
		c.goals[g.Code] = true
		for _, s := range g.Sasaran {
			c.sasaran[s.Code] = true
		}
	}
	for _, p := range d.Plan.Programs {
		c.programs[p.Code] = true
		for _, a := range p.Activities {
			c.activities[a.Code] = true
			for _, s := range a.SubActivities {
				c.subs[s.Code] = true
			}
		}
	}
	for _, i := range d.Indicators {
		c.indicators[i.Code] = true
	}
	return c
}

func TestOrgUnits(t *testing.T) {
	d := load(t)
	// KUKAR, SETDA, 3 Asisten, 12 Bagian and Subbagian Protokol: 18 units
	// (section 1.5 of the source).
	if got, want := len(d.OrgUnits), 18; got != want {
		t.Errorf("org units: got %d, want %d", got, want)
	}
	seen := map[string]bool{}
	kinds := map[string]bool{"PEMDA": true, "AGENCY": true, "ASSISTANT": true, "DIVISION": true, "SUBDIVISION": true}
	for _, u := range d.OrgUnits {
		if seen[u.Code] {
			t.Errorf("org unit %q: duplicate code", u.Code)
		}
		if !kinds[u.Kind] {
			t.Errorf("org unit %q: kind %q is not one of PEMDA, AGENCY, ASSISTANT, DIVISION, SUBDIVISION", u.Code, u.Kind)
		}
		// parents are listed before their children
		if u.Parent != "" && !seen[u.Parent] {
			t.Errorf("org unit %q: parent %q does not exist (or comes later)", u.Code, u.Parent)
		}
		seen[u.Code] = true
	}
	roots := 0
	for _, u := range d.OrgUnits {
		if u.Parent == "" {
			roots++
		}
	}
	if roots != 1 {
		t.Errorf("roots: got %d, want 1", roots)
	}
}

func TestUsers(t *testing.T) {
	d := load(t)
	c := collect(d)
	if got, want := len(d.Users), 18; got != want {
		t.Errorf("users: got %d, want %d", got, want)
	}
	roles := map[string]int{}
	seen := map[string]bool{}
	for _, u := range d.Users {
		if seen[u.Username] {
			t.Errorf("user %q: duplicate username", u.Username)
		}
		seen[u.Username] = true
		if !c.units[u.Unit] {
			t.Errorf("user %q: unit %q does not exist", u.Username, u.Unit)
		}
		if u.DisplayName == "" {
			t.Errorf("user %q: empty displayName", u.Username)
		}
		roles[u.Role]++
	}
	for role, want := range map[string]int{"ADMIN": 1, "APPROVER": 4, "OPERATOR": 12, "VIEWER": 1} {
		if got := roles[role]; got != want {
			t.Errorf("users with role %s: got %d, want %d", role, got, want)
		}
	}
}

func TestPlanShape(t *testing.T) {
	d := load(t)
	c := collect(d)
	tests := []struct {
		what      string
		got, want int
	}{
		{"missions", len(d.Plan.Missions), 5},
		{"goals", len(c.goals), 1},
		{"sasaran", len(c.sasaran), 18},
		{"programs", len(c.programs), 3},
		{"activities", len(c.activities), 19},
		{"sub-activities", len(c.subs), 68},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %d, want %d", tt.what, tt.got, tt.want)
		}
	}
	if d.Plan.Unit != "SETDA" || d.Plan.StartYear != 2021 || d.Plan.EndYear != 2026 {
		t.Errorf("plan: got unit %q %d-%d, want SETDA 2021-2026", d.Plan.Unit, d.Plan.StartYear, d.Plan.EndYear)
	}
}

func TestIndicatorLevels(t *testing.T) {
	d := load(t)
	levels := map[string]int{}
	seen := map[string]bool{}
	for _, i := range d.Indicators {
		if seen[i.Code] {
			t.Errorf("indicator %q: duplicate code", i.Code)
		}
		seen[i.Code] = true
		levels[i.Level]++
	}
	for _, tt := range []struct {
		level string
		want  int
	}{{"GOAL", 1}, {"SASARAN", 27}, {"PROGRAM", 12}, {"ACTIVITY", 0}, {"SUB_ACTIVITY", 0}} {
		if got := levels[tt.level]; got != tt.want {
			t.Errorf("indicators at level %s: got %d, want %d", tt.level, got, tt.want)
		}
	}
}

func TestReferencesResolve(t *testing.T) {
	d := load(t)
	c := collect(d)
	elementOf := map[string]map[string]bool{
		"GOAL": c.goals, "SASARAN": c.sasaran, "PROGRAM": c.programs,
		"ACTIVITY": c.activities, "SUB_ACTIVITY": c.subs,
	}
	for _, i := range d.Indicators {
		if !c.units[i.Owner] {
			t.Errorf("indicator %s: owner %q is not an org unit", i.Code, i.Owner)
		}
		set, ok := elementOf[i.Level]
		if !ok {
			t.Errorf("indicator %s: unknown level %q", i.Code, i.Level)
			continue
		}
		if !set[i.Element] {
			t.Errorf("indicator %s: element %q is not a %s", i.Code, i.Element, i.Level)
		}
	}
	if !c.units[d.Plan.Unit] {
		t.Errorf("plan unit %q is not an org unit", d.Plan.Unit)
	}
	missions := map[int]bool{}
	for _, m := range d.Plan.Missions {
		missions[m.Number] = true
	}
	for _, g := range d.Plan.Goals {
		if !missions[g.Mission] {
			t.Errorf("goal %s: mission %d does not exist", g.Code, g.Mission)
		}
	}
	for _, p := range d.Plan.Programs {
		if len(p.Sasaran) == 0 {
			t.Errorf("program %s: no sasaran", p.Code)
		}
		for _, s := range p.Sasaran {
			if !c.sasaran[s] {
				t.Errorf("program %s: sasaran %q does not exist", p.Code, s)
			}
		}
		for _, a := range p.Activities {
			if !c.units[a.Unit] {
				t.Errorf("activity %s: unit %q is not an org unit", a.Code, a.Unit)
			}
			for _, s := range a.SubActivities {
				if s.Unit != "" && !c.units[s.Unit] {
					t.Errorf("sub-activity %s: unit %q is not an org unit", s.Code, s.Unit)
				}
			}
		}
	}
	for _, l := range d.Budget {
		if !c.subs[l.SubActivity] {
			t.Errorf("budget line %d/%s: sub-activity does not exist", l.Year, l.SubActivity)
		}
	}
	subjectOf := map[string]map[string]bool{
		"ORG_UNIT": c.units, "PROGRAM": c.programs, "ACTIVITY": c.activities,
		"SUB_ACTIVITY": c.subs, "INDICATOR": c.indicators,
	}
	for n, s := range d.Stated {
		set, ok := subjectOf[s.SubjectType]
		if !ok {
			t.Errorf("stated #%d (%s %s): unknown subjectType %q", n, s.Table, s.Figure, s.SubjectType)
			continue
		}
		if !set[s.Subject] {
			t.Errorf("stated #%d (%s %s): subject %q is not a %s", n, s.Table, s.Figure, s.Subject, s.SubjectType)
		}
		if s.Table == "" || s.Figure == "" || s.Value == "" {
			t.Errorf("stated #%d: empty table/figure/value: %+v", n, s)
		}
	}
}

func TestBudgetLines(t *testing.T) {
	d := load(t)
	type key struct {
		year int
		sub  string
	}
	seen := map[key]bool{}
	count := map[int]int{}
	pagu := map[int]int64{}
	real := map[int]int64{}
	for _, l := range d.Budget {
		k := key{l.Year, l.SubActivity}
		if seen[k] {
			t.Errorf("sub-activity %s has two lines for %d", l.SubActivity, l.Year)
		}
		seen[k] = true
		p, err := sen(l.Pagu)
		if err != nil {
			t.Errorf("line %d/%s pagu: %v", l.Year, l.SubActivity, err)
			continue
		}
		r, err := sen(l.Realisasi)
		if err != nil {
			t.Errorf("line %d/%s realisasi: %v", l.Year, l.SubActivity, err)
			continue
		}
		if p < 0 || r < 0 {
			t.Errorf("line %d/%s: negative amount (pagu %s, realisasi %s)", l.Year, l.SubActivity, l.Pagu, l.Realisasi)
		}
		if r > p {
			t.Errorf("line %d/%s: realisasi %s > pagu %s", l.Year, l.SubActivity, l.Realisasi, l.Pagu)
		}
		count[l.Year]++
		pagu[l.Year] += p
		real[l.Year] += r
	}

	tests := []struct {
		year            int
		lines           int
		pagu, realisasi int64 // sen
	}{
		// 2023 (Tabel 3.6). The document's Total row states pagu 303,489,081,155.00
		// and realisasi 285,024,657,938.00, but its Sub Kegiatan lines add up to
		// 304,308,454,755.00 and 285,772,139,679.00: the Program 01 row is short by
		// 819,373,600.00 of pagu (exactly four of the five Barang Milik Daerah
		// lines, 01.03.02-01.03.05) while its own Kegiatan rows match the lines.
		// The lines are transcribed faithfully; the stated total is kept as a
		// "stated" record (see TestStatedTotalsDisagree).
		{2023, 65, 30430845475500, 28577213967900},
		// 2022 (Tabel 3.7). The Total row there states 304,308,454,755.00 /
		// 290,265,919,382.00, far from the lines (and equal in pagu to the 2023
		// lines); the three Program rows state 191,506,410,333.00 of pagu.
		{2022, 64, 19150640233300, 16764343264400},
	}
	for _, tt := range tests {
		if got := count[tt.year]; got != tt.lines {
			t.Errorf("%d lines: got %d, want %d", tt.year, got, tt.lines)
		}
		if got := pagu[tt.year]; got != tt.pagu {
			t.Errorf("%d pagu sum: got %s, want %s", tt.year, rupiah(got), rupiah(tt.pagu))
		}
		if got := real[tt.year]; got != tt.realisasi {
			t.Errorf("%d realisasi sum: got %s, want %s", tt.year, rupiah(got), rupiah(tt.realisasi))
		}
	}
}

// The stated totals are kept verbatim beside the lines; this pins the known
// disagreement so that a "fix" to either side is noticed.
func TestStatedTotalsDisagree(t *testing.T) {
	d := load(t)
	want := map[string]string{
		"Tabel 3.6/2023/pagu":       "303489081155.00",
		"Tabel 3.6/2023/realisasi":  "285024657938.00",
		"Tabel 3.6/2023/absorption": "95.39",
		"Tabel 3.7/2022/pagu":       "304308454755.00",
		"Tabel 3.7/2022/realisasi":  "290265919382.00",
		"Tabel 3.7/2022/absorption": "88.23",
	}
	got := map[string]string{}
	for _, s := range d.Stated {
		if s.SubjectType == "ORG_UNIT" && s.Subject == "SETDA" {
			got[fmt.Sprintf("%s/%d/%s", s.Table, s.Year, s.Figure)] = s.Value
		}
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("stated %s: got %q, want %q", k, got[k], w)
		}
	}
	var lines2023 int64
	for _, l := range d.Budget {
		if l.Year == 2023 {
			p, _ := sen(l.Pagu)
			lines2023 += p
		}
	}
	stated, _ := sen(got["Tabel 3.6/2023/pagu"])
	if diff := lines2023 - stated; diff != 81937360000 {
		t.Errorf("2023 lines pagu − stated Total: got %s, want 819373600.00", rupiah(diff))
	}
}

func TestIndicatorValues(t *testing.T) {
	d := load(t)
	byCode := map[string]Indicator{}
	for _, i := range d.Indicators {
		byCode[i.Code] = i
	}
	f := func(v float64) *float64 { return &v }
	tests := []struct {
		code          string
		year          int
		value         *float64 // plain target
		min, max      *float64 // band target
		label         string
		realisasi     float64
		unit, element string
	}{
		{code: "IKU-01", year: 2023, value: f(89), realisasi: 89.5, unit: "Nilai", element: "S1"},
		{code: "IKU-16", year: 2023, min: f(60), max: f(70), label: "B (60-70)", realisasi: 68.4, unit: "Predikat", element: "S8"},
		{code: "IKU-07", year: 2023, value: f(3.5), realisasi: 3.1, unit: "Nilai", element: "S2"},
		{code: "IKU-11", year: 2023, value: f(25), realisasi: 36, unit: "Jumlah", element: "S4"},
		{code: "IKP-04", year: 2023, value: f(78), realisasi: 77.65, unit: "Nilai", element: "01"},
	}
	eq := func(a, b *float64) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }
	show := func(p *float64) string {
		if p == nil {
			return "nil"
		}
		return strconv.FormatFloat(*p, 'g', -1, 64)
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			ind, ok := byCode[tt.code]
			if !ok {
				t.Fatalf("indicator %s missing", tt.code)
			}
			if ind.Unit != tt.unit || ind.Element != tt.element {
				t.Errorf("unit/element: got %s/%s, want %s/%s", ind.Unit, ind.Element, tt.unit, tt.element)
			}
			var tg *Target
			for k := range ind.Targets {
				if ind.Targets[k].Year == tt.year {
					tg = &ind.Targets[k]
				}
			}
			if tg == nil {
				t.Fatalf("no %d target", tt.year)
			}
			if !eq(tg.Value.Value, tt.value) || !eq(tg.Min, tt.min) || !eq(tg.Max, tt.max) || tg.Label != tt.label {
				t.Errorf("%d target: got value=%s min=%s max=%s label=%q, want value=%s min=%s max=%s label=%q",
					tt.year, show(tg.Value.Value), show(tg.Min), show(tg.Max), tg.Label,
					show(tt.value), show(tt.min), show(tt.max), tt.label)
			}
			var re *Realisation
			for k := range ind.Realisations {
				if ind.Realisations[k].Year == tt.year && ind.Realisations[k].Period == "YEAR" {
					re = &ind.Realisations[k]
				}
			}
			if re == nil {
				t.Fatalf("no %d YEAR realisation", tt.year)
			}
			if re.Value != tt.realisasi {
				t.Errorf("%d realisasi: got %v, want %v", tt.year, re.Value, tt.realisasi)
			}
		})
	}
}
