package resolvers_test

import (
	"context"
	"fmt"
	"sort"
	"testing"

	"github.com/kinerja/kinerja/internal/apitest"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/internal/testdb"
	"github.com/kinerja/kinerja/models"
)

// addNegativeIndicators adds one NEGATIVE SASARAN indicator owned by each of
// owners (unit codes), under sasaran S1, with a 2023 target of 10 and a YEAR
// realisation of 8: a capaian of 120 under GAP.
func addNegativeIndicators(t testing.TB, st *storage.Store, x *ids, owners []string) {
	t.Helper()
	plan, err := st.Plans(context.Background(), "")
	apitest.Must(t, err)
	sasaran, err := st.SasaranByGoal(context.Background(), []int64{1})
	apitest.Must(t, err)
	err = st.Import(context.Background(), func(im *storage.Importer) error {
		for i, code := range owners {
			ind := models.Indicator{PlanID: plan[0].ID, Code: fmt.Sprintf("NEG-%03d", i), Name: fmt.Sprintf("Negative indicator %d", i),
				Unit: "Kasus", Polarity: domain.Negative, Accumulation: domain.Sum, Level: domain.LevelSasaran,
				OwnerID: apitest.RowID(t, x.unit(code)), SasaranID: &sasaran[0].ID, Position: 200 + i}
			if err := im.Row(&ind); err != nil {
				return err
			}
			target, real := 10.0, 8.0
			if err := im.Row(&models.Target{IndicatorID: ind.ID, Year: 2023, Value: &target}); err != nil {
				return err
			}
			r := models.Realisation{IndicatorID: ind.ID, Year: 2023, Period: domain.Year, Value: real, Status: domain.Draft, Version: 1}
			if err := im.Row(&r); err != nil {
				return err
			}
		}
		return nil
	})
	apitest.Must(t, err)
}

// TestSummaryStatementsWithNegativeIndicators: the summary of a subtree runs
// the same number of statements whether its indicators are positive or
// NEGATIVE (whose formula follows their owner's unit and its ancestors),
// however many owners they have.
func TestSummaryStatementsWithNegativeIndicators(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		api := apitest.New(t, st)
		x := lookup(t, api)
		tok := api.Token("sekda")
		const query = `{ achievementSummary(year: 2023) { meanCapaian withCapaian withoutCapaian } }`
		var out struct {
			AchievementSummary struct {
				MeanCapaian    float64
				WithCapaian    int
				WithoutCapaian int
			}
		}
		warmCaller(t, api, tok)
		api.OK(tok, query, nil, &out)
		before := api.Statements()
		if apitest.Round2(out.AchievementSummary.MeanCapaian) != 102.14 || out.AchievementSummary.WithCapaian != 27 {
			t.Fatalf("summary %+v, want mean 102.14 over 27", out.AchievementSummary)
		}

		// Every unit the Setda's reader sees owns one.
		var units struct {
			OrgUnits struct {
				Edges []struct{ Node struct{ Code string } }
			}
		}
		api.OK(tok, `{ orgUnits(first: 100) { edges { node { code } } } }`, nil, &units)
		var owners []string
		for _, e := range units.OrgUnits.Edges {
			owners = append(owners, e.Node.Code)
		}
		sort.Strings(owners)
		addNegativeIndicators(t, st, x, owners)
		warmCaller(t, api, tok)
		api.OK(tok, query, nil, &out)
		s := out.AchievementSummary
		// 27 capaian with mean 102.14…, and one of 120 per owner.
		n := len(owners)
		want := (102.14254721107761*27 + 120*float64(n)) / float64(27+n)
		if s.WithCapaian != 27+n || apitest.Round2(s.MeanCapaian) != apitest.Round2(want) {
			t.Errorf("summary with %d negative indicators: mean %v over %d, want %.2f over %d", n, s.MeanCapaian, s.WithCapaian, want, 27+n)
		}
		if after := api.Statements(); after != before {
			t.Errorf("summary with %d NEGATIVE indicators of %d owners: %d statements, want %d as without them", n, n, after, before)
		}

		// The Setda switches to RATIO: every unit under it inherits it, so
		// each negative indicator's capaian becomes 10 / 8 × 100 = 125.
		api.OK(x.admins, `mutation($id: ID!) { updateOrgUnit(id: $id, input: {negativeFormula: RATIO}) { id } }`, map[string]any{"id": x.unit("SETDA")}, nil)
		warmCaller(t, api, tok) // a write to an org unit drops the cached caller rows
		api.OK(tok, query, nil, &out)
		s = out.AchievementSummary
		want = (102.14254721107761*27 + 125*float64(n)) / float64(27+n)
		if s.WithCapaian != 27+n || apitest.Round2(s.MeanCapaian) != apitest.Round2(want) {
			t.Errorf("summary under RATIO: mean %v over %d, want %.2f over %d", s.MeanCapaian, s.WithCapaian, want, 27+n)
		}
		if after := api.Statements(); after != before {
			t.Errorf("summary under RATIO: %d statements, want %d", after, before)
		}
	})
}
