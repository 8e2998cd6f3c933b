package resolvers

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/kinerja/kinerja/auth"
	"github.com/kinerja/kinerja/internal/persisted"
)

// Bounds of the cache of automatic persisted queries: entries, and the
// longest document kept (a longer one runs but is not remembered), so the
// cache holds at most APQCacheEntries × APQMaxDocument bytes.
const (
	APQCacheEntries = 1000
	APQMaxDocument  = 32 << 10
)

// CodePersistedQueryNotFound asks the client to send the document with its
// hash (automatic persisted queries).
const CodePersistedQueryNotFound = "PERSISTED_QUERY_NOT_FOUND"

// apqCache is gqlgen's LRU cache that refuses documents over APQMaxDocument.
type apqCache struct{ *lru.LRU[string] }

func (c apqCache) Add(ctx context.Context, key, value string) {
	if len(value) <= APQMaxDocument {
		c.LRU.Add(ctx, key, value)
	}
}

// automaticPersistedQueries is gqlgen's APQ extension over a bounded cache.
func automaticPersistedQueries() extension.AutomaticPersistedQuery {
	return extension.AutomaticPersistedQuery{Cache: apqCache{lru.New[string](APQCacheEntries)}}
}

// allowList runs, for callers other than ADMIN, only the operations of a
// manifest. A request names one by its id (extensions.persistedQuery.
// sha256Hash, as APQ clients send it) or sends a document the manifest
// holds. Anonymous requests are left to the rule that they may only log in.
type allowList struct{ m *persisted.Manifest }

var _ interface {
	graphql.OperationParameterMutator
	graphql.HandlerExtension
} = allowList{}

func (allowList) ExtensionName() string                          { return "AllowList" }
func (allowList) Validate(schema graphql.ExecutableSchema) error { return nil }

func (a allowList) MutateOperationParameters(ctx context.Context, raw *graphql.RawParams) *gqlerror.Error {
	if raw.Query == "" {
		if id := persistedID(raw); id != "" {
			if doc, ok := a.m.Document(id); ok {
				// The manifest's id may be another hash than APQ's SHA-256:
				// the document is found, so APQ has nothing to do.
				raw.Query = doc
				delete(raw.Extensions, "persistedQuery")
				return nil
			}
		}
	}
	who, err := auth.Require(ctx)
	if err != nil || who.Role == auth.Admin || raw.Query == "" || a.m.Allows(raw.Query) {
		return nil
	}
	return &gqlerror.Error{
		Message:    "this server runs only the operations of its registered apps: this document is not in the allow-list (an ADMIN may run any)",
		Extensions: map[string]any{"code": CodeForbidden, "reason": "PERSISTED_QUERY_NOT_LISTED"},
	}
}

// persistedID returns the hash a request names its document by, if any.
func persistedID(raw *graphql.RawParams) string {
	pq, _ := raw.Extensions["persistedQuery"].(map[string]any)
	id, _ := pq["sha256Hash"].(string)
	return id
}
