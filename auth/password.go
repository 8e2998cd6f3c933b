package auth

import (
	"errors"
	"fmt"
	"sync"

	"golang.org/x/crypto/bcrypt"
)

// MinPasswordLength is the shortest password accepted.
const MinPasswordLength = 8

// maxPasswordLength is bcrypt's limit: it ignores bytes past 72.
const maxPasswordLength = 72

// HashPassword returns the bcrypt hash of password.
func HashPassword(password string) (string, error) {
	if err := CheckPassword(password); err != nil {
		return "", err
	}
	h, err := bcrypt.GenerateFromPassword([]byte(password), bcrypt.DefaultCost)
	if err != nil {
		return "", fmt.Errorf("hash password: %w", err)
	}
	return string(h), nil
}

// CheckPassword reports whether password is acceptable as a new password.
func CheckPassword(password string) error {
	switch {
	case len(password) < MinPasswordLength:
		return fmt.Errorf("a password needs at least %d characters", MinPasswordLength)
	case len(password) > maxPasswordLength:
		return fmt.Errorf("a password has at most %d bytes", maxPasswordLength)
	}
	return nil
}

// VerifyPassword reports whether password matches hash.
func VerifyPassword(hash, password string) bool {
	err := bcrypt.CompareHashAndPassword([]byte(hash), []byte(password))
	return err == nil && !errors.Is(err, bcrypt.ErrMismatchedHashAndPassword)
}

// dummyHash is compared against when a username is unknown, so that a login
// takes as long whether or not the user exists.
var dummyHash = sync.OnceValue(func() []byte {
	h, _ := bcrypt.GenerateFromPassword([]byte("kinerja-unknown-user"), bcrypt.DefaultCost)
	return h
})

// BurnTime spends the time of one password check; call it when the user is
// unknown.
func BurnTime(password string) { _ = bcrypt.CompareHashAndPassword(dummyHash(), []byte(password)) }
