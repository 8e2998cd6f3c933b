package demo

import (
	"context"
	"fmt"

	"github.com/kinerja/kinerja/auth"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/models"
)

// DefaultPassword is the password of the demo users unless configured
// otherwise.
const DefaultPassword = "kinerja-demo"

// Load inserts d into st in one transaction, giving every user password.
func Load(ctx context.Context, st *storage.Store, d *Dataset, password string) error {
	// One hash serves every demo user: they share the password anyway, and
	// bcrypt is slow on purpose.
	hash, err := auth.HashPassword(password)
	if err != nil {
		return fmt.Errorf("demo password: %w", err)
	}
	return st.Import(ctx, func(im *storage.Importer) error {
		l := &loader{im: im, d: d, units: map[string]int64{}, elements: map[string]map[string]int64{}}
		return l.load(hash)
	})
}

// loader resolves the data set's codes to the ids of the rows it inserts.
type loader struct {
	im       *storage.Importer
	d        *Dataset
	units    map[string]int64
	elements map[string]map[string]int64 // by kind (GOAL, SASARAN, ...), then code
	plan     models.Plan
}

func (l *loader) load(hash string) error {
	steps := []struct {
		name string
		fn   func() error
	}{
		{"org units", l.orgUnits},
		{"users", func() error { return l.users(hash) }},
		{"plan", l.planElements},
		{"budget", l.budget},
		{"indicators", l.indicators},
		{"stated figures", l.stated},
	}
	for _, s := range steps {
		if err := s.fn(); err != nil {
			return fmt.Errorf("load demo %s: %w", s.name, err)
		}
	}
	return nil
}

func (l *loader) unit(code string) (int64, error) {
	id, ok := l.units[code]
	if !ok {
		return 0, fmt.Errorf("unknown org unit %q", code)
	}
	return id, nil
}

func (l *loader) element(kind, code string) (int64, error) {
	id, ok := l.elements[kind][code]
	if !ok {
		return 0, fmt.Errorf("unknown %s %q", kind, code)
	}
	return id, nil
}

func (l *loader) remember(kind, code string, id int64) {
	if l.elements[kind] == nil {
		l.elements[kind] = map[string]int64{}
	}
	l.elements[kind][code] = id
}

func (l *loader) orgUnits() error {
	for _, u := range l.d.OrgUnits {
		row := models.OrgUnit{Code: u.Code, Name: u.Name, Kind: models.OrgUnitKind(u.Kind)}
		if !row.Kind.Valid() {
			return fmt.Errorf("org unit %s: unknown kind %q", u.Code, u.Kind)
		}
		if u.Parent != "" {
			pid, err := l.unit(u.Parent)
			if err != nil {
				return err
			}
			row.ParentID = &pid
		}
		if err := l.im.OrgUnit(&row); err != nil {
			return fmt.Errorf("org unit %s: %w", u.Code, err)
		}
		l.units[u.Code] = row.ID
	}
	return nil
}

func (l *loader) users(hash string) error {
	rows := make([]models.User, 0, len(l.d.Users))
	for _, u := range l.d.Users {
		uid, err := l.unit(u.Unit)
		if err != nil {
			return err
		}
		if !auth.Role(u.Role).Valid() {
			return fmt.Errorf("user %s: unknown role %q", u.Username, u.Role)
		}
		rows = append(rows, models.User{Username: u.Username, DisplayName: u.DisplayName, PasswordHash: hash,
			Role: u.Role, OrgUnitID: uid, Active: true})
	}
	return l.im.Rows(&rows)
}

func (l *loader) planElements() error {
	p := l.d.Plan
	uid, err := l.unit(p.Unit)
	if err != nil {
		return err
	}
	l.plan = models.Plan{OrgUnitID: uid, Name: p.Name, StartYear: p.StartYear, EndYear: p.EndYear, Vision: p.Vision}
	if err := l.im.Row(&l.plan); err != nil {
		return err
	}
	missions := map[int]int64{}
	for _, m := range p.Missions {
		row := models.Mission{PlanID: l.plan.ID, Number: m.Number, Text: m.Text}
		if err := l.im.Row(&row); err != nil {
			return err
		}
		missions[m.Number] = row.ID
	}
	for gi, g := range p.Goals {
		row := models.Goal{PlanID: l.plan.ID, Code: g.Code, Name: g.Name, Position: gi + 1}
		if mid, ok := missions[g.Mission]; ok {
			row.MissionID = &mid
		}
		if err := l.im.Row(&row); err != nil {
			return err
		}
		l.remember("GOAL", g.Code, row.ID)
		for si, s := range g.Sasaran {
			srow := models.Sasaran{GoalID: row.ID, PlanID: l.plan.ID, Code: s.Code, Name: s.Name, Position: si + 1}
			if err := l.im.Row(&srow); err != nil {
				return err
			}
			l.remember("SASARAN", s.Code, srow.ID)
		}
	}
	for pi, pr := range p.Programs {
		row := models.Program{PlanID: l.plan.ID, Code: pr.Code, Name: pr.Name, Position: pi + 1}
		if err := l.im.Row(&row); err != nil {
			return err
		}
		l.remember("PROGRAM", pr.Code, row.ID)
		for _, sc := range pr.Sasaran {
			sid, err := l.element("SASARAN", sc)
			if err != nil {
				return err
			}
			if err := l.im.Row(&models.ProgramSasaran{ProgramID: row.ID, SasaranID: sid}); err != nil {
				return err
			}
		}
		for ai, a := range pr.Activities {
			aunit, err := l.unit(a.Unit)
			if err != nil {
				return err
			}
			arow := models.Activity{ProgramID: row.ID, PlanID: l.plan.ID, OrgUnitID: aunit, Code: a.Code, Name: a.Name, Position: ai + 1}
			if err := l.im.Row(&arow); err != nil {
				return err
			}
			l.remember("ACTIVITY", a.Code, arow.ID)
			for si, s := range a.SubActivities {
				sunit := aunit
				if s.Unit != "" {
					if sunit, err = l.unit(s.Unit); err != nil {
						return err
					}
				}
				srow := models.SubActivity{ActivityID: arow.ID, PlanID: l.plan.ID, OrgUnitID: sunit, Code: s.Code, Name: s.Name, Position: si + 1}
				if err := l.im.Row(&srow); err != nil {
					return err
				}
				l.remember("SUB_ACTIVITY", s.Code, srow.ID)
			}
		}
	}
	return nil
}

func (l *loader) budget() error {
	rows := make([]models.BudgetLine, 0, len(l.d.Budget))
	for _, b := range l.d.Budget {
		sid, err := l.element("SUB_ACTIVITY", b.SubActivity)
		if err != nil {
			return err
		}
		pagu, err := domain.ParseMoney(b.Pagu)
		if err != nil {
			return fmt.Errorf("line %s %d: pagu: %w", b.SubActivity, b.Year, err)
		}
		real, err := domain.ParseMoney(b.Realisasi)
		if err != nil {
			return fmt.Errorf("line %s %d: realisasi: %w", b.SubActivity, b.Year, err)
		}
		if err := domain.CheckLine(pagu, real); err != nil {
			return fmt.Errorf("line %s %d: %w", b.SubActivity, b.Year, err)
		}
		rows = append(rows, models.BudgetLine{SubActivityID: sid, Year: b.Year, Pagu: pagu, Realisasi: real, Version: 1})
	}
	return l.im.Rows(&rows)
}

func (l *loader) indicators() error {
	var (
		targets      []models.Target
		realisations []models.Realisation
	)
	for i, in := range l.d.Indicators {
		owner, err := l.unit(in.Owner)
		if err != nil {
			return err
		}
		row := models.Indicator{PlanID: l.plan.ID, Code: in.Code, Name: in.Name, Unit: in.Unit,
			Polarity: domain.Polarity(in.Polarity), Accumulation: domain.Accumulation(in.Accumulation),
			Level: domain.Level(in.Level), OwnerID: owner, Position: i + 1}
		if !row.Polarity.Valid() || !row.Accumulation.Valid() || !row.Level.Valid() {
			return fmt.Errorf("indicator %s: bad polarity, accumulation or level", in.Code)
		}
		if in.Formula != "" {
			f := in.Formula
			row.Formula = &f
		}
		eid, err := l.element(in.Level, in.Element)
		if err != nil {
			return fmt.Errorf("indicator %s: %w", in.Code, err)
		}
		row.SetElement(row.Level, eid)
		if v := in.RenstraTarget; v != nil {
			row.RenstraValue, row.RenstraMin, row.RenstraMax, row.RenstraLabel = v.Value, v.Min, v.Max, label(v.Label)
		}
		if v := in.Baseline; v != nil {
			row.BaselineValue, row.BaselineMin, row.BaselineMax, row.BaselineLabel = v.Value, v.Min, v.Max, label(v.Label)
		}
		if err := l.im.Row(&row); err != nil {
			return fmt.Errorf("indicator %s: %w", in.Code, err)
		}
		for _, t := range in.Targets {
			dt := domain.Target{Value: t.Value.Value, Min: t.Min, Max: t.Max, Label: t.Label}
			if err := dt.Validate(); err != nil {
				return fmt.Errorf("indicator %s target %d: %w", in.Code, t.Year, err)
			}
			targets = append(targets, models.Target{IndicatorID: row.ID, Year: t.Year, Value: t.Value.Value, Min: t.Min, Max: t.Max, Label: label(t.Label), Version: 1})
		}
		for _, r := range in.Realisations {
			p := domain.Period(r.Period)
			if !p.Valid() {
				return fmt.Errorf("indicator %s: bad period %q", in.Code, r.Period)
			}
			realisations = append(realisations, models.Realisation{IndicatorID: row.ID, Year: r.Year, Period: p, Value: r.Value,
				DataSource: label(r.DataSource), Obstacles: label(r.Obstacles), Remedies: label(r.Remedies),
				Status: domain.Draft, Version: 1})
		}
		l.remember("INDICATOR", in.Code, row.ID)
	}
	if err := l.im.Rows(&targets); err != nil {
		return err
	}
	return l.im.Rows(&realisations)
}

func (l *loader) stated() error {
	rows := make([]models.StatedFigure, 0, len(l.d.Stated))
	for _, s := range l.d.Stated {
		var (
			id  int64
			err error
		)
		if s.SubjectType == "ORG_UNIT" {
			id, err = l.unit(s.Subject)
		} else {
			id, err = l.element(s.SubjectType, s.Subject)
		}
		if err != nil {
			return fmt.Errorf("%s: %w", s.Table, err)
		}
		row := models.StatedFigure{Source: l.d.Source, TableRef: s.Table, SubjectType: s.SubjectType, SubjectID: id,
			Figure: s.Figure, Value: s.Value, Note: label(s.Note)}
		if s.Year != 0 {
			y := s.Year
			row.Year = &y
		}
		rows = append(rows, row)
	}
	return l.im.Rows(&rows)
}

// label returns nil for an empty string.
func label(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
