package resolvers

import (
	"context"
	"fmt"
	"slices"

	"github.com/99designs/gqlgen/graphql"

	"github.com/kinerja/kinerja/auth"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/scalar"
	"github.com/kinerja/kinerja/models"
)

// MaxNodeIDs bounds the ids of one Query.nodes.
const MaxNodeIDs = 100

// globalIDArgs returns the global ids of the ID (or [ID]) argument name of
// the field being resolved, as the caller sent them. gqlgen hands resolvers
// row ids (models.ID), which have lost their type; node and nodes need it.
func globalIDArgs(ctx context.Context, name string) ([]models.GlobalID, error) {
	fc := graphql.GetFieldContext(ctx)
	raw := fc.Field.ArgumentMap(graphql.GetOperationContext(ctx).Variables)[name]
	list, ok := raw.([]any)
	if !ok {
		list = []any{raw}
	}
	out := make([]models.GlobalID, len(list))
	for i, v := range list {
		g, err := scalar.UnmarshalGlobalID(v)
		if err != nil {
			return nil, err
		}
		out[i] = g
	}
	return out, nil
}

// node returns the node with id g if the caller may read it, by the rules
// of its type's own query (or, for a type without one, of the field that
// lists it).
func (r *Resolver) node(ctx context.Context, g models.GlobalID) (models.Node, error) {
	who, l, err := r.caller(ctx)
	if err != nil {
		return nil, err
	}
	q := &queryResolver{r}
	switch g.Type {
	case models.TypeOrgUnit:
		return asNode(q.OrgUnit(ctx, g.ID))
	case models.TypePlan:
		return asNode(q.Plan(ctx, g.ID))
	case models.TypeSasaran:
		return asNode(q.Sasaran(ctx, g.ID))
	case models.TypeProgram:
		return asNode(q.Program(ctx, g.ID))
	case models.TypeMission:
		m, err := one(ctx, r, "mission", g.ID, (*Loaders).Mission)
		if err != nil {
			return nil, err
		}
		return r.inPlan(ctx, who, l, m, m.PlanID)
	case models.TypeGoal:
		goal, err := one(ctx, r, "goal", g.ID, (*Loaders).Goal)
		if err != nil {
			return nil, err
		}
		return r.inPlan(ctx, who, l, goal, goal.PlanID)
	case models.TypeActivity:
		a, err := one(ctx, r, "activity", g.ID, (*Loaders).Activity)
		if err != nil {
			return nil, err
		}
		return r.inPlan(ctx, who, l, a, a.PlanID)
	case models.TypeSubActivity:
		sub, err := one(ctx, r, "sub-activity", g.ID, (*Loaders).SubActivity)
		if err != nil {
			return nil, err
		}
		return r.inPlan(ctx, who, l, sub, sub.PlanID)
	case models.TypeIndicator:
		// As indicator(id).
		ind, err := one(ctx, r, "indicator", g.ID, (*Loaders).Indicator)
		if err != nil {
			return nil, err
		}
		if err := who.CanRead(ind.OwnerPath); err != nil {
			return nil, err
		}
		return ind, nil
	case models.TypeUser:
		// The caller itself as me; anyone else as users.
		u, err := one(ctx, r, "user", g.ID, (*Loaders).User)
		if err != nil {
			return nil, err
		}
		if u.ID != who.UserID {
			if err := who.CanManage(u.UnitPath); err != nil {
				return nil, err
			}
		}
		return u, nil
	case models.TypeRealisation:
		// As indicator(id) { realisations }.
		re, err := one(ctx, r, "realisation", g.ID, (*Loaders).Realisation)
		if err != nil {
			return nil, err
		}
		ind, err := one(ctx, r, "indicator", re.IndicatorID, (*Loaders).Indicator)
		if err != nil {
			return nil, err
		}
		if err := who.CanRead(ind.OwnerPath); err != nil {
			return nil, err
		}
		return re, nil
	case models.TypeBudgetLine:
		// As subActivity.budgetLine, which is the caller's when the unit
		// that carries the sub-activity out is in its subtree.
		b, err := one(ctx, r, "budget line", g.ID, (*Loaders).BudgetLineByID)
		if err != nil {
			return nil, err
		}
		sub, err := one(ctx, r, "sub-activity", b.SubActivityID, (*Loaders).SubActivity)
		if err != nil {
			return nil, err
		}
		unit, err := one(ctx, r, "org unit", sub.OrgUnitID, (*Loaders).OrgUnit)
		if err != nil {
			return nil, err
		}
		if !who.Covers(unit.Path) {
			return nil, auth.Forbidden("this budget line is of a sub-activity carried out outside your scope")
		}
		return b, nil
	}
	return nil, fmt.Errorf("node: no resolver for type %s", g.Type)
}

// asNode returns the result of a type's own query as a Node: nil, not a nil
// pointer in an interface, when there is none.
func asNode[T any, P interface {
	*T
	models.Node
}](v P, err error) (models.Node, error) {
	if err != nil || v == nil {
		return nil, err
	}
	return v, nil
}

// inPlan returns the plan element n if the caller may see its plan, as
// plan(id) decides.
func (r *Resolver) inPlan(ctx context.Context, who *auth.Identity, l *Loaders, n models.Node, planID int64) (models.Node, error) {
	if _, err := r.planVisible(ctx, who, l, planID); err != nil {
		return nil, err
	}
	return n, nil
}

// nodes resolves ids as node does, each on its own: an entry that fails is
// nil, with its error at its index. The rows of every type are fetched
// first, one statement per type (and per type their checks read), whatever
// the number of ids.
func (r *Resolver) nodes(ctx context.Context, ids []models.GlobalID) ([]models.Node, error) {
	_, l, err := r.caller(ctx)
	if err != nil {
		return nil, err
	}
	if len(ids) > MaxNodeIDs {
		return nil, domain.Invalid("ids", fmt.Sprintf("at most %d ids, got %d", MaxNodeIDs, len(ids)))
	}
	l.want(ids)
	for _, typ := range fetchOrder {
		if i := slices.IndexFunc(ids, func(g models.GlobalID) bool { return g.Type == typ }); i >= 0 {
			if err := l.fetch(ctx, ids[i]); err != nil {
				return nil, err
			}
		}
	}
	out := make([]models.Node, len(ids))
	for i, g := range ids {
		n, err := r.node(ctx, g)
		if err != nil {
			graphql.AddError(graphql.WithPathContext(ctx, graphql.NewPathWithIndex(i)), err)
			continue
		}
		out[i] = n
	}
	return out, nil
}

// fetchOrder is the order nodes fetches the rows of each type in: a type
// before the types its rows refer to (a realisation to its indicator, a
// goal to its plan, a plan to its org unit), so that the rows its checks
// read are wanted by the time their type is fetched.
var fetchOrder = []string{
	models.TypeRealisation, models.TypeBudgetLine, models.TypeIndicator, models.TypeUser,
	models.TypeMission, models.TypeGoal, models.TypeSasaran, models.TypeProgram, models.TypeActivity,
	models.TypeSubActivity, models.TypePlan, models.TypeOrgUnit,
}

// want adds ids to the wants of the caches of their types, so that the
// first read of each type fetches them all.
func (l *Loaders) want(ids []models.GlobalID) {
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

// fetch reads the row of g into its cache (with every row wanted of its
// type), or notes that it does not exist.
func (l *Loaders) fetch(ctx context.Context, g models.GlobalID) error {
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
func (l *Loaders) Indicator(ctx context.Context, id int64) (*models.Indicator, error) {
	return l.indicators.get(ctx, l, id)
}

// User returns the user with id, nil when there is none.
func (l *Loaders) User(ctx context.Context, id int64) (*models.User, error) {
	return l.users.get(ctx, l, id)
}

// Realisation returns the realisation with id, nil when there is none.
func (l *Loaders) Realisation(ctx context.Context, id int64) (*models.Realisation, error) {
	return l.realisations.get(ctx, l, id)
}

// BudgetLineByID returns the budget line with id, nil when there is none.
func (l *Loaders) BudgetLineByID(ctx context.Context, id int64) (*models.BudgetLine, error) {
	return l.lines.get(ctx, l, id)
}
