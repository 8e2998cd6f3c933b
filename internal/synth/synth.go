// Package synth generates a synthetic national data set: a country of many
// Pemda, each with many agencies, each agency with its Asisten and Bagian,
// users, a strategic plan, indicators with targets and quarterly
// realisations over several years, and budget lines. It is deterministic
// (the same Spec gives the same rows) and fast: it streams every table to
// storage.Store.BulkLoad (COPY on PostgreSQL) with the ids it assigns
// itself, so that nothing is read back while it loads.
package synth

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"time"

	"github.com/kinerja/kinerja/auth"
	"github.com/kinerja/kinerja/internal/storage"
)

// LastYear is the last year of every generated data set.
const LastYear = 2023

// Spec is the size and the seed of a data set.
type Spec struct {
	Pemda      int // Pemda under the country's root unit
	Agencies   int // agencies (OPD) per Pemda
	Indicators int // indicators per agency
	Years      int // years of targets and realisations, ending with LastYear
	Seed       uint64
	// Password is the password of every user (one bcrypt hash serves all).
	Password string
}

// The shape of one agency: its units, users and plan elements.
const (
	assistants    = 2 // Asisten per agency
	divisionsPer  = 2 // Bagian per Asisten
	divisions     = assistants * divisionsPer
	unitsPer      = 1 + assistants + divisions // the agency, its Asisten, its Bagian
	usersPer      = 1 + divisions              // an APPROVER, an OPERATOR per Bagian
	goalsPer      = 2
	sasaranPer    = 2 // per goal
	programsPer   = 2
	activitiesPer = 2 // per program
	subsPer       = 2 // per activity
)

// Check reports whether s describes a data set that can be generated.
func (s Spec) Check() error {
	switch {
	case s.Pemda < 1 || s.Agencies < 1 || s.Indicators < 1 || s.Years < 1:
		return errors.New("synth: -pemda, -agencies, -indicators and -years must be at least 1")
	case s.Pemda > 10000 || s.Agencies > 1000 || s.Indicators > 1000 || s.Years > 20:
		return errors.New("synth: at most 10000 Pemda, 1000 agencies each, 1000 indicators per agency and 20 years")
	case s.Password == "":
		return errors.New("synth: the users need a password")
	}
	return nil
}

// agencies returns the number of agencies of s.
func (s Spec) agencies() int { return s.Pemda * s.Agencies }

// FirstYear returns the first year of s.
func (s Spec) FirstYear() int { return LastYear - s.Years + 1 }

// Rows returns about how many rows Load writes for s, for a progress bar.
func (s Spec) Rows() int64 {
	g := int64(s.agencies())
	k, y := int64(s.Indicators), int64(s.Years)
	perAgency := int64(unitsPer+usersPer+1+1+goalsPer+goalsPer*sasaranPer+programsPer*3+programsPer*activitiesPer*(1+subsPer)) +
		k + k*y + k*y*4 + programsPer*activitiesPer*subsPer*y
	return 2 + 2*int64(s.Pemda) + g*perAgency
}

// Load fills st, which must be empty (and migrated), with the data set of
// s. loaded, when not nil, is told of the rows written as they are.
func Load(ctx context.Context, st *storage.Store, s Spec, loaded func(n int)) error {
	if err := s.Check(); err != nil {
		return err
	}
	empty, err := st.IsEmpty(ctx)
	if err != nil {
		return err
	}
	if !empty {
		return errors.New("synth: the database already holds data: synth fills an empty database only")
	}
	hash, err := auth.HashPassword(s.Password)
	if err != nil {
		return fmt.Errorf("synth: password: %w", err)
	}
	g := &generator{Spec: s, hash: hash, now: time.Date(LastYear+1, 1, 15, 0, 0, 0, 0, time.UTC)}
	return st.BulkLoad(ctx, func(b *storage.Bulk) error {
		b.Loaded = loaded
		for _, t := range g.tables() {
			src := pull(t.rows)
			err := b.Insert(t.name, t.columns, src)
			src.stop()
			if err != nil {
				return fmt.Errorf("synth: %w", err)
			}
		}
		return nil
	})
}

// table is one table's rows in the order of its columns.
type table struct {
	name    string
	columns []string
	rows    iter.Seq[[]any]
}

// source adapts a sequence of rows to storage.RowSource.
type source struct {
	next func() ([]any, bool)
	stop func()
	row  []any
}

func pull(rows iter.Seq[[]any]) *source {
	next, stop := iter.Pull(rows)
	return &source{next: next, stop: stop}
}

func (s *source) Next() bool {
	var ok bool
	if s.row, ok = s.next(); !ok {
		s.stop()
	}
	return ok
}

func (s *source) Values() ([]any, error) { return s.row, nil }
func (s *source) Err() error             { return nil }
