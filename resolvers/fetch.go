package resolvers

import (
	"context"

	"github.com/kinerja/kinerja/auth"

	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/models"
)

// one resolves a non-null reference through a loader: the caller must be
// authenticated, and a dangling reference is reported as missing.
func one[T any](ctx context.Context, r *Resolver, what string, id int64, load func(*Loaders, context.Context, int64) (*T, error)) (*T, error) {
	_, l, err := r.caller(ctx)
	if err != nil {
		return nil, err
	}
	v, err := load(l, ctx, id)
	if err != nil {
		return nil, err
	}
	if v == nil {
		return nil, notFound(what, id)
	}
	return v, nil
}

// many resolves a list below a parent through a loader.
func many[T any](ctx context.Context, r *Resolver, parent int64, load func(*Loaders, context.Context, int64) ([]*T, error)) ([]*T, error) {
	_, l, err := r.caller(ctx)
	if err != nil {
		return nil, err
	}
	v, err := load(l, ctx, parent)
	if v == nil && err == nil {
		v = []*T{}
	}
	return v, err
}

// elementIndicators resolves the indicators of a plan element that the
// caller may read.
func (r *Resolver) elementIndicators(ctx context.Context, lv domain.Level, id int64) ([]*models.Indicator, error) {
	_, l, err := r.caller(ctx)
	if err != nil {
		return nil, err
	}
	v, err := l.ElementIndicators(ctx, lv, id)
	if v == nil && err == nil {
		v = []*models.Indicator{}
	}
	return v, err
}

// change runs a write as the caller, then resets the request's loaders so
// that the rest of the request reads the data as the write left it.
func change[T any](ctx context.Context, r *Resolver, write func(who *auth.Identity) (T, error)) (T, error) {
	who, l, err := r.caller(ctx)
	if err != nil {
		var zero T
		return zero, err
	}
	out, err := write(who)
	l.Reset()
	return out, err
}

// maybe resolves a nullable reference: nil when id is nil, else as one.
func maybe[T any](ctx context.Context, r *Resolver, what string, id *int64, load func(*Loaders, context.Context, int64) (*T, error)) (*T, error) {
	if id == nil {
		return nil, nil
	}
	return one(ctx, r, what, *id, load)
}
