package auth

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// Issuer and Audience are the iss and aud of every token; Verify refuses
// tokens with others.
const (
	Issuer   = "kinerja"
	Audience = "kinerja-api"
)

// MinSecretLength is the shortest signing secret accepted: 256 bits, the
// size of the HS256 output (RFC 7518 §3.2).
const MinSecretLength = 32

// DefaultTTL is how long a token lives unless configured otherwise.
const DefaultTTL = 12 * time.Hour

// Claims are the claims of a Kinerja token: the registered ones (sub is the
// user id), the caller's username, role and org unit id, and its session.
type Claims struct {
	Username string `json:"name"`
	Role     Role   `json:"role"`
	OrgUnit  string `json:"org"`
	// Gen is the user's session generation when the token was issued; ending
	// the user's sessions moves it on and so revokes every earlier token.
	Gen int64 `json:"gen,omitempty"`
	// AuthTime is when the user last gave its password (OpenID Connect's
	// auth_time); a refreshed token keeps it.
	AuthTime *jwt.NumericDate `json:"auth_time,omitempty"`
	jwt.RegisteredClaims
}

// Tokens issues and verifies tokens signed with one HS256 secret.
type Tokens struct {
	secret        []byte
	ttl           time.Duration
	maxTTL        time.Duration
	maxSessionAge time.Duration
	now           func() time.Time
}

// NewTokens returns a Tokens signing with secret; tokens live ttl, and the
// maximum lifetime and session age are the defaults.
func NewTokens(secret []byte, ttl time.Duration) (*Tokens, error) {
	return NewTokensWith(secret, TokenOptions{TTL: ttl})
}

// GenerateSecret returns a new random signing secret, hex encoded (64
// characters, 256 bits).
func GenerateSecret() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("generate secret: %w", err)
	}
	return hex.EncodeToString(b), nil
}

// Issue returns a signed token for id and the instant it expires. The token
// carries id.SessionGen and id.AuthTime (now, when that is zero: a login).
func (t *Tokens) Issue(id Identity) (string, time.Time, error) {
	now := t.now().UTC().Truncate(time.Second)
	return t.issue(id, now, now.Add(t.ttl))
}

// issue signs a token for id, issued at now and expiring at exp; the
// session began at id.AuthTime, or now when that is zero.
func (t *Tokens) issue(id Identity, now, exp time.Time) (string, time.Time, error) {
	authTime := id.AuthTime.UTC().Truncate(time.Second)
	if id.AuthTime.IsZero() {
		authTime = now
	}
	jti, err := GenerateSecret()
	if err != nil {
		return "", time.Time{}, err
	}
	claims := Claims{
		Username: id.Username,
		Role:     id.Role,
		OrgUnit:  strconv.FormatInt(id.UnitID, 10),
		Gen:      id.SessionGen,
		AuthTime: jwt.NewNumericDate(authTime),
		RegisteredClaims: jwt.RegisteredClaims{
			Issuer:    Issuer,
			Subject:   strconv.FormatInt(id.UserID, 10),
			Audience:  jwt.ClaimStrings{Audience},
			ExpiresAt: jwt.NewNumericDate(exp),
			NotBefore: jwt.NewNumericDate(now),
			IssuedAt:  jwt.NewNumericDate(now),
			ID:        jti[:32],
		},
	}
	s, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(t.secret)
	if err != nil {
		return "", time.Time{}, fmt.Errorf("sign token: %w", err)
	}
	return s, exp, nil
}

// Verify checks a token and returns the id of its user; VerifySession
// returns the whole session. Failures are ErrUnauthenticated errors that say
// what was wrong.
func (t *Tokens) Verify(token string) (userID int64, err error) {
	s, err := t.VerifySession(token)
	if err != nil {
		return 0, err
	}
	return s.UserID, nil
}

// claimProblem names the claim a validation error is about without echoing
// token contents.
func claimProblem(err error) string {
	switch {
	case errors.Is(err, jwt.ErrTokenInvalidIssuer):
		return "wrong issuer"
	case errors.Is(err, jwt.ErrTokenInvalidAudience):
		return "wrong audience"
	case errors.Is(err, jwt.ErrTokenRequiredClaimMissing):
		return "a required claim is missing"
	case errors.Is(err, jwt.ErrTokenNotValidYet), errors.Is(err, jwt.ErrTokenUsedBeforeIssued):
		return "not valid yet"
	}
	return "its claims were refused"
}
