package auth

import (
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// claimsOf returns the claims of a token without checking it.
func claimsOf(t *testing.T, token string) Claims {
	t.Helper()
	var c Claims
	if _, _, err := jwt.NewParser().ParseUnverified(token, &c); err != nil {
		t.Fatal(err)
	}
	return c
}

func TestVerifySession(t *testing.T) {
	now := time.Date(2024, 2, 28, 9, 0, 0, 0, time.UTC)
	tok := newTokens(t, now)
	login := now.Add(-2 * time.Hour)
	s, _, err := tok.Issue(Identity{UserID: 7, Role: Approver, SessionGen: 3, AuthTime: login})
	if err != nil {
		t.Fatal(err)
	}
	got, err := tok.VerifySession(s)
	if err != nil {
		t.Fatal(err)
	}
	want := Session{UserID: 7, Gen: 3, AuthTime: login, IssuedAt: now, ExpiresAt: now.Add(time.Hour)}
	if !got.AuthTime.Equal(want.AuthTime) || got.UserID != want.UserID || got.Gen != want.Gen ||
		!got.IssuedAt.Equal(want.IssuedAt) || !got.ExpiresAt.Equal(want.ExpiresAt) {
		t.Errorf("VerifySession = %+v, want %+v", got, want)
	}

	// A login: the session begins when the token is issued.
	s, _, err = tok.Issue(Identity{UserID: 7, Role: Approver})
	if err != nil {
		t.Fatal(err)
	}
	if c := claimsOf(t, s); c.AuthTime == nil || !c.AuthTime.Equal(now) || c.Gen != 0 {
		t.Errorf("login token: auth_time %v, gen %d; want %s, 0", c.AuthTime, c.Gen, now)
	}
}

// TestMaxLifetime: no token is issued for longer than the maximum lifetime,
// and one signed with the right secret but living longer is refused.
func TestMaxLifetime(t *testing.T) {
	now := time.Date(2024, 2, 28, 9, 0, 0, 0, time.UTC)
	tok := newTokens(t, now)
	claims := func(iat, exp time.Time) Claims {
		return Claims{Role: Admin, RegisteredClaims: jwt.RegisteredClaims{
			Issuer: Issuer, Subject: "1", Audience: jwt.ClaimStrings{Audience},
			IssuedAt: jwt.NewNumericDate(iat), ExpiresAt: jwt.NewNumericDate(exp),
		}}
	}
	year9999 := time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)
	noIat := claims(now, now.Add(time.Hour))
	noIat.IssuedAt = nil
	lateAuth := claims(now, now.Add(time.Hour))
	lateAuth.AuthTime = jwt.NewNumericDate(now.Add(time.Minute))
	for _, tt := range []struct {
		name   string
		claims Claims
		want   string // "" for accepted
	}{
		{"exp in 9999", claims(now, year9999), "maximum token lifetime, 30 days"},
		{"a day past the maximum", claims(now, now.Add(DefaultMaxTTL+24*time.Hour)), "maximum token lifetime"},
		{"exactly the maximum", claims(now, now.Add(DefaultMaxTTL)), ""},
		{"no iat", noIat, "required claim is missing (iat)"},
		{"auth_time after iat", lateAuth, "auth_time"},
	} {
		_, err := tok.VerifySession(sign(t, jwt.SigningMethodHS256, secret, tt.claims))
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%s: refused: %v", tt.name, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("%s: error %v, want one mentioning %q", tt.name, err, tt.want)
		}
	}

	for _, tt := range []struct {
		name string
		o    TokenOptions
		want string
	}{
		{"a year", TokenOptions{TTL: 365 * 24 * time.Hour}, "longer than the maximum token lifetime"},
		{"over a configured maximum", TokenOptions{TTL: 2 * time.Hour, MaxTTL: time.Hour}, "longer than the maximum"},
		{"negative maximum", TokenOptions{TTL: time.Hour, MaxTTL: -time.Hour}, "must be positive"},
		{"no lifetime", TokenOptions{}, "must be positive"},
	} {
		if _, err := NewTokensWith(secret, tt.o); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("NewTokensWith %s: %v, want an error mentioning %q", tt.name, err, tt.want)
		}
	}
	if _, err := NewTokensWith(secret, TokenOptions{TTL: DefaultMaxTTL}); err != nil {
		t.Errorf("NewTokensWith(the maximum lifetime): %v", err)
	}
}

func TestRefresh(t *testing.T) {
	login := time.Date(2024, 2, 28, 9, 0, 0, 0, time.UTC)
	now := login
	tok, err := NewTokensWith(secret, TokenOptions{TTL: 12 * time.Hour, MaxSessionAge: 7 * 24 * time.Hour, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	id := Identity{UserID: 7, Role: Operator, SessionGen: 4, AuthTime: login}
	for _, tt := range []struct {
		after   time.Duration // since login
		wantExp time.Duration // since login; 0: refused
	}{
		{time.Hour, 13 * time.Hour},
		{6 * 24 * time.Hour, 6*24*time.Hour + 12*time.Hour},
		{6*24*time.Hour + 20*time.Hour, 7 * 24 * time.Hour}, // capped at the session's end
		{7 * 24 * time.Hour, 0},
		{30 * 24 * time.Hour, 0},
	} {
		now = login.Add(tt.after)
		s, exp, err := tok.Refresh(id)
		if tt.wantExp == 0 {
			if err == nil || !strings.Contains(err.Error(), "began more than 7 days ago") {
				t.Errorf("refresh %s after login: %v, want refused", tt.after, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("refresh %s after login: %v", tt.after, err)
			continue
		}
		if !exp.Equal(login.Add(tt.wantExp)) {
			t.Errorf("refresh %s after login: expires %s, want %s", tt.after, exp, login.Add(tt.wantExp))
		}
		got, err := tok.VerifySession(s)
		if err != nil {
			t.Errorf("refresh %s after login: the new token is refused: %v", tt.after, err)
			continue
		}
		if got.Gen != 4 || !got.AuthTime.Equal(login) || !got.IssuedAt.Equal(now) {
			t.Errorf("refresh %s after login: session %+v, want gen 4, auth_time %s, iat %s", tt.after, got, login, now)
		}
	}
	if _, _, err := tok.Refresh(Identity{UserID: 7}); err == nil {
		t.Error("refresh without an auth time succeeded")
	}
}
