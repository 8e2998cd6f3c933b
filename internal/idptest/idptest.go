// Package idptest is an identity provider for tests: an HTTP server that
// publishes a JWKS, counts how often it is fetched, and signs tokens with
// its keys (RS256 or EdDSA).
package idptest

import (
	"crypto"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/MicahParks/jwkset"
	"github.com/golang-jwt/jwt/v5"
)

// Issuer and Audience are the iss and aud of the provider's tokens.
const (
	Issuer   = "https://sso.kukarkab.example/realms/pemda"
	Audience = "kinerja"
)

// Algorithms of AddKey.
const (
	RS256 = "RS256"
	EdDSA = "EdDSA"
)

// Provider is an identity provider serving its key set at JWKSURL.
type Provider struct {
	t testing.TB
	// JWKSURL is the address of the key set (plain HTTP on the loopback
	// interface).
	JWKSURL string

	mu        sync.Mutex
	keys      map[string]key
	published []string
	fetches   atomic.Int64
}

type key struct {
	alg    string
	signer crypto.Signer
}

// New starts a provider without keys; it stops with the test.
func New(t testing.TB) *Provider {
	t.Helper()
	p := &Provider{t: t, keys: map[string]key{}}
	const path = "/protocol/openid-connect/certs"
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+path, p.serveJWKS)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	p.JWKSURL = srv.URL + path
	return p
}

// serveJWKS answers with the public keys published.
func (p *Provider) serveJWKS(w http.ResponseWriter, _ *http.Request) {
	p.fetches.Add(1)
	p.mu.Lock()
	set := jwkset.JWKSMarshal{Keys: []jwkset.JWKMarshal{}}
	for _, kid := range p.published {
		k := p.keys[kid]
		jwk, err := jwkset.NewJWKFromKey(k.signer.Public(), jwkset.JWKOptions{
			Metadata: jwkset.JWKMetadataOptions{KID: kid, ALG: jwkset.ALG(k.alg), USE: jwkset.UseSig},
		})
		if err != nil {
			p.mu.Unlock()
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		set.Keys = append(set.Keys, jwk.Marshal())
	}
	p.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(set)
}

// AddKey makes a key of alg (RS256: RSA 2048 bits; EdDSA: Ed25519) with
// the id kid, and publishes it in the key set when publish is true.
func (p *Provider) AddKey(kid, alg string, publish bool) {
	p.t.Helper()
	var (
		s   crypto.Signer
		err error
	)
	switch alg {
	case RS256:
		s, err = rsa.GenerateKey(rand.Reader, 2048)
	case EdDSA:
		_, s, err = ed25519.GenerateKey(rand.Reader)
	default:
		p.t.Fatalf("idptest: no keys for %s", alg)
	}
	if err != nil {
		p.t.Fatal(err)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.keys[kid] = key{alg: alg, signer: s}
	if publish {
		p.published = append(p.published, kid)
	}
}

// Publish adds the key kid to the key set: the provider rotates to it.
func (p *Provider) Publish(kid string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.published = append(p.published, kid)
}

// PublicKey returns the public key kid.
func (p *Provider) PublicKey(kid string) crypto.PublicKey {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.keys[kid].signer.Public()
}

// Fetches returns how often the key set was fetched.
func (p *Provider) Fetches() int64 { return p.fetches.Load() }

// Claims returns the claims of a token for username valid for five
// minutes from now: iss, aud, iat, exp, and preferred_username.
func Claims(username string) jwt.MapClaims {
	now := time.Now()
	return jwt.MapClaims{
		"iss":                Issuer,
		"aud":                []string{Audience, "account"},
		"iat":                now.Unix(),
		"exp":                now.Add(5 * time.Minute).Unix(),
		"sub":                "5f0c3b9e-3c1d-4b8a-9f5e-2d7a1c6e8b40",
		"preferred_username": username,
	}
}

// Sign returns claims signed with the key kid, which names it in its
// header.
func (p *Provider) Sign(kid string, claims jwt.MapClaims) string {
	p.t.Helper()
	p.mu.Lock()
	k, ok := p.keys[kid]
	p.mu.Unlock()
	if !ok {
		p.t.Fatalf("idptest: no key %q", kid)
	}
	tok := jwt.NewWithClaims(jwt.GetSigningMethod(k.alg), claims)
	tok.Header["kid"] = kid
	s, err := tok.SignedString(k.signer)
	if err != nil {
		p.t.Fatal(err)
	}
	return s
}
