package resolvers_test

import (
	"bytes"
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/kinerja/kinerja/internal/apitest"
	"github.com/kinerja/kinerja/internal/respcache"
	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/internal/testdb"
	"github.com/kinerja/kinerja/resolvers"
)

// cachedAPI returns the API over st with a response cache, and the cache.
func cachedAPI(t testing.TB, st *storage.Store) (*apitest.API, *respcache.Cache) {
	t.Helper()
	v := st.DataVersion()
	v.Watch()
	waitTrusted(t, v)
	c := respcache.New(v, 0)
	return apitest.NewWith(t, st, resolvers.HandlerOptions{ResponseCache: c}), c
}

// waitTrusted waits (at most 10 s) until v's stamp may serve cached
// answers: on PostgreSQL, until its listener is connected.
func waitTrusted(t testing.TB, v *storage.DataVersion) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		if _, ok := v.Stamp(); ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("the data version is not trusted after 10 s: no notification connection")
		}
	}
}

// answer returns the data of query as the holder of token sees it,
// failing on errors.
func answer(t testing.TB, api *apitest.API, token, query string, vars map[string]any) string {
	t.Helper()
	resp := api.Do(token, query, vars)
	if len(resp.Errors) > 0 {
		t.Fatalf("%.80s: errors %+v", query, resp.Errors)
	}
	return string(resp.Data)
}

const scopedQuery = `{ achievementSummary(year: 2023) { meanCapaian withCapaian withoutCapaian approvedOnly }
	budget(year: 2023) { pagu realisasi approvedOnly } }`

// TestResponseCacheScopes: callers of different org units and roles ask
// the same document, twice each, of an API with the cache and of one
// without; every answer of the cached API equals the uncached one, so no
// answer crosses a scope or a role: the VIEWER bi (at the root, like the
// ADMIN) gets figures of approved values only after the ADMIN's figures of
// all values were cached, and two users of one unit and role get their own
// `me`.
func TestResponseCacheScopes(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		api, c := cachedAPI(t, st)
		plain := apitest.New(t, st)
		admin := api.Token("admin")
		// A second OPERATOR of BAG-RENKEU.
		x := lookup(t, plain)
		plain.OK(admin, `mutation($u: ID!) { createUser(input: {username: "renkeu.dua", displayName: "Renkeu Dua",
			password: "kinerja-demo-2", role: OPERATOR, orgUnitId: $u}) { id } }`, map[string]any{"u": x.unit("BAG-RENKEU")}, nil)

		for _, q := range []string{scopedQuery, `{ me { username role } }`} {
			seen := map[string]string{}
			for round := range 2 {
				for _, user := range []string{"admin", "bi", "sekda", "asisten.adum", "bagian.renkeu", "renkeu.dua", "bagian.tapem"} {
					tok := api.Token(user)
					got, want := answer(t, api, tok, q, nil), answer(t, plain, tok, q, nil)
					if got != want {
						t.Errorf("round %d, %s, %.30s: cached API says\n%s\nwant\n%s", round, user, q, got, want)
					}
					seen[got] = user
				}
			}
			if q == scopedQuery && len(seen) < 4 {
				t.Errorf("%d distinct answers over 7 callers, want at least 4 (the scopes differ): %v", len(seen), seen)
			}
		}
		if s := c.Stats(); s.Hits < 7 {
			t.Errorf("stats %+v: want the second round's 7 answers of each document served from the cache", s)
		}
		bi := answer(t, api, api.Token("bi"), scopedQuery, nil)
		if !bytes.Contains([]byte(bi), []byte(`"withCapaian":0`)) || !bytes.Contains([]byte(bi), []byte(`"approvedOnly":true`)) {
			t.Errorf("the VIEWER's answer %s is not of approved values only (the demo data has none approved)", bi)
		}
	})
}

// TestResponseCacheWrites: a cached answer is replaced by a fresh one after
// any write, by this instance or by another on the same database, and the
// hits and misses are counted.
func TestResponseCacheWrites(t *testing.T) {
	for _, d := range testdb.Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			stA, stB := testdb.Twin(t, d)
			a, ca := cachedAPI(t, stA)
			apis := []*apitest.API{a}
			caches := []*respcache.Cache{ca}
			if d == storage.Postgres {
				// A second instance on the same database.
				b, cb := cachedAPI(t, stB)
				apis, caches = append(apis, b), append(caches, cb)
			}
			plain := apitest.New(t, stA)
			sekda, renkeu := a.Token("sekda"), a.Token("bagian.renkeu")
			x := lookup(t, plain)
			vars := map[string]any{"u": x.unit("BAG-RENKEU")}
			const q = `query($u: ID!) { achievementSummary(year: 2023, orgUnitId: $u) { meanCapaian withCapaian } }`

			before := answer(t, plain, sekda, q, vars)
			for i, api := range apis {
				for range 2 {
					if got := answer(t, api, sekda, q, vars); got != before {
						t.Fatalf("instance %d: %s, want %s", i, got, before)
					}
				}
				if s := caches[i].Stats(); s.Misses != 1 || s.Hits != 1 {
					t.Errorf("instance %d: stats %+v, want 1 miss and 1 hit", i, s)
				}
			}

			// Instance A writes a realisation that changes the unit's figure.
			stampB, _ := stB.DataVersion().Stamp()
			a.OK(renkeu, `mutation($i: ID!) { recordRealisation(input: {indicatorId: $i, year: 2023, period: YEAR, value: 1}) { value } }`,
				map[string]any{"i": x.ind("IKU-01")}, nil)
			after := answer(t, plain, sekda, q, vars)
			if after == before {
				t.Fatalf("the write did not change the figure: %s", after)
			}
			for i, api := range apis {
				if i > 0 {
					// Another instance hears of the write by notification.
					waitStamp(t, stB, stampB)
				}
				if got := answer(t, api, sekda, q, vars); got != after {
					t.Errorf("instance %d after the write: %s, want the fresh %s", i, got, after)
				}
				if s := caches[i].Stats(); s.Misses != 2 || s.Hits != 1 {
					t.Errorf("instance %d: stats %+v, want 2 misses and 1 hit", i, s)
				}
			}
		})
	}
}

// waitStamp waits (at most 10 s) until the stamp of st has moved on from
// old.
func waitStamp(t *testing.T, st *storage.Store, old uint64) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(time.Millisecond) {
		if s, ok := st.DataVersion().Stamp(); ok && s != old {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("no notification of the write within 10 s")
		}
	}
}

// TestResponseCacheRevokedToken: with the caller's answer in the cache, a
// token whose session has ended gets UNAUTHENTICATED, not the cached answer.
func TestResponseCacheRevokedToken(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		api, c := cachedAPI(t, st)
		old := api.Token("sekda")
		answer(t, api, old, scopedQuery, nil)
		answer(t, api, old, scopedQuery, nil)
		if s := c.Stats(); s.Hits != 1 {
			t.Fatalf("stats %+v: want a warm cache", s)
		}
		u, err := st.UserByUsername(context.Background(), "sekda")
		if err != nil {
			t.Fatal(err)
		}
		// Ending the sessions is a write, which drops the cache; warm it
		// again with a token of the new session, then try the old one.
		if err := st.EndSessions(context.Background(), u.ID); err != nil {
			t.Fatal(err)
		}
		fresh := api.Token("sekda")
		answer(t, api, fresh, scopedQuery, nil)
		answer(t, api, fresh, scopedQuery, nil)
		hits := c.Stats().Hits
		api.Fails(old, scopedQuery, nil, "UNAUTHENTICATED")
		api.Fails(fresh+"x", scopedQuery, nil, "UNAUTHENTICATED")
		if s := c.Stats(); s.Hits != hits {
			t.Errorf("stats %+v: a refused token was looked up in the cache", s)
		}
	})
}

// TestResponseCacheNotCached: mutations, answers with errors and
// anonymous requests are never served from the cache.
func TestResponseCacheNotCached(t *testing.T) {
	st := testdb.New(t, storage.SQLite)
	api, c := cachedAPI(t, st)
	tok := api.Token("bagian.tapem")
	x := lookup(t, apitest.New(t, st))
	forbidden := `query($u: ID!) { budget(year: 2023, orgUnitId: $u) { pagu } }`
	for range 2 {
		api.Fails(tok, forbidden, map[string]any{"u": x.unit("BAG-RENKEU")}, "FORBIDDEN")
		api.Fails("", scopedQuery, nil, "UNAUTHENTICATED")
		api.OK(tok, `mutation { refreshToken { token } }`, nil, nil)
	}
	if s := c.Stats(); s.Hits != 0 || s.Entries != 0 {
		t.Errorf("stats %+v: want nothing cached", s)
	}
}

// BenchmarkDashboardCached measures the dashboard query through the real
// handler with the response cache off and on (every request after the
// first a hit).
func BenchmarkDashboardCached(b *testing.B) {
	for _, d := range testdb.Dialects(b) {
		for _, on := range []bool{false, true} {
			b.Run(fmt.Sprintf("%s/cache=%v", d, on), func(b *testing.B) {
				st := testdb.New(b, d)
				api, c := apitest.New(b, st), (*respcache.Cache)(nil)
				if on {
					api, c = cachedAPI(b, st)
				}
				tok, body := dashboardRequest(b, api)
				b.ReportAllocs()
				b.ResetTimer()
				for b.Loop() {
					status, resp := api.Raw(tok, body)
					if status != 200 || !bytes.HasPrefix(resp, []byte(`{"data":{"indicators":{"totalCount":40,`)) {
						b.Fatalf("status %d: %.300s", status, resp)
					}
				}
				b.StopTimer()
				if c != nil {
					s := c.Stats()
					b.ReportMetric(float64(s.Hits)/float64(s.Hits+s.Misses), "hit-ratio")
				}
				b.ReportMetric(float64(api.Statements()), "sql/op")
			})
		}
	}
}
