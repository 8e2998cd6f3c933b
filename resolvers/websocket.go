package resolvers

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	coderws "github.com/coder/websocket"
	"github.com/golang-jwt/jwt/v5"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/kinerja/kinerja/auth"
)

// Limits of the WebSocket transport of subscriptions.
const (
	// MaxSubscriptionsPerConnection bounds the subscriptions open at once on
	// one connection.
	MaxSubscriptionsPerConnection = 10
	// MaxConnectionsPerUser bounds the WebSocket connections one user holds
	// open at once on one instance.
	MaxConnectionsPerUser = 10
	// WebsocketPingInterval is how often the server pings a connection; one
	// that does not answer within twice that is closed.
	WebsocketPingInterval = 25 * time.Second
	// WebsocketInitTimeout bounds the wait for connection_init.
	WebsocketInitTimeout = 10 * time.Second
)

// websocket returns the WebSocket transport of subscriptions (the
// graphql-transport-ws protocol, and the older graphql-ws): a connection is
// authenticated by the token in its connection_init payload, as an HTTP
// request by its Authorization header, and ends when the token expires.
// Browsers may connect from the page's own origin and from origins.
func (r *Resolver) websocket(origins []string) transport.Websocket {
	conns := &userConnections{open: map[int64]int{}}
	return transport.Websocket{
		Implementation: transport.CoderWebsocketImplementation{AcceptOptions: coderws.AcceptOptions{OriginPatterns: origins}},
		InitFunc: func(ctx context.Context, p transport.InitPayload) (context.Context, *transport.InitPayload, error) {
			return r.initWebsocket(ctx, conns, p)
		},
		InitTimeout:           WebsocketInitTimeout,
		KeepAlivePingInterval: WebsocketPingInterval,
		PingPongInterval:      WebsocketPingInterval,
		CloseFunc: func(ctx context.Context, _ int) {
			if c := wsConnFrom(ctx); c != nil {
				c.end()
			}
		},
		ErrorFunc: func(ctx context.Context, err error) {
			if !errors.Is(err, context.Canceled) && !errors.Is(err, transport.ErrWebsocketClosed) {
				r.Log.DebugContext(ctx, "websocket", "err", err)
			}
		},
	}
}

// initWebsocket authenticates a connection by the token of its
// connection_init payload ({"Authorization": "Bearer …"} or {"token": "…"})
// and returns its context: the caller, its loaders, the connection's
// bookkeeping, and a deadline at the token's expiry.
func (r *Resolver) initWebsocket(ctx context.Context, conns *userConnections, p transport.InitPayload) (context.Context, *transport.InitPayload, error) {
	header := p.Authorization()
	if header == "" {
		if tok := p.GetString("token"); tok != "" {
			header = "Bearer " + tok
		}
	}
	if header == "" {
		return refuse(ctx, errors.New(`authentication required: send {"Authorization": "Bearer <token>"} in connection_init`))
	}
	id, err := r.identify(ctx, header)
	switch {
	case errors.As(err, new(*auth.Error)):
		return refuse(ctx, err)
	case err != nil:
		r.Log.ErrorContext(ctx, "authenticate a websocket", "err", err)
		return ctx, nil, errors.New("internal error")
	}
	expires, err := tokenExpiry(header)
	if err != nil {
		return refuse(ctx, err)
	}
	if !conns.acquire(id.UserID) {
		return refuse(ctx, fmt.Errorf("you have %d connections for subscriptions open already", MaxConnectionsPerUser))
	}
	c := &wsConn{release: func() { conns.release(id.UserID) }}
	ctx = auth.WithIdentity(ctx, id)
	ctx = withLoaders(ctx, NewLoaders(r.Store, id))
	ctx = context.WithValue(ctx, wsConnKey{}, c)
	ctx, c.cancel = context.WithDeadline(ctx, expires)
	return ctx, nil, nil
}

// CloseForbidden is the close code of a WebSocket connection refused at
// connection_init (graphql-transport-ws's 4403 Forbidden).
const CloseForbidden = 4403

// refuse refuses a connection at connection_init for err: it is closed with
// CloseForbidden and err's message as the reason (cut to what a close frame
// carries).
func refuse(ctx context.Context, err error) (context.Context, *transport.InitPayload, error) {
	reason := err.Error()
	if len(reason) > 120 {
		cut := 117
		for cut > 0 && !utf8.RuneStart(reason[cut]) {
			cut--
		}
		reason = reason[:cut] + "…"
	}
	ctx = transport.WithWebsocketCloseCode(ctx, CloseForbidden)
	return transport.AppendCloseReason(ctx, reason), nil, err
}

// tokenExpiry returns when the token of an Authorization header (verified
// already) expires.
func tokenExpiry(header string) (time.Time, error) {
	_, token, _ := strings.Cut(header, " ")
	var claims jwt.RegisteredClaims
	if _, _, err := jwt.NewParser().ParseUnverified(strings.TrimSpace(token), &claims); err != nil || claims.ExpiresAt == nil {
		return time.Time{}, auth.Unauthenticated("the token has no expiry")
	}
	return claims.ExpiresAt.Time, nil
}

// userConnections counts the WebSocket connections of each user.
type userConnections struct {
	mu   sync.Mutex
	open map[int64]int
}

func (u *userConnections) acquire(user int64) bool {
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.open[user] >= MaxConnectionsPerUser {
		return false
	}
	u.open[user]++
	return true
}

func (u *userConnections) release(user int64) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.open[user]--; u.open[user] <= 0 {
		delete(u.open, user)
	}
}

// wsConn is the bookkeeping of one authenticated WebSocket connection.
type wsConn struct {
	mu      sync.Mutex
	subs    int
	ended   bool
	release func()
	cancel  context.CancelFunc
}

type wsConnKey struct{}

// wsConnFrom returns the WebSocket connection of ctx, nil outside one.
func wsConnFrom(ctx context.Context) *wsConn {
	c, _ := ctx.Value(wsConnKey{}).(*wsConn)
	return c
}

// subscribe takes a subscription slot of the connection until ctx ends.
func (c *wsConn) subscribe(ctx context.Context) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.subs >= MaxSubscriptionsPerConnection {
		return limitError(CodeRateLimited, "SUBSCRIPTION_LIMIT", fmt.Sprintf(
			"this connection has %d subscriptions open already: stop one first", MaxSubscriptionsPerConnection))
	}
	c.subs++
	context.AfterFunc(ctx, func() {
		c.mu.Lock()
		c.subs--
		c.mu.Unlock()
	})
	return nil
}

// end releases the connection's place among its user's, once.
func (c *wsConn) end() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ended {
		return
	}
	c.ended = true
	c.release()
	c.cancel()
}

// freshLoaders returns ctx with new loaders for its caller: a WebSocket
// connection lives long, and what its first operation read must not shape
// its later ones.
func (r *Resolver) freshLoaders(ctx context.Context) context.Context {
	if id, err := auth.Require(ctx); err == nil {
		return withLoaders(ctx, NewLoaders(r.Store, id))
	}
	return ctx
}

// eventResponses gives each response of a subscription (each event) fresh
// loaders and a fresh budget of fields: a subscription lives long, and its
// first event's caches and spent fields must not shape its hundredth.
func (r *Resolver) eventResponses(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	if !graphql.HasOperationContext(ctx) {
		return next(ctx) // a request refused before it had an operation
	}
	if oc := graphql.GetOperationContext(ctx); oc.Operation != nil && oc.Operation.Operation == ast.Subscription {
		ctx = withBudget(r.freshLoaders(ctx))
	}
	return next(ctx)
}

// upgrades sends the WebSocket upgrades of subscriptions to srv directly:
// they carry no token in their headers and live longer than a request may,
// so the request middleware (authentication by header, body and time
// limits) is not theirs. Every other request goes to api.
func upgrades(srv *handler.Server, api http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if strings.EqualFold(req.Header.Get("Upgrade"), "websocket") {
			srv.ServeHTTP(w, req)
			return
		}
		api.ServeHTTP(w, req)
	})
}
