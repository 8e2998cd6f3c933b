package app

import (
	"context"

	"github.com/kinerja/kinerja/models"
)

// Want adds ids to the wants of the caches of their types, so that the
// first read of each type fetches them all.
func (l *Session) Want(ids []models.GlobalID) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, g := range ids {
		switch g.Type {
		case models.TypeOrgUnit:
			l.units.want.add(g.ID)
		case models.TypePlan:
			l.plans.want.add(g.ID)
		case models.TypeMission:
			l.missions.want.add(g.ID)
		case models.TypeGoal:
			l.goals.want.add(g.ID)
		case models.TypeSasaran:
			l.sasaran.want.add(g.ID)
		case models.TypeProgram:
			l.programs.want.add(g.ID)
		case models.TypeActivity:
			l.activities.want.add(g.ID)
		case models.TypeSubActivity:
			l.subs.want.add(g.ID)
		case models.TypeIndicator:
			l.indicators.want.add(g.ID)
		case models.TypeUser:
			l.users.want.add(g.ID)
		case models.TypeRealisation:
			l.realisations.want.add(g.ID)
		case models.TypeBudgetLine:
			l.lines.want.add(g.ID)
		}
	}
}

// Fetch reads the row of g into its cache (with every row wanted of its
// type), or notes that it does not exist.
func (l *Session) Fetch(ctx context.Context, g models.GlobalID) error {
	var err error
	switch g.Type {
	case models.TypeOrgUnit:
		_, err = l.OrgUnit(ctx, g.ID)
	case models.TypePlan:
		_, err = l.Plan(ctx, g.ID)
	case models.TypeMission:
		_, err = l.Mission(ctx, g.ID)
	case models.TypeGoal:
		_, err = l.Goal(ctx, g.ID)
	case models.TypeSasaran:
		_, err = l.Sasaran(ctx, g.ID)
	case models.TypeProgram:
		_, err = l.Program(ctx, g.ID)
	case models.TypeActivity:
		_, err = l.Activity(ctx, g.ID)
	case models.TypeSubActivity:
		_, err = l.SubActivity(ctx, g.ID)
	case models.TypeIndicator:
		_, err = l.Indicator(ctx, g.ID)
	case models.TypeUser:
		_, err = l.User(ctx, g.ID)
	case models.TypeRealisation:
		_, err = l.Realisation(ctx, g.ID)
	case models.TypeBudgetLine:
		_, err = l.BudgetLineByID(ctx, g.ID)
	}
	return err
}

// Indicator returns the indicator with id (whoever owns it), nil when there
// is none.
func (l *Session) Indicator(ctx context.Context, id int64) (*models.Indicator, error) {
	return l.indicators.get(ctx, l, id)
}

// User returns the user with id, nil when there is none.
func (l *Session) User(ctx context.Context, id int64) (*models.User, error) {
	return l.users.get(ctx, l, id)
}

// Realisation returns the realisation with id, nil when there is none.
func (l *Session) Realisation(ctx context.Context, id int64) (*models.Realisation, error) {
	return l.realisations.get(ctx, l, id)
}

// BudgetLineByID returns the budget line with id, nil when there is none.
func (l *Session) BudgetLineByID(ctx context.Context, id int64) (*models.BudgetLine, error) {
	return l.lines.get(ctx, l, id)
}
