// Package apitest drives the GraphQL API end to end in tests: the real HTTP
// handler over a test database, with tokens for the demo users and a count
// of the SQL statements each request runs.
package apitest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kinerja/kinerja/auth"
	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/models"
	"github.com/kinerja/kinerja/resolvers"
)

// Secret signs the tokens of test APIs.
const Secret = "test-secret-test-secret-test-secret-0123"

// API is the API over one test database.
type API struct {
	t       testing.TB
	Store   *storage.Store
	Tokens  *auth.Tokens
	Handler http.Handler
	last    atomic.Int64
}

// New returns the API over st. Options may change the resolver before its
// handler is built (a LoginGuard with a test clock, other tokens).
func New(t testing.TB, st *storage.Store, options ...func(*resolvers.Resolver)) *API {
	t.Helper()
	return NewWith(t, st, resolvers.HandlerOptions{}, options...)
}

// NewWith returns the API over st with the handler options opts.
func NewWith(t testing.TB, st *storage.Store, opts resolvers.HandlerOptions, options ...func(*resolvers.Resolver)) *API {
	t.Helper()
	tok, err := auth.NewTokens([]byte(Secret), time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if testing.Verbose() {
		log = slog.New(slog.NewTextHandler(&testWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	r := &resolvers.Resolver{Store: st, Tokens: tok, Log: log}
	for _, o := range options {
		o(r)
	}
	a := &API{t: t, Store: st, Tokens: r.Tokens}
	h := r.Handler(opts)
	a.Handler = http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		ctx, c := storage.WithCounter(req.Context())
		h.ServeHTTP(w, req.WithContext(ctx))
		a.last.Store(c.Count())
	})
	return a
}

type testWriter struct{ t testing.TB }

func (w *testWriter) Write(b []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(b)))
	return len(b), nil
}

// Token returns a token for the user named username, as login would.
func (a *API) Token(username string) string {
	a.t.Helper()
	u, err := a.Store.UserByUsername(context.Background(), username)
	if err != nil {
		a.t.Fatalf("token for %s: %v", username, err)
	}
	tok, _, err := a.Tokens.Issue(auth.Identity{UserID: u.ID, Username: u.Username, Role: auth.Role(u.Role), UnitID: u.OrgUnitID, SessionGen: u.SessionGen})
	if err != nil {
		a.t.Fatalf("token for %s: %v", username, err)
	}
	return tok
}

// Statements returns the number of SQL statements of the last request.
func (a *API) Statements() int64 { return a.last.Load() }

// Error is one GraphQL error of a response.
type Error struct {
	Message    string         `json:"message"`
	Path       []any          `json:"path"`
	Extensions map[string]any `json:"extensions"`
}

// Code returns extensions.code.
func (e Error) Code() string {
	c, _ := e.Extensions["code"].(string)
	return c
}

// Response is a GraphQL response.
type Response struct {
	Status int
	Header http.Header
	Data   json.RawMessage `json:"data"`
	Errors []Error         `json:"errors"`
}

// Do sends query with variables as the holder of token ("" for none) and
// returns the response.
func (a *API) Do(token, query string, vars map[string]any) Response {
	a.t.Helper()
	body, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		a.t.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(string(body)))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return a.Send(req)
}

// Send sends a prepared request to the handler and decodes its response.
func (a *API) Send(req *http.Request) Response {
	a.t.Helper()
	rec := httptest.NewRecorder()
	a.Handler.ServeHTTP(rec, req)
	var resp Response
	if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil {
		a.t.Fatalf("response is not JSON (%d): %v\n%s", rec.Code, err, rec.Body.String())
	}
	resp.Status, resp.Header = rec.Code, rec.Header()
	return resp
}

// OK sends query and decodes its data into out, failing the test on any
// error.
func (a *API) OK(token, query string, vars map[string]any, out any) {
	a.t.Helper()
	resp := a.Do(token, query, vars)
	if len(resp.Errors) > 0 {
		a.t.Fatalf("unexpected errors: %+v", resp.Errors)
	}
	if out != nil {
		if err := json.Unmarshal(resp.Data, out); err != nil {
			a.t.Fatalf("decode data: %v\n%s", err, resp.Data)
		}
	}
}

// Fails sends query and returns its first error, failing the test when
// there is none or when its code is not code.
func (a *API) Fails(token, query string, vars map[string]any, code string) Error {
	a.t.Helper()
	resp := a.Do(token, query, vars)
	if len(resp.Errors) == 0 {
		a.t.Fatalf("got data %s, want an error with code %s", resp.Data, code)
	}
	e := resp.Errors[0]
	if e.Code() != code {
		a.t.Fatalf("got error code %q (%q), want %s", e.Code(), e.Message, code)
	}
	return e
}

// Round2 rounds to two decimals, as the LKjIP prints.
func Round2(v float64) float64 {
	return float64(int64(v*100+copysign(0.5, v))) / 100
}

func copysign(x, sign float64) float64 {
	if sign < 0 {
		return -x
	}
	return x
}

// Must fails the test when err is not nil.
func Must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(fmt.Errorf("unexpected: %w", err))
	}
}

// Body returns the JSON body of a GraphQL request, for Raw.
func Body(t testing.TB, query string, vars map[string]any) []byte {
	t.Helper()
	b, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Raw posts a prepared body as the holder of token and returns the status
// and the body of the response, undecoded: for benchmarks, which measure
// the server and not this client.
func (a *API) Raw(token string, body []byte) (int, []byte) {
	req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	rec := httptest.NewRecorder()
	a.Handler.ServeHTTP(rec, req)
	return rec.Code, rec.Body.Bytes()
}

// GID returns the global id the API shows for the row id of type typ
// ("Indicator", "OrgUnit", …), for tests that name a row by its number.
func GID(typ string, id int64) string {
	return models.GlobalID{Type: typ, ID: id}.String()
}

// RowID returns the row id of a global id the API returned, for tests that
// reach storage directly.
func RowID(t testing.TB, gid string) int64 {
	t.Helper()
	g, err := models.ParseGlobalID(gid)
	if err != nil {
		t.Fatalf("row id of %q: %v", gid, err)
	}
	return g.ID
}
