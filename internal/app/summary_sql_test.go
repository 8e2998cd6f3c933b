package app_test

import (
	"context"
	"testing"

	"github.com/kinerja/kinerja/internal/apitest"
	"github.com/kinerja/kinerja/internal/app"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/internal/testdb"
	"github.com/kinerja/kinerja/models"
)

// TestAchievementSummariesInSQL: the summaries grouped by the database
// over the achievement facts (storage.AchievementSummaries) equal those
// computed in Go from one row per indicator (app.UnitSummaries,
// app.SasaranSummaries), for every unit of the demo, every level and
// none, every value and approved ones, 2022 and 2023: the counts and the
// means exactly (both are the exact mean rounded once).
func TestAchievementSummariesInSQL(t *testing.T) {
	ctx := context.Background()
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		rows, err := st.OrgUnitsUnder(ctx, "", "")
		apitest.Must(t, err)
		units := make([]*models.OrgUnit, len(rows))
		paths := make([]string, len(rows))
		for i := range rows {
			units[i], paths[i] = &rows[i], rows[i].Path
		}
		sasaran, err := st.SasaranByGoal(ctx, []int64{1, 2, 3, 4, 5, 6})
		apitest.Must(t, err)
		var sids []int64
		for _, s := range sasaran {
			sids = append(sids, s.ID)
		}
		seen := 0
		for _, year := range []int{2022, 2023} {
			for _, approved := range []bool{false, true} {
				for _, lv := range []*domain.Level{nil, ptr(domain.LevelSasaran), ptr(domain.LevelProgram)} {
					ms, err := st.MeasuresUnder(ctx, storage.MeasuresFilter{Paths: paths, Level: lv, Year: year, ApprovedOnly: approved})
					apitest.Must(t, err)
					want := app.UnitSummaries(units, ms, year, lv, approved)
					got, err := st.AchievementSummaries(ctx, storage.SummaryFilter{Paths: paths, Level: lv, Year: year, ApprovedOnly: approved})
					apitest.Must(t, err)
					for i, u := range units {
						seen += got[int64(i)].With
						same(t, u.Code, got[int64(i)], want[u.ID])
					}
				}
				ms, err := st.MeasuresUnder(ctx, storage.MeasuresFilter{Paths: []string{""}, SasaranIDs: sids, Year: year, ApprovedOnly: approved})
				apitest.Must(t, err)
				want := app.SasaranSummaries(sids, ms, year, approved)
				got, err := st.AchievementSummaries(ctx, storage.SummaryFilter{SasaranIDs: sids, Year: year, ApprovedOnly: approved})
				apitest.Must(t, err)
				for _, id := range sids {
					same(t, "sasaran", got[id], want[id])
				}
			}
		}
		if seen == 0 || len(sids) == 0 {
			t.Fatalf("no capaian compared (%d sasaran)", len(sids))
		}
	})
}

func ptr[T any](v T) *T { return &v }

// same reports a difference between got (from SQL) and want (from Go).
func same(t *testing.T, what string, got domain.Summary, want *models.AchievementSummary) {
	t.Helper()
	gotMean, wantMean := -1.0, -1.0
	if got.Mean != nil {
		gotMean = *got.Mean
	}
	if want.MeanCapaian != nil {
		wantMean = *want.MeanCapaian
	}
	diff := gotMean != wantMean || got.With != want.WithCapaian || got.Without != want.WithoutCapaian
	for _, c := range want.ByCategory {
		diff = diff || got.ByCategory[c.Category] != c.Count
	}
	if diff {
		t.Errorf("%s: SQL mean %v with %d without %d by %v, Go mean %v with %d without %d", what, gotMean, got.With, got.Without, got.ByCategory,
			wantMean, want.WithCapaian, want.WithoutCapaian)
	}
}
