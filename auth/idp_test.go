package auth

import (
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/kinerja/kinerja/internal/idptest"
)

// newIdP returns a provider with the published keys "rsa-1" (RS256) and
// "ed-1" (EdDSA), and a verifier of its tokens that has fetched its key set.
func newIdP(t *testing.T) (*idptest.Provider, *IdP) {
	t.Helper()
	p := idptest.New(t)
	p.AddKey("rsa-1", idptest.RS256, true)
	p.AddKey("ed-1", idptest.EdDSA, true)
	idp, err := NewIdP(t.Context(), IdPConfig{Issuer: idptest.Issuer, Audience: idptest.Audience, JWKSURL: p.JWKSURL,
		OnFetchError: func(err error) { t.Errorf("unexpected fetch error: %v", err) }})
	if err != nil {
		t.Fatal(err)
	}
	if got := p.Fetches(); got != 1 {
		t.Fatalf("key set fetched %d times at start, want 1", got)
	}
	return p, idp
}

func TestIdPVerifies(t *testing.T) {
	p, idp := newIdP(t)
	for _, kid := range []string{"rsa-1", "ed-1"} {
		claims := idptest.Claims("bagian.hukum")
		claims["auth_time"] = time.Now().Add(-time.Minute).Unix()
		token := p.Sign(kid, claims)
		if !idp.Issued(token) {
			t.Errorf("%s: Issued = false, want true", kid)
		}
		s, err := idp.Verify(t.Context(), token)
		if err != nil {
			t.Fatalf("%s: Verify: %v", kid, err)
		}
		if s.Username != "bagian.hukum" || s.AuthTime.Unix() != claims["auth_time"].(int64) || s.ExpiresAt.Unix() != claims["exp"].(int64) {
			t.Errorf("%s: session = %+v, want bagian.hukum, auth_time %d, exp %d", kid, s, claims["auth_time"], claims["exp"])
		}
	}
	if got := p.Fetches(); got != 1 {
		t.Errorf("key set fetched %d times, want 1: known keys need no fetch", got)
	}
}

func TestIdPUserClaim(t *testing.T) {
	p := idptest.New(t)
	p.AddKey("rsa-1", idptest.RS256, true)
	idp, err := NewIdP(t.Context(), IdPConfig{Issuer: idptest.Issuer, Audience: idptest.Audience, JWKSURL: p.JWKSURL, UserClaim: "sub"})
	if err != nil {
		t.Fatal(err)
	}
	claims := idptest.Claims("bagian.hukum")
	s, err := idp.Verify(t.Context(), p.Sign("rsa-1", claims))
	if err != nil || s.Username != claims["sub"] {
		t.Fatalf("Verify = %+v, %v; want the user named by sub, %s", s, err, claims["sub"])
	}
}

func TestIdPRotation(t *testing.T) {
	p, idp := newIdP(t)
	// The provider rotates to a new key; the verifier does not know it yet.
	p.AddKey("rsa-2", idptest.RS256, true)
	s, err := idp.Verify(t.Context(), p.Sign("rsa-2", idptest.Claims("sekda")))
	if err != nil || s.Username != "sekda" {
		t.Fatalf("token of the rotated key: %+v, %v; want sekda", s, err)
	}
	if got := p.Fetches(); got != 2 {
		t.Errorf("key set fetched %d times, want 2 (at start and for the unknown kid)", got)
	}
	// Once fetched, the new key needs no fetch.
	if _, err := idp.Verify(t.Context(), p.Sign("rsa-2", idptest.Claims("sekda"))); err != nil {
		t.Fatal(err)
	}
	if got := p.Fetches(); got != 2 {
		t.Errorf("key set fetched %d times, want still 2", got)
	}
}

// TestIdPRefetchLimit sends a flood of tokens with kids the provider never
// published: all are refused, and the key set is fetched once for them all.
func TestIdPRefetchLimit(t *testing.T) {
	p, idp := newIdP(t)
	p.AddKey("unpublished", idptest.RS256, false)
	const flood = 50
	tokens := make([]string, flood)
	for i := range tokens {
		tokens[i] = withKid(t, p.Sign("unpublished", idptest.Claims("admin")), fmt.Sprintf("made-up-%d", i))
	}
	errs := make([]error, flood)
	var wg sync.WaitGroup
	for i, token := range tokens {
		wg.Go(func() { _, errs[i] = idp.Verify(t.Context(), token) })
	}
	wg.Wait()
	for i, err := range errs {
		if !errors.Is(err, ErrUnauthenticated) || !strings.Contains(err.Error(), "its key (kid) is not in the identity provider's key set") {
			t.Fatalf("token %d: %v, want UNAUTHENTICATED naming the unknown kid", i, err)
		}
	}
	if got := p.Fetches(); got != 2 {
		t.Errorf("key set fetched %d times for %d unknown kids, want 2 (at start, then one refetch)", got, flood)
	}
	// A key rotated in now waits for the rate limit: no fetch, refused.
	p.Publish("unpublished")
	if _, err := idp.Verify(t.Context(), p.Sign("unpublished", idptest.Claims("sekda"))); !errors.Is(err, ErrUnauthenticated) {
		t.Errorf("token of a key rotated in within the rate limit: %v, want UNAUTHENTICATED", err)
	}
	if got := p.Fetches(); got != 2 {
		t.Errorf("key set fetched %d times, want still 2", got)
	}
}

// withKid sets the kid in the header of a signed token, keeping its
// signature: the key it names is not the one that signed it.
func withKid(t *testing.T, token, kid string) string {
	t.Helper()
	parts := strings.Split(token, ".")
	b, err := jwt.NewParser().DecodeSegment(parts[0])
	if err != nil {
		t.Fatal(err)
	}
	var h map[string]any
	if err := json.Unmarshal(b, &h); err != nil {
		t.Fatal(err)
	}
	h["kid"] = kid
	if b, err = json.Marshal(h); err != nil {
		t.Fatal(err)
	}
	parts[0] = base64.RawURLEncoding.EncodeToString(b)
	return strings.Join(parts, ".")
}

func TestIdPRefuses(t *testing.T) {
	p, idp := newIdP(t)
	pub, err := x509.MarshalPKIXPublicKey(p.PublicKey("rsa-1"))
	if err != nil {
		t.Fatal(err)
	}
	pemKey := pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pub})
	with := func(change func(jwt.MapClaims)) jwt.MapClaims {
		c := idptest.Claims("bagian.hukum")
		change(c)
		return c
	}
	signed := func(method jwt.SigningMethod, key any, kid string, claims jwt.MapClaims) string {
		tok := jwt.NewWithClaims(method, claims)
		tok.Header["kid"] = kid
		s, err := tok.SignedString(key)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	tests := []struct {
		name, token, want string
	}{
		{"HS256 with the public key as secret", signed(jwt.SigningMethodHS256, pemKey, "rsa-1", idptest.Claims("admin")), "algorithm is not accepted"},
		{"none", signed(jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, "rsa-1", idptest.Claims("admin")), "algorithm is not accepted"},
		{"RS256 naming the EdDSA key", withKid(t, p.Sign("rsa-1", idptest.Claims("admin")), "ed-1"), "algorithm is not accepted"},
		{"expired", p.Sign("rsa-1", with(func(c jwt.MapClaims) { c["exp"] = time.Now().Add(-time.Hour).Unix() })), "expired"},
		{"without exp", p.Sign("ed-1", with(func(c jwt.MapClaims) { delete(c, "exp") })), "required claim is missing"},
		{"wrong audience", p.Sign("rsa-1", with(func(c jwt.MapClaims) { c["aud"] = "another-app" })), "wrong audience"},
		{"wrong issuer", p.Sign("rsa-1", with(func(c jwt.MapClaims) { c["iss"] = "https://sso.example/realms/other" })), "wrong issuer"},
		{"issued in the future", p.Sign("rsa-1", with(func(c jwt.MapClaims) { c["iat"] = time.Now().Add(time.Hour).Unix() })), "not valid yet"},
		{"no user claim", p.Sign("rsa-1", with(func(c jwt.MapClaims) { delete(c, "preferred_username") })), "no preferred_username claim"},
		{"user claim not a string", p.Sign("rsa-1", with(func(c jwt.MapClaims) { c["preferred_username"] = 7 })), "no preferred_username claim"},
		{"tampered", p.Sign("rsa-1", idptest.Claims("admin"))[:40] + "x", "not a well-formed JWT"},
	}
	for _, tt := range tests {
		_, err := idp.Verify(t.Context(), tt.token)
		if !errors.Is(err, ErrUnauthenticated) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: Verify = %v, want UNAUTHENTICATED containing %q", tt.name, err, tt.want)
		}
	}
	if got := p.Fetches(); got != 1 {
		t.Errorf("key set fetched %d times, want 1: no refused token names an unknown kid", got)
	}
}

func TestNewIdPRefuses(t *testing.T) {
	tests := []struct {
		name string
		c    IdPConfig
		want string
	}{
		{"no issuer", IdPConfig{Audience: "a", JWKSURL: "https://sso.example/certs"}, "needs an issuer"},
		{"no audience", IdPConfig{Issuer: "https://sso.example", JWKSURL: "https://sso.example/certs"}, "needs an issuer"},
		{"Kinerja's issuer", IdPConfig{Issuer: Issuer, Audience: "a", JWKSURL: "https://sso.example/certs"}, "must not be"},
	}
	for _, tt := range tests {
		if _, err := NewIdP(t.Context(), tt.c); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: NewIdP = %v, want an error containing %q", tt.name, err, tt.want)
		}
	}
}

func TestIdPUnreachable(t *testing.T) {
	p := idptest.New(t)
	p.AddKey("rsa-1", idptest.RS256, true)
	var fetchErrs []error
	idp, err := NewIdP(t.Context(), IdPConfig{Issuer: idptest.Issuer, Audience: idptest.Audience, JWKSURL: p.JWKSURL + "/missing-404",
		OnFetchError: func(err error) { fetchErrs = append(fetchErrs, err) }})
	if err != nil {
		t.Fatalf("NewIdP with an unreachable key set: %v, want a verifier that refuses tokens", err)
	}
	if len(fetchErrs) != 1 {
		t.Errorf("fetch errors reported: %v, want 1", fetchErrs)
	}
	if _, err := idp.Verify(t.Context(), p.Sign("rsa-1", idptest.Claims("sekda"))); !errors.Is(err, ErrUnauthenticated) {
		t.Errorf("Verify without a key set = %v, want UNAUTHENTICATED", err)
	}
}
