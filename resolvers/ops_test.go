package resolvers_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kinerja/kinerja/auth"
	"github.com/kinerja/kinerja/internal/apitest"
	"github.com/kinerja/kinerja/internal/obs"
	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/internal/testdb"
	"github.com/kinerja/kinerja/resolvers"
)

// logBuffer collects log output from the handler's goroutines.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// lines returns the log lines that contain every one of subs.
func (l *logBuffer) lines(subs ...string) []string {
	var out []string
	for _, line := range strings.Split(l.String(), "\n") {
		ok := line != ""
		for _, s := range subs {
			ok = ok && strings.Contains(line, s)
		}
		if ok {
			out = append(out, line)
		}
	}
	return out
}

// opsServer is the API's handler with the server's logger (DEBUG and up)
// writing to logs.
type opsServer struct {
	t       *testing.T
	handler http.Handler
	logs    *logBuffer
	log     *obs.Handler
	tokens  *auth.Tokens
	store   *storage.Store
}

func newOpsServer(t *testing.T, st *storage.Store, opts resolvers.HandlerOptions) *opsServer {
	t.Helper()
	tok, err := auth.NewTokens([]byte(apitest.Secret), time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	logs := &logBuffer{}
	h := obs.NewHandler(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}), obs.HandlerOptions{})
	r := &resolvers.Resolver{Store: st, Tokens: tok, Log: slog.New(h)}
	return &opsServer{t: t, handler: r.Handler(opts), logs: logs, log: h, tokens: tok, store: st}
}

// token returns a token for the demo user username.
func (s *opsServer) token(username string) string {
	s.t.Helper()
	u, err := s.store.UserByUsername(context.Background(), username)
	if err != nil {
		s.t.Fatal(err)
	}
	tok, _, err := s.tokens.Issue(auth.Identity{UserID: u.ID, Username: u.Username, Role: auth.Role(u.Role), UnitID: u.OrgUnitID})
	if err != nil {
		s.t.Fatal(err)
	}
	return tok
}

// do sends req from addr (host:port) and returns the recorded response.
func (s *opsServer) do(req *http.Request, addr string) *httptest.ResponseRecorder {
	req.RemoteAddr = addr
	rec := httptest.NewRecorder()
	s.handler.ServeHTTP(rec, req)
	return rec
}

// query posts a GraphQL query as the holder of token.
func (s *opsServer) query(token, query string, header map[string]string) *httptest.ResponseRecorder {
	body, _ := json.Marshal(map[string]any{"query": query})
	req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	return s.do(req, "192.0.2.1:1234")
}

// metrics returns /metrics as read from this machine.
func (s *opsServer) metrics() string {
	s.t.Helper()
	rec := s.do(httptest.NewRequest(http.MethodGet, "/metrics", nil), "127.0.0.1:40000")
	if rec.Code != http.StatusOK {
		s.t.Fatalf("metrics: %d %s", rec.Code, rec.Body)
	}
	return rec.Body.String()
}

func TestReadyz(t *testing.T) {
	ready := func(st *storage.Store) (int, map[string]any) {
		t.Helper()
		s := newOpsServer(t, st, resolvers.HandlerOptions{})
		rec := s.do(httptest.NewRequest(http.MethodGet, "/readyz", nil), "192.0.2.1:1234")
		var body map[string]any
		if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
			t.Fatalf("readyz: %v %s", err, rec.Body)
		}
		return rec.Code, body
	}
	for _, d := range testdb.Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			st := testdb.Empty(t, d)
			_, latest, err := st.SchemaVersion(context.Background())
			apitest.Must(t, err)
			if code, body := ready(st); code != http.StatusOK || body["status"] != "ready" || body["schemaVersion"] != float64(latest) {
				t.Errorf("a migrated database: %d %v, want 200 ready at version %d", code, body, latest)
			}

			unmigrated, err := storage.Open(context.Background(), testdb.Unmigrated(t, d), nil)
			apitest.Must(t, err)
			t.Cleanup(func() { _ = unmigrated.Close() })
			apitest.Must(t, unmigrated.MigrateDown(context.Background())) // creates goose's table at version 0
			if code, body := ready(unmigrated); code != http.StatusServiceUnavailable || !strings.Contains(fmt.Sprint(body["reason"]), fmt.Sprintf("version 0, this server needs %d", latest)) {
				t.Errorf("an unmigrated database: %d %v, want 503 saying the versions", code, body)
			}

			_ = st.Close()
			if code, body := ready(st); code != http.StatusServiceUnavailable || body["status"] != "unavailable" {
				t.Errorf("a closed database: %d %v, want 503", code, body)
			}
		})
	}
}

func TestAccessLog(t *testing.T) {
	st := testdb.New(t, storage.SQLite)
	s := newOpsServer(t, st, resolvers.HandlerOptions{})
	sekda, err := st.UserByUsername(context.Background(), "sekda")
	apitest.Must(t, err)

	rec := s.query(s.token("sekda"), `query Mine { me { username } }`, map[string]string{"X-Request-Id": "req-42"})
	if got := rec.Header().Get("X-Request-Id"); got != "req-42" {
		t.Errorf("X-Request-Id echoed as %q, want req-42", got)
	}
	lines := s.logs.lines("request_id=req-42")
	want := "msg=request method=POST path=/graphql status=200 "
	if len(lines) != 1 || !strings.Contains(lines[0], want) || !strings.Contains(lines[0], fmt.Sprintf("operation=Mine user=%d ", sekda.ID)) {
		t.Errorf("lines of request req-42: %q\nwant one access line with %q, operation=Mine, user=%d", lines, want, sekda.ID)
	}

	// Every line of a request carries its id: login logs one of its own.
	rec = s.query("", `mutation { login(username: "bi", password: "kinerja-demo") { token } }`, map[string]string{"X-Request-Id": "bad id\nlevel=ERROR"})
	id := rec.Header().Get("X-Request-Id")
	if !regexp.MustCompile(`^[0-9a-f]{16}$`).MatchString(id) {
		t.Fatalf("a malformed X-Request-Id was answered with %q, want a new id", id)
	}
	if lines := s.logs.lines("request_id=" + id); len(lines) != 2 || !strings.Contains(lines[0], "msg=login") || !strings.Contains(lines[1], "operation=anonymous") {
		t.Errorf("lines of the login request: %q, want its login line and its access line", lines)
	}
	if strings.Contains(s.logs.String(), "kinerja-demo") {
		t.Errorf("the log holds a password:\n%s", s.logs)
	}

	// A GET query's variables are not logged with its path.
	s.do(httptest.NewRequest(http.MethodGet, `/graphql?query=query+Q($u:String!){login}&variables={"u":"private-value"}`, nil), "192.0.2.1:1")
	if strings.Contains(s.logs.String(), "private-value") {
		t.Errorf("the access line holds the query string:\n%s", s.logs)
	}
}

func TestMetrics(t *testing.T) {
	st := testdb.New(t, storage.SQLite)
	s := newOpsServer(t, st, resolvers.HandlerOptions{})
	tok := s.token("bi")
	s.query(tok, `query Dashboard { me { id } }`, nil)
	s.query(tok, `query Dashboard { me { id } }`, nil)
	s.query(tok, `{ me { id } }`, nil)
	// Refused before it is an operation (no token): counted as none.
	s.query("", `query Secretive { me { id } }`, nil)
	// A login without a token runs, under a name no signed-in caller gave.
	s.query("", `mutation SignIn { login(username: "nobody", password: "wrong-password") { token } }`, nil)
	s.query(tok, `{ me { `, nil) // BAD_USER_INPUT
	m := s.metrics()
	for _, want := range []string{
		`kinerja_graphql_request_duration_seconds_count{operation="Dashboard"} 2`,
		`kinerja_graphql_request_duration_seconds_count{operation="anonymous"} 1`,
		`kinerja_graphql_request_duration_seconds_count{operation="other"} 1`,
		`kinerja_graphql_request_duration_seconds_count{operation="none"} 2`,
		`kinerja_graphql_errors_total{code="UNAUTHENTICATED"} 2`,
		`kinerja_graphql_errors_total{code="BAD_USER_INPUT"} 1`,
		`kinerja_graphql_requests_in_flight 0`,
		`kinerja_sql_statements_total{kind="query"}`,
		`go_sql_open_connections{db_name="kinerja"}`,
		`kinerja_build_info{`,
		`process_`,
	} {
		if !strings.Contains(m, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	var graphqlRequests float64
	for _, line := range strings.Split(m, "\n") {
		if strings.HasPrefix(line, `kinerja_http_requests_total{route="/graphql",`) {
			var n float64
			_, err := fmt.Sscan(line[strings.LastIndexByte(line, ' ')+1:], &n)
			apitest.Must(t, err)
			graphqlRequests += n
		}
	}
	if graphqlRequests != 6 {
		t.Errorf("kinerja_http_requests_total of /graphql add up to %v, want 6:\n%s", graphqlRequests, m)
	}
	if strings.Contains(m, "Secretive") {
		t.Error("an unauthenticated caller's operation name became a label")
	}

	// The operation names are bounded.
	for i := range 150 {
		s.query(tok, fmt.Sprintf(`query Op%d { me { id } }`, i), nil)
	}
	m = s.metrics()
	if n := strings.Count(m, "kinerja_graphql_request_duration_seconds_count{"); n > 100+3 {
		t.Errorf("%d operation labels, want at most 100 names and anonymous, none, other", n)
	}
}

func TestMetricsAccess(t *testing.T) {
	st := testdb.New(t, storage.SQLite)
	get := func(s *opsServer, addr string, header map[string]string) int {
		req := httptest.NewRequest(http.MethodGet, "/metrics", nil)
		for k, v := range header {
			req.Header.Set(k, v)
		}
		return s.do(req, addr).Code
	}
	local := newOpsServer(t, st, resolvers.HandlerOptions{})
	withToken := newOpsServer(t, st, resolvers.HandlerOptions{MetricsToken: "metrics-token-0123456789"})
	for _, tt := range []struct {
		name   string
		s      *opsServer
		addr   string
		header map[string]string
		want   int
	}{
		{"loopback", local, "127.0.0.1:5000", nil, http.StatusOK},
		{"IPv6 loopback", local, "[::1]:5000", nil, http.StatusOK},
		{"another machine", local, "192.0.2.7:5000", nil, http.StatusForbidden},
		{"relayed by a proxy", local, "127.0.0.1:5000", map[string]string{"X-Forwarded-For": "192.0.2.7"}, http.StatusForbidden},
		{"the token", withToken, "192.0.2.7:5000", map[string]string{"Authorization": "Bearer metrics-token-0123456789"}, http.StatusOK},
		{"a wrong token", withToken, "192.0.2.7:5000", map[string]string{"Authorization": "Bearer metrics-token-x"}, http.StatusForbidden},
		{"no token, even from loopback", withToken, "127.0.0.1:5000", nil, http.StatusForbidden},
	} {
		if got := get(tt.s, tt.addr, tt.header); got != tt.want {
			t.Errorf("%s: %d, want %d", tt.name, got, tt.want)
		}
	}
}

// TestOutageLogs closes the database under the API and sends 100
// authenticated requests: each fails with INTERNAL, and the log holds one
// error line and, at the end, one line counting the others, instead of two
// error lines per request.
func TestOutageLogs(t *testing.T) {
	st := testdb.New(t, storage.SQLite)
	s := newOpsServer(t, st, resolvers.HandlerOptions{})
	tok := s.token("bi")
	_ = st.Close()
	for range 100 {
		rec := s.query(tok, `{ me { id } }`, nil)
		if rec.Code != http.StatusInternalServerError || !strings.Contains(rec.Body.String(), `"INTERNAL"`) {
			t.Fatalf("during the outage: %d %s, want 500 INTERNAL", rec.Code, rec.Body)
		}
	}
	errorLines := len(s.logs.lines("level=ERROR"))
	if errorLines < 1 || errorLines > 3 {
		t.Errorf("100 failed requests wrote %d error lines, want 1 (at most 3 should a window end):\n%s", errorLines, s.logs)
	}
	if n := len(s.logs.lines("msg=request ", "status=500")); n != 100 {
		t.Errorf("%d access lines with status 500, want 100", n)
	}
	s.log.Flush()
	if summary := s.logs.lines("similar lines suppressed", "message=authenticate"); len(summary) == 0 {
		t.Errorf("no summary of the held-back errors:\n%s", s.logs)
	}
}

// TestPanicLogsStack makes a resolver panic and a middleware panic (the API
// without a store, and without a token verifier): each request gets an
// INTERNAL error and the log the panic's stack.
func TestPanicLogsStack(t *testing.T) {
	for _, tt := range []struct {
		name  string
		r     *resolvers.Resolver
		token string
		where string // a frame of the stack
	}{
		{"resolver", &resolvers.Resolver{}, "", "resolvers.(*mutationResolver).Login"},
		{"middleware", &resolvers.Resolver{}, "x.y.z", "resolvers.(*Resolver).identify"},
	} {
		logs := &logBuffer{}
		tt.r.Log = slog.New(obs.NewHandler(slog.NewTextHandler(logs, nil), obs.HandlerOptions{}))
		h := tt.r.Handler(resolvers.HandlerOptions{})
		req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(`{"query":"mutation { login(username: \"bi\", password: \"kinerja-demo\") { token } }"}`))
		req.Header.Set("Content-Type", "application/json")
		if tt.token != "" {
			req.Header.Set("Authorization", "Bearer "+tt.token)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if !strings.Contains(rec.Body.String(), `"code":"INTERNAL"`) {
			t.Errorf("%s: response %d %s, want INTERNAL", tt.name, rec.Code, rec.Body)
		}
		out := logs.String()
		if !strings.Contains(out, "panicked") || !strings.Contains(out, "goroutine ") || !strings.Contains(out, tt.where) {
			t.Errorf("%s: the log has no stack through %s:\n%s", tt.name, tt.where, out)
		}
	}
}
