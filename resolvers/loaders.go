package resolvers

import (
	"github.com/kinerja/kinerja/auth"
	"github.com/kinerja/kinerja/internal/app"
	"github.com/kinerja/kinerja/internal/storage"
)

// Loaders are the request's app.Session: its batched reads of the store for
// one caller, which the resolvers of a request share.
type Loaders = app.Session

// NewLoaders returns the loaders of one request by the caller who.
func NewLoaders(st *storage.Store, who *auth.Identity) *Loaders { return app.NewSession(st, who) }
