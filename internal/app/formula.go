package app

import (
	"context"

	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/models"
)

// IndicatorFormula returns the convention that applies to ind: GAP for
// positive indicators (unused), else its owner's.
func IndicatorFormula(ctx context.Context, r Reader, ind *models.Indicator) (domain.NegativeFormula, error) {
	if ind.Polarity != domain.Negative {
		return domain.NegativeGap, nil
	}
	owner, err := r.OrgUnit(ctx, ind.OwnerID)
	if err != nil || owner == nil {
		return domain.NegativeGap, err
	}
	return NegativeFormula(ctx, r, owner)
}

// NegativeFormula returns the convention for the negative indicators owned
// in unit u: its own setting, else its nearest ancestor's, else GAP.
func NegativeFormula(ctx context.Context, r Reader, u *models.OrgUnit) (domain.NegativeFormula, error) {
	if u.NegativeFormula != nil {
		return *u.NegativeFormula, nil
	}
	ancestors, err := r.OrgUnits(ctx, u.AncestorIDs())
	if err != nil {
		return "", err
	}
	for i := len(ancestors) - 1; i >= 0; i-- {
		if f := ancestors[i].NegativeFormula; f != nil {
			return *f, nil
		}
	}
	return domain.NegativeGap, nil
}
