package resolvers_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/kinerja/kinerja/internal/apitest"
	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/internal/testdb"
)

// TestHTTP checks the transports and the pages beside /graphql, and that
// errors the transports raise themselves carry a code too.
func TestHTTP(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		api := apitest.New(t, st)
		tok := api.Token("sekda")
		get := func(path string) *httptest.ResponseRecorder {
			req := httptest.NewRequest(http.MethodGet, path, nil)
			req.Header.Set("Authorization", "Bearer "+tok)
			rec := httptest.NewRecorder()
			api.Handler.ServeHTTP(rec, req)
			return rec
		}

		rec := get("/graphql?query=" + url.QueryEscape(`{ achievementSummary(year: 2023) { withCapaian } }`))
		if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"withCapaian":27`) {
			t.Errorf("GET query: %d %s", rec.Code, rec.Body)
		}
		rec = get("/graphql?query=" + url.QueryEscape(`mutation { setTarget(input: {indicatorId: "`+apitest.GID("Indicator", 2)+`", year: 2023, value: 1}) { value } }`))
		if rec.Code == http.StatusOK || !strings.Contains(rec.Body.String(), `"code":"BAD_USER_INPUT"`) {
			t.Errorf("GET mutation: %d %s, want refused with BAD_USER_INPUT", rec.Code, rec.Body)
		}
		rec = get("/healthz")
		if rec.Code != http.StatusOK || strings.TrimSpace(rec.Body.String()) != `{"status":"ok"}` {
			t.Errorf("healthz: %d %s", rec.Code, rec.Body)
		}
		rec = get("/")
		if rec.Code != http.StatusOK || !strings.Contains(rec.Header().Get("Content-Type"), "text/html") || !strings.Contains(rec.Body.String(), "/graphql") {
			t.Errorf("GraphiQL page: %d %s", rec.Code, rec.Header().Get("Content-Type"))
		}

		for name, body := range map[string]string{
			"not JSON":  `{"query": "{ me { id } }", secret-looking-body`,
			"too large": `{"query": "{ me { id } }", "variables": {"x": "` + strings.Repeat("a", 2<<20) + `"}}`,
		} {
			req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bearer "+tok)
			resp := api.Send(req)
			if len(resp.Errors) == 0 || resp.Errors[0].Code() != "BAD_USER_INPUT" {
				t.Errorf("%s: %d %+v, want BAD_USER_INPUT", name, resp.Status, resp.Errors)
				continue
			}
			if strings.Contains(resp.Errors[0].Message, "secret-looking-body") {
				t.Errorf("%s: the message echoes the body: %q", name, resp.Errors[0].Message)
			}
		}
	})
}

// TestServerOverHTTP runs the handler behind a real listener, as a browser
// or BI tool would reach it.
func TestServerOverHTTP(t *testing.T) {
	st := testdb.New(t, storage.SQLite)
	api := apitest.New(t, st)
	srv := httptest.NewServer(api.Handler)
	defer srv.Close()
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/graphql", strings.NewReader(`{"query":"mutation { login(username: \"bi\", password: \"kinerja-demo\") { token } }"}`))
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	apitest.Must(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), `"token":"ey`) {
		t.Errorf("login over HTTP: %d %s", resp.StatusCode, body)
	}
}
