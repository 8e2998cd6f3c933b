package resolvers

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/kinerja/kinerja/auth"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/models"
)

// maxSearch bounds the search text of the indicators connection.
const maxSearch = 200

// indicatorQuery turns the filter of Query.indicators into a storage query
// within the caller's scope.
func (r *Resolver) indicatorQuery(ctx context.Context, who *auth.Identity, l *Loaders, f *models.IndicatorFilter) (storage.IndicatorQuery, error) {
	q := storage.IndicatorQuery{Scope: who.UnitPath}
	if f == nil {
		return q, nil
	}
	if f.OrgUnitID != nil {
		u, err := l.OrgUnit(ctx, *f.OrgUnitID)
		if err != nil {
			return q, err
		}
		if u == nil {
			return q, notFound("org unit", *f.OrgUnitID)
		}
		if err := who.CanRead(u.Path); err != nil {
			return q, err
		}
		q.Under = u.Path
	}
	q.SasaranID, q.Level = f.SasaranID, f.Level
	if f.Search != nil {
		s := strings.TrimSpace(*f.Search)
		if utf8.RuneCountInString(s) > maxSearch {
			return q, domain.Invalid("search", fmt.Sprintf("at most %d characters", maxSearch))
		}
		q.Search = s
	}
	return q, nil
}

// yearTarget returns the target of an indicator in year, nil when none.
func yearTarget(ctx context.Context, l *Loaders, id int64, year int) (*models.Target, error) {
	ts, err := l.Targets(ctx, id, year)
	if err != nil || len(ts) == 0 {
		return nil, err
	}
	return ts[0], nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
