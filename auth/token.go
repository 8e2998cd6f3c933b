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
// user id) and the caller's username, role and org unit id.
type Claims struct {
	Username string `json:"name"`
	Role     Role   `json:"role"`
	OrgUnit  string `json:"org"`
	jwt.RegisteredClaims
}

// Tokens issues and verifies tokens signed with one HS256 secret.
type Tokens struct {
	secret []byte
	ttl    time.Duration
	now    func() time.Time
}

// NewTokens returns a Tokens signing with secret; tokens live ttl.
func NewTokens(secret []byte, ttl time.Duration) (*Tokens, error) {
	if len(secret) < MinSecretLength {
		return nil, fmt.Errorf("the token signing secret has %d bytes; at least %d are needed", len(secret), MinSecretLength)
	}
	if ttl <= 0 {
		return nil, fmt.Errorf("token lifetime must be positive, got %s", ttl)
	}
	return &Tokens{secret: secret, ttl: ttl, now: time.Now}, nil
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

// Issue returns a signed token for id and the instant it expires.
func (t *Tokens) Issue(id Identity) (string, time.Time, error) {
	now := t.now().UTC().Truncate(time.Second)
	exp := now.Add(t.ttl)
	jti, err := GenerateSecret()
	if err != nil {
		return "", time.Time{}, err
	}
	claims := Claims{
		Username: id.Username,
		Role:     id.Role,
		OrgUnit:  strconv.FormatInt(id.UnitID, 10),
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

// Verify checks a token and returns the id of its user. The algorithm is
// pinned to HS256 (so "alg": "none" and RS/HS confusion are refused), and exp,
// iss and aud are required. Failures are ErrUnauthenticated errors that say
// what was wrong.
func (t *Tokens) Verify(token string) (userID int64, err error) {
	var claims Claims
	_, err = jwt.ParseWithClaims(token, &claims, func(*jwt.Token) (any, error) { return t.secret, nil },
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
		return 0, Unauthenticated("token expired: log in again")
	case errors.Is(err, jwt.ErrTokenSignatureInvalid), errors.Is(err, jwt.ErrTokenUnverifiable):
		return 0, Unauthenticated("invalid token: its signature or algorithm is not accepted")
	case errors.Is(err, jwt.ErrTokenMalformed):
		return 0, Unauthenticated("invalid token: not a well-formed JWT")
	case err != nil:
		return 0, Unauthenticated("invalid token: " + claimProblem(err))
	}
	id, perr := strconv.ParseInt(claims.Subject, 10, 64)
	if perr != nil || id <= 0 {
		return 0, Unauthenticated("invalid token: no user in its subject")
	}
	return id, nil
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
