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
	"github.com/99designs/gqlgen/graphql/playground"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/kinerja/kinerja/graph"
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
}

// Handler returns the HTTP handler of the API: GraphQL at /graphql (POST,
// and GET for queries), GraphiQL at /, and a health check at /healthz.
func (r *Resolver) Handler(opts HandlerOptions) http.Handler {
	srv := handler.New(graph.NewExecutableSchema(graph.Config{Resolvers: r}))
	srv.AddTransport(transport.GET{})
	srv.AddTransport(transport.POST{})
	docs := lru.New[*ast.QueryDocument](1000)
	srv.SetQueryCache(docs)
	srv.SetParserTokenLimit(MaxTokens)
	srv.Use(extension.Introspection{})
	srv.Use(newLimits(docs))
	srv.SetErrorPresenter(r.presentError)
	srv.SetRecoverFunc(r.recoverPanic)
	srv.AroundResponses(protocolCodes)

	api := http.Handler(srv)
	api = r.authenticate(api)
	api = codedHTTPErrors(api)
	api = limitRequest(api)

	mux := http.NewServeMux()
	mux.Handle("/graphql", api)
	mux.Handle("GET /{$}", playground.Handler("Kinerja", "/graphql"))
	mux.HandleFunc("GET /healthz", r.healthz)
	return cors(opts.AllowedOrigins, mux)
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
		status == http.StatusUnsupportedMediaType || status == http.StatusRequestEntityTooLarge {
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
	var body struct {
		Errors []map[string]any `json:"errors"`
		Data   any              `json:"data"`
	}
	if err := json.Unmarshal(w.buf.Bytes(), &body); err != nil || len(body.Errors) == 0 {
		body.Errors = []map[string]any{{"message": strings.TrimSpace(w.buf.String())}}
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
	w.Header().Set("Content-Type", "application/json")
	w.Header().Del("Content-Length")
	w.ResponseWriter.WriteHeader(w.status)
	_, _ = w.ResponseWriter.Write(out)
}

// cors allows browsers on origins to call the API.
func cors(origins []string, next http.Handler) http.Handler {
	if len(origins) == 0 {
		return next
	}
	allowed := map[string]bool{}
	for _, o := range origins {
		allowed[strings.TrimRight(o, "/")] = true
	}
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		origin := req.Header.Get("Origin")
		if origin != "" && (allowed["*"] || allowed[origin]) {
			h := w.Header()
			h.Set("Access-Control-Allow-Origin", origin)
			h.Add("Vary", "Origin")
			h.Set("Access-Control-Allow-Headers", "Authorization, Content-Type")
			h.Set("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
			h.Set("Access-Control-Max-Age", "600")
			if req.Method == http.MethodOptions {
				w.WriteHeader(http.StatusNoContent)
				return
			}
		}
		next.ServeHTTP(w, req)
	})
}
