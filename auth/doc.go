// Package auth issues and verifies the API's tokens, hashes passwords, and
// carries the caller's identity through the request context with the checks
// of role and organisation scope that every resolver makes.
//
// Tokens are HS256 JWTs checked per RFC 8725: the algorithm is pinned, and
// exp, iss and aud are required and verified. The package depends on nothing
// else of Kinerja's.
package auth
