package storage

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5/pgconn"
	"gorm.io/gorm"

	"github.com/kinerja/kinerja/internal/domain"
)

// ErrNotFound is returned (wrapped) when a row asked for does not exist.
var ErrNotFound = errors.New("not found")

// ErrConflict is returned (wrapped) when a change collides with the data as
// it is: a duplicate code or username, a row that others depend on, data that
// is locked.
var ErrConflict = errors.New("conflict")

// Error is a storage failure a user can act on. Unwrap gives ErrNotFound or
// ErrConflict; Message says what happened.
type Error struct {
	Kind    error
	Message string
}

// Error implements error.
func (e *Error) Error() string { return e.Message }

// Unwrap returns the kind of the failure.
func (e *Error) Unwrap() error { return e.Kind }

// notFound reports that the thing named what with id does not exist.
func notFound(what string, id int64) error {
	return &Error{Kind: ErrNotFound, Message: fmt.Sprintf("%s %d does not exist", what, id)}
}

// conflict reports a collision, in words for the user.
func conflict(format string, args ...any) error {
	return &Error{Kind: ErrConflict, Message: fmt.Sprintf(format, args...)}
}

// translate maps a database error to the errors of this package: a missing
// row to ErrNotFound, a unique or foreign-key violation to ErrConflict.
// Errors that are already ours, or the caller's context ending, pass as they
// are; anything else is wrapped with op.
func translate(op, what string, err error) error {
	var mine *Error
	switch {
	case err == nil:
		return nil
	case errors.As(err, &mine):
		return err
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return err
	case errors.Is(err, gorm.ErrDuplicatedKey):
		return conflict("%s: another %s already uses this code or name", op, what)
	case errors.Is(err, gorm.ErrForeignKeyViolated):
		return conflict("%s: the %s is referenced by other records, or refers to one that does not exist", op, what)
	case errors.Is(err, gorm.ErrRecordNotFound):
		return &Error{Kind: ErrNotFound, Message: fmt.Sprintf("%s: %s not found", op, what)}
	}
	if e := translatePostgres(op, err); e != nil {
		return e
	}
	return fmt.Errorf("%s: %w", op, err)
}

// translatePostgres maps the PostgreSQL errors a user can cause, or cure by
// trying again, to ours: a value the column cannot hold is bad input (the
// checks before the SQL should have caught it; this is the backstop), a
// deadlock or a serialisation failure between two writers is a conflict.
// It returns nil for any other error.
func translatePostgres(op string, err error) error {
	var pg *pgconn.PgError
	if !errors.As(err, &pg) {
		return nil
	}
	switch pg.Code {
	case "22021", "22P05": // character_not_in_repertoire, untranslatable_character
		return domain.Invalid(pg.ColumnName, "a text holds a NUL byte or a character the database cannot store")
	case "22003": // numeric_value_out_of_range
		return domain.Invalid(pg.ColumnName, "a number is out of the range the database can store")
	case "40P01", "40001": // deadlock_detected, serialization_failure
		return conflict("%s: the change collided with another made at the same moment: try again", op)
	}
	return nil
}
