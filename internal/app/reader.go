package app

import (
	"context"

	"github.com/kinerja/kinerja/models"
)

// Reader is what the use cases read: the rows of the store a caller may
// see, batched per request. A nil row with a nil error means there is none.
type Reader interface {
	// OrgUnits returns the org units with ids, in order, skipping missing ones;
	// all of them in one fetch.
	OrgUnits(ctx context.Context, ids []int64) ([]*models.OrgUnit, error)
	// OrgUnit returns the org unit with id.
	OrgUnit(ctx context.Context, id int64) (*models.OrgUnit, error)
	// Targets returns the targets of an indicator of year (every year for 0).
	Targets(ctx context.Context, indicatorID int64, year int) ([]*models.Target, error)
	// Realisations returns the realisations of an indicator of year (every
	// year for 0), approved ones only when the caller reads those only or
	// asked for them.
	Realisations(ctx context.Context, indicatorID int64, year int, approvedOnly bool) ([]*models.Realisation, error)
}
