package resolvers

import (
	"context"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"github.com/kinerja/kinerja/auth"
	"github.com/kinerja/kinerja/internal/obs"
)

// RequestIDHeader carries the id of a request: taken from the request when
// well formed, else made up, and echoed in the response.
const RequestIDHeader = "X-Request-Id"

// observe is the outermost layer of the handler. It gives each request its
// id (the request id of every log line of the request), turns a panic
// outside the GraphQL executor into a logged INTERNAL error, and when the
// request is done logs one access line and records its metrics. The lines
// of probes and metrics scrapes are logged at DEBUG.
func (r *Resolver) observe(m *metrics, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		start := time.Now()
		info := obs.NewRequest(req.Header.Get(RequestIDHeader))
		w.Header().Set(RequestIDHeader, info.ID())
		ctx := obs.WithRequest(req.Context(), info)
		route := routeOf(req.URL.Path)
		sw := &statusWriter{ResponseWriter: w}
		done := m.begin(route)
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				r.Log.ErrorContext(ctx, "handler panicked", "panic", p, "stack", string(debug.Stack()))
				if sw.status == 0 {
					http.Error(sw, `{"errors":[{"message":"internal error","extensions":{"code":"INTERNAL"}}]}`, http.StatusInternalServerError)
				}
			}
			elapsed := time.Since(start)
			done(info, sw.code(), elapsed)
			r.logAccess(ctx, req, route, info, sw, elapsed)
		}()
		next.ServeHTTP(sw, req.WithContext(ctx))
	})
}

// logAccess writes the access line of a request.
func (r *Resolver) logAccess(ctx context.Context, req *http.Request, route string, info *obs.Request, sw *statusWriter, elapsed time.Duration) {
	level := slog.LevelInfo
	if route == "/healthz" || route == "/readyz" || route == "/metrics" {
		level = slog.LevelDebug
	}
	path := req.URL.Path
	if len(path) > 200 {
		path = path[:200] + "…"
	}
	attrs := []slog.Attr{
		slog.String("method", req.Method),
		slog.String("path", path), // never the query string: a GET query carries its variables there
		slog.Int("status", sw.code()),
		slog.Duration("duration", elapsed),
		slog.Int64("bytes", sw.bytes),
	}
	if op := info.Operation(); op != "" {
		attrs = append(attrs, slog.String("operation", op))
	}
	if u := info.User(); u != 0 {
		attrs = append(attrs, slog.Int64("user", u))
	}
	if n := info.SuppressedErrors(); n > 0 {
		attrs = append(attrs, slog.Int("more_errors", n))
	}
	r.Log.LogAttrs(ctx, level, "request", attrs...)
}

// recordCaller notes the authenticated caller of a request for its access
// line; it runs inside authenticate.
func recordCaller(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if id, err := auth.Require(req.Context()); err == nil {
			if info := obs.RequestFrom(req.Context()); info != nil {
				info.SetUser(id.UserID)
			}
		}
		next.ServeHTTP(w, req)
	})
}

// routeOf names the route of a path, a bounded set for the metrics.
func routeOf(path string) string {
	switch path {
	case "/graphql", "/healthz", "/readyz", "/metrics", "/":
		return path
	}
	if strings.HasPrefix(path, "/graphiql/") {
		return "/graphiql/"
	}
	return "other"
}

// statusWriter records the status and the size of a response.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (w *statusWriter) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

// Unwrap gives http.ResponseController the underlying writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// code returns the status of the response (200 when nothing was written).
func (w *statusWriter) code() int {
	if w.status == 0 {
		return http.StatusOK
	}
	return w.status
}
