package app

import (
	"context"

	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/models"
)

// Settings are the agency settings a capaian is computed with, each a
// unit's own or inherited from its nearest ancestor that has one.
type Settings struct {
	// Formula is the convention for negative indicators (GAP by default).
	Formula domain.NegativeFormula
	// Cap is the capaian cap; nil for none (the default).
	Cap *float64
}

// IndicatorSettings returns the settings that apply to ind: its owner's.
// With the owner's path known, the units on it are read in one fetch.
// A Reader that keeps settings by path (a Session) is asked first: the
// indicators of a page share a few owners.
func IndicatorSettings(ctx context.Context, r Reader, ind *models.Indicator) (Settings, error) {
	if ind.OwnerPath != "" {
		kept, keeps := r.(settingsKeeper)
		if keeps {
			if s, ok := kept.keptSettings(ind.OwnerPath); ok {
				return s, nil
			}
		}
		line, err := r.OrgUnits(ctx, models.PathIDs(ind.OwnerPath))
		if err != nil {
			return Settings{Formula: domain.NegativeGap}, err
		}
		s := settingsOf(line)
		if keeps {
			kept.keepSettings(ind.OwnerPath, s)
		}
		return s, nil
	}
	owner, err := r.OrgUnit(ctx, ind.OwnerID)
	if err != nil || owner == nil {
		return Settings{Formula: domain.NegativeGap}, err
	}
	return UnitSettings(ctx, r, owner)
}

// settingsKeeper keeps the settings of the units at a path for a request.
type settingsKeeper interface {
	keptSettings(path string) (Settings, bool)
	keepSettings(path string, s Settings)
}

// NegativeFormula returns the convention for the negative indicators owned
// in unit u: its own setting, else its nearest ancestor's, else GAP.
func NegativeFormula(ctx context.Context, r Reader, u *models.OrgUnit) (domain.NegativeFormula, error) {
	s, err := UnitSettings(ctx, r, u)
	return s.Formula, err
}

// CapaianCap returns the capaian cap for the indicators owned in unit u:
// its own setting, else its nearest ancestor's; nil for none.
func CapaianCap(ctx context.Context, r Reader, u *models.OrgUnit) (*float64, error) {
	s, err := UnitSettings(ctx, r, u)
	return s.Cap, err
}

// PathSettings returns the settings for the indicators owned in the units
// with the given paths, by path, reading every unit on those paths in one
// fetch.
func PathSettings(ctx context.Context, r Reader, paths []string) (map[string]Settings, error) {
	seen := map[int64]bool{}
	var ids []int64
	for _, p := range paths {
		for _, id := range models.PathIDs(p) {
			if !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
	}
	units, err := r.OrgUnits(ctx, ids)
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]*models.OrgUnit, len(units))
	for _, u := range units {
		byID[u.ID] = u
	}
	out := make(map[string]Settings, len(paths))
	for _, p := range paths {
		if _, ok := out[p]; ok {
			continue
		}
		var line []*models.OrgUnit
		for _, id := range models.PathIDs(p) {
			if u := byID[id]; u != nil {
				line = append(line, u)
			}
		}
		out[p] = settingsOf(line)
	}
	return out, nil
}

// UnitSettings returns the settings for the indicators owned in unit u.
func UnitSettings(ctx context.Context, r Reader, u *models.OrgUnit) (Settings, error) {
	line := []*models.OrgUnit{u}
	if u.NegativeFormula == nil || u.CapaianCap == nil {
		ancestors, err := r.OrgUnits(ctx, u.AncestorIDs())
		if err != nil {
			return Settings{}, err
		}
		line = append(ancestors, u)
	}
	return settingsOf(line), nil
}

// settingsOf returns the settings of the last unit of line, a path from the
// root: each setting the unit's own, else the nearest ancestor's that has one.
func settingsOf(line []*models.OrgUnit) Settings {
	var formula *domain.NegativeFormula
	var cap *float64
	for i := len(line) - 1; i >= 0; i-- {
		if formula == nil {
			formula = line[i].NegativeFormula
		}
		if cap == nil {
			cap = line[i].CapaianCap
		}
	}
	s := Settings{Formula: domain.NegativeGap, Cap: domain.EffectiveCap(cap)}
	if formula != nil {
		s.Formula = *formula
	}
	return s
}
