package storage

import (
	"context"
	"fmt"

	"gorm.io/gorm"

	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/models"
)

// MinUsername and MaxUsername bound the length of a username.
const (
	MinUsername = 3
	MaxUsername = 64
)

// NewUser is a user to create. The password arrives hashed: storage never
// sees it in clear.
type NewUser struct {
	Username     string
	DisplayName  string
	PasswordHash string
	Role         string
	OrgUnitID    int64
}

// UserChange is a change of a user; nil fields keep their value.
type UserChange struct {
	DisplayName  *string
	PasswordHash *string
	Role         *string
	OrgUnitID    *int64
	Active       *bool
}

// CreateUser creates an active user in org unit in.OrgUnitID, which actor
// must manage.
func (s *Store) CreateUser(ctx context.Context, actor Actor, in NewUser) (*models.User, error) {
	var out models.User
	err := s.write(ctx, "create user", "user", func(tx *gorm.DB, trail *auditTrail) error {
		unit, err := unitToManage(tx, actor, in.OrgUnitID, "org unit")
		if err != nil {
			return err
		}
		out = models.User{OrgUnitID: unit.ID, Role: in.Role, PasswordHash: in.PasswordHash, Active: true, UnitPath: unit.Path}
		if out.Username, err = checkUsername(in.Username); err != nil {
			return err
		}
		if out.DisplayName, err = requiredText("displayName", in.DisplayName, MaxName); err != nil {
			return err
		}
		if out.PasswordHash == "" {
			return domain.Invalid("password", "give a password")
		}
		dup, err := taken(tx, "users", 0, "username = ?", out.Username)
		if err != nil {
			return err
		}
		if dup {
			return conflict("the username %q is taken: choose another", out.Username)
		}
		if err := tx.Create(&out).Error; err != nil {
			return err
		}
		trail.created(actor, ObjectUser, out.ID, out.OrgUnitID, out)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// UpdateUser changes the user with id. actor must manage the user's unit
// and, when the user moves, the new one. Nobody deactivates, demotes or moves
// themself: that is for another admin. A new password, deactivation and a
// change of role or unit end the user's sessions (its tokens stop working).
func (s *Store) UpdateUser(ctx context.Context, actor Actor, id int64, in UserChange) (*models.User, error) {
	var u *models.User
	err := s.write(ctx, "update user", "user", func(tx *gorm.DB, trail *auditTrail) error {
		var err error
		if u, err = userToManage(tx, actor, id); err != nil {
			return err
		}
		old := *u
		moving := in.OrgUnitID != nil && *in.OrgUnitID != u.OrgUnitID
		changes := in.PasswordHash != nil || moving ||
			in.Role != nil && *in.Role != u.Role || in.Active != nil && *in.Active != u.Active
		if err := checkSelfChange(actor, u, in); err != nil {
			return err
		}
		if moving {
			unit, err := unitToManage(tx, actor, *in.OrgUnitID, "org unit")
			if err != nil {
				return err
			}
			u.OrgUnitID, u.UnitPath = unit.ID, unit.Path
		}
		if err := changedText(&u.DisplayName, "displayName", in.DisplayName, MaxName); err != nil {
			return err
		}
		if in.PasswordHash != nil {
			u.PasswordHash = *in.PasswordHash
		}
		if in.Role != nil {
			u.Role = *in.Role
		}
		if in.Active != nil {
			u.Active = *in.Active
		}
		if err := tx.Omit("session_gen").Save(u).Error; err != nil {
			return err
		}
		if changes {
			if _, err := endSessions(tx, u.ID); err != nil {
				return err
			}
			u.SessionGen++
		}
		// A new password shows as passwordChanged: the hash itself is never
		// written to the trail.
		oldValue, newValue := snapshot(old), snapshot(*u)
		newValue["passwordChanged"] = in.PasswordHash != nil
		trail.updated(actor, ObjectUser, u.ID, u.OrgUnitID, oldValue, newValue)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}

// checkSelfChange refuses the changes an admin may not make to its own user:
// deactivating, demoting or moving itself would lock it out of what it
// manages, so another admin must do them.
func checkSelfChange(actor Actor, u *models.User, in UserChange) error {
	if u.ID != actor.ActorID() {
		return nil
	}
	switch {
	case in.Active != nil && !*in.Active:
		return domain.Invalid("active", "you cannot deactivate yourself: another admin must do it")
	case in.Role != nil && *in.Role != u.Role:
		return domain.Invalid("role", "you cannot change your own role: another admin must do it")
	case in.OrgUnitID != nil && *in.OrgUnitID != u.OrgUnitID:
		return domain.Invalid("orgUnitId", "you cannot move yourself to another org unit: you would lose what you manage; another admin must do it")
	}
	return nil
}

// DeleteUser deletes the user with id. The changes it made stay, no longer
// attributed. Nobody deletes themself.
func (s *Store) DeleteUser(ctx context.Context, actor Actor, id int64) error {
	return s.write(ctx, "delete user", "user", func(tx *gorm.DB, trail *auditTrail) error {
		u, err := userToManage(tx, actor, id)
		if err != nil {
			return err
		}
		if u.ID == actor.ActorID() {
			return domain.Invalid("id", "you cannot delete your own user: another admin must do it")
		}
		if err := tx.Delete(&models.User{}, id).Error; err != nil {
			return err
		}
		trail.deleted(actor, ObjectUser, u.ID, u.OrgUnitID, *u)
		return nil
	})
}

// userToManage reads the user with id and its unit's path inside tx, and
// checks that actor may manage it.
func userToManage(tx *gorm.DB, actor Actor, id int64) (*models.User, error) {
	u, err := userInTx(forUpdateOf(tx, "users"), id)
	if err != nil {
		return nil, err
	}
	if err := actor.CanManage(u.UnitPath); err != nil {
		return nil, err
	}
	return u, nil
}

// checkUsername returns the trimmed username if it is 3 to 64 characters of
// a-z, 0-9, '.', '_' and '-'.
func checkUsername(s string) (string, error) {
	s, err := requiredText("username", s, MaxUsername)
	if err != nil {
		return "", err
	}
	if len(s) < MinUsername {
		return "", domain.Invalid("username", fmt.Sprintf("is %d characters long; at least %d are needed", len(s), MinUsername))
	}
	for _, r := range s {
		ok := r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == '-'
		if !ok {
			return "", domain.Invalid("username", fmt.Sprintf("%q is not allowed: use lowercase letters a-z, digits and . _ -", r))
		}
	}
	return s, nil
}
