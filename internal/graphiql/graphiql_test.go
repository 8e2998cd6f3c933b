package graphiql_test

import (
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/kinerja/kinerja/internal/graphiql"
)

func get(t *testing.T, h http.Handler, path string, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// TestPage checks the page refers to nothing but the server's own paths and
// serves with a policy that lets the browser load nothing else.
func TestPage(t *testing.T) {
	h := graphiql.Handler("/", "/graphql")
	rec := get(t, h, "/")
	if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
		t.Fatalf("page: %d %s", rec.Code, rec.Header().Get("Content-Type"))
	}
	page := rec.Body.String()
	refs := regexp.MustCompile(`(?:src|href)="([^"]*)"`).FindAllStringSubmatch(page, -1)
	if len(refs) != 6 {
		t.Errorf("page refers to %d files, want 4 scripts and 2 stylesheets: %q", len(refs), refs)
	}
	for _, r := range refs {
		if !strings.HasPrefix(r[1], "/graphiql/") {
			t.Errorf("page refers to %q, want a path of the server under /graphiql/", r[1])
		}
		if a := get(t, h, r[1]); a.Code != http.StatusOK || a.Body.Len() == 0 {
			t.Errorf("%s: %d, %d bytes", r[1], a.Code, a.Body.Len())
		}
	}
	if !strings.Contains(page, `data-endpoint="/graphql"`) {
		t.Error("page does not name the endpoint /graphql")
	}
	csp := rec.Header().Get("Content-Security-Policy")
	for _, want := range []string{"default-src 'self'", "script-src 'self'", "connect-src 'self'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("Content-Security-Policy %q lacks %q", csp, want)
		}
	}
}

// TestAssets checks compression, revalidation, the licences and refusals.
func TestAssets(t *testing.T) {
	h := graphiql.Handler("/", "/graphql")
	plain := get(t, h, "/graphiql/graphiql.min.js")
	if plain.Code != http.StatusOK || plain.Header().Get("Content-Type") != "text/javascript; charset=utf-8" {
		t.Fatalf("script: %d %q", plain.Code, plain.Header().Get("Content-Type"))
	}
	gz := get(t, h, "/graphiql/graphiql.min.js", "Accept-Encoding", "gzip, br")
	if gz.Header().Get("Content-Encoding") != "gzip" || gz.Body.Len() >= plain.Body.Len()/2 {
		t.Fatalf("gzip: encoding %q, %d bytes of %d", gz.Header().Get("Content-Encoding"), gz.Body.Len(), plain.Body.Len())
	}
	zr, err := gzip.NewReader(gz.Body)
	if err != nil {
		t.Fatal(err)
	}
	unzipped, _ := io.ReadAll(zr)
	if string(unzipped) != plain.Body.String() {
		t.Error("the gzipped script differs from the plain one")
	}
	etag := plain.Header().Get("ETag")
	if rec := get(t, h, "/graphiql/graphiql.min.js", "If-None-Match", etag); rec.Code != http.StatusNotModified {
		t.Errorf("If-None-Match %s: %d, want 304", etag, rec.Code)
	}
	lic := get(t, h, "/graphiql/LICENSES.txt").Body.String()
	for _, want := range []string{"graphiql 3.9.0", "react 18.3.1", "react-dom 18.3.1", "MIT License"} {
		if !strings.Contains(lic, want) {
			t.Errorf("LICENSES.txt lacks %q", want)
		}
	}
	for _, p := range []string{"/graphiql/index.html", "/graphiql/nope.js", "/graphiql/../graphiql.go", "/elsewhere"} {
		if rec := get(t, h, p); rec.Code != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", p, rec.Code)
		}
	}
	req := httptest.NewRequest(http.MethodPost, "/", nil)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST /: %d, want 405", rec.Code)
	}
}
