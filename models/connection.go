package models

import "context"

// IndicatorConnection is a page of indicators (a Relay connection). Its
// totalCount is computed only when asked for, by Count.
type IndicatorConnection struct {
	Edges    []*IndicatorEdge
	PageInfo *PageInfo
	Count    func(context.Context) (int, error) `json:"-"`
}
