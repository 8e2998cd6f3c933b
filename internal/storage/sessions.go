package storage

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/kinerja/kinerja/models"
)

// A user's sessions are counted by users.session_gen: every token carries
// the generation it was issued in and is good only while that is still the
// user's, so moving the generation on ends every session of the user at
// once. Logging out, a new password, deactivation and a change of role or
// unit move it on.

// EndSessions ends every session of the user with id (a logout): the tokens
// issued so far stop working.
func (s *Store) EndSessions(ctx context.Context, id int64) error {
	return s.write(ctx, "log out", "user", func(tx *gorm.DB, trail *auditTrail) error {
		n, err := endSessions(tx, id)
		if err != nil {
			return err
		}
		if n == 0 {
			return notFound("user", id)
		}
		u, err := userInTx(tx, id)
		if err != nil {
			return err
		}
		trail.add(id, change{action: AuditLogout, object: ObjectUser, id: id, unit: u.OrgUnitID})
		return nil
	})
}

// ChangePassword sets the password hash of the user with id to newHash and
// ends its sessions, provided its hash is still oldHash (the one the caller
// checked the old password against); it returns the user as it is now.
func (s *Store) ChangePassword(ctx context.Context, id int64, oldHash, newHash string) (*models.User, error) {
	var u *models.User
	err := s.write(ctx, "change password", "user", func(tx *gorm.DB, trail *auditTrail) error {
		res := tx.Exec(`UPDATE users SET password_hash = ?, session_gen = session_gen + 1, updated_at = ?
			WHERE id = ? AND password_hash = ? AND active`, newHash, time.Now().UTC(), id, oldHash)
		if res.Error != nil {
			return fmt.Errorf("change password of user %d: %w", id, res.Error)
		}
		if res.RowsAffected == 0 {
			return conflict("your password or your account changed meanwhile: log in again")
		}
		var err error
		if u, err = userInTx(tx, id); err != nil {
			return err
		}
		trail.add(id, change{action: AuditChangePassword, object: ObjectUser, id: id, unit: u.OrgUnitID})
		return nil
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}

// endSessions moves the session generation of the user with id on inside
// tx and returns the number of users changed (0 or 1).
func endSessions(tx *gorm.DB, id int64) (int64, error) {
	res := tx.Exec("UPDATE users SET session_gen = session_gen + 1, updated_at = ? WHERE id = ?", time.Now().UTC(), id)
	if res.Error != nil {
		return 0, fmt.Errorf("end sessions of user %d: %w", id, res.Error)
	}
	return res.RowsAffected, nil
}

// userInTx reads the user with id and its unit's path inside tx.
func userInTx(tx *gorm.DB, id int64) (*models.User, error) {
	var u models.User
	err := tx.Table("users").Select("users.*, o.path AS unit_path").
		Joins("JOIN org_units o ON o.id = users.org_unit_id").
		Where("users.id = ?", id).Take(&u).Error
	if err != nil {
		if isNotFound(err) {
			return nil, notFound("user", id)
		}
		return nil, fmt.Errorf("read user %d: %w", id, err)
	}
	return &u, nil
}
