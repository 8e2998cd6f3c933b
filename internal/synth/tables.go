package synth

import (
	"fmt"
	"math"
	"time"
)

// generator assigns every row its id from its place in the country, so that
// each table is generated on its own, in id order, and the tables agree.
//
// Ids: the root unit is 1, Pemda p (0-based) is 2+p, and the units of agency
// a (0-based over the country) follow from 2+Pemda, unitsPer each: the
// agency, then its Asisten, then its Bagian (Bagian d under Asisten
// d/divisionsPer). Users: `national` is 1, then usersPer per agency (the
// APPROVER, then an OPERATOR per Bagian). Plans and missions are 1+a; every
// plan element numbers per agency likewise.
type generator struct {
	Spec
	hash string
	now  time.Time
}

func (g *generator) tables() []table {
	return []table{
		{"org_units", []string{"id", "parent_id", "code", "name", "kind", "path", "depth", "negative_formula", "created_at", "updated_at"}, g.orgUnits},
		{"users", []string{"id", "username", "display_name", "password_hash", "role", "org_unit_id", "active", "created_at", "updated_at"}, g.users},
		{"plans", []string{"id", "org_unit_id", "name", "start_year", "end_year", "vision", "created_at", "updated_at"}, g.plans},
		{"missions", []string{"id", "plan_id", "number", "text"}, g.missions},
		{"goals", []string{"id", "plan_id", "mission_id", "code", "name", "position"}, g.goals},
		{"sasaran", []string{"id", "goal_id", "plan_id", "code", "name", "position"}, g.sasaran},
		{"programs", []string{"id", "plan_id", "code", "name", "position"}, g.programs},
		{"program_sasaran", []string{"program_id", "sasaran_id"}, g.programSasaran},
		{"activities", []string{"id", "program_id", "plan_id", "org_unit_id", "code", "name", "position"}, g.activities},
		{"sub_activities", []string{"id", "activity_id", "plan_id", "org_unit_id", "code", "name", "position"}, g.subActivities},
		{"indicators", []string{"id", "plan_id", "code", "name", "unit", "polarity", "accumulation", "level", "owner_id",
			"goal_id", "sasaran_id", "program_id", "activity_id", "sub_activity_id", "position", "created_at", "updated_at"}, g.indicators},
		{"targets", []string{"id", "indicator_id", "year", "value", "min", "max", "created_at", "updated_at"}, g.targets},
		{"realisations", []string{"id", "indicator_id", "year", "period", "value", "data_source", "status", "version",
			"approved_by", "approved_at", "created_at", "updated_at"}, g.realisations},
		{"budget_lines", []string{"id", "sub_activity_id", "year", "pagu", "realisasi", "created_at", "updated_at"}, g.budgetLines},
	}
}

// Unit ids.
func (g *generator) pemdaID(p int) int64 { return int64(2 + p) }
func (g *generator) agencyUnit(a, j int) int64 {
	return int64(2+g.Pemda) + int64(a)*unitsPer + int64(j)
}
func (g *generator) agencyID(a int) int64       { return g.agencyUnit(a, 0) }
func (g *generator) assistantID(a, s int) int64 { return g.agencyUnit(a, 1+s) }
func (g *generator) divisionID(a, d int) int64  { return g.agencyUnit(a, 1+assistants+d) }
func (g *generator) approverID(a int) int64     { return 2 + int64(a)*usersPer }
func (g *generator) indicatorID(a, i int) int64 { return 1 + int64(a)*int64(g.Indicators) + int64(i) }
func seq(a, per, k int) int64                   { return 1 + int64(a)*int64(per) + int64(k) }
func (g *generator) goalID(a, k int) int64      { return seq(a, goalsPer, k) }
func (g *generator) sasaranID(a, k int) int64   { return seq(a, goalsPer*sasaranPer, k) }
func (g *generator) programID(a, k int) int64   { return seq(a, programsPer, k) }
func (g *generator) activityID(a, k int) int64  { return seq(a, programsPer*activitiesPer, k) }
func (g *generator) subActivityID(a, k int) int64 {
	return seq(a, programsPer*activitiesPer*subsPer, k)
}

// path returns the materialised path of ids.
func path(ids ...int64) string {
	s := "/"
	for _, id := range ids {
		s += fmt.Sprint(id) + "/"
	}
	return s
}

// rnd returns a number in [0, 1) that depends only on the seed and keys
// (splitmix64 over them): the same row gets the same values whatever is
// generated before it.
func (g *generator) rnd(keys ...int64) float64 {
	x := g.Seed
	for _, k := range keys {
		x ^= uint64(k) + 0x9e3779b97f4a7c15 + (x << 6) + (x >> 2)
		x += 0x9e3779b97f4a7c15
		z := x
		z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
		z = (z ^ (z >> 27)) * 0x94d049bb133111eb
		x = z ^ (z >> 31)
	}
	return float64(x>>11) / (1 << 53)
}

// Salts of rnd, one per decision.
const (
	saltFormula = iota + 1
	saltPolarity
	saltAccumulation
	saltTargetMissing
	saltBand
	saltTarget
	saltYearRecord
	saltQuarterMissing
	saltValue
	saltStatus
	saltPagu
	saltAbsorption
)

func (g *generator) orgUnits(yield func([]any) bool) {
	t := g.now
	if !yield([]any{int64(1), nil, "ID", "Republik Indonesia", "PEMDA", "/1/", 0, nil, t, t}) {
		return
	}
	for p := range g.Pemda {
		id := g.pemdaID(p)
		if !yield([]any{id, int64(1), fmt.Sprintf("PEMDA-%04d", p+1), fmt.Sprintf("Pemerintah Daerah %d", p+1), "PEMDA", path(1, id), 1, nil, t, t}) {
			return
		}
	}
	for a := range g.agencies() {
		p := a / g.Agencies
		ag := g.agencyID(a)
		// A third of the agencies use RATIO for their negative indicators,
		// a third GAP, the rest inherit (GAP).
		var formula any
		switch r := g.rnd(saltFormula, int64(a)); {
		case r < 1.0/3:
			formula = "RATIO"
		case r < 2.0/3:
			formula = "GAP"
		}
		if !yield([]any{ag, g.pemdaID(p), fmt.Sprintf("OPD-%03d", a%g.Agencies+1), fmt.Sprintf("Dinas %d Pemda %d", a%g.Agencies+1, p+1),
			"AGENCY", path(1, g.pemdaID(p), ag), 2, formula, t, t}) {
			return
		}
		for s := range assistants {
			id := g.assistantID(a, s)
			if !yield([]any{id, ag, fmt.Sprintf("AS-%d", s+1), fmt.Sprintf("Asisten %d", s+1), "ASSISTANT", path(1, g.pemdaID(p), ag, id), 3, nil, t, t}) {
				return
			}
		}
		for d := range divisions {
			s := g.assistantID(a, d/divisionsPer)
			id := g.divisionID(a, d)
			if !yield([]any{id, s, fmt.Sprintf("BAG-%d", d+1), fmt.Sprintf("Bagian %d", d+1), "DIVISION", path(1, g.pemdaID(p), ag, s, id), 4, nil, t, t}) {
				return
			}
		}
	}
}

func (g *generator) users(yield func([]any) bool) {
	t := g.now
	if !yield([]any{int64(1), "national", "Administrator Nasional", g.hash, "ADMIN", int64(1), true, t, t}) {
		return
	}
	for a := range g.agencies() {
		p, n := a/g.Agencies+1, a%g.Agencies+1
		if !yield([]any{g.approverID(a), fmt.Sprintf("p%d.opd%d", p, n), fmt.Sprintf("Kepala Dinas %d Pemda %d", n, p), g.hash, "APPROVER", g.agencyID(a), true, t, t}) {
			return
		}
		for d := range divisions {
			if !yield([]any{g.approverID(a) + 1 + int64(d), fmt.Sprintf("p%d.opd%d.bag%d", p, n, d+1), fmt.Sprintf("Operator Bagian %d Dinas %d Pemda %d", d+1, n, p),
				g.hash, "OPERATOR", g.divisionID(a, d), true, t, t}) {
				return
			}
		}
	}
}

func (g *generator) plans(yield func([]any) bool) {
	for a := range g.agencies() {
		if !yield([]any{int64(a + 1), g.agencyID(a), fmt.Sprintf("Renstra %d-%d", g.FirstYear(), LastYear+1), g.FirstYear(), max(LastYear+1, g.FirstYear()+4),
			"Terwujudnya pelayanan publik yang prima", g.now, g.now}) {
			return
		}
	}
}

func (g *generator) missions(yield func([]any) bool) {
	for a := range g.agencies() {
		if !yield([]any{int64(a + 1), int64(a + 1), 1, "Meningkatkan kualitas pelayanan"}) {
			return
		}
	}
}

func (g *generator) goals(yield func([]any) bool) {
	for a := range g.agencies() {
		for k := range goalsPer {
			if !yield([]any{g.goalID(a, k), int64(a + 1), int64(a + 1), fmt.Sprintf("T%d", k+1), fmt.Sprintf("Tujuan %d", k+1), k + 1}) {
				return
			}
		}
	}
}

func (g *generator) sasaran(yield func([]any) bool) {
	for a := range g.agencies() {
		for k := range goalsPer * sasaranPer {
			if !yield([]any{g.sasaranID(a, k), g.goalID(a, k/sasaranPer), int64(a + 1), fmt.Sprintf("S%d", k+1), fmt.Sprintf("Sasaran %d", k+1), k + 1}) {
				return
			}
		}
	}
}

func (g *generator) programs(yield func([]any) bool) {
	for a := range g.agencies() {
		for k := range programsPer {
			if !yield([]any{g.programID(a, k), int64(a + 1), fmt.Sprintf("P%d", k+1), fmt.Sprintf("Program %d", k+1), k + 1}) {
				return
			}
		}
	}
}

// programSasaran links program k to sasaran 2k and 2k+1.
func (g *generator) programSasaran(yield func([]any) bool) {
	for a := range g.agencies() {
		for k := range programsPer {
			for j := range 2 {
				if !yield([]any{g.programID(a, k), g.sasaranID(a, (2*k+j)%(goalsPer*sasaranPer))}) {
					return
				}
			}
		}
	}
}

// Activity k is carried out by Bagian k (mod divisions); its sub-activities
// too.
func (g *generator) activities(yield func([]any) bool) {
	for a := range g.agencies() {
		for k := range programsPer * activitiesPer {
			if !yield([]any{g.activityID(a, k), g.programID(a, k/activitiesPer), int64(a + 1), g.divisionID(a, k%divisions),
				fmt.Sprintf("K%d", k+1), fmt.Sprintf("Kegiatan %d", k+1), k + 1}) {
				return
			}
		}
	}
}

func (g *generator) subActivities(yield func([]any) bool) {
	for a := range g.agencies() {
		for k := range programsPer * activitiesPer * subsPer {
			act := k / subsPer
			if !yield([]any{g.subActivityID(a, k), g.activityID(a, act), int64(a + 1), g.divisionID(a, act%divisions),
				fmt.Sprintf("SK%d", k+1), fmt.Sprintf("Sub Kegiatan %d", k+1), k + 1}) {
				return
			}
		}
	}
}

// indicator is what the targets and realisations of an indicator follow
// from.
type indicator struct {
	negative     bool
	accumulation string
}

func (g *generator) indicator(a, i int) indicator {
	id := g.indicatorID(a, i)
	acc := []string{"LAST", "SUM", "AVERAGE"}[int(g.rnd(saltAccumulation, id)*3)]
	return indicator{negative: g.rnd(saltPolarity, id) < 0.25, accumulation: acc}
}

// indicators: of every ten, one of a goal, three of a sasaran, two of a
// program, two of an activity and two of a sub-activity; those of a goal
// and a sasaran owned by the agency or a Bagian, the others by the Asisten
// or the Bagian that carries them out.
func (g *generator) indicators(yield func([]any) bool) {
	t := g.now
	for a := range g.agencies() {
		for i := range g.Indicators {
			id := g.indicatorID(a, i)
			ind := g.indicator(a, i)
			polarity := "POSITIVE"
			if ind.negative {
				polarity = "NEGATIVE"
			}
			var goal, sasaran, program, activity, sub any
			var level string
			owner := g.agencyID(a)
			switch r := i % 10; {
			case r == 0:
				level, goal = "GOAL", g.goalID(a, (i/10)%goalsPer)
			case r <= 3:
				k := i % (goalsPer * sasaranPer)
				level, sasaran = "SASARAN", g.sasaranID(a, k)
				owner = g.divisionID(a, k%divisions)
			case r <= 5:
				k := i % programsPer
				level, program = "PROGRAM", g.programID(a, k)
				owner = g.assistantID(a, k%assistants)
			case r <= 7:
				k := i % (programsPer * activitiesPer)
				level, activity = "ACTIVITY", g.activityID(a, k)
				owner = g.divisionID(a, k%divisions)
			default:
				k := i % (programsPer * activitiesPer * subsPer)
				level, sub = "SUB_ACTIVITY", g.subActivityID(a, k)
				owner = g.divisionID(a, (k/subsPer)%divisions)
			}
			if !yield([]any{id, int64(a + 1), fmt.Sprintf("IK-%03d", i+1), fmt.Sprintf("Indikator %d", i+1), "Persen", polarity, ind.accumulation, level, owner,
				goal, sasaran, program, activity, sub, i + 1, t, t}) {
				return
			}
		}
	}
}

// target returns the target of indicator id in year: nil for 5 % of them
// (missing), a band [min, max] for 10 %, else a value between 50 and 150.
func (g *generator) target(id int64, year int) (value, lo, hi *float64) {
	y := int64(year)
	if g.rnd(saltTargetMissing, id, y) < 0.05 {
		return nil, nil, nil
	}
	v := math.Round(50 + 100*g.rnd(saltTarget, id, y))
	if g.rnd(saltBand, id, y) < 0.10 {
		l, h := v*0.9, v*1.1
		return nil, &l, &h
	}
	return &v, nil, nil
}

func (g *generator) targets(yield func([]any) bool) {
	var n int64
	for a := range g.agencies() {
		for i := range g.Indicators {
			id := g.indicatorID(a, i)
			for year := g.FirstYear(); year <= LastYear; year++ {
				v, lo, hi := g.target(id, year)
				if v == nil && lo == nil {
					continue
				}
				n++
				if !yield([]any{n, id, year, v, lo, hi, g.now, g.now}) {
					return
				}
			}
		}
	}
}

// realisations: a YEAR record alone for 10 % of indicator years, else the
// quarters, each missing with a chance of 10 %; values about the target's
// (60 % to 130 % of it, per quarter for SUM); 40 % APPROVED.
func (g *generator) realisations(yield func([]any) bool) {
	var n int64
	for a := range g.agencies() {
		approver := g.approverID(a)
		for i := range g.Indicators {
			id := g.indicatorID(a, i)
			ind := g.indicator(a, i)
			for year := g.FirstYear(); year <= LastYear; year++ {
				y := int64(year)
				base := 50 + 100*g.rnd(saltTarget, id, y)
				status, approvedBy, approvedAt := "DRAFT", any(nil), any(nil)
				if r := g.rnd(saltStatus, id, y); r < 0.4 {
					status, approvedBy, approvedAt = "APPROVED", approver, g.now
				} else if r < 0.5 {
					status = "SUBMITTED"
				}
				emit := func(period string, q int64, share float64) bool {
					n++
					v := math.Round(base*share*(0.6+0.7*g.rnd(saltValue, id, y, q))*100) / 100
					return yield([]any{n, id, year, period, v, "Laporan bidang", status, 1, approvedBy, approvedAt, g.now, g.now})
				}
				if g.rnd(saltYearRecord, id, y) < 0.10 {
					if !emit("YEAR", 0, 1) {
						return
					}
					continue
				}
				share := 1.0
				if ind.accumulation == "SUM" {
					share = 0.25
				}
				for q := int64(1); q <= 4; q++ {
					if g.rnd(saltQuarterMissing, id, y, q) < 0.10 {
						continue
					}
					if !emit(fmt.Sprintf("Q%d", q), q, share) {
						return
					}
				}
			}
		}
	}
}

// budgetLines: a line per sub-activity and year, a pagu between 100 million
// and 2 billion Rupiah (in sen), 70 % to 100 % of it spent.
func (g *generator) budgetLines(yield func([]any) bool) {
	var n int64
	for a := range g.agencies() {
		for k := range programsPer * activitiesPer * subsPer {
			id := g.subActivityID(a, k)
			for year := g.FirstYear(); year <= LastYear; year++ {
				y := int64(year)
				pagu := int64(100_000_000+1_900_000_000*g.rnd(saltPagu, id, y)) * 100
				spent := int64(float64(pagu) * (0.7 + 0.3*g.rnd(saltAbsorption, id, y)))
				n++
				if !yield([]any{n, id, year, pagu, spent, g.now, g.now}) {
					return
				}
			}
		}
	}
}
