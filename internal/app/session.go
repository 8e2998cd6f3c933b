package app

import (
	"context"
	"slices"
	"sync"

	"github.com/kinerja/kinerja/auth"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/models"
)

// Session is what one request of one caller reads: the store through
// dataloaders (see cache.go for how they batch), within the caller's scope
// (its subtree), approved values only for a VIEWER. It is the Reader of the
// use cases; GraphQL makes one per request (and per subscription event).
type Session struct {
	mu sync.Mutex
	*state
	// fields answers the fields of the indicators the session sees.
	fields models.IndicatorFields
}

// SetIndicatorFields makes f answer the fields of every indicator the
// session sees from now on. Call before the session is shared.
func (l *Session) SetIndicatorFields(f models.IndicatorFields) { l.fields = f }

// state is what Reset replaces.
type state struct {
	st    *storage.Store
	who   *auth.Identity
	scope string

	seenUnits, seenPlans, seenMissions, seenGoals, seenSasaran idSet
	seenPrograms, seenActivities, seenSubs, seenIndicators     idSet

	units      *rowCache[models.OrgUnit]
	plans      *rowCache[models.Plan]
	missions   *rowCache[models.Mission]
	goals      *rowCache[models.Goal]
	sasaran    *rowCache[models.Sasaran]
	programs   *rowCache[models.Program]
	activities *rowCache[models.Activity]
	subs       *rowCache[models.SubActivity]

	// Read by id for node and nodes.
	indicators   *rowCache[models.Indicator]
	users        *rowCache[models.User]
	realisations *rowCache[models.Realisation]
	lines        *rowCache[models.BudgetLine]

	children          *listCache[models.OrgUnit]
	unitIndicators    map[domain.Level]*listCache[models.Indicator]
	planMissions      *listCache[models.Mission]
	planGoals         *listCache[models.Goal]
	planPrograms      *listCache[models.Program]
	missionGoals      *listCache[models.Goal]
	goalSasaran       *listCache[models.Sasaran]
	sasaranLinks      *listCache[models.ProgramSasaran]
	programLinks      *listCache[models.ProgramSasaran]
	programActivities *listCache[models.Activity]
	activitySubs      *listCache[models.SubActivity]
	elementIndicators map[domain.Level]*listCache[models.Indicator]
	targets           map[int]*listCache[models.Target]
	yearRealisations  map[readKey]*listCache[models.Realisation]
	yearLines         map[int]*listCache[models.BudgetLine]
	aggregates        map[aggregateKey]*aggregate
	budgets           map[readKey]*budgets
	// settings are the settings of the indicators owned at a path.
	settings map[string]Settings
	// permissions are what the caller may do with each realisation the
	// request has returned.
	permissions *rowCache[realisationAllowed]
}

// readKey names the values of a year as one kind of reader reads them:
// every value, or approved values only.
type readKey struct {
	year     int
	approved bool
}

// NewSession returns the loaders of one request by the caller who.
func NewSession(st *storage.Store, who *auth.Identity) *Session {
	l := &Session{}
	l.state = l.newState(st, who)
	return l
}

// approvedOnly reports whether the caller reads approved values only, having
// asked for them or not (domain.ApprovedOnly).
func (s *state) approvedOnly(asked bool) bool {
	return domain.ApprovedOnly(domain.Role(s.who.Role), asked)
}

// ApprovedOnly reports whether the caller reads approved values only,
// having asked for them (asked) or being a VIEWER.
func (l *Session) ApprovedOnly(asked bool) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.approvedOnly(asked)
}

// newState returns empty caches whose callbacks go through l.
func (l *Session) newState(st *storage.Store, who *auth.Identity) *state {
	s := &state{st: st, who: who, scope: who.UnitPath,
		seenUnits: idSet{}, seenPlans: idSet{}, seenMissions: idSet{}, seenGoals: idSet{}, seenSasaran: idSet{},
		seenPrograms: idSet{}, seenActivities: idSet{}, seenSubs: idSet{}, seenIndicators: idSet{},
		unitIndicators:    map[domain.Level]*listCache[models.Indicator]{},
		elementIndicators: map[domain.Level]*listCache[models.Indicator]{},
		targets:           map[int]*listCache[models.Target]{},
		yearRealisations:  map[readKey]*listCache[models.Realisation]{},
		yearLines:         map[int]*listCache[models.BudgetLine]{},
		aggregates:        map[aggregateKey]*aggregate{},
		budgets:           map[readKey]*budgets{},
	}
	s.units = newRowCache(st.OrgUnitsByID, func(u *models.OrgUnit) int64 { return u.ID }, l.seeUnit)
	s.plans = newRowCache(st.PlansByID, func(p *models.Plan) int64 { return p.ID }, l.seePlan)
	s.missions = newRowCache(st.MissionsByID, func(m *models.Mission) int64 { return m.ID }, l.seeMission)
	s.goals = newRowCache(st.GoalsByID, func(g *models.Goal) int64 { return g.ID }, l.seeGoal)
	s.sasaran = newRowCache(st.SasaranByID, func(s *models.Sasaran) int64 { return s.ID }, l.seeSasaran)
	s.programs = newRowCache(st.ProgramsByID, func(p *models.Program) int64 { return p.ID }, l.seeProgram)
	s.activities = newRowCache(st.ActivitiesByID, func(a *models.Activity) int64 { return a.ID }, l.seeActivity)
	s.subs = newRowCache(st.SubActivitiesByID, func(s *models.SubActivity) int64 { return s.ID }, l.seeSub)
	s.indicators = newRowCache(func(ctx context.Context, ids []int64) ([]models.Indicator, error) {
		return st.IndicatorsByID(ctx, "", ids)
	}, func(i *models.Indicator) int64 { return i.ID }, func(i *models.Indicator) { l.seeIndicators([]*models.Indicator{i}) })
	s.users = newRowCache(st.UsersByID, func(u *models.User) int64 { return u.ID }, func(u *models.User) { l.units.want.add(u.OrgUnitID) })
	realisationsByID, linesByID := st.RealisationsByID, st.BudgetLinesByID
	if s.approvedOnly(false) {
		realisationsByID, linesByID = st.ApprovedRealisationsByID, st.ApprovedBudgetLinesByID
	}
	s.realisations = newRowCache(realisationsByID, func(r *models.Realisation) int64 { return r.ID },
		func(r *models.Realisation) { l.seeRealisations([]*models.Realisation{r}) })
	s.lines = newRowCache(linesByID, func(b *models.BudgetLine) int64 { return b.ID },
		func(b *models.BudgetLine) { l.subs.want.add(b.SubActivityID) })
	s.permissions = newRowCache(func(ctx context.Context, ids []int64) ([]realisationAllowed, error) {
		return l.realisationPermissions(ctx, ids)
	}, func(p *realisationAllowed) int64 { return p.id }, nil)

	s.children = newListCache(s.seenUnits, st.OrgUnitChildren,
		func(u *models.OrgUnit) int64 { return optID(u.ParentID) }, s.units.put)
	s.planMissions = newListCache(s.seenPlans, st.MissionsByPlan,
		func(m *models.Mission) int64 { return m.PlanID }, s.missions.put)
	s.planGoals = newListCache(s.seenPlans, st.GoalsByPlan,
		func(g *models.Goal) int64 { return g.PlanID }, s.goals.put)
	s.planPrograms = newListCache(s.seenPlans, st.ProgramsByPlan,
		func(p *models.Program) int64 { return p.PlanID }, s.programs.put)
	s.missionGoals = newListCache(s.seenMissions, st.GoalsByMission,
		func(g *models.Goal) int64 { return optID(g.MissionID) }, s.goals.put)
	s.goalSasaran = newListCache(s.seenGoals, st.SasaranByGoal,
		func(s *models.Sasaran) int64 { return s.GoalID }, s.sasaran.put)
	s.sasaranLinks = newListCache(s.seenSasaran, st.ProgramSasaranBySasaran,
		func(ps *models.ProgramSasaran) int64 { return ps.SasaranID }, func(links []*models.ProgramSasaran) {
			for _, ps := range links {
				s.programs.want.add(ps.ProgramID)
			}
		})
	s.programLinks = newListCache(s.seenPrograms, st.ProgramSasaranByProgram,
		func(ps *models.ProgramSasaran) int64 { return ps.ProgramID }, func(links []*models.ProgramSasaran) {
			for _, ps := range links {
				s.sasaran.want.add(ps.SasaranID)
			}
		})
	s.programActivities = newListCache(s.seenPrograms, st.ActivitiesByProgram,
		func(a *models.Activity) int64 { return a.ProgramID }, s.activities.put)
	s.activitySubs = newListCache(s.seenActivities, st.SubActivitiesByActivity,
		func(s *models.SubActivity) int64 { return s.ActivityID }, s.subs.put)
	return s
}

// The see* functions register a row the request returns: its id joins the
// parents of the lists below it, and the ids it refers to join the wants of
// the caches that hold them.

func (l *Session) seeUnit(u *models.OrgUnit) {
	l.seenUnits.add(u.ID)
	if u.ParentID != nil {
		l.units.want.add(*u.ParentID)
	}
}

func (l *Session) seePlan(p *models.Plan) {
	l.seenPlans.add(p.ID)
	l.units.want.add(p.OrgUnitID)
}

func (l *Session) seeMission(m *models.Mission) {
	l.seenMissions.add(m.ID)
	l.plans.want.add(m.PlanID)
}

func (l *Session) seeGoal(g *models.Goal) {
	l.seenGoals.add(g.ID)
	l.plans.want.add(g.PlanID)
	if g.MissionID != nil {
		l.missions.want.add(*g.MissionID)
	}
}

func (l *Session) seeSasaran(s *models.Sasaran) {
	l.seenSasaran.add(s.ID)
	l.goals.want.add(s.GoalID)
	l.plans.want.add(s.PlanID)
}

func (l *Session) seeProgram(p *models.Program) {
	l.seenPrograms.add(p.ID)
	l.plans.want.add(p.PlanID)
}

func (l *Session) seeActivity(a *models.Activity) {
	l.seenActivities.add(a.ID)
	l.programs.want.add(a.ProgramID)
	l.units.want.add(a.OrgUnitID)
}

func (l *Session) seeSub(s *models.SubActivity) {
	l.seenSubs.add(s.ID)
	l.activities.want.add(s.ActivityID)
	l.units.want.add(s.OrgUnitID)
}

func (l *Session) seeIndicators(inds []*models.Indicator) {
	for _, i := range inds {
		if l.fields != nil {
			i.Attach(l.fields)
		}
		l.seenIndicators.add(i.ID)
		l.units.want.add(i.OwnerID)
		// The units on the owner's path hold the settings its capaian is
		// computed with (IndicatorSettings): fetched with the owner.
		var path [16]int64
		l.units.want.add(models.AppendPathIDs(path[:0], i.OwnerPath)...)
		for _, ref := range []struct {
			id   *int64
			want idSet
		}{{i.GoalID, l.goals.want}, {i.SasaranID, l.sasaran.want}, {i.ProgramID, l.programs.want},
			{i.ActivityID, l.activities.want}, {i.SubActivityID, l.subs.want}} {
			if ref.id != nil {
				ref.want.add(*ref.id)
			}
		}
	}
}

// Register records rows a top-level resolver returns. Call without the
// mutex held.
func (l *Session) Register(rows ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, r := range rows {
		switch v := r.(type) {
		case *models.OrgUnit:
			l.units.put([]*models.OrgUnit{v})
		case []*models.OrgUnit:
			l.units.put(v)
		case *models.Plan:
			l.plans.put([]*models.Plan{v})
		case []*models.Plan:
			l.plans.put(v)
		case *models.Sasaran:
			l.sasaran.put([]*models.Sasaran{v})
		case *models.Program:
			l.programs.put([]*models.Program{v})
		case *models.Indicator:
			l.seeIndicators([]*models.Indicator{v})
		case []*models.Indicator:
			l.seeIndicators(v)
		case []*models.User:
			l.users.put(v)
		case []*models.BudgetLine:
			l.lines.put(v)
		case *models.Realisation:
			l.realisations.put([]*models.Realisation{v})
		case []*models.Realisation:
			l.realisations.put(v)
		case []*models.AuditEntry:
			l.seeAuditEntries(v)
		}
	}
}

// cacheFor returns the cache of m at key, made by mk on first use.
func cacheFor[K comparable, T any](l *Session, m map[K]*listCache[T], key K, mk func() *listCache[T]) *listCache[T] {
	l.mu.Lock()
	defer l.mu.Unlock()
	c, ok := m[key]
	if !ok {
		c = mk()
		m[key] = c
	}
	return c
}

// OrgUnit returns the org unit with id, nil when there is none.
func (l *Session) OrgUnit(ctx context.Context, id int64) (*models.OrgUnit, error) {
	return l.units.get(ctx, l, id)
}

// OrgUnits returns the org units with ids, skipping missing ones.
func (l *Session) OrgUnits(ctx context.Context, ids []int64) ([]*models.OrgUnit, error) {
	l.mu.Lock()
	l.units.want.add(ids...)
	l.mu.Unlock()
	out := make([]*models.OrgUnit, 0, len(ids))
	for _, id := range ids {
		u, err := l.units.get(ctx, l, id)
		if err != nil {
			return nil, err
		}
		if u != nil {
			out = append(out, u)
		}
	}
	return out, nil
}

// Children returns the children of an org unit.
func (l *Session) Children(ctx context.Context, id int64) ([]*models.OrgUnit, error) {
	return l.children.get(ctx, l, id)
}

// Plan returns the plan with id.
func (l *Session) Plan(ctx context.Context, id int64) (*models.Plan, error) {
	return l.plans.get(ctx, l, id)
}

// Mission returns the mission with id.
func (l *Session) Mission(ctx context.Context, id int64) (*models.Mission, error) {
	return l.missions.get(ctx, l, id)
}

// Goal returns the goal with id.
func (l *Session) Goal(ctx context.Context, id int64) (*models.Goal, error) {
	return l.goals.get(ctx, l, id)
}

// Sasaran returns the sasaran with id.
func (l *Session) Sasaran(ctx context.Context, id int64) (*models.Sasaran, error) {
	return l.sasaran.get(ctx, l, id)
}

// Program returns the program with id.
func (l *Session) Program(ctx context.Context, id int64) (*models.Program, error) {
	return l.programs.get(ctx, l, id)
}

// Activity returns the activity with id.
func (l *Session) Activity(ctx context.Context, id int64) (*models.Activity, error) {
	return l.activities.get(ctx, l, id)
}

// SubActivity returns the sub-activity with id.
func (l *Session) SubActivity(ctx context.Context, id int64) (*models.SubActivity, error) {
	return l.subs.get(ctx, l, id)
}

// PlanMissions returns the missions of a plan.
func (l *Session) PlanMissions(ctx context.Context, id int64) ([]*models.Mission, error) {
	return l.planMissions.get(ctx, l, id)
}

// PlanGoals returns the goals of a plan.
func (l *Session) PlanGoals(ctx context.Context, id int64) ([]*models.Goal, error) {
	return l.planGoals.get(ctx, l, id)
}

// PlanPrograms returns the programs of a plan.
func (l *Session) PlanPrograms(ctx context.Context, id int64) ([]*models.Program, error) {
	return l.planPrograms.get(ctx, l, id)
}

// MissionGoals returns the goals that serve a mission.
func (l *Session) MissionGoals(ctx context.Context, id int64) ([]*models.Goal, error) {
	return l.missionGoals.get(ctx, l, id)
}

// GoalSasaran returns the sasaran of a goal.
func (l *Session) GoalSasaran(ctx context.Context, id int64) ([]*models.Sasaran, error) {
	return l.goalSasaran.get(ctx, l, id)
}

// SasaranPrograms returns the programs that support a sasaran.
func (l *Session) SasaranPrograms(ctx context.Context, id int64) ([]*models.Program, error) {
	links, err := l.sasaranLinks.get(ctx, l, id)
	if err != nil {
		return nil, err
	}
	out := make([]*models.Program, 0, len(links))
	for _, ps := range links {
		p, err := l.programs.get(ctx, l, ps.ProgramID)
		if err != nil {
			return nil, err
		}
		if p != nil {
			out = append(out, p)
		}
	}
	return out, nil
}

// ProgramSasaran returns the sasaran a program supports.
func (l *Session) ProgramSasaran(ctx context.Context, id int64) ([]*models.Sasaran, error) {
	links, err := l.programLinks.get(ctx, l, id)
	if err != nil {
		return nil, err
	}
	out := make([]*models.Sasaran, 0, len(links))
	for _, ps := range links {
		s, err := l.sasaran.get(ctx, l, ps.SasaranID)
		if err != nil {
			return nil, err
		}
		if s != nil {
			out = append(out, s)
		}
	}
	return out, nil
}

// ProgramActivities returns the activities of a program.
func (l *Session) ProgramActivities(ctx context.Context, id int64) ([]*models.Activity, error) {
	return l.programActivities.get(ctx, l, id)
}

// ActivitySubs returns the sub-activities of an activity.
func (l *Session) ActivitySubs(ctx context.Context, id int64) ([]*models.SubActivity, error) {
	return l.activitySubs.get(ctx, l, id)
}

// elementParents returns the set of seen elements of level lv.
func (l *Session) elementParents(lv domain.Level) idSet {
	switch lv {
	case domain.LevelGoal:
		return l.seenGoals
	case domain.LevelSasaran:
		return l.seenSasaran
	case domain.LevelProgram:
		return l.seenPrograms
	case domain.LevelActivity:
		return l.seenActivities
	}
	return l.seenSubs
}

// ElementIndicators returns the indicators, within the caller's scope, of
// the plan element of level lv with id.
func (l *Session) ElementIndicators(ctx context.Context, lv domain.Level, id int64) ([]*models.Indicator, error) {
	c := cacheFor(l, l.elementIndicators, lv, func() *listCache[models.Indicator] {
		return newListCache(l.elementParents(lv),
			func(ctx context.Context, ids []int64) ([]models.Indicator, error) {
				return l.st.IndicatorsByElement(ctx, l.scope, lv, ids)
			},
			func(i *models.Indicator) int64 { return i.ElementID() }, l.seeIndicators)
	})
	return c.get(ctx, l, id)
}

// UnitIndicators returns the indicators owned by an org unit, of level lv
// when lv is not empty.
func (l *Session) UnitIndicators(ctx context.Context, id int64, lv domain.Level) ([]*models.Indicator, error) {
	c := cacheFor(l, l.unitIndicators, lv, func() *listCache[models.Indicator] {
		var level *domain.Level
		if lv != "" {
			level = &lv
		}
		return newListCache(l.seenUnits,
			func(ctx context.Context, ids []int64) ([]models.Indicator, error) {
				return l.st.IndicatorsByOwner(ctx, ids, level)
			},
			func(i *models.Indicator) int64 { return i.OwnerID }, l.seeIndicators)
	})
	return c.get(ctx, l, id)
}

// Targets returns the targets of an indicator: of year, or of every year
// when year is 0.
func (l *Session) Targets(ctx context.Context, indicatorID int64, year int) ([]*models.Target, error) {
	return l.targetsOf(year).get(ctx, l, indicatorID)
}

func (l *Session) targetsOf(year int) *listCache[models.Target] {
	return cacheFor(l, l.targets, year, func() *listCache[models.Target] {
		return newListCache(l.seenIndicators,
			func(ctx context.Context, ids []int64) ([]models.Target, error) {
				return l.st.Targets(ctx, ids, yearsOf(year))
			},
			func(t *models.Target) int64 { return t.IndicatorID }, nil)
	})
}

// Realisations returns the realisations of an indicator: of year, or of
// every year when year is 0; the APPROVED ones only for a caller that reads
// approved values only, or asked for them (approvedOnly).
func (l *Session) Realisations(ctx context.Context, indicatorID int64, year int, approvedOnly bool) ([]*models.Realisation, error) {
	return l.realisationsOf(readKey{year, l.approvedOnly(approvedOnly)}).get(ctx, l, indicatorID)
}

// PrefetchMeasures loads what Targets and Realisations return for year of
// every indicator the session has seen, indicatorID among them, in one
// read of the store (one statement on PostgreSQL), when neither is loaded
// or loading for them; else it does nothing, and each loads on its own.
// Errors are left to Targets and Realisations, which report them.
func (l *Session) PrefetchMeasures(ctx context.Context, indicatorID int64, year int, approvedOnly bool) {
	if year == 0 {
		return
	}
	key := readKey{year, l.approvedOnly(approvedOnly)}
	tc, rc := l.targetsOf(year), l.realisationsOf(key)
	l.mu.Lock()
	defer l.mu.Unlock()
	if tc.inflight != nil || rc.inflight != nil {
		return
	}
	ids := tc.next(indicatorID)
	if len(ids) == 0 || !slices.Equal(ids, rc.next(indicatorID)) {
		return
	}
	rf := &flight{done: make(chan struct{})}
	rc.inflight = rf
	var realisations []models.Realisation
	// The targets' flight reads both; the realisations' waits with it.
	targets, err := fly(l, &tc.inflight, func() ([]models.Target, error) {
		t, r, err := l.st.YearMeasures(ctx, ids, year, key.approved)
		realisations = r
		return t, err
	})
	if err == nil {
		tc.store(ids, targets)
		rc.store(ids, realisations)
	}
	rf.err = err
	rc.inflight = nil
	close(rf.done)
}

func (l *Session) realisationsOf(key readKey) *listCache[models.Realisation] {
	return cacheFor(l, l.yearRealisations, key, func() *listCache[models.Realisation] {
		read := l.st.Realisations
		if key.approved {
			read = l.st.ApprovedRealisations
		}
		return newListCache(l.seenIndicators,
			func(ctx context.Context, ids []int64) ([]models.Realisation, error) {
				return read(ctx, ids, yearsOf(key.year))
			},
			func(r *models.Realisation) int64 { return r.IndicatorID }, l.seeRealisations)
	})
}

// BudgetLine returns the budget line of a sub-activity in year, nil when
// none is recorded (or, for a caller that reads approved values only, none
// is approved).
func (l *Session) BudgetLine(ctx context.Context, subID int64, year int) (*models.BudgetLine, error) {
	c := cacheFor(l, l.yearLines, year, func() *listCache[models.BudgetLine] {
		read := l.st.BudgetLines
		if l.approvedOnly(false) {
			read = l.st.ApprovedBudgetLines
		}
		return newListCache(l.seenSubs,
			func(ctx context.Context, ids []int64) ([]models.BudgetLine, error) {
				return read(ctx, ids, yearsOf(year))
			},
			func(b *models.BudgetLine) int64 { return b.SubActivityID }, nil)
	})
	lines, err := c.get(ctx, l, subID)
	if err != nil || len(lines) == 0 {
		return nil, err
	}
	return lines[0], nil
}

func yearsOf(year int) []int {
	if year == 0 {
		return nil
	}
	return []int{year}
}

// Reset forgets everything the loaders hold: after a change, the rest of the
// request reads the data as it is now.
func (l *Session) Reset() {
	if l == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.state = l.newState(l.st, l.who)
}

// optID is the id at id, 0 (no parent) when id is nil.
func optID(id *int64) int64 {
	if id == nil {
		return 0
	}
	return *id
}

// keptSettings returns the settings kept for the indicators owned at path.
func (l *Session) keptSettings(path string) (Settings, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	s, ok := l.settings[path]
	return s, ok
}

// keepSettings keeps the settings of the indicators owned at path until
// the session is reset (a change).
func (l *Session) keepSettings(path string, s Settings) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.settings == nil {
		l.settings = map[string]Settings{}
	}
	l.settings[path] = s
}
