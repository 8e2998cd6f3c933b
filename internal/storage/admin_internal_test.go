package storage

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/models"
)

// These tests look at rows the API does not show (stated figures, paths,
// the permission checks asked for), so they live inside the package, on a
// small SQLite fixture; the end-to-end tests of package resolvers cover
// both engines.

// recorder is an Actor that records every path it is asked to manage, and
// refuses those under deny.
type recorder struct {
	id    int64
	deny  string
	asked []string
}

var errRefused = errors.New("refused by the test actor")

func (r *recorder) ActorID() int64           { return r.id }
func (r *recorder) ActorRole() string        { return "ADMIN" }
func (r *recorder) ActorUnitPath() string    { return "/" }
func (r *recorder) Forbidden(m string) error { return errors.New(m) }
func (r *recorder) CanEnter(_ string) error  { return nil }
func (r *recorder) CanManage(path string) error {
	r.asked = append(r.asked, path)
	if r.deny != "" && strings.HasPrefix(path, r.deny) {
		return errRefused
	}
	return nil
}

// fixture is a tree root → agency → {a, b}, a → a1, a plan of the agency
// with a goal, a sasaran, a program linked to it, and an indicator of the
// sasaran owned by a1, with stated figures about the program and the
// indicator and a user in b.
type fixture struct {
	s                          *Store
	root, agency, a, b, a1     models.OrgUnit
	plan                       models.Plan
	goal                       models.Goal
	sasaran                    models.Sasaran
	program, otherProgram      models.Program
	indicator                  models.Indicator
	user                       models.User
	statedProgram, statedOther models.StatedFigure
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "kinerja.db"), nil)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { _ = s.Close() })
	if _, err := s.Migrate(ctx); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	f := &fixture{s: s}
	err = s.Import(ctx, func(im *Importer) error {
		units := []*models.OrgUnit{&f.root, &f.agency, &f.a, &f.b, &f.a1}
		parents := []*models.OrgUnit{nil, &f.root, &f.agency, &f.agency, &f.a}
		for i, u := range units {
			*u = models.OrgUnit{Code: strings.ToUpper(string(rune('A' + i))), Name: "unit", Kind: models.KindDivision}
			if p := parents[i]; p != nil {
				u.ParentID = &p.ID
			}
			if err := im.OrgUnit(u); err != nil {
				return err
			}
		}
		f.plan = models.Plan{OrgUnitID: f.agency.ID, Name: "Renstra", StartYear: 2021, EndYear: 2026, Vision: "Visi"}
		if err := im.Row(&f.plan); err != nil {
			return err
		}
		f.goal = models.Goal{PlanID: f.plan.ID, Code: "T1", Name: "Tujuan", Position: 1}
		if err := im.Row(&f.goal); err != nil {
			return err
		}
		f.sasaran = models.Sasaran{GoalID: f.goal.ID, PlanID: f.plan.ID, Code: "S1", Name: "Sasaran", Position: 1}
		if err := im.Row(&f.sasaran); err != nil {
			return err
		}
		f.program = models.Program{PlanID: f.plan.ID, Code: "01", Name: "Program", Position: 1}
		f.otherProgram = models.Program{PlanID: f.plan.ID, Code: "02", Name: "Program", Position: 2}
		for _, p := range []*models.Program{&f.program, &f.otherProgram} {
			if err := im.Row(p); err != nil {
				return err
			}
		}
		if err := im.Row(&models.ProgramSasaran{ProgramID: f.program.ID, SasaranID: f.sasaran.ID}); err != nil {
			return err
		}
		f.indicator = models.Indicator{PlanID: f.plan.ID, Code: "IKU-01", Name: "Indikator", Unit: "Persen",
			Polarity: domain.Positive, Accumulation: domain.Last, Level: domain.LevelSasaran, OwnerID: f.a1.ID,
			SasaranID: &f.sasaran.ID, Position: 1}
		if err := im.Row(&f.indicator); err != nil {
			return err
		}
		v := 90.0
		if err := im.Row(&models.Target{IndicatorID: f.indicator.ID, Year: 2023, Value: &v}); err != nil {
			return err
		}
		if err := im.Row(&models.Realisation{IndicatorID: f.indicator.ID, Year: 2023, Period: domain.Year, Value: 95,
			Status: domain.Draft, Version: 1}); err != nil {
			return err
		}
		f.statedProgram = models.StatedFigure{Source: "LKjIP", TableRef: "Tabel 3.6", SubjectType: "PROGRAM", SubjectID: f.program.ID, Figure: "pagu", Value: "1.00"}
		f.statedOther = models.StatedFigure{Source: "LKjIP", TableRef: "Tabel 3.6", SubjectType: "PROGRAM", SubjectID: f.otherProgram.ID, Figure: "pagu", Value: "2.00"}
		stated := []*models.StatedFigure{&f.statedProgram, &f.statedOther,
			{Source: "LKjIP", TableRef: "Tabel 3.1", SubjectType: "INDICATOR", SubjectID: f.indicator.ID, Figure: "capaian", Value: "105.56"}}
		for _, row := range stated {
			if err := im.Row(row); err != nil {
				return err
			}
		}
		f.user = models.User{Username: "operator.b", DisplayName: "Operator", PasswordHash: "x", Role: "OPERATOR", OrgUnitID: f.b.ID, Active: true}
		return im.Row(&f.user)
	})
	if err != nil {
		t.Fatalf("fixture: %v", err)
	}
	return f
}

// count returns the rows of table that match cond.
func (f *fixture) count(t *testing.T, table, cond string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := f.s.db.Table(table).Where(cond, args...).Count(&n).Error; err != nil {
		t.Fatalf("count %s: %v", table, err)
	}
	return n
}

// otherAdmin is the id of an actor that is none of the fixture's users.
const otherAdmin = -1

// TestManageAsksForTheRightUnits checks which unit paths each write asks
// the actor about: the units the brief of every mutation names.
func TestManageAsksForTheRightUnits(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	str := func(s string) *string { return &s }
	tests := []struct {
		name  string
		write func(a Actor) error
		want  func() []string
	}{
		{"create org unit", func(a Actor) error {
			_, err := f.s.CreateOrgUnit(ctx, a, NewOrgUnit{ParentID: f.a.ID, Code: "X", Name: "X", Kind: models.KindSubdivision})
			return err
		}, func() []string { return []string{f.a.Path} }},
		{"move a user", func(a Actor) error {
			_, err := f.s.UpdateUser(ctx, a, f.user.ID, UserChange{OrgUnitID: &f.a.ID})
			return err
		}, func() []string { return []string{f.b.Path, f.a.Path} }},
		{"create goal", func(a Actor) error {
			_, err := f.s.CreateGoal(ctx, a, f.plan.ID, GoalFields{Code: "T2", Name: "Tujuan"})
			return err
		}, func() []string { return []string{f.agency.Path} }},
		{"create indicator", func(a Actor) error {
			_, err := f.s.CreateIndicator(ctx, a, NewIndicator{Code: "IKU-02", Name: "I", Unit: "Persen",
				Polarity: domain.Positive, Accumulation: domain.Last, Level: domain.LevelSasaran, ElementID: f.sasaran.ID, OwnerID: f.b.ID})
			return err
		}, func() []string { return []string{f.agency.Path, f.b.Path} }},
		{"change an indicator's owner", func(a Actor) error {
			_, err := f.s.UpdateIndicator(ctx, a, f.indicator.ID, IndicatorChange{OwnerID: &f.b.ID, Name: str("Baru")})
			return err
		}, func() []string { return []string{f.a1.Path, f.agency.Path, f.b.Path} }},
		{"move org unit", func(a Actor) error {
			_, err := f.s.UpdateOrgUnit(ctx, a, f.a1.ID, OrgUnitChange{ParentID: &f.b.ID})
			return err
		}, func() []string { return []string{f.a1.Path, f.b.Path} }},
	}
	for _, tt := range tests {
		// Each write runs twice: refused when the last unit it asks about is
		// denied, allowed otherwise. The actor is an admin other than
		// f.user, whom "move a user" moves (nobody moves themself).
		want := tt.want()
		denied := &recorder{id: otherAdmin, deny: want[len(want)-1]}
		if err := tt.write(denied); !errors.Is(err, errRefused) {
			t.Errorf("%s: denied %s, got error %v, want the actor's refusal", tt.name, denied.deny, err)
		}
		allowed := &recorder{id: otherAdmin}
		if err := tt.write(allowed); err != nil {
			t.Errorf("%s: %v", tt.name, err)
		}
		if !slices.Equal(allowed.asked, want) {
			t.Errorf("%s: asked to manage %v, want %v", tt.name, allowed.asked, want)
		}
	}
}

// TestMoveRewritesTheSubtree checks paths and depths after a move, and that
// a unit whose path merely starts with the same digits stays put.
func TestMoveRewritesTheSubtree(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	actor := &recorder{id: f.user.ID}
	// Add units until one's id starts with the digits of a's id: its path
	// ("/1/2/30/") starts like a's ("/1/2/3/") but lies outside a's subtree.
	var lookalike *models.OrgUnit
	for i := 0; lookalike == nil; i++ {
		u, err := f.s.CreateOrgUnit(ctx, actor, NewOrgUnit{ParentID: f.agency.ID,
			Code: fmt.Sprintf("L%d", i), Name: "L", Kind: models.KindDivision})
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(fmt.Sprint(u.ID), fmt.Sprint(f.a.ID)) {
			lookalike = u
		}
	}
	if _, err := f.s.UpdateOrgUnit(ctx, actor, f.a.ID, OrgUnitChange{ParentID: &f.b.ID}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		unit       *models.OrgUnit
		wantParent string
		wantDepth  int
	}{
		{&f.a, f.b.Path, 3},
		{&f.a1, models.ChildPath(f.b.Path, f.a.ID), 4},
		{lookalike, f.agency.Path, 2},
	}
	for _, tt := range tests {
		got, err := f.s.OrgUnit(ctx, tt.unit.ID)
		if err != nil {
			t.Fatal(err)
		}
		if want := models.ChildPath(tt.wantParent, tt.unit.ID); got.Path != want || got.Depth != tt.wantDepth {
			t.Errorf("unit %d: path %s depth %d, want %s depth %d", tt.unit.ID, got.Path, got.Depth, want, tt.wantDepth)
		}
	}
}

// TestDeletesTakeTheirStatedFigures checks that deleting an indicator and a
// program removes what hangs on them and nothing else.
func TestDeletesTakeTheirStatedFigures(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	actor := &recorder{id: f.user.ID}
	if err := f.s.DeletePlanElement(ctx, actor, models.PlanElementKindSasaran, f.sasaran.ID); !errors.Is(err, ErrConflict) {
		t.Errorf("deleting a sasaran with an indicator: got %v, want a conflict", err)
	}
	if err := f.s.DeleteIndicator(ctx, actor, f.indicator.ID); err != nil {
		t.Fatal(err)
	}
	if err := f.s.DeletePlanElement(ctx, actor, models.PlanElementKindProgram, f.program.ID); err != nil {
		t.Fatal(err)
	}
	counts := []struct {
		table, cond string
		args        []any
		want        int64
	}{
		{"indicators", "id = ?", []any{f.indicator.ID}, 0},
		{"targets", "indicator_id = ?", []any{f.indicator.ID}, 0},
		{"realisations", "indicator_id = ?", []any{f.indicator.ID}, 0},
		{"stated_figures", "subject_type = 'INDICATOR' AND subject_id = ?", []any{f.indicator.ID}, 0},
		{"programs", "id = ?", []any{f.program.ID}, 0},
		{"program_sasaran", "program_id = ?", []any{f.program.ID}, 0},
		{"stated_figures", "id = ?", []any{f.statedProgram.ID}, 0},
		{"stated_figures", "id = ?", []any{f.statedOther.ID}, 1},
		{"sasaran", "id = ?", []any{f.sasaran.ID}, 1},
	}
	for _, c := range counts {
		if got := f.count(t, c.table, c.cond, c.args...); got != c.want {
			t.Errorf("%s where %s %v: %d rows, want %d", c.table, c.cond, c.args, got, c.want)
		}
	}
	if err := f.s.DeletePlanElement(ctx, actor, models.PlanElementKindSasaran, f.sasaran.ID); err != nil {
		t.Errorf("deleting the sasaran once nothing depends on it: %v", err)
	}
}

// TestDeleteIndicatorKeepsApprovedData checks that an approved realisation
// keeps its indicator.
func TestDeleteIndicatorKeepsApprovedData(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	err := f.s.w.Model(&models.Realisation{}).Where("indicator_id = ?", f.indicator.ID).Update("status", domain.Approved).Error
	if err != nil {
		t.Fatal(err)
	}
	err = f.s.DeleteIndicator(ctx, &recorder{id: f.user.ID}, f.indicator.ID)
	if !errors.Is(err, ErrConflict) || !strings.Contains(err.Error(), "approved") {
		t.Errorf("got %v, want a conflict about the approved realisation", err)
	}
	if got := f.count(t, "realisations", "indicator_id = ?", f.indicator.ID); got != 1 {
		t.Errorf("%d realisations left, want 1", got)
	}
}

// TestRequiredText checks the text rules every management input shares.
func TestRequiredText(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"  Bagian Umum ", "Bagian Umum", true},
		{"", "", false},
		{" \t ", "", false},
		{"Bagian \xff", "", false},
		{strings.Repeat("é", 50), strings.Repeat("é", 50), true},
		{strings.Repeat("é", 51), "", false},
	}
	for _, tt := range tests {
		got, err := requiredText("code", tt.in, MaxCode)
		var in *domain.InputError
		switch {
		case tt.ok && (err != nil || got != tt.want):
			t.Errorf("requiredText(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		case !tt.ok && (!errors.As(err, &in) || in.Field != "code"):
			t.Errorf("requiredText(%q) error %v, want an input error on code", tt.in, err)
		}
	}
}
