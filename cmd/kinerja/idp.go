package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"strings"

	"github.com/kinerja/kinerja/auth"
)

// oidcConfig is the organisation's identity provider, whose tokens the
// server accepts besides its own; the zero value: none.
type oidcConfig struct {
	Issuer    string
	Audience  string
	JWKSURL   string
	UserClaim string
}

// parseOIDC reads KINERJA_OIDC_*: the issuer, audience and JWKS URL all or
// none, the JWKS URL https (plain http only on a loopback address), and the
// user claim (default preferred_username).
func parseOIDC(getenv func(string) string) (oidcConfig, error) {
	c := oidcConfig{
		Issuer:    strings.TrimSpace(getenv("KINERJA_OIDC_ISSUER")),
		Audience:  strings.TrimSpace(getenv("KINERJA_OIDC_AUDIENCE")),
		JWKSURL:   strings.TrimSpace(getenv("KINERJA_OIDC_JWKS_URL")),
		UserClaim: strings.TrimSpace(getenv("KINERJA_OIDC_USER_CLAIM")),
	}
	if c.Issuer == "" && c.Audience == "" && c.JWKSURL == "" {
		if c.UserClaim != "" {
			return oidcConfig{}, errors.New("KINERJA_OIDC_USER_CLAIM needs KINERJA_OIDC_ISSUER, KINERJA_OIDC_AUDIENCE and KINERJA_OIDC_JWKS_URL")
		}
		return oidcConfig{}, nil
	}
	if c.Issuer == "" || c.Audience == "" || c.JWKSURL == "" {
		return oidcConfig{}, errors.New("an identity provider needs all of KINERJA_OIDC_ISSUER, KINERJA_OIDC_AUDIENCE and KINERJA_OIDC_JWKS_URL (or none of them)")
	}
	if c.Issuer == auth.Issuer {
		return oidcConfig{}, fmt.Errorf("KINERJA_OIDC_ISSUER must not be %q, the issuer of Kinerja's own tokens", auth.Issuer)
	}
	if c.UserClaim == "" {
		c.UserClaim = auth.DefaultUserClaim
	}
	u, err := url.Parse(c.JWKSURL)
	switch {
	case err != nil || u.Host == "":
		return oidcConfig{}, fmt.Errorf("KINERJA_OIDC_JWKS_URL: want an https:// URL, got %q", c.JWKSURL)
	case u.Scheme == "https":
	case u.Scheme == "http" && loopback(u.Hostname()):
	default:
		return oidcConfig{}, fmt.Errorf("KINERJA_OIDC_JWKS_URL must be https (plain http only on a loopback address): the keys decide who signs in, got %q", c.JWKSURL)
	}
	return c, nil
}

// loopback reports whether host is localhost or a loopback address.
func loopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// identityProvider returns the verifier of the configured identity
// provider's tokens, nil when there is none; ctx ends its refresh of the
// key set. A provider that does not answer is logged, not fatal: local
// logins keep working, and its tokens are accepted once its keys are.
func identityProvider(ctx context.Context, c oidcConfig, log *slog.Logger) (*auth.IdP, error) {
	if c.Issuer == "" {
		return nil, nil
	}
	idp, err := auth.NewIdP(ctx, auth.IdPConfig{Issuer: c.Issuer, Audience: c.Audience, JWKSURL: c.JWKSURL, UserClaim: c.UserClaim,
		OnFetchError: func(err error) { log.Warn("identity provider", "jwks", c.JWKSURL, "err", err) }})
	if err != nil {
		return nil, err
	}
	log.Info("accepting the identity provider's tokens", "issuer", c.Issuer, "audience", c.Audience, "jwks", c.JWKSURL, "user_claim", c.UserClaim)
	return idp, nil
}
