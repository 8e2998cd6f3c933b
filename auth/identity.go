package auth

import (
	"context"
	"errors"
	"strings"
	"time"
)

// Identity is the authenticated caller: who, with which role, and where in
// the organisation tree. UnitPath is the materialised path of the caller's
// org unit ("/1/2/"); the caller's scope is that unit's subtree. SessionGen
// and AuthTime are the caller's session: the user's session generation and
// when the user last gave its password. IdP is the issuer of the identity
// provider whose token authenticated the caller, empty for Kinerja's own
// tokens.
type Identity struct {
	UserID     int64
	Username   string
	Role       Role
	UnitID     int64
	UnitPath   string
	SessionGen int64
	AuthTime   time.Time
	IdP        string
}

// ErrUnauthenticated is returned when a request carries no valid token.
var ErrUnauthenticated = errors.New("unauthenticated")

// ErrForbidden is returned when the caller's role or scope does not allow an
// action.
var ErrForbidden = errors.New("forbidden")

// Error is an authentication or authorisation failure with a message for
// the caller. Unwrap gives ErrUnauthenticated or ErrForbidden.
type Error struct {
	Kind    error
	Message string
}

// Error implements error.
func (e *Error) Error() string { return e.Message }

// Unwrap returns the kind of the failure.
func (e *Error) Unwrap() error { return e.Kind }

// Unauthenticated returns an ErrUnauthenticated failure saying why.
func Unauthenticated(msg string) error { return &Error{Kind: ErrUnauthenticated, Message: msg} }

// Forbidden returns an ErrForbidden failure saying why.
func Forbidden(msg string) error { return &Error{Kind: ErrForbidden, Message: msg} }

type ctxKey struct{}

type ctxValue struct {
	id  *Identity
	err error
}

// WithIdentity returns ctx carrying the authenticated caller.
func WithIdentity(ctx context.Context, id *Identity) context.Context {
	return context.WithValue(ctx, ctxKey{}, ctxValue{id: id})
}

// WithFailure returns ctx carrying the reason its token was refused, which
// Require reports to every resolver that needs a caller.
func WithFailure(ctx context.Context, err error) context.Context {
	return context.WithValue(ctx, ctxKey{}, ctxValue{err: err})
}

// Require returns the caller, or an ErrUnauthenticated error saying why there
// is none.
func Require(ctx context.Context) (*Identity, error) {
	v, _ := ctx.Value(ctxKey{}).(ctxValue)
	switch {
	case v.id != nil:
		return v.id, nil
	case v.err != nil:
		return nil, v.err
	}
	return nil, Unauthenticated("authentication required: send the token from the login mutation as \"Authorization: Bearer <token>\"")
}

// Covers reports whether the unit at path lies in the caller's subtree.
func (id *Identity) Covers(path string) bool {
	return id.UnitPath != "" && strings.HasPrefix(path, id.UnitPath)
}

// CanRead returns nil when the caller may read data of the unit at path.
func (id *Identity) CanRead(path string) error {
	if id.Covers(path) {
		return nil
	}
	return Forbidden("this belongs to an org unit outside your scope: you read only your own unit and the units below it")
}

// CanEnter returns nil when the caller may enter data (targets, realisations,
// budget lines) of the unit at path: any role but VIEWER, within its subtree.
func (id *Identity) CanEnter(path string) error {
	if id.Role == Viewer {
		return Forbidden("your role VIEWER is read only")
	}
	if !id.Covers(path) {
		return Forbidden("this belongs to an org unit outside your scope: you enter data only for your own unit and the units below it")
	}
	return nil
}

// CanManage returns nil when the caller may manage (create, change, delete)
// org units, plans, indicators and users at the unit at path: ADMIN only,
// within its subtree.
func (id *Identity) CanManage(path string) error {
	if id.Role != Admin {
		return Forbidden("only an ADMIN manages org units, plans, indicators and users; your role is " + string(id.Role))
	}
	if !id.Covers(path) {
		return Forbidden("this org unit is outside your scope: you manage only your own unit and the units below it")
	}
	return nil
}

// ActorID returns the id of the caller, recorded with the changes it makes.
func (id *Identity) ActorID() int64 { return id.UserID }

// ActorRole returns the caller's role, for the rules of the approval
// workflow.
func (id *Identity) ActorRole() string { return string(id.Role) }

// ActorUnitPath returns the path of the caller's org unit, for the rules of
// the approval workflow.
func (id *Identity) ActorUnitPath() string { return id.UnitPath }

// Forbidden returns the ErrForbidden failure that refuses the caller an
// action, saying why (msg): storage asks for it when the workflow's rules
// refuse the caller for who it is.
func (id *Identity) Forbidden(msg string) error { return Forbidden(msg) }

// CanSee reports whether the caller may see the unit at path as part of the
// organisation's structure (name, code, kind): a unit of its subtree, or one
// above it (for breadcrumbs and the agency's plan). Data of a unit needs
// CanRead.
func (id *Identity) CanSee(path string) bool {
	return id.Covers(path) || (path != "" && strings.HasPrefix(id.UnitPath, path))
}
