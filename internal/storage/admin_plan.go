package storage

import (
	"context"
	"fmt"
	"sort"

	"gorm.io/gorm"

	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/models"
)

// CreatePlan creates a plan of org unit in.OrgUnitID, which actor must
// manage.
func (s *Store) CreatePlan(ctx context.Context, actor Actor, in NewPlan) (*models.Plan, error) {
	var out models.Plan
	err := s.write(ctx, "create plan", "plan", func(tx *gorm.DB, trail *auditTrail) error {
		unit, err := unitToManage(tx, actor, in.OrgUnitID, "org unit")
		if err != nil {
			return err
		}
		out = models.Plan{OrgUnitID: unit.ID, StartYear: in.StartYear, EndYear: in.EndYear}
		if out.Name, err = requiredText("name", in.Name, MaxName); err != nil {
			return err
		}
		if out.Vision, err = requiredText("vision", in.Vision, MaxLongText); err != nil {
			return err
		}
		if err := checkPeriod(out.StartYear, out.EndYear); err != nil {
			return err
		}
		if err := tx.Create(&out).Error; err != nil {
			return err
		}
		trail.created(actor, ObjectPlan, out.ID, unit.ID, out)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// UpdatePlan changes the plan with id; nil fields of in keep their value. A
// shorter period must keep every target, realisation and budget line of the
// plan inside it.
func (s *Store) UpdatePlan(ctx context.Context, actor Actor, id int64, in PlanChange) (*models.Plan, error) {
	var p *models.Plan
	err := s.write(ctx, "update plan", "plan", func(tx *gorm.DB, trail *auditTrail) error {
		var err error
		if p, _, err = planToManage(tx, actor, id); err != nil {
			return err
		}
		old := *p
		if err := changedText(&p.Name, "name", in.Name, MaxName); err != nil {
			return err
		}
		if err := changedText(&p.Vision, "vision", in.Vision, MaxLongText); err != nil {
			return err
		}
		oldStart, oldEnd := p.StartYear, p.EndYear
		if in.StartYear != nil {
			p.StartYear = *in.StartYear
		}
		if in.EndYear != nil {
			p.EndYear = *in.EndYear
		}
		if err := checkPeriod(p.StartYear, p.EndYear); err != nil {
			return err
		}
		if p.StartYear > oldStart || p.EndYear < oldEnd {
			if err := keepsData(tx, p); err != nil {
				return err
			}
		}
		if err := tx.Save(p).Error; err != nil {
			return err
		}
		trail.updated(actor, ObjectPlan, p.ID, p.OrgUnitID, old, *p)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// checkPeriod checks the years of a plan: within MinPlanYear..MaxPlanYear,
// end not before start, spanning at most MaxPlanSpan years.
func checkPeriod(start, end int) error {
	for _, y := range []struct {
		field string
		year  int
	}{{"startYear", start}, {"endYear", end}} {
		if y.year < MinPlanYear || y.year > MaxPlanYear {
			return domain.Invalid(y.field, fmt.Sprintf("%d is not a plausible year (%d–%d)", y.year, MinPlanYear, MaxPlanYear))
		}
	}
	switch {
	case end < start:
		return domain.Invalid("endYear", fmt.Sprintf("%d is before the start year %d", end, start))
	case end-start > MaxPlanSpan:
		return domain.Invalid("endYear", fmt.Sprintf("the period %d–%d spans %d years; a plan spans at most %d", start, end, end-start, MaxPlanSpan))
	}
	return nil
}

// keepsData refuses the period of p when a target, realisation or budget
// line of the plan falls outside it, saying how many and in which years.
func keepsData(tx *gorm.DB, p *models.Plan) error {
	type yearCount struct {
		Year int
		N    int64
	}
	outside := func(table, join string) *gorm.DB {
		return tx.Table(table).Joins(join).
			Where("x.plan_id = ? AND ("+table+".year < ? OR "+table+".year > ?)", p.ID, p.StartYear, p.EndYear).
			Select(table + ".year AS year, COUNT(*) AS n").Group(table + ".year")
	}
	kinds := []struct {
		one, many string
		q         *gorm.DB
	}{
		{"target", "targets", outside("targets", "JOIN indicators x ON x.id = targets.indicator_id")},
		{"realisation", "realisations", outside("realisations", "JOIN indicators x ON x.id = realisations.indicator_id")},
		{"budget line", "budget lines", outside("budget_lines", "JOIN sub_activities x ON x.id = budget_lines.sub_activity_id")},
	}
	var parts []string
	years := map[int]bool{}
	for _, k := range kinds {
		var rows []yearCount
		if err := k.q.Scan(&rows).Error; err != nil {
			return fmt.Errorf("count %s outside the period: %w", k.many, err)
		}
		var n int64
		for _, r := range rows {
			n += r.N
			years[r.Year] = true
		}
		switch {
		case n == 1:
			parts = append(parts, "1 "+k.one)
		case n > 1:
			parts = append(parts, fmt.Sprintf("%d %s", n, k.many))
		}
	}
	if len(parts) == 0 {
		return nil
	}
	list := make([]int, 0, len(years))
	for y := range years {
		list = append(list, y)
	}
	sort.Ints(list)
	return conflict("the period %d–%d would leave %s of this plan outside it (in %s): delete them first or keep those years in the period",
		p.StartYear, p.EndYear, joinWords(parts), joinYears(list))
}

// joinYears lists years in prose.
func joinYears(years []int) string {
	words := make([]string, len(years))
	for i, y := range years {
		words[i] = fmt.Sprint(y)
	}
	return joinWords(words)
}

// CreateMission adds a mission to the plan with planID.
func (s *Store) CreateMission(ctx context.Context, actor Actor, planID int64, in MissionFields) (*models.Mission, error) {
	var out models.Mission
	err := s.write(ctx, "create mission", "mission", func(tx *gorm.DB, trail *auditTrail) error {
		p, _, err := planToManage(tx, actor, planID)
		if err != nil {
			return err
		}
		out = models.Mission{PlanID: p.ID}
		if err := setMission(tx, &out, in); err != nil {
			return err
		}
		if err := tx.Create(&out).Error; err != nil {
			return err
		}
		trail.created(actor, ObjectMission, out.ID, p.OrgUnitID, out)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// UpdateMission replaces the number and text of the mission with id.
func (s *Store) UpdateMission(ctx context.Context, actor Actor, id int64, in MissionFields) (*models.Mission, error) {
	var m *models.Mission
	err := s.write(ctx, "update mission", "mission", func(tx *gorm.DB, trail *auditTrail) error {
		var (
			unit *models.OrgUnit
			err  error
		)
		if m, _, unit, err = elementToManage(tx, actor, "mission", id, func(m *models.Mission) int64 { return m.PlanID }); err != nil {
			return err
		}
		old := *m
		if err := setMission(tx, m, in); err != nil {
			return err
		}
		if err := tx.Save(m).Error; err != nil {
			return err
		}
		trail.updated(actor, ObjectMission, m.ID, unit.ID, old, *m)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

// setMission validates in and sets it on m: a number of 1 or more, unique in
// the plan, and a text.
func setMission(tx *gorm.DB, m *models.Mission, in MissionFields) error {
	if in.Number < 1 {
		return domain.Invalid("number", fmt.Sprintf("%d is not a mission number: they count from 1", in.Number))
	}
	text, err := requiredText("text", in.Text, MaxLongText)
	if err != nil {
		return err
	}
	dup, err := taken(tx, "missions", m.ID, "plan_id = ? AND number = ?", m.PlanID, in.Number)
	if err != nil {
		return err
	}
	if dup {
		return conflict("the plan already has a mission number %d: choose another number", in.Number)
	}
	m.Number, m.Text = in.Number, text
	return nil
}

// CreateGoal adds a goal to the plan with planID, after its last goal.
func (s *Store) CreateGoal(ctx context.Context, actor Actor, planID int64, in GoalFields) (*models.Goal, error) {
	var out models.Goal
	err := s.write(ctx, "create goal", "goal", func(tx *gorm.DB, trail *auditTrail) error {
		p, _, err := planToManage(tx, actor, planID)
		if err != nil {
			return err
		}
		out = models.Goal{PlanID: p.ID}
		if err := setGoal(tx, &out, in); err != nil {
			return err
		}
		if out.Position, err = nextPosition(tx, "goals", "plan_id", p.ID); err != nil {
			return err
		}
		if err := tx.Create(&out).Error; err != nil {
			return err
		}
		trail.created(actor, ObjectGoal, out.ID, p.OrgUnitID, out)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// UpdateGoal replaces the code and name of the goal with id, and its mission
// when in names one.
func (s *Store) UpdateGoal(ctx context.Context, actor Actor, id int64, in GoalFields) (*models.Goal, error) {
	var g *models.Goal
	err := s.write(ctx, "update goal", "goal", func(tx *gorm.DB, trail *auditTrail) error {
		var (
			unit *models.OrgUnit
			err  error
		)
		if g, _, unit, err = elementToManage(tx, actor, "goal", id, func(g *models.Goal) int64 { return g.PlanID }); err != nil {
			return err
		}
		old := *g
		if err := setGoal(tx, g, in); err != nil {
			return err
		}
		if err := tx.Save(g).Error; err != nil {
			return err
		}
		trail.updated(actor, ObjectGoal, g.ID, unit.ID, old, *g)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return g, nil
}

// setGoal validates in and sets it on g: a code unique in the plan, a name,
// and a mission of the same plan when in names one.
func setGoal(tx *gorm.DB, g *models.Goal, in GoalFields) error {
	var err error
	if g.Code, g.Name, err = codeName(tx, "goals", "goal", g.PlanID, g.ID, in.Code, in.Name); err != nil {
		return err
	}
	if in.MissionID == nil {
		return nil
	}
	var m models.Mission
	if err := tx.Where("id = ?", *in.MissionID).Take(&m).Error; err != nil {
		if isNotFound(err) {
			return notFound("mission", *in.MissionID)
		}
		return fmt.Errorf("read mission %d: %w", *in.MissionID, err)
	}
	if m.PlanID != g.PlanID {
		return domain.Invalid("missionId", fmt.Sprintf("mission %d belongs to another plan: choose a mission of the goal's plan", m.ID))
	}
	g.MissionID = &m.ID
	return nil
}

// CreateSasaran adds a sasaran to the goal with goalID, after its last one.
func (s *Store) CreateSasaran(ctx context.Context, actor Actor, goalID int64, in SasaranFields) (*models.Sasaran, error) {
	var out models.Sasaran
	err := s.write(ctx, "create sasaran", "sasaran", func(tx *gorm.DB, trail *auditTrail) error {
		g, _, unit, err := elementToManage(tx, actor, "goal", goalID, func(g *models.Goal) int64 { return g.PlanID })
		if err != nil {
			return err
		}
		out = models.Sasaran{GoalID: g.ID, PlanID: g.PlanID}
		if out.Code, out.Name, err = codeName(tx, "sasaran", "sasaran", out.PlanID, 0, in.Code, in.Name); err != nil {
			return err
		}
		if out.Position, err = nextPosition(tx, "sasaran", "goal_id", g.ID); err != nil {
			return err
		}
		if err := tx.Create(&out).Error; err != nil {
			return err
		}
		trail.created(actor, ObjectSasaran, out.ID, unit.ID, out)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// UpdateSasaran replaces the code and name of the sasaran with id.
func (s *Store) UpdateSasaran(ctx context.Context, actor Actor, id int64, in SasaranFields) (*models.Sasaran, error) {
	var out *models.Sasaran
	err := s.write(ctx, "update sasaran", "sasaran", func(tx *gorm.DB, trail *auditTrail) error {
		var (
			unit *models.OrgUnit
			err  error
		)
		if out, _, unit, err = elementToManage(tx, actor, "sasaran", id, func(s *models.Sasaran) int64 { return s.PlanID }); err != nil {
			return err
		}
		old := *out
		if out.Code, out.Name, err = codeName(tx, "sasaran", "sasaran", out.PlanID, out.ID, in.Code, in.Name); err != nil {
			return err
		}
		if err := tx.Save(out).Error; err != nil {
			return err
		}
		trail.updated(actor, ObjectSasaran, out.ID, unit.ID, old, *out)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
