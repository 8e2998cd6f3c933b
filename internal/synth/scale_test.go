package synth_test

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/kinerja/kinerja/internal/apitest"
	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/internal/synth"
	"github.com/kinerja/kinerja/internal/testdb"
)

// EnvNational opts in to the national size of BenchmarkScale: 500 Pemda ×
// 40 agencies × 30 indicators × 5 years, 600,000 indicators and about 12
// million realisations (on PostgreSQL; SQLite gets a tenth of it).
const EnvNational = "KINERJA_SCALE_NATIONAL"

// scaleSizes are the sizes of BenchmarkScale: ten times more data each.
func scaleSizes() []synth.Spec {
	sizes := []synth.Spec{
		{Pemda: 5, Agencies: 4, Indicators: 30, Years: 5},
		{Pemda: 50, Agencies: 4, Indicators: 30, Years: 5},
		{Pemda: 500, Agencies: 4, Indicators: 30, Years: 5},
	}
	if os.Getenv(EnvNational) != "" {
		sizes = append(sizes, synth.Spec{Pemda: 500, Agencies: 40, Indicators: 30, Years: 5})
	}
	return sizes
}

// dashboardQuery is the README's dashboard ("A first query").
const dashboardQuery = `query Dashboard($unit: ID!) {
  indicators(first: 100, filter: {orgUnitId: $unit, level: SASARAN}) {
    totalCount
    edges { cursor node {
      code name unit owner { name }
      target(year: 2023) { text }
      realisations(year: 2023) { period value dataSource }
      achievement(year: 2023) { capaian category state met }
    } }
    pageInfo { hasNextPage endCursor }
  }
  achievementSummary(year: 2023, orgUnitId: $unit) { meanCapaian category byCategory { category count } }
}`

// BenchmarkScale synthesises a country at each size and measures, per
// request through the real handler as the national ADMIN: time, SQL
// statements (stmts/op) and memory, for the achievement summary of the
// whole country (every level, and approved values only) and for one
// agency's dashboard. Run with
//
//	go test -run '^$' -bench Scale -benchtime 20x ./internal/synth/
func BenchmarkScale(b *testing.B) {
	for _, d := range testdb.Dialects(b) {
		for _, s := range scaleSizes() {
			if d == storage.SQLite && s.Agencies > 4 {
				s.Agencies /= 10
			}
			s.Seed, s.Password = 1, "kinerja-synth"
			name := fmt.Sprintf("%s/%dx%dx%dx%d", d, s.Pemda, s.Agencies, s.Indicators, s.Years)
			b.Run(name, func(b *testing.B) { benchmarkSize(b, d, s) })
		}
	}
}

func benchmarkSize(b *testing.B, d storage.Dialect, s synth.Spec) {
	st := testdb.Empty(b, d)
	start := time.Now()
	apitest.Must(b, synth.Load(context.Background(), st, s, nil))
	b.Logf("%d indicators synthesised in %s", s.Pemda*s.Agencies*s.Indicators, time.Since(start).Round(time.Millisecond))
	api := apitest.New(b, st)
	tok := api.Token("national")
	// The first agency of the first Pemda.
	agency := apitest.GID("OrgUnit", int64(2+s.Pemda))
	for _, q := range []struct {
		name, query string
		vars        map[string]any
	}{
		{"summary", `{ achievementSummary(year: 2023, level: null) { meanCapaian category withCapaian withoutCapaian byCategory { category count } } }`, nil},
		{"summary-approved", `{ achievementSummary(year: 2023, level: null, approvedOnly: true) { meanCapaian withCapaian } }`, nil},
		{"stats", `{ achievementStats(year: 2023, groupBy: [], filter: {level: null}) { total { meanCapaian withCapaian withoutCapaian pagu realisasi } } }`, nil},
		{"dashboard", dashboardQuery, map[string]any{"unit": agency}},
	} {
		b.Run(q.name, func(b *testing.B) {
			var out map[string]any
			api.OK(tok, q.query, q.vars, &out) // warm: prepared statements, the planner
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				api.OK(tok, q.query, q.vars, &out)
			}
			b.ReportMetric(float64(api.Statements()), "stmts/op")
		})
	}
}
