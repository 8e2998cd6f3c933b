package models

import "context"

// The connections (Relay pages) of the API. Each holds its page; its
// totalCount is computed only when asked for, by Count.

// IndicatorConnection is a page of indicators.
type IndicatorConnection struct {
	Edges    []*IndicatorEdge
	PageInfo *PageInfo
	Count    func(context.Context) (int, error) `json:"-"`
}

// TotalCount returns how many indicators the connection selects over all
// pages.
func (c *IndicatorConnection) TotalCount(ctx context.Context) (int, error) { return c.Count(ctx) }

// OrgUnitConnection is a page of org units.
type OrgUnitConnection struct {
	Edges    []*OrgUnitEdge
	PageInfo *PageInfo
	Count    func(context.Context) (int, error) `json:"-"`
}

// TotalCount returns how many org units the connection selects over all
// pages.
func (c *OrgUnitConnection) TotalCount(ctx context.Context) (int, error) { return c.Count(ctx) }

// UserConnection is a page of users.
type UserConnection struct {
	Edges    []*UserEdge
	PageInfo *PageInfo
	Count    func(context.Context) (int, error) `json:"-"`
}

// TotalCount returns how many users the connection selects over all pages.
func (c *UserConnection) TotalCount(ctx context.Context) (int, error) { return c.Count(ctx) }

// BudgetLineConnection is a page of budget lines.
type BudgetLineConnection struct {
	Edges    []*BudgetLineEdge
	PageInfo *PageInfo
	Count    func(context.Context) (int, error) `json:"-"`
}

// TotalCount returns how many budget lines the connection selects over all
// pages.
func (c *BudgetLineConnection) TotalCount(ctx context.Context) (int, error) { return c.Count(ctx) }

// RealisationConnection is a page of realisations.
type RealisationConnection struct {
	Edges    []*RealisationEdge
	PageInfo *PageInfo
	Count    func(context.Context) (int, error) `json:"-"`
}

// TotalCount returns how many realisations the connection selects over all
// pages.
func (c *RealisationConnection) TotalCount(ctx context.Context) (int, error) { return c.Count(ctx) }

// AuditEntryConnection is a page of audit entries.
type AuditEntryConnection struct {
	Edges    []*AuditEntryEdge
	PageInfo *PageInfo
	Count    func(context.Context) (int, error) `json:"-"`
}

// TotalCount returns how many audit entries the connection selects over all
// pages.
func (c *AuditEntryConnection) TotalCount(ctx context.Context) (int, error) { return c.Count(ctx) }
