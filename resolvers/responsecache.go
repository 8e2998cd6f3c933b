package resolvers

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/kinerja/kinerja/auth"
	"github.com/kinerja/kinerja/internal/respcache"
)

// useResponseCache serves the read queries of authenticated callers from c
// when it holds their answer (nil c: no cache). It is the innermost response
// middleware: authentication, the limits and the deadline have run, and the
// metrics count a cached answer like any other.
func useResponseCache(srv *handler.Server, m *metrics, c *respcache.Cache) {
	if c == nil {
		return
	}
	m.reg.MustRegister(c.Collectors()...)
	srv.AroundResponses(func(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
		return cachedResponse(ctx, c, next)
	})
}

// cachedResponse answers from c, or computes the answer and offers it to c.
// Only queries are cached (never mutations or subscriptions), only for an
// authenticated caller, and only answers without errors.
func cachedResponse(ctx context.Context, c *respcache.Cache, next graphql.ResponseHandler) *graphql.Response {
	if !graphql.HasOperationContext(ctx) {
		return next(ctx)
	}
	oc := graphql.GetOperationContext(ctx)
	if oc.Operation == nil || oc.Operation.Operation != ast.Query {
		return next(ctx)
	}
	who, err := auth.Require(ctx)
	if err != nil {
		return next(ctx)
	}
	key, ok := responseKey(oc, who)
	if !ok {
		return next(ctx)
	}
	stamp, ok := c.Stamp()
	if !ok {
		return next(ctx)
	}
	if data, ok := c.Get(key, stamp); ok {
		return &graphql.Response{Data: data}
	}
	resp := next(ctx)
	if resp != nil && len(resp.Errors) == 0 && len(resp.Extensions) == 0 && len(resp.Data) > 0 && ctx.Err() == nil {
		c.Put(key, stamp, append([]byte(nil), resp.Data...))
	}
	return resp
}

// responseKey returns the key of the answer to the operation of oc for who:
// the document, the operation, the variables and the caller as the answer
// depends on it: role (a VIEWER sees approved figures only), the org unit
// (the scope), and the user itself when a field of the document depends on
// who asks (see personal).
func responseKey(oc *graphql.OperationContext, who *auth.Identity) (respcache.Key, bool) {
	vars, err := json.Marshal(oc.Variables) // map keys in order
	if err != nil {
		return respcache.Key{}, false
	}
	user := "*"
	if personal(oc.Operation.SelectionSet, map[string]bool{}) {
		user = strconv.FormatInt(who.UserID, 10)
	}
	return respcache.NewKey([]byte(oc.RawQuery), []byte(oc.OperationName), vars,
		[]byte(who.Role), []byte(who.UnitPath), []byte(user), []byte(who.IdP)), true
}

// personal reports whether a field of set answers differently for two
// users of the same role and org unit: the caller itself (me), what it may
// do (the may* flags), users (whose visibility depends on who asks), and
// anything reached by id (node, nodes). When in doubt a field belongs here.
func personal(set ast.SelectionSet, fragments map[string]bool) bool {
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			switch {
			case s.Name == "me", s.Name == "node", s.Name == "nodes", strings.HasPrefix(s.Name, "may"):
				return true
			case s.Definition != nil && s.Definition.Type.Name() == "User",
				s.ObjectDefinition != nil && s.ObjectDefinition.Name == "User":
				return true
			}
			if personal(s.SelectionSet, fragments) {
				return true
			}
		case *ast.InlineFragment:
			if personal(s.SelectionSet, fragments) {
				return true
			}
		case *ast.FragmentSpread:
			if fragments[s.Name] || s.Definition == nil {
				continue
			}
			fragments[s.Name] = true
			if personal(s.Definition.SelectionSet, fragments) {
				return true
			}
		}
	}
	return false
}
