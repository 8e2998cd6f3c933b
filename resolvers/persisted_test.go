package resolvers_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/kinerja/kinerja/internal/apitest"
	"github.com/kinerja/kinerja/internal/persisted"
	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/internal/testdb"
	"github.com/kinerja/kinerja/resolvers"
)

// sendPersisted posts a request with extensions.persistedQuery and, when
// query is not empty, the document too.
func sendPersisted(api *apitest.API, token, query, hash string) apitest.Response {
	body := map[string]any{"extensions": map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": hash}}}
	if query != "" {
		body["query"] = query
	}
	b, _ := json.Marshal(body)
	req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(string(b)))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	return api.Send(req)
}

// TestAutomaticPersistedQueries: a hash alone before registration gets
// PERSISTED_QUERY_NOT_FOUND; after the document is sent once with its hash,
// the hash alone runs it; a hash that does not match the document is refused.
func TestAutomaticPersistedQueries(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		api := apitest.New(t, st)
		tok := api.Token("sekda")
		const q = `{ achievementSummary(year: 2023) { withCapaian } }`
		hash := persisted.SHA256(q)

		resp := sendPersisted(api, tok, "", hash)
		if len(resp.Errors) != 1 || resp.Errors[0].Code() != resolvers.CodePersistedQueryNotFound || resp.Status != http.StatusOK {
			t.Fatalf("hash before registration: %d %+v, want 200 with PERSISTED_QUERY_NOT_FOUND", resp.Status, resp.Errors)
		}
		resp = sendPersisted(api, tok, q, hash)
		if len(resp.Errors) != 0 || !strings.Contains(string(resp.Data), `"withCapaian":27`) {
			t.Fatalf("registration: %s %+v", resp.Data, resp.Errors)
		}
		resp = sendPersisted(api, tok, "", hash)
		if len(resp.Errors) != 0 || !strings.Contains(string(resp.Data), `"withCapaian":27`) {
			t.Fatalf("hash after registration: %s %+v", resp.Data, resp.Errors)
		}
		resp = sendPersisted(api, tok, `{ me { username } }`, hash)
		if len(resp.Errors) == 0 || strings.Contains(string(resp.Data), "username") {
			t.Errorf("a hash that does not match its document ran: %s", resp.Data)
		}
	})
}

// TestAllowList: with a manifest, a VIEWER runs the listed operations (by
// id or by text) and nothing else; an ADMIN runs anything.
func TestAllowList(t *testing.T) {
	// A VIEWER reads approved values only: in the demo data, none, so all
	// 27 indicators are without a capaian.
	const listed = `query Summary { achievementSummary(year: 2023) { withoutCapaian } }`
	// GraphQL Code Generator's client preset hashes with sha1 by default:
	// the manifest's id is whatever the generator chose.
	manifest, err := persisted.Parse(strings.NewReader(`{"4c3e1f0a9b": ` + jsonString(listed) + `}`))
	if err != nil {
		t.Fatal(err)
	}
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		api := apitest.NewWith(t, st, resolvers.HandlerOptions{AllowList: manifest})
		viewer, admin := api.Token("bi"), api.Token("admin")
		const unlisted = `{ me { username } }`

		resp := sendPersisted(api, viewer, "", "4c3e1f0a9b")
		if len(resp.Errors) != 0 || !strings.Contains(string(resp.Data), `"withoutCapaian":27`) {
			t.Errorf("listed operation by id: %s %+v", resp.Data, resp.Errors)
		}
		var out struct{ AchievementSummary struct{ WithoutCapaian int } }
		api.OK(viewer, listed, nil, &out)
		if out.AchievementSummary.WithoutCapaian != 27 {
			t.Errorf("listed operation by text: %+v", out)
		}
		e := api.Fails(viewer, unlisted, nil, resolvers.CodeForbidden)
		if !strings.Contains(e.Message, "allow-list") {
			t.Errorf("unlisted operation for a VIEWER: %q", e.Message)
		}
		// APQ cannot smuggle an unlisted document in.
		if resp := sendPersisted(api, viewer, unlisted, persisted.SHA256(unlisted)); len(resp.Errors) == 0 || resp.Errors[0].Code() != resolvers.CodeForbidden {
			t.Errorf("unlisted document through APQ: %s %+v", resp.Data, resp.Errors)
		}
		var me struct{ Me struct{ Username string } }
		api.OK(admin, unlisted, nil, &me)
		if me.Me.Username != "admin" {
			t.Errorf("unlisted operation for an ADMIN: %+v", me)
		}
	})
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
