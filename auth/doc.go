// Package auth issues and verifies the API's tokens, hashes passwords, and
// carries the caller's identity through the request context with the checks
// of role and organisation scope that every resolver makes.
//
// Tokens are HS256 JWTs checked per RFC 8725: the algorithm is pinned, and
// exp, iat, iss and aud are required and verified; no token lives longer
// than the maximum token lifetime. Every token carries its user's session
// generation (the caller compares it with the user's current one, so that
// moving the generation on revokes every earlier token) and the time of the
// login it stems from, which bounds how long Refresh extends a session.
//
// IdP verifies the tokens of the organisation's identity provider (RS256 or
// EdDSA, keys from its JWKS); the user claim of such a token names a
// Kinerja user. The package depends on nothing else of Kinerja's.
package auth
