package auth

import (
	"context"
	"crypto/rsa"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/MicahParks/jwkset"
	"github.com/MicahParks/keyfunc/v3"
	"github.com/golang-jwt/jwt/v5"
	"golang.org/x/time/rate"
)

// DefaultUserClaim is the claim of an identity provider's token that names
// the Kinerja user unless configured otherwise.
const DefaultUserClaim = "preferred_username"

// IdPAlgorithms are the signing algorithms accepted on an identity
// provider's tokens; any other (HS256 above all, and "none") is refused.
var IdPAlgorithms = []string{jwt.SigningMethodRS256.Alg(), jwt.SigningMethodEdDSA.Alg()}

// Defaults of IdPConfig.
const (
	// DefaultJWKSRefresh is how often the key set is fetched again.
	DefaultJWKSRefresh = time.Hour
	// DefaultJWKSRefetch is the shortest time between two fetches caused by
	// a token whose kid is not in the key set.
	DefaultJWKSRefetch = time.Minute
	// jwksWaitMax bounds how long a request waits for the rate limit of
	// refetches, and the refetch itself.
	jwksWaitMax = 10 * time.Second
	// jwksTimeout bounds each fetch of the key set.
	jwksTimeout = 10 * time.Second
	// jwksMaxBytes bounds the size of a key set.
	jwksMaxBytes = 1 << 20
	// minRSABits is the smallest RSA key accepted (RFC 7518 §3.3).
	minRSABits = 2048
)

// IdPConfig configures NewIdP.
type IdPConfig struct {
	// Issuer is the iss of the provider's tokens; required, and not
	// Kinerja's own Issuer.
	Issuer string
	// Audience must be one of the token's audiences; required.
	Audience string
	// JWKSURL is where the provider publishes its key set; required.
	JWKSURL string
	// UserClaim is the claim whose string value is the username of the
	// Kinerja user; empty: DefaultUserClaim.
	UserClaim string
	// Refresh is how often the key set is fetched again; zero:
	// DefaultJWKSRefresh.
	Refresh time.Duration
	// Refetch is the shortest time between two fetches caused by an unknown
	// kid, so a flood of tokens with made-up kids cannot hammer the
	// provider; zero: DefaultJWKSRefetch.
	Refetch time.Duration
	// Client fetches the key set; nil: a client with a timeout that follows
	// no redirects.
	Client *http.Client
	// Now is the clock; nil: time.Now.
	Now func() time.Time
	// OnFetchError is told when a fetch of the key set fails (the first one
	// included: the provider need not answer when the server starts); nil:
	// such errors are dropped.
	OnFetchError func(error)
}

// IdP verifies the tokens of the organisation's identity provider: signed
// with RS256 or EdDSA by a key of the provider's JWKS, with the configured
// issuer and audience, unexpired, and naming a user in the configured claim.
// The key set is fetched at start, every Refresh, and again when a token
// names a kid not in it (at most once every Refetch).
type IdP struct {
	issuer   string
	audience string
	claim    string
	keys     keyfunc.Keyfunc
	now      func() time.Time
}

// IdPSession is what a verified token of the identity provider says about
// its holder.
type IdPSession struct {
	// Username is the value of the user claim: the Kinerja username.
	Username string
	// AuthTime is when the user signed in at the provider (auth_time, else
	// iat, else zero).
	AuthTime  time.Time
	ExpiresAt time.Time
}

// NewIdP returns the verifier of c's provider and fetches its key set; ctx
// ends the periodic refresh. A provider that does not answer yet is no
// error (OnFetchError is told): its tokens are refused until a fetch
// succeeds.
func NewIdP(ctx context.Context, c IdPConfig) (*IdP, error) {
	switch {
	case c.Issuer == "" || c.Audience == "" || c.JWKSURL == "":
		return nil, errors.New("an identity provider needs an issuer, an audience and a JWKS URL")
	case c.Issuer == Issuer:
		return nil, fmt.Errorf("the identity provider's issuer must not be %q, the issuer of Kinerja's own tokens", Issuer)
	}
	if c.UserClaim == "" {
		c.UserClaim = DefaultUserClaim
	}
	if c.Refresh <= 0 {
		c.Refresh = DefaultJWKSRefresh
	}
	if c.Refetch <= 0 {
		c.Refetch = DefaultJWKSRefetch
	}
	if c.Client == nil {
		c.Client = &http.Client{
			Timeout:       jwksTimeout,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		}
	}
	client := *c.Client
	client.Transport = limitedBody{next: client.Transport}
	if c.Now == nil {
		c.Now = time.Now
	}
	onError := func(string) func(context.Context, error) {
		return func(_ context.Context, err error) {
			if c.OnFetchError != nil {
				c.OnFetchError(fmt.Errorf("fetch the identity provider's key set: %w", err))
			}
		}
	}
	keys, err := keyfunc.NewDefaultOverrideCtx(ctx, []string{c.JWKSURL}, keyfunc.Override{
		Client:                  &client,
		HTTPTimeout:             jwksTimeout,
		RateLimitWaitMax:        jwksWaitMax,
		RefreshErrorHandlerFunc: onError,
		RefreshInterval:         c.Refresh,
		RefreshUnknownKID:       rate.NewLimiter(rate.Every(c.Refetch), 1),
	})
	if err != nil {
		return nil, fmt.Errorf("identity provider: %w", err)
	}
	// Only keys for signatures: a key the provider publishes for
	// encryption ("use": "enc") never verifies a token.
	keys, err = keyfunc.New(keyfunc.Options{Ctx: ctx, Storage: keys.Storage(), UseWhitelist: []jwkset.USE{jwkset.UseSig, ""}})
	if err != nil {
		return nil, fmt.Errorf("identity provider: %w", err)
	}
	return &IdP{issuer: c.Issuer, audience: c.Audience, claim: c.UserClaim, keys: keys, now: c.Now}, nil
}

// Issuer returns the iss of the provider's tokens.
func (p *IdP) Issuer() string { return p.issuer }

// Issued reports whether token names the provider as its issuer. It
// verifies nothing: it only chooses the verifier of a token.
func (p *IdP) Issued(token string) bool {
	var claims jwt.MapClaims
	if _, _, err := jwt.NewParser().ParseUnverified(token, &claims); err != nil {
		return false
	}
	iss, _ := claims["iss"].(string)
	return iss == p.issuer
}

// Verify checks a token of the provider and returns its session. The
// algorithm is RS256 or EdDSA and must match the key's, the key comes from
// the provider's key set, exp is required, iss and aud are checked, and the
// user claim must hold a non-empty string. Failures are ErrUnauthenticated
// errors that say what was wrong.
func (p *IdP) Verify(ctx context.Context, token string) (IdPSession, error) {
	var claims jwt.MapClaims
	_, err := jwt.ParseWithClaims(token, &claims, p.key(ctx),
		jwt.WithValidMethods(IdPAlgorithms),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
		jwt.WithIssuer(p.issuer),
		jwt.WithAudience(p.audience),
		jwt.WithLeeway(30*time.Second),
		jwt.WithTimeFunc(p.now),
	)
	switch {
	case errors.Is(err, jwt.ErrTokenExpired):
		return IdPSession{}, Unauthenticated("identity provider token expired: sign in again")
	case errors.Is(err, errUnknownKey):
		return IdPSession{}, Unauthenticated("invalid token: its key (kid) is not in the identity provider's key set")
	case errors.Is(err, jwt.ErrTokenSignatureInvalid), errors.Is(err, jwt.ErrTokenUnverifiable):
		return IdPSession{}, Unauthenticated("invalid token: its signature or algorithm is not accepted (the identity provider's tokens are signed with " +
			strings.Join(IdPAlgorithms, " or ") + " by a key of its key set)")
	case errors.Is(err, jwt.ErrTokenMalformed):
		return IdPSession{}, Unauthenticated("invalid token: not a well-formed JWT")
	case err != nil:
		return IdPSession{}, Unauthenticated("invalid identity provider token: " + claimProblem(err))
	}
	name, _ := claims[p.claim].(string)
	if strings.TrimSpace(name) == "" {
		return IdPSession{}, Unauthenticated(fmt.Sprintf("invalid identity provider token: no %s claim to name the Kinerja user", p.claim))
	}
	s := IdPSession{Username: name}
	if exp, _ := claims.GetExpirationTime(); exp != nil {
		s.ExpiresAt = exp.Time
	}
	if iat, _ := claims.GetIssuedAt(); iat != nil {
		s.AuthTime = iat.Time
	}
	if at, ok := claims["auth_time"].(float64); ok {
		s.AuthTime = time.Unix(int64(at), 0)
	}
	return s, nil
}

// errUnknownKey is the failure of a token whose kid is not in the key set,
// even after a refetch (or with the refetch refused by its rate limit).
var errUnknownKey = errors.New("unknown key")

// key returns the jwt.Keyfunc that picks the key of a token from the
// provider's key set, refusing RSA keys shorter than 2048 bits.
func (p *IdP) key(ctx context.Context) jwt.Keyfunc {
	find := p.keys.KeyfuncCtx(ctx)
	return func(t *jwt.Token) (any, error) {
		k, err := find(t)
		if err != nil {
			if kid, _ := t.Header["kid"].(string); !p.known(ctx, kid) {
				return nil, fmt.Errorf("%w %q: %w", errUnknownKey, kid, err)
			}
			return nil, err
		}
		switch k := k.(type) {
		case *rsa.PublicKey:
			if k.N.BitLen() < minRSABits {
				return nil, fmt.Errorf("RSA key of %d bits, fewer than %d", k.N.BitLen(), minRSABits)
			}
		case jwt.VerificationKeySet:
			// A token without kid is tried against every key.
			k.Keys = slices.DeleteFunc(k.Keys, func(k jwt.VerificationKey) bool {
				rk, ok := k.(*rsa.PublicKey)
				return ok && rk.N.BitLen() < minRSABits
			})
			return k, nil
		}
		return k, nil
	}
}

// known reports whether the key set holds a key with the id kid, without
// fetching it again.
func (p *IdP) known(ctx context.Context, kid string) bool {
	all, err := p.keys.Storage().KeyReadAll(ctx)
	if err != nil {
		return false
	}
	return slices.ContainsFunc(all, func(k jwkset.JWK) bool { return k.Marshal().KID == kid })
}

// limitedBody is a RoundTripper that cuts a response body off after
// jwksMaxBytes, so a key set cannot exhaust memory.
type limitedBody struct{ next http.RoundTripper }

// RoundTrip implements http.RoundTripper.
func (l limitedBody) RoundTrip(req *http.Request) (*http.Response, error) {
	next := l.next
	if next == nil {
		next = http.DefaultTransport
	}
	resp, err := next.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	resp.Body = struct {
		io.Reader
		io.Closer
	}{io.LimitReader(resp.Body, jwksMaxBytes), resp.Body}
	return resp, nil
}
