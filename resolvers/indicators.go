package resolvers

import (
	"context"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/kinerja/kinerja/auth"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/models"
)

// Page sizes of the indicators connection.
const (
	DefaultPageSize = 20
	MaxPageSize     = 100
	maxSearch       = 200
)

const cursorPrefix = "indicator:"

// encodeCursor returns the opaque cursor of the indicator with id.
func encodeCursor(id int64) string {
	return base64.RawURLEncoding.EncodeToString([]byte(cursorPrefix + strconv.FormatInt(id, 10)))
}

// decodeCursor returns the indicator id of a cursor.
func decodeCursor(c string) (int64, error) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err == nil && strings.HasPrefix(string(b), cursorPrefix) {
		if id, err := strconv.ParseInt(strings.TrimPrefix(string(b), cursorPrefix), 10, 64); err == nil && id > 0 {
			return id, nil
		}
	}
	return 0, domain.Invalid("after", "not a cursor of this connection: pass the endCursor of the previous page")
}

// indicatorQuery turns the arguments of Query.indicators into a storage
// query within the caller's scope.
func (r *Resolver) indicatorQuery(ctx context.Context, who *auth.Identity, l *Loaders, f *models.IndicatorFilter, first *int, after *string) (storage.IndicatorQuery, error) {
	q := storage.IndicatorQuery{Scope: who.UnitPath, Limit: DefaultPageSize}
	if first != nil {
		switch {
		case *first < 0:
			return q, domain.Invalid("first", fmt.Sprintf("must not be negative, got %d", *first))
		case *first > MaxPageSize:
			q.Limit = MaxPageSize
		default:
			q.Limit = *first
		}
	}
	if after != nil {
		id, err := decodeCursor(*after)
		if err != nil {
			return q, err
		}
		q.After = id
	}
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
