package models

import "time"

// User is an account. Role is one of ADMIN, APPROVER, OPERATOR, VIEWER; the
// user acts within the subtree of OrgUnitID.
type User struct {
	ID           int64 `gorm:"primaryKey"`
	Username     string
	DisplayName  string
	PasswordHash string
	Role         string
	OrgUnitID    int64
	Active       bool
	// SessionGen is the user's session generation: a token is good only
	// while it carries the current one, so moving it on revokes every
	// earlier token.
	SessionGen int64
	CreatedAt  time.Time
	UpdatedAt  time.Time
	// UnitPath is the path of the user's org unit, read with the user where a
	// query joins it.
	UnitPath string `gorm:"->;-:migration"`
}

// TableName names the table of User.
func (User) TableName() string { return "users" }

// Setting is a key/value row of instance settings (the generated token
// signing secret).
type Setting struct {
	Key   string `gorm:"primaryKey"`
	Value string
}

// TableName names the table of Setting.
func (Setting) TableName() string { return "settings" }
