package storage

import (
	"context"
	"errors"
	"fmt"

	"gorm.io/gorm"

	"github.com/kinerja/kinerja/models"
)

// userWithPath selects users with the path of their org unit.
func (s *Store) userWithPath(ctx context.Context) *gorm.DB {
	return s.db.WithContext(ctx).Table("users").
		Select("users.*, o.path AS unit_path").
		Joins("JOIN org_units o ON o.id = users.org_unit_id")
}

// User returns the user with id and the path of its org unit.
func (s *Store) User(ctx context.Context, id int64) (*models.User, error) {
	var u models.User
	if err := s.userWithPath(ctx).Where("users.id = ?", id).Take(&u).Error; err != nil {
		if isNotFound(err) {
			return nil, notFound("user", id)
		}
		return nil, fmt.Errorf("read user %d: %w", id, err)
	}
	return &u, nil
}

// UserByUsername returns the user named username and the path of its org
// unit.
func (s *Store) UserByUsername(ctx context.Context, username string) (*models.User, error) {
	var u models.User
	if err := s.userWithPath(ctx).Where("users.username = ?", username).Take(&u).Error; err != nil {
		if isNotFound(err) {
			return nil, &Error{Kind: ErrNotFound, Message: fmt.Sprintf("user %q does not exist", username)}
		}
		return nil, fmt.Errorf("read user %q: %w", username, err)
	}
	return &u, nil
}

// UsersByID returns the users with the given ids and the paths of their
// org units.
func (s *Store) UsersByID(ctx context.Context, ids []int64) ([]models.User, error) {
	var out []models.User
	if len(ids) == 0 {
		return out, nil
	}
	if err := s.userWithPath(ctx).Where("users.id IN ?", ids).Find(&out).Error; err != nil {
		return nil, fmt.Errorf("read users: %w", err)
	}
	return out, nil
}

// UserKey is the key of a user in the order of ListUsers, for a Window.
func UserKey(u *models.User) []any { return []any{u.Username} }

// ListUsers returns the page w of the users whose org unit lies in the
// subtree of scope, ordered by username.
func (s *Store) ListUsers(ctx context.Context, scope string, w Window) (Page[models.User], error) {
	return readPage[models.User](under(s.userWithPath(ctx), "o.path", scope), "users", "users.*, o.path AS unit_path", []string{"users.username"}, w)
}

// CountUsers returns how many users have their org unit in the subtree of
// scope.
func (s *Store) CountUsers(ctx context.Context, scope string) (int64, error) {
	return count(under(s.userWithPath(ctx), "o.path", scope), "users")
}

// Setting returns the value of an instance setting, and whether it is set.
func (s *Store) Setting(ctx context.Context, key string) (string, bool, error) {
	var row models.Setting
	err := s.db.WithContext(ctx).Where("key = ?", key).Take(&row).Error
	switch {
	case errors.Is(err, gorm.ErrRecordNotFound):
		return "", false, nil
	case err != nil:
		return "", false, fmt.Errorf("read setting %s: %w", key, err)
	}
	return row.Value, true, nil
}

// SettingOrCreate returns the value of setting key, storing create()'s
// result first when it is unset. Concurrent first calls agree on one value.
func (s *Store) SettingOrCreate(ctx context.Context, key string, create func() (string, error)) (value string, created bool, err error) {
	v, ok, err := s.Setting(ctx, key)
	if err != nil || ok {
		return v, false, err
	}
	nv, err := create()
	if err != nil {
		return "", false, err
	}
	err = s.w.WithContext(ctx).Exec("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING", key, nv).Error
	if err != nil {
		return "", false, fmt.Errorf("store setting %s: %w", key, err)
	}
	v, _, err = s.Setting(ctx, key)
	return v, v == nv, err
}
