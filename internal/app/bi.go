package app

import (
	"context"

	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/models"
)

// BIQuery selects the rows of a BI view (docs/bi.md): those of the subtree
// of Unit (the caller's own subtree when nil), of the years From..To (every
// year for 0; org_units has none), from APPROVED realisations only when
// asked (ApprovedOnly) or when the caller reads those only.
type BIQuery struct {
	View         storage.BIView
	Unit         *models.OrgUnit
	From, To     int
	ApprovedOnly bool
}

// BIRows streams the rows of q's view as storage.Store.BIRows does: header
// once with the column names, then row for each row in the view's order.
// Units outside the caller's subtree never appear.
func (l *Session) BIRows(ctx context.Context, q BIQuery, header func([]string) error, row func([]any) error) error {
	l.mu.Lock()
	st, who, scope, approved := l.st, l.who, l.scope, l.approvedOnly(q.ApprovedOnly)
	l.mu.Unlock()
	if q.Unit != nil {
		if err := who.CanRead(q.Unit.Path); err != nil {
			return err
		}
		scope = q.Unit.Path
	}
	f := storage.BIFilter{Scope: scope, FromYear: q.From, ToYear: q.To, ApprovedOnly: approved}
	return st.BIRows(ctx, q.View, f, header, row)
}
