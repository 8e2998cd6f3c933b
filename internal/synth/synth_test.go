package synth_test

import (
	"context"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/kinerja/kinerja/internal/apitest"
	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/internal/synth"
	"github.com/kinerja/kinerja/internal/testdb"
)

func TestMain(m *testing.M) { os.Exit(testdb.Run(m)) }

var small = synth.Spec{Pemda: 2, Agencies: 2, Indicators: 10, Years: 2, Seed: 7, Password: "kinerja-synth"}

// figures is what a synthetic country answers, to compare across dialects.
type figures struct {
	units, indicators, withCapaian int
	mean, approvedMean             float64
	pagu                           string
}

// TestSynth: a small country loads into an empty database of each dialect
// (and is refused by one that holds data); the root's summary is the mean of
// the capaian of every indicator, all of them and approved only; both
// dialects hold the same figures; and new rows get fresh ids after it.
func TestSynth(t *testing.T) {
	got := map[storage.Dialect]figures{}
	for _, d := range testdb.Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			st := testdb.Empty(t, d)
			var rows int
			apitest.Must(t, synth.Load(ctx, st, small, func(n int) { rows += n }))
			if want := small.Rows(); int64(rows) > want || int64(rows) < want*8/10 {
				t.Errorf("loaded %d rows, want about %d", rows, want)
			}
			if err := synth.Load(ctx, st, small, nil); err == nil || !strings.Contains(err.Error(), "empty") {
				t.Errorf("a second load: %v, want refused as not empty", err)
			}
			api := apitest.New(t, st)
			tok := api.Token("national")
			f := country(t, api, tok)
			if f.units != 1+2+4*7 || f.indicators != 40 {
				t.Errorf("%d units and %d indicators, want 31 and 40", f.units, f.indicators)
			}
			got[d] = f

			// Ids go on after the generated ones.
			var created struct{ CreateOrgUnit struct{ ID string } }
			api.OK(tok, `mutation { createOrgUnit(input: {parentId: "`+apitest.GID("OrgUnit", 1)+`", code: "NEW", name: "Pemda Baru", kind: PEMDA}) { id } }`, nil, &created)
			if id := apitest.RowID(t, created.CreateOrgUnit.ID); id != int64(2+small.Pemda+small.Pemda*small.Agencies*7) {
				t.Errorf("a new unit got id %d, want the next after the generated ones", id)
			}
		})
	}
	if sq, pg := got[storage.SQLite], got[storage.Postgres]; len(got) == 2 &&
		(sq.units != pg.units || sq.withCapaian != pg.withCapaian || sq.pagu != pg.pagu || math.Abs(sq.mean-pg.mean) > 1e-9) {
		t.Errorf("the dialects differ: sqlite %+v, postgres %+v", sq, pg)
	}
}

// country reads the figures of the whole country as the national ADMIN and
// checks the root summary against the indicators' own achievements.
func country(t *testing.T, api *apitest.API, tok string) figures {
	t.Helper()
	type achievement struct {
		Capaian *float64
		State   string
	}
	type summary struct {
		MeanCapaian    *float64
		WithCapaian    int
		WithoutCapaian int
	}
	var out struct {
		OrgUnits   struct{ TotalCount int }
		Indicators struct {
			TotalCount int
			Edges      []struct {
				Node struct {
					Polarity      string
					All, Approved achievement
				}
			}
		}
		All, Approved summary
		Budget        struct{ Pagu string }
	}
	api.OK(tok, `{
		orgUnits(first: 1) { totalCount }
		indicators(first: 100) { totalCount edges { node { polarity
			all: achievement(year: 2023) { capaian state }
			approved: achievement(year: 2023, approvedOnly: true) { capaian state } } } }
		all: achievementSummary(year: 2023, level: null) { meanCapaian withCapaian withoutCapaian }
		approved: achievementSummary(year: 2023, level: null, approvedOnly: true) { meanCapaian withCapaian withoutCapaian }
		budget(year: 2023) { pagu }
	}`, nil, &out)
	mean := func(pick func(a, b achievement) achievement) (m float64, with, without int, negative bool) {
		var sum float64
		for _, e := range out.Indicators.Edges {
			a := pick(e.Node.All, e.Node.Approved)
			if a.Capaian == nil {
				without++
				continue
			}
			with++
			sum += *a.Capaian
			negative = negative || e.Node.Polarity == "NEGATIVE"
		}
		return sum / float64(with), with, without, negative
	}
	f := figures{units: out.OrgUnits.TotalCount, indicators: out.Indicators.TotalCount, pagu: out.Budget.Pagu}
	for _, c := range []struct {
		what string
		s    summary
		pick func(a, b achievement) achievement
		into *float64
	}{
		{"all", out.All, func(a, _ achievement) achievement { return a }, &f.mean},
		{"approved", out.Approved, func(_, b achievement) achievement { return b }, &f.approvedMean},
	} {
		m, with, without, negative := mean(c.pick)
		if c.s.MeanCapaian == nil || math.Abs(*c.s.MeanCapaian-m) > 1e-9 || c.s.WithCapaian != with || c.s.WithoutCapaian != without {
			t.Errorf("%s: root summary %v over %d (%d without), want the mean of the indicators' %v over %d (%d without)",
				c.what, deref(c.s.MeanCapaian), c.s.WithCapaian, c.s.WithoutCapaian, m, with, without)
		}
		if with == 0 || without == 0 || (c.what == "all" && !negative) {
			t.Errorf("%s: %d with capaian, %d without, negative ones %v: want a mix", c.what, with, without, negative)
		}
		*c.into = m
	}
	f.withCapaian = out.All.WithCapaian
	return f
}

func deref(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}
