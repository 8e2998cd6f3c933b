package resolvers

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestCORS(t *testing.T) {
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusTeapot) })
	for _, tt := range []struct {
		name, origin, method string
		allowed              []string
		wantAllow            string
		wantStatus           int
	}{
		{"no configuration", "https://app.example", http.MethodPost, nil, "", http.StatusTeapot},
		{"allowed origin", "https://app.example", http.MethodPost, []string{"https://app.example/"}, "https://app.example", http.StatusTeapot},
		{"preflight", "https://app.example", http.MethodOptions, []string{"https://app.example"}, "https://app.example", http.StatusNoContent},
		{"other origin", "https://evil.example", http.MethodPost, []string{"https://app.example"}, "", http.StatusTeapot},
		{"any origin", "https://bi.example", http.MethodGet, []string{"*"}, "https://bi.example", http.StatusTeapot},
	} {
		req := httptest.NewRequest(tt.method, "/graphql", nil)
		req.Header.Set("Origin", tt.origin)
		rec := httptest.NewRecorder()
		cors(tt.allowed, ok).ServeHTTP(rec, req)
		if got := rec.Header().Get("Access-Control-Allow-Origin"); got != tt.wantAllow || rec.Code != tt.wantStatus {
			t.Errorf("%s: allow %q status %d, want %q %d", tt.name, got, rec.Code, tt.wantAllow, tt.wantStatus)
		}
	}
}
