package obs

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"sync"
)

// MaxRequestIDLength bounds a request id taken from a client.
const MaxRequestIDLength = 64

// Request is what the log and the metrics learn about one HTTP request while
// it is served. Its id is fixed when the request arrives; the operation and
// the caller are filled in by the layers that learn them. Safe for concurrent
// use.
type Request struct {
	id string

	mu        sync.Mutex
	operation string
	userID    int64
	errLogged bool
	// suppressed counts the error lines of this request held back after
	// its first.
	suppressed int
}

// NewRequest returns a Request with the id the client sent when it is
// well formed (see ValidRequestID), else with a new random id.
func NewRequest(clientID string) *Request {
	if !ValidRequestID(clientID) {
		clientID = NewRequestID()
	}
	return &Request{id: clientID}
}

// ID returns the request id.
func (r *Request) ID() string { return r.id }

// SetOperation records the name of the GraphQL operation the request runs.
func (r *Request) SetOperation(name string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.operation = name
}

// Operation returns the name of the GraphQL operation, "" when none was
// named or the request did not reach the executor.
func (r *Request) Operation() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.operation
}

// SetUser records the id of the authenticated caller.
func (r *Request) SetUser(id int64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.userID = id
}

// User returns the id of the authenticated caller, 0 for none.
func (r *Request) User() int64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.userID
}

// SuppressedErrors returns how many error lines of the request were held
// back after its first.
func (r *Request) SuppressedErrors() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.suppressed
}

// firstError reports whether this is the request's first error line, and
// counts it as suppressed when it is not.
func (r *Request) firstError() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.errLogged {
		r.suppressed++
		return false
	}
	r.errLogged = true
	return true
}

type requestKey struct{}

// WithRequest returns ctx carrying r.
func WithRequest(ctx context.Context, r *Request) context.Context {
	return context.WithValue(ctx, requestKey{}, r)
}

// RequestFrom returns the Request of ctx, or nil.
func RequestFrom(ctx context.Context) *Request {
	r, _ := ctx.Value(requestKey{}).(*Request)
	return r
}

// ValidRequestID reports whether id may be taken from a client as a request
// id: 1 to MaxRequestIDLength letters, digits or "-_.:", so that it cannot
// forge or break a log line.
func ValidRequestID(id string) bool {
	if id == "" || len(id) > MaxRequestIDLength {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case c == '-', c == '_', c == '.', c == ':':
		default:
			return false
		}
	}
	return true
}

// NewRequestID returns a new random request id of 16 hex digits.
func NewRequestID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b) // never fails (crypto/rand)
	return hex.EncodeToString(b)
}
