package auth

import (
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// DefaultMaxTTL is the longest a token may live unless configured
// otherwise: no token is issued for longer, and Verify refuses one whose exp
// lies further than this after its iat.
const DefaultMaxTTL = 30 * 24 * time.Hour

// DefaultMaxSessionAge is how long after a login Refresh extends a session
// unless configured otherwise; after that the user logs in again.
const DefaultMaxSessionAge = 7 * 24 * time.Hour

// TokenOptions configure NewTokensWith.
type TokenOptions struct {
	// TTL is the lifetime of the tokens issued; required.
	TTL time.Duration
	// MaxTTL bounds TTL and the lifetime (exp − iat) of the tokens Verify
	// accepts; zero: DefaultMaxTTL.
	MaxTTL time.Duration
	// MaxSessionAge is how long after a login Refresh extends a session;
	// zero: DefaultMaxSessionAge.
	MaxSessionAge time.Duration
	// Now is the clock; nil: time.Now.
	Now func() time.Time
}

// NewTokensWith returns a Tokens signing with secret and bounded by o.
func NewTokensWith(secret []byte, o TokenOptions) (*Tokens, error) {
	if len(secret) < MinSecretLength {
		return nil, fmt.Errorf("the token signing secret has %d bytes; at least %d are needed", len(secret), MinSecretLength)
	}
	if o.MaxTTL == 0 {
		o.MaxTTL = DefaultMaxTTL
	}
	if o.MaxSessionAge == 0 {
		o.MaxSessionAge = DefaultMaxSessionAge
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	switch {
	case o.TTL <= 0:
		return nil, fmt.Errorf("token lifetime must be positive, got %s", o.TTL)
	case o.MaxTTL < 0 || o.MaxSessionAge < 0:
		return nil, errors.New("the maximum token lifetime and session age must be positive")
	case o.TTL > o.MaxTTL:
		return nil, fmt.Errorf("the token lifetime %s is longer than the maximum token lifetime %s", o.TTL, o.MaxTTL)
	}
	return &Tokens{secret: secret, ttl: o.TTL, maxTTL: o.MaxTTL, maxSessionAge: o.MaxSessionAge, now: o.Now}, nil
}

// Session is what a verified token says about its holder.
type Session struct {
	UserID int64
	// Gen is the user's session generation the token was issued in; the
	// token is good only while the user's generation is still this one.
	Gen int64
	// AuthTime is when the user gave its password; a token without it
	// counts from its iat.
	AuthTime  time.Time
	IssuedAt  time.Time
	ExpiresAt time.Time
}

// VerifySession checks a token and returns its session. The algorithm is
// pinned to HS256 (so "alg": "none" and RS/HS confusion are refused); exp,
// iat, iss and aud are required and checked, and a token that lives longer
// than the maximum token lifetime is refused. Failures are
// ErrUnauthenticated errors that say what was wrong.
func (t *Tokens) VerifySession(token string) (Session, error) {
	var claims Claims
	_, err := jwt.ParseWithClaims(token, &claims, func(*jwt.Token) (any, error) { return t.secret, nil },
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
		jwt.WithIssuer(Issuer),
		jwt.WithAudience(Audience),
		jwt.WithLeeway(30*time.Second),
		jwt.WithTimeFunc(t.now),
	)
	switch {
	case errors.Is(err, jwt.ErrTokenExpired):
		return Session{}, Unauthenticated("token expired: log in again")
	case errors.Is(err, jwt.ErrTokenSignatureInvalid), errors.Is(err, jwt.ErrTokenUnverifiable):
		return Session{}, Unauthenticated("invalid token: its signature or algorithm is not accepted")
	case errors.Is(err, jwt.ErrTokenMalformed):
		return Session{}, Unauthenticated("invalid token: not a well-formed JWT")
	case err != nil:
		return Session{}, Unauthenticated("invalid token: " + claimProblem(err))
	case claims.IssuedAt == nil:
		return Session{}, Unauthenticated("invalid token: a required claim is missing (iat)")
	}
	s := Session{Gen: claims.Gen, IssuedAt: claims.IssuedAt.Time, ExpiresAt: claims.ExpiresAt.Time, AuthTime: claims.IssuedAt.Time}
	if claims.AuthTime != nil {
		s.AuthTime = claims.AuthTime.Time
	}
	switch {
	case s.ExpiresAt.Sub(s.IssuedAt) > t.maxTTL:
		return Session{}, Unauthenticated("invalid token: it lives longer than the maximum token lifetime, " + duration(t.maxTTL))
	case s.AuthTime.After(s.IssuedAt):
		return Session{}, Unauthenticated("invalid token: its auth_time is after its iat")
	}
	id, perr := strconv.ParseInt(claims.Subject, 10, 64)
	if perr != nil || id <= 0 {
		return Session{}, Unauthenticated("invalid token: no user in its subject")
	}
	s.UserID = id
	return s, nil
}

// Refresh returns a new token for the caller's session: the same session
// generation and AuthTime, a new lifetime, but never past the session's
// maximum age. A session older than that is refused: the user logs in
// again.
func (t *Tokens) Refresh(id Identity) (string, time.Time, error) {
	now := t.now().UTC().Truncate(time.Second)
	end := id.AuthTime.Add(t.maxSessionAge)
	if id.AuthTime.IsZero() || !now.Before(end) {
		return "", time.Time{}, Unauthenticated("this session began more than " + duration(t.maxSessionAge) + " ago: log in again")
	}
	exp := now.Add(t.ttl)
	if exp.After(end) {
		exp = end
	}
	return t.issue(id, now, exp)
}

// duration writes d in days when it is whole days ("30 days"), else as
// time.Duration does.
func duration(d time.Duration) string {
	const day = 24 * time.Hour
	switch {
	case d == day:
		return "1 day"
	case d > 0 && d%day == 0:
		return strconv.FormatInt(int64(d/day), 10) + " days"
	}
	return d.String()
}
