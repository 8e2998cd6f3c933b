package app

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/models"
)

// measureProblems records the indicators of m (the subtree's, of the
// report's year) that have a realisation but no target, and those whose
// capaian cannot be evaluated.
func (c *consistency) measureProblems(ctx context.Context, ms []storage.Measure) error {
	caps := Capaians(ms)
	for i := range ms {
		m := &ms[i]
		subject, _ := c.subjects[models.GlobalID{Type: models.TypeIndicator, ID: m.IndicatorID}].(*models.Indicator)
		if subject == nil {
			continue
		}
		realised := m.Reported.Value(m.Accumulation, 0)
		f := &models.ConsistencyFinding{Year: ref(c.year), Subject: subject, StatedValue: realised}
		if realised != nil {
			f.Stated = ref(strconv.FormatFloat(*realised, 'f', -1, 64))
		}
		switch t := m.Target; {
		case t == nil && realised != nil:
			f.Kind = domain.RealisationWithoutTarget
			f.Location = fmt.Sprintf("%s, Target %d", indicatorRow(subject), c.year)
			f.Note = ref(fmt.Sprintf("a realisation is recorded for %d but no target: no capaian can be computed", c.year))
		case caps[i].State == domain.NotEvaluable:
			f.Kind = domain.CapaianNotEvaluable
			f.Location = fmt.Sprintf("%s, Capaian %d", indicatorRow(subject), c.year)
			f.Note = ref(fmt.Sprintf("target %s: %s", t.Text(), caps[i].Note))
		default:
			continue
		}
		c.add(f)
	}
	return nil
}

// budgetProblems records the budget lines of the report's year that spent
// more than their pagu. The database refuses such lines (a CHECK on
// budget_lines), so this finds only lines stored before that held; it reads
// the budget tree the report reads anyway, at no cost.
func (c *consistency) budgetProblems(ctx context.Context) error {
	b, err := c.l.UnitBudget(ctx, c.unit, c.year, c.approved)
	if err != nil {
		return err
	}
	for _, p := range b.Programs {
		for _, a := range p.Activities {
			for _, s := range a.SubActivities {
				if s.Sisa.Sign() >= 0 {
					continue
				}
				sub, err := c.l.SubActivity(ctx, s.ID.ID)
				if err != nil {
					return err
				}
				f := &models.ConsistencyFinding{
					Kind: domain.BudgetOverPagu, Location: fmt.Sprintf("%s, Realisasi %d", s.Name, c.year), Year: ref(c.year),
					Stated: ref(s.Realisasi.String()), StatedValue: ref(s.Realisasi.Float64() / 100),
					Computed: ref(s.Sisa.String()), ComputedValue: ref(s.Sisa.Float64() / 100),
					Note: ref(fmt.Sprintf("realisasi %s is above the pagu %s (sisa %s)", s.Realisasi, s.Pagu, s.Sisa)),
				}
				if sub != nil {
					f.Subject = sub
				}
				c.add(f)
			}
		}
	}
	return nil
}

// trailRow is what the check of changed targets reads of the snapshot of a
// target or a realisation in the audit trail.
type trailRow struct {
	Year   int           `json:"year"`
	Period domain.Period `json:"period"`
	Value  *float64      `json:"value"`
	Min    *float64      `json:"min"`
	Max    *float64      `json:"max"`
	Label  *string       `json:"label"`
}

func (r *trailRow) target() string {
	if r == nil {
		return ""
	}
	t := domain.Target{Value: r.Value, Min: r.Min, Max: r.Max}
	if r.Label != nil {
		t.Label = *r.Label
	}
	return t.Text()
}

func readTrailRow(s *string) (*trailRow, error) {
	if s == nil {
		return nil, nil
	}
	var r trailRow
	if err := json.Unmarshal([]byte(*s), &r); err != nil {
		return nil, fmt.Errorf("read an audit entry: %w", err)
	}
	return &r, nil
}

// targetChanges records the targets of the report's year changed (set,
// replaced or deleted) after a realisation of their indicator and year was
// approved, as the audit trail shows them (domain.ChangedAfterApproval).
func (c *consistency) targetChanges(ctx context.Context) error {
	entries, err := c.l.st.TargetTrail(ctx, c.l.scope, c.unit.Path)
	if err != nil {
		return err
	}
	trail := make([]domain.TrailEntry, len(entries))
	rows := make([][2]*trailRow, len(entries))
	approvedAt := map[int64]time.Time{}
	for i, e := range entries {
		old, err := readTrailRow(e.OldValue)
		if err != nil {
			return err
		}
		now, err := readTrailRow(e.NewValue)
		if err != nil {
			return err
		}
		rows[i] = [2]*trailRow{old, now}
		year := 0
		if now != nil {
			year = now.Year
		} else if old != nil {
			year = old.Year
		}
		trail[i] = domain.TrailEntry{Indicator: *e.IndicatorID, Year: year, Approval: e.ObjectType == storage.ObjectRealisation}
		if trail[i].Approval && year == c.year {
			if _, ok := approvedAt[*e.IndicatorID]; !ok {
				approvedAt[*e.IndicatorID] = e.At
			}
		}
	}
	for _, i := range domain.ChangedAfterApproval(trail) {
		e := entries[i]
		if trail[i].Year != c.year {
			continue
		}
		ind, err := c.l.Indicator(ctx, *e.IndicatorID)
		if err != nil {
			return err
		}
		if ind == nil {
			continue
		}
		f := &models.ConsistencyFinding{
			Kind: domain.TargetChangedAfterApproval, Location: fmt.Sprintf("%s, Target %d", indicatorRow(ind), c.year),
			Year: ref(c.year), Subject: ind,
			Note: ref(fmt.Sprintf("the target was changed at %s, after a realisation of %d was approved at %s: the approved capaian no longer follows from the stored values",
				e.At.UTC().Format(time.RFC3339), c.year, approvedAt[*e.IndicatorID].UTC().Format(time.RFC3339))),
		}
		if old := rows[i][0].target(); old != "" {
			f.Stated = ref(old)
		}
		if now := rows[i][1].target(); now != "" {
			f.Computed = ref(now)
		}
		c.add(f)
	}
	return nil
}
