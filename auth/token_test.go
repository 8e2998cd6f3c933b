package auth

import (
	"encoding/base64"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

var secret = []byte("0123456789abcdef0123456789abcdef")

func newTokens(t *testing.T, now time.Time) *Tokens {
	t.Helper()
	tok, err := NewTokens(secret, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	tok.now = func() time.Time { return now }
	return tok
}

func TestIssueVerify(t *testing.T) {
	now := time.Date(2024, 2, 28, 9, 0, 0, 0, time.UTC)
	tok := newTokens(t, now)
	s, exp, err := tok.Issue(Identity{UserID: 7, Username: "sekda", Role: Approver, UnitID: 2})
	if err != nil {
		t.Fatal(err)
	}
	if !exp.Equal(now.Add(time.Hour)) {
		t.Errorf("expires %s, want %s", exp, now.Add(time.Hour))
	}
	id, err := tok.Verify(s)
	if err != nil || id != 7 {
		t.Fatalf("Verify = %d, %v; want 7, nil", id, err)
	}
	var claims Claims
	if _, _, err := jwt.NewParser().ParseUnverified(s, &claims); err != nil {
		t.Fatal(err)
	}
	if claims.Role != Approver || claims.OrgUnit != "2" || claims.Username != "sekda" || claims.Issuer != Issuer || claims.Audience[0] != Audience {
		t.Errorf("claims = %+v, want role APPROVER, org 2, iss %s, aud %s", claims, Issuer, Audience)
	}
}

// sign signs claims with method and key, for tokens the server did not issue.
func sign(t *testing.T, method jwt.SigningMethod, key any, claims jwt.Claims) string {
	t.Helper()
	s, err := jwt.NewWithClaims(method, claims).SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestVerifyRefuses(t *testing.T) {
	now := time.Date(2024, 2, 28, 9, 0, 0, 0, time.UTC)
	tok := newTokens(t, now)
	valid := func() Claims {
		return Claims{Role: Admin, RegisteredClaims: jwt.RegisteredClaims{
			Issuer: Issuer, Subject: "1", Audience: jwt.ClaimStrings{Audience},
			ExpiresAt: jwt.NewNumericDate(now.Add(time.Hour)), IssuedAt: jwt.NewNumericDate(now),
		}}
	}
	good, _, err := tok.Issue(Identity{UserID: 1, Role: Admin})
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(good, ".")
	noneHeader := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"none","typ":"JWT"}`))

	expired := valid()
	expired.ExpiresAt = jwt.NewNumericDate(now.Add(-time.Hour))
	noExp := valid()
	noExp.ExpiresAt = nil
	wrongIss := valid()
	wrongIss.Issuer = "someone-else"
	wrongAud := valid()
	wrongAud.Audience = jwt.ClaimStrings{"other-api"}
	noAud := valid()
	noAud.Audience = nil
	future := valid()
	future.IssuedAt = jwt.NewNumericDate(now.Add(time.Hour))
	noSubject := valid()
	noSubject.Subject = ""

	tampered := valid()
	tampered.Subject = "2"
	tamperedPayload := strings.Split(sign(t, jwt.SigningMethodHS256, []byte("another-secret-another-secret-xx"), tampered), ".")[1]

	for _, tt := range []struct {
		name, token, want string
	}{
		{"expired", sign(t, jwt.SigningMethodHS256, secret, expired), "expired"},
		{"no exp", sign(t, jwt.SigningMethodHS256, secret, noExp), "required claim"},
		{"wrong issuer", sign(t, jwt.SigningMethodHS256, secret, wrongIss), "issuer"},
		{"wrong audience", sign(t, jwt.SigningMethodHS256, secret, wrongAud), "audience"},
		{"no audience", sign(t, jwt.SigningMethodHS256, secret, noAud), "required claim"},
		{"issued in the future", sign(t, jwt.SigningMethodHS256, secret, future), "not valid yet"},
		{"no subject", sign(t, jwt.SigningMethodHS256, secret, noSubject), "subject"},
		{"other secret", sign(t, jwt.SigningMethodHS256, []byte("another-secret-another-secret-xx"), valid()), "signature"},
		{"HS512", sign(t, jwt.SigningMethodHS512, secret, valid()), "signature or algorithm"},
		{"alg none", noneHeader + "." + parts[1] + ".", "signature or algorithm"},
		{"alg none, signature kept", noneHeader + "." + parts[1] + "." + parts[2], "signature or algorithm"},
		{"tampered payload", parts[0] + "." + tamperedPayload + "." + parts[2], "signature"},
		{"garbage", "not-a-token", "well-formed"},
		{"empty", "", "well-formed"},
	} {
		id, err := tok.Verify(tt.token)
		if err == nil {
			t.Errorf("%s: accepted as user %d, want refused", tt.name, id)
			continue
		}
		if !errors.Is(err, ErrUnauthenticated) {
			t.Errorf("%s: error %v is not ErrUnauthenticated", tt.name, err)
		}
		if !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %q, want it to mention %q", tt.name, err, tt.want)
		}
	}
}

func TestNewTokensRefusesShortSecret(t *testing.T) {
	if _, err := NewTokens([]byte("short"), time.Hour); err == nil {
		t.Error("NewTokens accepted a 5-byte secret")
	}
	if _, err := NewTokens(secret, 0); err == nil {
		t.Error("NewTokens accepted a zero lifetime")
	}
}

func TestPasswords(t *testing.T) {
	h, err := HashPassword("kinerja-demo")
	if err != nil {
		t.Fatal(err)
	}
	if !VerifyPassword(h, "kinerja-demo") || VerifyPassword(h, "kinerja-dem0") {
		t.Error("VerifyPassword does not tell the right password from a wrong one")
	}
	for _, p := range []string{"short", strings.Repeat("x", 73)} {
		if _, err := HashPassword(p); err == nil {
			t.Errorf("HashPassword(%d chars) accepted", len(p))
		}
	}
}

func TestScope(t *testing.T) {
	op := &Identity{Role: Operator, UnitPath: "/1/2/3/10/"}
	viewer := &Identity{Role: Viewer, UnitPath: "/1/"}
	admin := &Identity{Role: Admin, UnitPath: "/1/2/"}
	for _, tt := range []struct {
		name string
		err  error
		ok   bool
	}{
		{"operator reads its unit", op.CanRead("/1/2/3/10/"), true},
		{"operator reads below", op.CanRead("/1/2/3/10/18/"), true},
		{"operator reads a sibling", op.CanRead("/1/2/3/11/"), false},
		{"operator reads /1/2/3/100/ (prefix of digits, not of path)", op.CanRead("/1/2/3/100/"), false},
		{"operator reads its parent", op.CanRead("/1/2/3/"), false},
		{"operator enters its unit", op.CanEnter("/1/2/3/10/"), true},
		{"operator enters a sibling", op.CanEnter("/1/2/3/11/"), false},
		{"operator manages", op.CanManage("/1/2/3/10/"), false},
		{"viewer reads all", viewer.CanRead("/1/2/3/11/"), true},
		{"viewer enters", viewer.CanEnter("/1/2/"), false},
		{"admin manages below", admin.CanManage("/1/2/5/"), true},
		{"admin manages above", admin.CanManage("/1/"), false},
	} {
		if (tt.err == nil) != tt.ok {
			t.Errorf("%s: %v, want ok=%v", tt.name, tt.err, tt.ok)
		}
		if tt.err != nil && !errors.Is(tt.err, ErrForbidden) {
			t.Errorf("%s: %v is not ErrForbidden", tt.name, tt.err)
		}
	}
	if !op.CanSee("/1/2/") || op.CanSee("/1/2/3/11/") || !op.CanSee("/1/2/3/10/18/") {
		t.Error("CanSee: want ancestors and subtree visible, siblings not")
	}
}
