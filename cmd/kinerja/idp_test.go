package main

import (
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kinerja/kinerja/internal/idptest"
)

func TestParseOIDC(t *testing.T) {
	full := func(change map[string]string) map[string]string {
		m := map[string]string{"KINERJA_OIDC_ISSUER": idptest.Issuer, "KINERJA_OIDC_AUDIENCE": "kinerja",
			"KINERJA_OIDC_JWKS_URL": "https://sso.kukarkab.example/realms/pemda/protocol/openid-connect/certs"}
		for k, v := range change {
			m[k] = v
		}
		return m
	}
	for _, tt := range []struct {
		name      string
		env       map[string]string
		wantClaim string // the user claim configured, "" for no provider
		want      string // substring of the error, "" for none
	}{
		{"none", nil, "", ""},
		{"all", full(nil), "preferred_username", ""},
		{"another claim", full(map[string]string{"KINERJA_OIDC_USER_CLAIM": "sub"}), "sub", ""},
		{"http on loopback", full(map[string]string{"KINERJA_OIDC_JWKS_URL": "http://127.0.0.1:8081/certs"}), "preferred_username", ""},
		{"http on localhost", full(map[string]string{"KINERJA_OIDC_JWKS_URL": "http://localhost:8081/certs"}), "preferred_username", ""},
		{"http on IPv6 loopback", full(map[string]string{"KINERJA_OIDC_JWKS_URL": "http://[::1]:8081/certs"}), "preferred_username", ""},
		{"http elsewhere", full(map[string]string{"KINERJA_OIDC_JWKS_URL": "http://sso.kukarkab.example/certs"}), "", "must be https"},
		{"not a URL", full(map[string]string{"KINERJA_OIDC_JWKS_URL": "sso.kukarkab.example/certs"}), "", "KINERJA_OIDC_JWKS_URL"},
		{"no audience", full(map[string]string{"KINERJA_OIDC_AUDIENCE": ""}), "", "all of"},
		{"no JWKS URL", full(map[string]string{"KINERJA_OIDC_JWKS_URL": ""}), "", "all of"},
		{"only the issuer", map[string]string{"KINERJA_OIDC_ISSUER": idptest.Issuer}, "", "all of"},
		{"only the claim", map[string]string{"KINERJA_OIDC_USER_CLAIM": "email"}, "", "needs KINERJA_OIDC_ISSUER"},
		{"Kinerja's own issuer", full(map[string]string{"KINERJA_OIDC_ISSUER": "kinerja"}), "", "must not be"},
	} {
		cfg, err := parseConfig("serve", nil, env(tt.env), io.Discard)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%s: %v", tt.name, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("%s: error %v, want one mentioning %q", tt.name, err, tt.want)
		case tt.want == "" && cfg.OIDC.UserClaim != tt.wantClaim:
			t.Errorf("%s: user claim %q, want %q", tt.name, cfg.OIDC.UserClaim, tt.wantClaim)
		}
	}
}

// TestServeIdP runs the server configured for an identity provider: its
// token answers me as the Kinerja user it names, and local logins work
// beside it.
func TestServeIdP(t *testing.T) {
	p := idptest.New(t)
	p.AddKey("rsa-1", idptest.RS256, true)
	s := startServer(t, filepath.Join(t.TempDir(), "kinerja.db"), map[string]string{
		"KINERJA_OIDC_ISSUER": idptest.Issuer, "KINERJA_OIDC_AUDIENCE": idptest.Audience, "KINERJA_OIDC_JWKS_URL": p.JWKSURL,
	})
	const me = `{ me { username role } }`
	resp, err := s.post(p.Sign("rsa-1", idptest.Claims("bagian.hukum")), me, nil)
	if err != nil || len(resp.Errors) > 0 {
		t.Fatalf("me with the provider's token: %v %+v\n%s", err, resp.Errors, s.logs)
	}
	if got := resp.Data["me"].(map[string]any); got["username"] != "bagian.hukum" || got["role"] != "OPERATOR" {
		t.Errorf("me = %v, want bagian.hukum, OPERATOR", got)
	}
	resp, err = s.post(s.login("sekda"), me, nil)
	if err != nil || len(resp.Errors) > 0 || resp.Data["me"].(map[string]any)["username"] != "sekda" {
		t.Errorf("me with a local login: %v %+v %v", err, resp.Errors, resp.Data)
	}
	if !strings.Contains(s.logs.String(), "accepting the identity provider's tokens") {
		t.Errorf("the log does not name the identity provider:\n%s", s.logs)
	}
}
