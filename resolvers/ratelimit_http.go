package resolvers

import (
	"context"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql/handler"
)

// guardLogins adds the protection of logins to srv: the rule of one login
// per request, and, around it, the client address every request carries for
// the throttle and the HTTP status 429 with Retry-After for a response whose
// errors include RATE_LIMITED. A Resolver without Logins gets a LoginGuard
// with the default limits.
func (r *Resolver) guardLogins(srv *handler.Server) http.Handler {
	if r.Logins == nil {
		r.Logins = NewLoginGuard(LoginLimits{}, r.Log)
	}
	srv.Use(oneLogin{})
	trusted := r.Logins.limits.TrustedProxies
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		note := &retryNote{}
		ctx := context.WithValue(req.Context(), retryNoteKey{}, note)
		ctx = withClientAddr(ctx, clientAddr(req, trusted))
		srv.ServeHTTP(&limitedWriter{ResponseWriter: w, note: note}, req.WithContext(ctx))
	})
}

type retryNoteKey struct{}

// retryNote records, for one request, the longest wait a RATE_LIMITED error
// of its response asks for.
type retryNote struct {
	mu    sync.Mutex
	after time.Duration
	set   bool
}

// noteRetryAfter records in the request of ctx that its response carries a
// RATE_LIMITED error asking to wait d.
func noteRetryAfter(ctx context.Context, d time.Duration) {
	n, _ := ctx.Value(retryNoteKey{}).(*retryNote)
	if n == nil {
		return
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	n.set, n.after = true, max(n.after, d)
}

func (n *retryNote) get() (time.Duration, bool) {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.after, n.set
}

// limitedWriter turns the status of a response with a RATE_LIMITED error
// into 429 and adds Retry-After; the body (the GraphQL response) stays.
type limitedWriter struct {
	http.ResponseWriter
	note   *retryNote
	headed bool
}

func (w *limitedWriter) WriteHeader(status int) {
	if w.headed {
		return
	}
	w.headed = true
	if d, ok := w.note.get(); ok && status == http.StatusOK {
		w.Header().Set("Retry-After", strconv.FormatInt(retrySeconds(d), 10))
		status = http.StatusTooManyRequests
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *limitedWriter) Write(b []byte) (int, error) {
	if !w.headed {
		w.WriteHeader(http.StatusOK)
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap gives http.ResponseController the writer underneath.
func (w *limitedWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
