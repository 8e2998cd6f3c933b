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
		preflight            bool
		opts                 HandlerOptions
		wantAllow            string
		wantCredentials      string
		wantStatus           int
	}{
		{name: "no configuration", origin: "https://app.example", method: http.MethodPost, wantStatus: http.StatusTeapot},
		{name: "preflight without configuration", origin: "https://app.example", method: http.MethodOptions, preflight: true, wantStatus: http.StatusNoContent},
		{name: "allowed origin", origin: "https://app.example", method: http.MethodPost, opts: HandlerOptions{AllowedOrigins: []string{"https://app.example/"}}, wantAllow: "https://app.example", wantStatus: http.StatusTeapot},
		{name: "preflight", origin: "https://app.example", method: http.MethodOptions, preflight: true, opts: HandlerOptions{AllowedOrigins: []string{"https://app.example"}}, wantAllow: "https://app.example", wantStatus: http.StatusNoContent},
		{name: "other origin", origin: "https://evil.example", method: http.MethodPost, opts: HandlerOptions{AllowedOrigins: []string{"https://app.example"}}, wantStatus: http.StatusTeapot},
		{name: "preflight of another origin", origin: "https://evil.example", method: http.MethodOptions, preflight: true, opts: HandlerOptions{AllowedOrigins: []string{"https://app.example"}}, wantStatus: http.StatusNoContent},
		{name: "any origin", origin: "https://bi.example", method: http.MethodGet, opts: HandlerOptions{AllowedOrigins: []string{"*"}}, wantAllow: "*", wantStatus: http.StatusTeapot},
		{name: "credentials with a list", origin: "https://app.example", method: http.MethodPost, opts: HandlerOptions{AllowedOrigins: []string{"https://app.example"}, AllowCredentials: true}, wantAllow: "https://app.example", wantCredentials: "true", wantStatus: http.StatusTeapot},
		{name: "credentials never with any origin", origin: "https://bi.example", method: http.MethodPost, opts: HandlerOptions{AllowedOrigins: []string{"*"}, AllowCredentials: true}, wantAllow: "*", wantStatus: http.StatusTeapot},
	} {
		req := httptest.NewRequest(tt.method, "/graphql", nil)
		req.Header.Set("Origin", tt.origin)
		if tt.preflight {
			req.Header.Set("Access-Control-Request-Method", http.MethodPost)
			req.Header.Set("Access-Control-Request-Headers", "authorization, content-type")
		}
		rec := httptest.NewRecorder()
		corsHandler(tt.opts, ok).ServeHTTP(rec, req)
		h := rec.Header()
		if got := h.Get("Access-Control-Allow-Origin"); got != tt.wantAllow || rec.Code != tt.wantStatus {
			t.Errorf("%s: allow %q status %d, want %q %d", tt.name, got, rec.Code, tt.wantAllow, tt.wantStatus)
		}
		if got := h.Get("Access-Control-Allow-Credentials"); got != tt.wantCredentials {
			t.Errorf("%s: allow credentials %q, want %q", tt.name, got, tt.wantCredentials)
		}
		if tt.preflight && rec.Body.Len() != 0 {
			t.Errorf("%s: preflight answered with a body %q", tt.name, rec.Body)
		}
		if tt.preflight && tt.wantAllow != "" && h.Get("Access-Control-Allow-Headers") == "" {
			t.Errorf("%s: preflight allows no headers", tt.name)
		}
	}

	// Allowed headers are configurable.
	req := httptest.NewRequest(http.MethodOptions, "/graphql", nil)
	req.Header.Set("Origin", "https://app.example")
	req.Header.Set("Access-Control-Request-Method", http.MethodPost)
	req.Header.Set("Access-Control-Request-Headers", "x-tenant")
	rec := httptest.NewRecorder()
	corsHandler(HandlerOptions{AllowedOrigins: []string{"https://app.example"}}, ok).ServeHTTP(rec, req)
	if rec.Header().Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("a header outside the default list was allowed: %v", rec.Header())
	}
	rec = httptest.NewRecorder()
	corsHandler(HandlerOptions{AllowedOrigins: []string{"https://app.example"}, AllowedHeaders: []string{"Authorization", "X-Tenant"}}, ok).ServeHTTP(rec, req)
	if rec.Header().Get("Access-Control-Allow-Origin") != "https://app.example" {
		t.Errorf("a configured header was refused: %v", rec.Header())
	}
}
