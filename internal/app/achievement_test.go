package app

import (
	"context"
	"testing"

	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/models"
)

// fakeReader serves fixed rows and counts the fetches of org units.
type fakeReader struct {
	units        map[int64]*models.OrgUnit
	targets      []*models.Target
	realisations []*models.Realisation
	unitFetches  int
}

func (f *fakeReader) OrgUnits(_ context.Context, ids []int64) ([]*models.OrgUnit, error) {
	f.unitFetches++
	var out []*models.OrgUnit
	for _, id := range ids {
		if u := f.units[id]; u != nil {
			out = append(out, u)
		}
	}
	return out, nil
}

func (f *fakeReader) OrgUnit(_ context.Context, id int64) (*models.OrgUnit, error) {
	return f.units[id], nil
}

func (f *fakeReader) Targets(_ context.Context, _ int64, year int) ([]*models.Target, error) {
	var out []*models.Target
	for _, t := range f.targets {
		if year == 0 || t.Year == year {
			out = append(out, t)
		}
	}
	return out, nil
}

func (f *fakeReader) Realisations(_ context.Context, _ int64, year int, _ bool) ([]*models.Realisation, error) {
	var out []*models.Realisation
	for _, r := range f.realisations {
		if year == 0 || r.Year == year {
			out = append(out, r)
		}
	}
	return out, nil
}

func ptr[T any](v T) *T { return &v }

func TestNegativeFormulaInheritsFromNearestAncestor(t *testing.T) {
	ratio, gap := domain.NegativeRatio, domain.NegativeGap
	f := &fakeReader{units: map[int64]*models.OrgUnit{
		1: {ID: 1, Path: "/1/", NegativeFormula: &gap},
		2: {ID: 2, Path: "/1/2/", NegativeFormula: &ratio},
		3: {ID: 3, Path: "/1/2/3/"},
		4: {ID: 4, Path: "/4/"},
	}}
	for _, tc := range []struct {
		unit int64
		want domain.NegativeFormula
	}{{3, ratio}, {2, ratio}, {1, gap}, {4, gap}} {
		got, err := NegativeFormula(context.Background(), f, f.units[tc.unit])
		if err != nil || got != tc.want {
			t.Errorf("unit %d: got %q, %v; want %q", tc.unit, got, err, tc.want)
		}
	}
	ind := &models.Indicator{ID: 9, OwnerID: 3, Polarity: domain.Negative}
	if got, _ := IndicatorSettings(context.Background(), f, ind); got.Formula != ratio {
		t.Errorf("negative indicator of unit 3: got %q, want %q", got.Formula, ratio)
	}
}

func TestHistoryMergesTargetsAndRealisationsByYear(t *testing.T) {
	f := &fakeReader{
		targets: []*models.Target{{IndicatorID: 9, Year: 2024, Value: ptr(100.0)}, {IndicatorID: 9, Year: 2022, Value: ptr(50.0)}},
		realisations: []*models.Realisation{
			{IndicatorID: 9, Year: 2023, Period: domain.Year, Value: 10},
			{IndicatorID: 9, Year: 2024, Period: domain.Q1, Value: 30},
			{IndicatorID: 9, Year: 2024, Period: domain.Q2, Value: 50},
		},
	}
	ind := &models.Indicator{ID: 9, Polarity: domain.Positive, Accumulation: domain.Sum}
	got, err := History(context.Background(), f, ind)
	if err != nil {
		t.Fatal(err)
	}
	var years []int
	for _, a := range got {
		years = append(years, a.Year)
	}
	if len(years) != 3 || years[0] != 2022 || years[1] != 2023 || years[2] != 2024 {
		t.Fatalf("years = %v, want [2022 2023 2024]", years)
	}
	if got[0].Realisation != nil || got[1].Target != nil {
		t.Errorf("2022 realisation %v, 2023 target %v; want none", got[0].Realisation, got[1].Target)
	}
	last := got[2]
	if last.Realisation == nil || *last.Realisation != 80 || last.Capaian == nil || *last.Capaian != 80 {
		t.Errorf("2024: realisation %v capaian %v, want 80 and 80", last.Realisation, last.Capaian)
	}
}
