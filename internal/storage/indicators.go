package storage

import (
	"context"
	"fmt"
	"strings"

	"gorm.io/gorm"

	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/models"
)

// indicatorColumns are the columns of indicators the API reads (not the
// timestamps, which it does not show and which SQLite makes costly to scan).
const indicatorColumns = `indicators.id, indicators.plan_id, indicators.code, indicators.name, indicators.unit,
	indicators.polarity, indicators.accumulation, indicators.level, indicators.owner_id, indicators.formula,
	indicators.goal_id, indicators.sasaran_id, indicators.program_id, indicators.activity_id, indicators.sub_activity_id,
	indicators.position, indicators.renstra_value, indicators.renstra_min, indicators.renstra_max, indicators.renstra_label,
	indicators.baseline_value, indicators.baseline_min, indicators.baseline_max, indicators.baseline_label,
	o.path AS owner_path`

// indicators selects indicators with their owner's path, limited to those
// owned in the subtree of scope.
func (s *Store) indicators(ctx context.Context, scope string) *gorm.DB {
	q := s.db.WithContext(ctx).Table("indicators").
		Select(indicatorColumns).
		Joins("JOIN org_units o ON o.id = indicators.owner_id")
	return under(q, "o.path", scope)
}

// Indicator returns the indicator with id and its owner's path, whoever owns
// it: callers check scope against OwnerPath.
func (s *Store) Indicator(ctx context.Context, id int64) (*models.Indicator, error) {
	var ind models.Indicator
	if err := s.indicators(ctx, "").Where("indicators.id = ?", id).Take(&ind).Error; err != nil {
		if isNotFound(err) {
			return nil, notFound("indicator", id)
		}
		return nil, fmt.Errorf("read indicator %d: %w", id, err)
	}
	return &ind, nil
}

// IndicatorsByID returns the indicators with the given ids in the subtree of
// scope.
func (s *Store) IndicatorsByID(ctx context.Context, scope string, ids []int64) ([]models.Indicator, error) {
	var out []models.Indicator
	if len(ids) == 0 {
		return out, nil
	}
	if err := s.indicators(ctx, scope).Where("indicators.id IN ?", ids).Find(&out).Error; err != nil {
		return nil, fmt.Errorf("read indicators: %w", err)
	}
	return out, nil
}

// elementColumn is the column that links an indicator to its element at
// level l.
func elementColumn(l domain.Level) string {
	switch l {
	case domain.LevelGoal:
		return "goal_id"
	case domain.LevelSasaran:
		return "sasaran_id"
	case domain.LevelProgram:
		return "program_id"
	case domain.LevelActivity:
		return "activity_id"
	}
	return "sub_activity_id"
}

// IndicatorsByElement returns the indicators of the given plan elements of
// level l owned in the subtree of scope, in plan order.
func (s *Store) IndicatorsByElement(ctx context.Context, scope string, l domain.Level, ids []int64) ([]models.Indicator, error) {
	var out []models.Indicator
	if len(ids) == 0 {
		return out, nil
	}
	col := "indicators." + elementColumn(l)
	if err := s.indicators(ctx, scope).Where(col+" IN ?", ids).Order("indicators.position, indicators.id").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("read indicators by %s: %w", l, err)
	}
	return out, nil
}

// IndicatorsByOwner returns the indicators owned by the given units (not
// their subtrees), of level l when l is set, in plan order.
func (s *Store) IndicatorsByOwner(ctx context.Context, ownerIDs []int64, l *domain.Level) ([]models.Indicator, error) {
	var out []models.Indicator
	if len(ownerIDs) == 0 {
		return out, nil
	}
	q := s.indicators(ctx, "").Where("indicators.owner_id IN ?", ownerIDs)
	if l != nil {
		q = q.Where("indicators.level = ?", *l)
	}
	if err := q.Order("indicators.position, indicators.id").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("read indicators by owner: %w", err)
	}
	return out, nil
}

// IndicatorQuery selects indicators for a connection.
type IndicatorQuery struct {
	// Scope is the caller's subtree; Under narrows it to a unit's subtree.
	Scope, Under string
	SasaranID    *int64
	Level        *domain.Level
	// Search matches name or code, case-insensitively.
	Search string
}

// IndicatorKey is the key of an indicator in the order of ListIndicators,
// for a Window.
func IndicatorKey(i *models.Indicator) []any { return []any{i.ID} }

func (s *Store) indicatorFilter(ctx context.Context, q IndicatorQuery) *gorm.DB {
	db := s.indicators(ctx, q.Scope)
	if q.Under != "" {
		db = under(db, "o.path", q.Under)
	}
	if q.SasaranID != nil {
		db = db.Where("indicators.sasaran_id = ?", *q.SasaranID)
	}
	if q.Level != nil {
		db = db.Where("indicators.level = ?", *q.Level)
	}
	if q.Search != "" {
		pattern := "%" + escapeLike(strings.ToLower(q.Search)) + "%"
		db = db.Where(`(LOWER(indicators.name) LIKE ? ESCAPE '\' OR LOWER(indicators.code) LIKE ? ESCAPE '\')`, pattern, pattern)
	}
	return db
}

// ListIndicators returns the page w of the indicators q selects, ordered by
// id (creation order, which is plan order for loaded data). Its statement
// is the one indicatorFilter and readPageWith would build through GORM,
// written here (see Store.raw): the busiest page of the API.
func (s *Store) ListIndicators(ctx context.Context, q IndicatorQuery, w Window) (Page[models.Indicator], error) {
	b := binder{numbered: s.dialect == Postgres}
	var sql strings.Builder
	sql.Grow(len(indicatorColumns) + 300)
	sql.WriteString("SELECT " + indicatorColumns + ` FROM "indicators" JOIN org_units o ON o.id = indicators.owner_id WHERE `)
	sql.WriteString(b.under("o.path", q.Scope))
	if q.Under != "" {
		sql.WriteString(" AND " + b.under("o.path", q.Under))
	}
	if q.SasaranID != nil {
		sql.WriteString(" AND indicators.sasaran_id = " + b.arg(*q.SasaranID))
	}
	if q.Level != nil {
		sql.WriteString(" AND indicators.level = " + b.arg(*q.Level))
	}
	if q.Search != "" {
		pattern := "%" + escapeLike(strings.ToLower(q.Search)) + "%"
		sql.WriteString(` AND (LOWER(indicators.name) LIKE ` + b.arg(pattern) + ` ESCAPE '\' OR LOWER(indicators.code) LIKE ` + b.arg(pattern) + ` ESCAPE '\')`)
	}
	for _, bound := range []struct {
		key []any
		op  string
	}{{w.After, " > "}, {w.Before, " < "}} {
		if bound.key == nil {
			continue
		}
		if len(bound.key) != 1 {
			return Page[models.Indicator]{}, fmt.Errorf("list indicators: a key of %d values, want 1", len(bound.key))
		}
		sql.WriteString(" AND indicators.id" + bound.op + b.arg(bound.key[0]))
	}
	sql.WriteString(" ORDER BY indicators.id")
	if w.Backward {
		sql.WriteString(" DESC")
	}
	sql.WriteString(" LIMIT " + b.arg(w.Limit+1))
	rows, err := scanRows(s.raw(ctx, b, sql.String()), "indicators", w.Limit+1, indicatorFields)
	if err != nil {
		return Page[models.Indicator]{}, err
	}
	return pageOf(rows, w), nil
}

// CountIndicators returns how many indicators q selects, ignoring its page.
func (s *Store) CountIndicators(ctx context.Context, q IndicatorQuery) (int64, error) {
	return count(s.indicatorFilter(ctx, q), "indicators")
}

// escapeLike escapes the wildcards of a LIKE pattern with a backslash.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}
