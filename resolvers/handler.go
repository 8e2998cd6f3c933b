package resolvers

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/kinerja/kinerja/graph"
	"github.com/kinerja/kinerja/internal/gqlx"
	"github.com/kinerja/kinerja/internal/graphiql"
	"github.com/kinerja/kinerja/internal/persisted"
	"github.com/kinerja/kinerja/internal/report"
	"github.com/kinerja/kinerja/internal/respcache"
)

// Limits of a request.
const (
	// MaxBodyBytes bounds a request body.
	MaxBodyBytes = 1 << 20
	// MaxComplexity bounds the fields the answer to a query may hold, lists
	// counted by their page size or usual length (see complexity.go).
	MaxComplexity = 250000
	// MaxTokens bounds the tokens of a query document.
	MaxTokens = 10000
	// RequestTimeout bounds the work of one request.
	RequestTimeout = 30 * time.Second
)

// HandlerOptions configure Handler.
type HandlerOptions struct {
	// AllowedOrigins are the origins browsers may call the API from (CORS);
	// "*" allows any. Empty: same origin only.
	AllowedOrigins []string
	// AllowedHeaders are the request headers cross-origin callers may send;
	// empty: DefaultCORSHeaders.
	AllowedHeaders []string
	// AllowCredentials lets browsers send credentials cross-origin; it is
	// ignored with AllowedOrigins "*".
	AllowCredentials bool
	// AllowList, when set, is the manifest of the only operations callers
	// other than ADMIN may run.
	AllowList *persisted.Manifest
	// MetricsToken, when set, is the bearer token that reads /metrics;
	// empty: only clients on this machine may.
	MetricsToken string
	// WorkbookHooks change the LKjIP workbook before it is sent (more
	// sheets).
	WorkbookHooks []report.Hook
	// ResponseCache, when set, serves read queries from memory while the
	// data has not changed (see responsecache.go).
	ResponseCache *respcache.Cache
}

// Handler returns the HTTP handler of the API: GraphQL at /graphql (POST,
// GET for queries, WebSocket for subscriptions), GraphiQL at /, a health check at /healthz, a
// readiness check at /readyz, Prometheus metrics at /metrics, the LKjIP
// exports at /reports/ (see Reports) and the BI views as CSV at /bi/ (see
// BIExport).
func (r *Resolver) Handler(opts HandlerOptions) http.Handler {
	srv := handler.New(graph.NewExecutableSchema(graph.Config{Resolvers: r}))
	srv.AddTransport(r.websocket(opts.AllowedOrigins))
	srv.AddTransport(transport.GET{})
	srv.AddTransport(gqlx.POST{}) // gqlgen's POST, writing data without re-encoding it
	srv.AddTransport(transport.MultipartForm{MaxUploadSize: MaxUploadBytes, MaxMemory: MaxUploadBytes})
	docs := lru.New[*ast.QueryDocument](1000)
	srv.SetQueryCache(docs)
	srv.SetParserTokenLimit(MaxTokens)
	srv.Use(extension.Introspection{})
	if opts.AllowList != nil {
		srv.Use(allowList{opts.AllowList})
	}
	srv.Use(automaticPersistedQueries())
	srv.Use(newLimits(docs))
	srv.SetErrorPresenter(r.presentError)
	srv.SetRecoverFunc(r.recoverPanic)
	srv.AroundResponses(protocolCodes)
	srv.AroundResponses(r.eventResponses)
	m := r.newMetrics()
	srv.Use(m) // after protocolCodes: counts the codes clients see
	useResponseCache(srv, m, opts.ResponseCache)

	api := r.guardLogins(srv)
	api = recordCaller(api)
	api = r.authenticate(api)
	api = codedHTTPErrors(api)
	api = limitRequest(api)

	mux := http.NewServeMux()
	mux.Handle("/graphql", upgrades(srv, api))
	ide := graphiql.Handler("/", "/graphql")
	mux.Handle("GET /{$}", ide)
	mux.Handle("GET /graphiql/", ide)
	mux.HandleFunc("GET /healthz", r.healthz)
	mux.HandleFunc("GET /readyz", r.readyz)
	mux.Handle("GET /metrics", m.handler(opts.MetricsToken))
	mux.Handle("GET /reports/{file}", limitRequest(r.Reports(opts.WorkbookHooks...)))
	mux.Handle("GET /bi/{file}", limitRequest(r.BIExport()))
	return r.observe(m, corsHandler(opts, mux))
}

// healthz answers 200 when the database answers.
func (r *Resolver) healthz(w http.ResponseWriter, req *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	if err := r.Store.Ping(req.Context()); err != nil {
		r.Log.ErrorContext(req.Context(), "health check", "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte(`{"status":"unavailable"}`))
		return
	}
	_, _ = w.Write([]byte(`{"status":"ok"}`))
}

// limitRequest bounds the body and the time of a request.
func limitRequest(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		ctx, cancel := context.WithTimeout(req.Context(), RequestTimeout)
		defer cancel()
		if !readBody(w, req) {
			return
		}
		next.ServeHTTP(w, req.WithContext(ctx))
	})
}

// codedHTTPErrors gives a code to the few errors gqlgen's transports write
// themselves, outside the executor (a mutation sent with GET, a body that is
// not JSON, an unsupported method): the response is rewritten so that every
// error carries extensions.code BAD_USER_INPUT and no echo of the request.
func codedHTTPErrors(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		cw := &codingWriter{ResponseWriter: w}
		next.ServeHTTP(cw, req)
		cw.finish()
	})
}

type codingWriter struct {
	http.ResponseWriter
	status    int
	buffering bool
	buf       bytes.Buffer
}

func (w *codingWriter) WriteHeader(status int) {
	w.status = status
	if status == http.StatusBadRequest || status == http.StatusNotAcceptable || status == http.StatusMethodNotAllowed ||
		status == http.StatusUnsupportedMediaType || status == http.StatusRequestEntityTooLarge ||
		status == http.StatusUnprocessableEntity {
		w.buffering = true
		return
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *codingWriter) Write(b []byte) (int, error) {
	if w.buffering {
		return w.buf.Write(b)
	}
	return w.ResponseWriter.Write(b)
}

func (w *codingWriter) finish() {
	if !w.buffering {
		return
	}
	// A request error has no data entry at all (GraphQL over HTTP).
	var body struct {
		Errors []map[string]any `json:"errors"`
	}
	if err := json.Unmarshal(w.buf.Bytes(), &body); err != nil || len(body.Errors) == 0 {
		body.Errors = []map[string]any{{"message": strings.TrimSpace(w.buf.String())}}
	}
	if w.status == http.StatusUnprocessableEntity {
		// GraphQL over HTTP: a request without a query is a bad request; one
		// that fails to parse, validate or coerce its variables is answered
		// 200 with application/json (gqlgen says 422 for all of them).
		w.status = http.StatusOK
		for _, e := range body.Errors {
			if e["message"] == "no operation provided" {
				w.status = http.StatusBadRequest
				e["message"] = `the request has no query: send {"query": "...", "variables": {...}}`
			}
		}
	}
	for _, e := range body.Errors {
		msg, _ := e["message"].(string)
		switch {
		case strings.HasPrefix(msg, "json request body could not be decoded"):
			e["message"] = `the request body is not valid JSON: send {"query": "...", "variables": {...}}`
		case strings.Contains(msg, "request body too large"), w.status == http.StatusRequestEntityTooLarge:
			e["message"] = "the request body is too large"
		case msg == "":
			e["message"] = http.StatusText(w.status)
		}
		ext, _ := e["extensions"].(map[string]any)
		if ext == nil {
			ext = map[string]any{}
			e["extensions"] = ext
		}
		if c, _ := ext["code"].(string); !ourCodes[c] {
			ext["code"] = CodeBadUserInput
		}
	}
	out, _ := json.Marshal(body)
	if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/graphql-response+json") {
		w.Header().Set("Content-Type", "application/json")
	}
	w.Header().Del("Content-Length")
	w.ResponseWriter.WriteHeader(w.status)
	_, _ = w.ResponseWriter.Write(out)
}
