package resolvers_test

import (
	"testing"
	"time"

	"github.com/kinerja/kinerja/internal/apitest"
	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/internal/testdb"
)

// warmCaller makes requests with tok until one finds its caller's user row
// in the instance's cache (storage.Store.Caller; on PostgreSQL the cache
// serves once the instance listens for the writes of the others), then
// empties the instance's cache of org units, so that the next request runs
// the statements of its own query as an instance that has not read its
// units yet does.
func warmCaller(t *testing.T, api *apitest.API, tok string) {
	t.Helper()
	var out struct{ Me struct{ Username string } }
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		// me reads the user once more: 1 statement when the caller is
		// cached.
		if api.OK(tok, `{ me { username } }`, nil, &out); api.Statements() == 1 {
			// The org units as a cold instance reads them: the counts
			// the tests assert are those of a request that finds none.
			api.Store.ForgetUnits()
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the caller of a request is still read from the database after 5 s")
		}
	}
}

// TestCallerStatements: a caller's second request does not read its user
// row again; a logout in between ends its tokens for the very next
// request.
func TestCallerStatements(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		api := apitest.New(t, st)
		tok := api.Token("sekda")
		const q = `{ me { username } }`
		var out struct{ Me struct{ Username string } }
		api.OK(tok, q, nil, &out)
		// The caller and me; then me alone (on PostgreSQL once the
		// instance listens for the writes of the others).
		if n := api.Statements(); n != 2 {
			t.Errorf("me: %d statements, want 2 (the caller, me)", n)
		}
		warmCaller(t, api, tok)
		api.OK(tok, q, nil, &out)
		if n := api.Statements(); n != 1 || out.Me.Username != "sekda" {
			t.Fatalf("me again: %q in %d statements, want sekda in 1", out.Me.Username, n)
		}
		var lo struct{ Logout bool }
		api.OK(tok, `mutation { logout }`, nil, &lo)
		api.Fails(tok, q, nil, "UNAUTHENTICATED")
	})
}
