package storage

import (
	"context"
	"errors"
	"fmt"

	"gorm.io/gorm"

	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/models"
)

// Figures are the figures of an import, by id (the caller resolves the
// codes it read). Ref in each row is the caller's handle on it, returned
// with the row's error.
type Figures struct {
	Targets      []TargetFigure
	Realisations []RealisationFigure
	Lines        []LineFigure
	Stated       []StatedFigure
}

// TargetFigure is the target of an indicator for a year.
type TargetFigure struct {
	Ref         int
	IndicatorID int64
	Year        int
	Target      domain.Target
}

// RealisationFigure is a realisation to record.
type RealisationFigure struct {
	Ref int
	RealisationInput
}

// LineFigure is the budget line of a sub-activity for a year.
type LineFigure struct {
	Ref           int
	SubActivityID int64
	Year          int
	Pagu          domain.Money
	Realisasi     domain.Money
}

// StatedFigure is a figure a document stated; its key is source, table,
// subject, year and figure.
type StatedFigure struct {
	Ref int
	models.StatedFigure
}

// Tally counts the rows of one kind an import wrote or found as they were.
type Tally struct {
	Created, Updated, Unchanged int
}

// ImportTally is what an import did, per kind of row.
type ImportTally struct {
	Targets, Realisations, Lines, Stated Tally
}

// RowError is the reason the row with Ref was refused.
type RowError struct {
	Ref int
	Err error
}

// errRollback ends an import's transaction without a change: nothing
// changed, a dry run, or rows refused.
var errRollback = errors.New("import rolled back")

// ImportFigures writes in one transaction every row of in, as actor, each
// with the checks and the audit entry of its own write (SetTarget,
// RecordRealisation, RecordBudgetLine; a stated figure needs the actor to
// enter data for its subject's unit). A row equal to the stored one is left
// as it is (no new version, no audit entry), so that importing the same
// figures twice changes nothing the second time. All or nothing: when any
// row is refused, nothing is written and every refused row is returned,
// with a nil error. dryRun checks every row and writes nothing. The changes
// are summed up in one IMPORT entry of the audit trail.
func (s *Store) ImportFigures(ctx context.Context, actor Actor, in Figures, dryRun bool) (ImportTally, []RowError, error) {
	var (
		tally   ImportTally
		refused []RowError
	)
	actor = refusingActor{actor}
	err := s.write(ctx, "import figures", "figure", func(tx *gorm.DB, trail *auditTrail) error {
		tally, refused = ImportTally{}, nil
		refuse := func(ref int, err error) error {
			if !userError(err) {
				return err
			}
			refused = append(refused, RowError{Ref: ref, Err: err})
			return nil
		}
		for _, t := range in.Targets {
			if err := refuse(t.Ref, importTarget(ctx, tx, trail, actor, t, &tally.Targets)); err != nil {
				return err
			}
		}
		for _, r := range in.Realisations {
			if err := refuse(r.Ref, importRealisation(ctx, tx, trail, actor, r, &tally.Realisations)); err != nil {
				return err
			}
		}
		for _, l := range in.Lines {
			if err := refuse(l.Ref, importLine(ctx, tx, trail, actor, l, &tally.Lines)); err != nil {
				return err
			}
		}
		for _, f := range in.Stated {
			if err := refuse(f.Ref, importStated(tx, actor, f, &tally.Stated)); err != nil {
				return err
			}
		}
		changed := tally.Targets.changed() + tally.Realisations.changed() + tally.Lines.changed() + tally.Stated.changed()
		if len(refused) > 0 || dryRun || changed == 0 {
			return errRollback
		}
		trail.add(actor.ActorID(), change{action: AuditImport, object: ObjectDataset, new: tally})
		return nil
	})
	if errors.Is(err, errRollback) {
		err = nil
	}
	if err != nil {
		return ImportTally{}, nil, err
	}
	return tally, refused, nil
}

func (t Tally) changed() int { return t.Created + t.Updated }

// count adds a row written (created when it did not exist) or left as it was.
func (t *Tally) count(existed, same bool) {
	switch {
	case same:
		t.Unchanged++
	case existed:
		t.Updated++
	default:
		t.Created++
	}
}

// userError reports whether err refuses one row for what it holds or who
// writes it, rather than failing the import.
func userError(err error) bool {
	var (
		in *domain.InputError
		se *Error
	)
	var ar actorRefusal
	return err != nil && (errors.As(err, &in) || errors.As(err, &se) || errors.As(err, &ar))
}

// refusingActor is an Actor whose refusals are marked as such (actorRefusal),
// so that an import tells them from failures.
type refusingActor struct{ Actor }

func (a refusingActor) CanEnter(path string) error  { return markRefusal(a.Actor.CanEnter(path)) }
func (a refusingActor) CanManage(path string) error { return markRefusal(a.Actor.CanManage(path)) }
func (a refusingActor) Forbidden(msg string) error  { return markRefusal(a.Actor.Forbidden(msg)) }

// actorRefusal is an error of the actor's refusing a change; it unwraps to
// the actor's own error.
type actorRefusal struct{ err error }

func (r actorRefusal) Error() string { return r.err.Error() }
func (r actorRefusal) Unwrap() error { return r.err }

func markRefusal(err error) error {
	if err == nil {
		return nil
	}
	return actorRefusal{err}
}

func importTarget(ctx context.Context, tx *gorm.DB, trail *auditTrail, actor Actor, f TargetFigure, tally *Tally) error {
	if _, err := indicatorForEntry(ctx, tx, actor, f.IndicatorID, f.Year); err != nil {
		return err
	}
	var old []models.Target
	if err := tx.Where("indicator_id = ? AND year = ?", f.IndicatorID, f.Year).Limit(1).Find(&old).Error; err != nil {
		return err
	}
	if len(old) == 1 && sameTarget(old[0].Domain(), f.Target) {
		tally.count(true, true)
		return nil
	}
	if _, err := setTarget(ctx, tx, trail, actor, f.IndicatorID, f.Year, f.Target, nil); err != nil {
		return err
	}
	tally.count(len(old) == 1, false)
	return nil
}

func sameTarget(a, b domain.Target) bool {
	return sameNumber(a.Value, b.Value) && sameNumber(a.Min, b.Min) && sameNumber(a.Max, b.Max) && a.Label == b.Label
}

func sameNumber(a, b *float64) bool {
	return (a == nil) == (b == nil) && (a == nil || *a == *b)
}

func importRealisation(ctx context.Context, tx *gorm.DB, trail *auditTrail, actor Actor, f RealisationFigure, tally *Tally) error {
	if _, err := indicatorForEntry(ctx, tx, actor, f.IndicatorID, f.Year); err != nil {
		return err
	}
	var old []models.Realisation
	if err := tx.Where("indicator_id = ? AND year = ? AND period = ?", f.IndicatorID, f.Year, f.Period).Limit(1).Find(&old).Error; err != nil {
		return err
	}
	if len(old) == 1 && old[0].Value == f.Value && sameText(old[0].DataSource, f.DataSource) &&
		sameText(old[0].Obstacles, f.Obstacles) && sameText(old[0].Remedies, f.Remedies) {
		tally.count(true, true)
		return nil
	}
	if _, err := recordRealisation(ctx, tx, trail, actor, f.RealisationInput); err != nil {
		return err
	}
	tally.count(len(old) == 1, false)
	return nil
}

// sameText reports whether stored text equals s as a write would store it.
func sameText(stored *string, s string) bool {
	o := optional(s)
	return (stored == nil) == (o == nil) && (o == nil || *stored == *o)
}

func importLine(ctx context.Context, tx *gorm.DB, trail *auditTrail, actor Actor, f LineFigure, tally *Tally) error {
	var old []models.BudgetLine
	if err := tx.Where("sub_activity_id = ? AND year = ?", f.SubActivityID, f.Year).Limit(1).Find(&old).Error; err != nil {
		return err
	}
	if len(old) == 1 && old[0].Pagu == f.Pagu && old[0].Realisasi == f.Realisasi {
		// Still the actor's to enter: an unchanged row outside its
		// subtree is refused like a changed one.
		var sub SubActivityPath
		if err := tx.Table("sub_activities").Select("o.path AS unit_path").
			Joins("JOIN org_units o ON o.id = sub_activities.org_unit_id").
			Where("sub_activities.id = ?", f.SubActivityID).Take(&sub).Error; err != nil {
			return err
		}
		if err := actor.CanEnter(sub.UnitPath); err != nil {
			return err
		}
		tally.count(true, true)
		return nil
	}
	if _, err := recordBudgetLine(ctx, tx, trail, actor, f.SubActivityID, f.Year, f.Pagu, f.Realisasi, nil); err != nil {
		return err
	}
	tally.count(len(old) == 1, false)
	return nil
}

// SubActivityPath is the path of a sub-activity's unit.
type SubActivityPath struct{ UnitPath string }

// importStated writes a stated figure, replacing the value and note of the
// one with the same key. A stated figure is no row of the workflow: the
// import's audit entry counts them.
func importStated(tx *gorm.DB, actor Actor, f StatedFigure, tally *Tally) error {
	var subject struct{ SubjectPath *string }
	err := tx.Raw(statedSubjectPath, f.SubjectType, f.SubjectID, f.SubjectType, f.SubjectID, f.SubjectType, f.SubjectID,
		f.SubjectType, f.SubjectID, f.SubjectType, f.SubjectID).Scan(&subject).Error
	if err != nil {
		return err
	}
	if subject.SubjectPath == nil {
		return domain.Invalid("subject", fmt.Sprintf("no %s %d exists", f.SubjectType, f.SubjectID))
	}
	if err := actor.CanEnter(*subject.SubjectPath); err != nil {
		return err
	}
	for _, t := range []struct {
		name, text string
		max        int
	}{{"source", f.Source, 500}, {"table", f.TableRef, 200}, {"figure", f.Figure, 100}, {"value", f.Value, 500}, {"note", deref(f.Note), MaxNarrative}} {
		if err := checkText(t.name, t.text, t.max); err != nil {
			return err
		}
	}
	q := tx.Where("source = ? AND table_ref = ? AND subject_type = ? AND subject_id = ? AND figure = ?",
		f.Source, f.TableRef, f.SubjectType, f.SubjectID, f.Figure)
	if f.Year == nil {
		q = q.Where("year IS NULL")
	} else {
		q = q.Where("year = ?", *f.Year)
	}
	var old []models.StatedFigure
	if err := forUpdate(q).Order("id").Limit(1).Find(&old).Error; err != nil {
		return err
	}
	row := f.StatedFigure
	row.Note = optional(deref(f.Note))
	switch {
	case len(old) == 0:
		row.ID = 0
		if err := tx.Create(&row).Error; err != nil {
			return err
		}
		tally.count(false, false)
	case old[0].Value == row.Value && sameText(old[0].Note, deref(row.Note)):
		tally.count(true, true)
	default:
		if err := tx.Model(&old[0]).Updates(map[string]any{"value": row.Value, "note": row.Note}).Error; err != nil {
			return err
		}
		tally.count(true, false)
	}
	return nil
}

// statedSubjectPath reads the path of the unit a stated figure's subject
// belongs to (see StatedRow), null when there is no such subject.
const statedSubjectPath = `SELECT COALESCE(
	(SELECT path FROM org_units WHERE ? = 'ORG_UNIT' AND id = ?),
	(SELECT o.path FROM indicators i JOIN org_units o ON o.id = i.owner_id WHERE ? = 'INDICATOR' AND i.id = ?),
	(SELECT o.path FROM programs p JOIN plans pl ON pl.id = p.plan_id JOIN org_units o ON o.id = pl.org_unit_id WHERE ? = 'PROGRAM' AND p.id = ?),
	(SELECT o.path FROM activities a JOIN org_units o ON o.id = a.org_unit_id WHERE ? = 'ACTIVITY' AND a.id = ?),
	(SELECT o.path FROM sub_activities s JOIN org_units o ON o.id = s.org_unit_id WHERE ? = 'SUB_ACTIVITY' AND s.id = ?)
) AS subject_path`

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
