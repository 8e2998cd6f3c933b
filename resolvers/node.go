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
	l.Want(ids)
	for _, typ := range fetchOrder {
		if i := slices.IndexFunc(ids, func(g models.GlobalID) bool { return g.Type == typ }); i >= 0 {
			if err := l.Fetch(ctx, ids[i]); err != nil {
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
