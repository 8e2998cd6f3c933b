package storage

import (
	"context"
	"fmt"

	"gorm.io/gorm"
)

// findIn returns the rows of T whose column is one of values, ordered by
// order. It is the batched read behind the dataloaders.
func findIn[T any](ctx context.Context, db *gorm.DB, column string, values []int64, order string) ([]T, error) {
	var out []T
	if len(values) == 0 {
		return out, nil
	}
	err := db.WithContext(ctx).Where(column+" IN ?", values).Order(order).Find(&out).Error
	if err != nil {
		var zero T
		return nil, fmt.Errorf("find %T by %s: %w", zero, column, err)
	}
	return out, nil
}

// first reads one row of T by id into a new value, or reports it missing as
// what.
func first[T any](ctx context.Context, db *gorm.DB, what string, id int64) (*T, error) {
	var row T
	err := db.WithContext(ctx).Where("id = ?", id).Take(&row).Error
	if err != nil {
		if isNotFound(err) {
			return nil, notFound(what, id)
		}
		return nil, fmt.Errorf("read %s %d: %w", what, id, err)
	}
	return &row, nil
}

func isNotFound(err error) bool { return err == gorm.ErrRecordNotFound }
