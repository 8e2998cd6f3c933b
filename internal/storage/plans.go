package storage

import (
	"context"
	"fmt"
	"strings"

	"github.com/kinerja/kinerja/models"
)

// Plans returns the plans a caller scoped to the subtree of scope may see:
// those of units in the subtree and those of the units above it (an operator
// of a Bagian works to its agency's plan).
func (s *Store) Plans(ctx context.Context, scope string) ([]models.Plan, error) {
	lo, hi := pathRange(scope)
	ancestors := ancestorPaths(scope)
	q := s.db.WithContext(ctx).Table("plans").Select("plans.*").
		Joins("JOIN org_units o ON o.id = plans.org_unit_id")
	if len(ancestors) > 0 {
		q = q.Where("(o.path >= ? AND o.path < ?) OR o.path IN ?", lo, hi, ancestors)
	} else {
		q = q.Where("o.path >= ? AND o.path < ?", lo, hi)
	}
	var out []models.Plan
	if err := q.Order("o.path, plans.start_year, plans.id").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("list plans: %w", err)
	}
	return out, nil
}

// ancestorPaths returns the paths of the units above the unit at path:
// "/1/2/5/" gives "/1/", "/1/2/".
func ancestorPaths(path string) []string {
	var out []string
	for i := 1; i < len(path)-1; i++ {
		if path[i] == '/' {
			out = append(out, path[:i+1])
		}
	}
	return out
}

// Plan returns the plan with id.
func (s *Store) Plan(ctx context.Context, id int64) (*models.Plan, error) {
	return first[models.Plan](ctx, s.db, "plan", id)
}

// PlansByID returns the plans with the given ids.
func (s *Store) PlansByID(ctx context.Context, ids []int64) ([]models.Plan, error) {
	return findIn[models.Plan](ctx, s.db, "id", ids, "id")
}

// MissionsByPlan returns the missions of the given plans by number.
func (s *Store) MissionsByPlan(ctx context.Context, planIDs []int64) ([]models.Mission, error) {
	return findIn[models.Mission](ctx, s.db, "plan_id", planIDs, "number, id")
}

// MissionsByID returns the missions with the given ids.
func (s *Store) MissionsByID(ctx context.Context, ids []int64) ([]models.Mission, error) {
	return findIn[models.Mission](ctx, s.db, "id", ids, "id")
}

// GoalsByID returns the goals with the given ids.
func (s *Store) GoalsByID(ctx context.Context, ids []int64) ([]models.Goal, error) {
	return findIn[models.Goal](ctx, s.db, "id", ids, "id")
}

// GoalsByPlan returns the goals of the given plans in plan order.
func (s *Store) GoalsByPlan(ctx context.Context, planIDs []int64) ([]models.Goal, error) {
	return findIn[models.Goal](ctx, s.db, "plan_id", planIDs, "position, id")
}

// GoalsByMission returns the goals that serve the given missions.
func (s *Store) GoalsByMission(ctx context.Context, missionIDs []int64) ([]models.Goal, error) {
	return findIn[models.Goal](ctx, s.db, "mission_id", missionIDs, "position, id")
}

// Sasaran returns the sasaran with id.
func (s *Store) Sasaran(ctx context.Context, id int64) (*models.Sasaran, error) {
	return first[models.Sasaran](ctx, s.db, "sasaran", id)
}

// SasaranByID returns the sasaran with the given ids.
func (s *Store) SasaranByID(ctx context.Context, ids []int64) ([]models.Sasaran, error) {
	return findIn[models.Sasaran](ctx, s.db, "id", ids, "id")
}

// SasaranByGoal returns the sasaran of the given goals in plan order.
func (s *Store) SasaranByGoal(ctx context.Context, goalIDs []int64) ([]models.Sasaran, error) {
	return findIn[models.Sasaran](ctx, s.db, "goal_id", goalIDs, "position, id")
}

// Program returns the program with id.
func (s *Store) Program(ctx context.Context, id int64) (*models.Program, error) {
	return first[models.Program](ctx, s.db, "program", id)
}

// ProgramsByID returns the programs with the given ids.
func (s *Store) ProgramsByID(ctx context.Context, ids []int64) ([]models.Program, error) {
	return findIn[models.Program](ctx, s.db, "id", ids, "id")
}

// ProgramsByPlan returns the programs of the given plans in plan order.
func (s *Store) ProgramsByPlan(ctx context.Context, planIDs []int64) ([]models.Program, error) {
	return findIn[models.Program](ctx, s.db, "plan_id", planIDs, "position, id")
}

// ProgramSasaranByProgram returns the sasaran links of the given programs.
func (s *Store) ProgramSasaranByProgram(ctx context.Context, programIDs []int64) ([]models.ProgramSasaran, error) {
	return findIn[models.ProgramSasaran](ctx, s.db, "program_id", programIDs, "sasaran_id")
}

// ProgramSasaranBySasaran returns the program links of the given sasaran.
func (s *Store) ProgramSasaranBySasaran(ctx context.Context, sasaranIDs []int64) ([]models.ProgramSasaran, error) {
	return findIn[models.ProgramSasaran](ctx, s.db, "sasaran_id", sasaranIDs, "program_id")
}

// ActivitiesByID returns the activities with the given ids.
func (s *Store) ActivitiesByID(ctx context.Context, ids []int64) ([]models.Activity, error) {
	return findIn[models.Activity](ctx, s.db, "id", ids, "id")
}

// ActivitiesByProgram returns the activities of the given programs in plan
// order.
func (s *Store) ActivitiesByProgram(ctx context.Context, programIDs []int64) ([]models.Activity, error) {
	return findIn[models.Activity](ctx, s.db, "program_id", programIDs, "position, id")
}

// SubActivitiesByID returns the sub-activities with the given ids.
func (s *Store) SubActivitiesByID(ctx context.Context, ids []int64) ([]models.SubActivity, error) {
	return findIn[models.SubActivity](ctx, s.db, "id", ids, "id")
}

// SubActivitiesByActivity returns the sub-activities of the given activities
// in plan order.
func (s *Store) SubActivitiesByActivity(ctx context.Context, activityIDs []int64) ([]models.SubActivity, error) {
	return findIn[models.SubActivity](ctx, s.db, "activity_id", activityIDs, "position, id")
}

// isAncestorPath reports whether the unit at a is an ancestor of (or is) the
// unit at b.
func isAncestorPath(a, b string) bool { return strings.HasPrefix(b, a) }
