package models

import "errors"

// IndicatorFields answers the owner, target, realisations and achievement
// fields of the indicators one request reads, within that request's caller
// and scope. The request's loaders attach it to every indicator they see, so
// the fields are plain methods of Indicator: GraphQL resolves them in line,
// from the rows the page resolver prefetched, instead of in a goroutine per
// field per node.
type IndicatorFields interface {
	Owner(ind *Indicator) (*OrgUnit, error)
	Target(ind *Indicator, year int) (*Target, error)
	Realisations(ind *Indicator, year int, approvedOnly *bool) ([]*Realisation, error)
	Achievement(ind *Indicator, year int, quarter *int, approvedOnly *bool) (*Achievement, error)
}

// errNoFields is returned by the fields of an indicator no request read.
var errNoFields = errors.New("indicator: read outside a request")

// Attach makes f answer the fields of i unless a request already does. Call
// before i is handed to other goroutines.
func (i *Indicator) Attach(f IndicatorFields) {
	if i.fields == nil {
		i.fields = f
	}
}

// OwnerUnit is the org unit that owns the indicator.
func (i *Indicator) OwnerUnit() (*OrgUnit, error) {
	if i.fields == nil {
		return nil, errNoFields
	}
	return i.fields.Owner(i)
}

// TargetIn is the target of year, nil when none is set.
func (i *Indicator) TargetIn(year int) (*Target, error) {
	if i.fields == nil {
		return nil, errNoFields
	}
	return i.fields.Target(i, year)
}

// RealisationsIn are the realisations of year the caller may read.
func (i *Indicator) RealisationsIn(year int, approvedOnly *bool) ([]*Realisation, error) {
	if i.fields == nil {
		return nil, errNoFields
	}
	return i.fields.Realisations(i, year, approvedOnly)
}

// AchievementIn is the achievement of year, or of its quarter.
func (i *Indicator) AchievementIn(year int, quarter *int, approvedOnly *bool) (*Achievement, error) {
	if i.fields == nil {
		return nil, errNoFields
	}
	return i.fields.Achievement(i, year, quarter, approvedOnly)
}
