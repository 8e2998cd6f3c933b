package resolvers

import (
	"context"
	"fmt"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/models"
)

// Page sizes of the connections.
const (
	DefaultPageSize = 20
	MaxPageSize     = 100
)

// pageArgs are the paging arguments of a connection field.
type pageArgs struct {
	first, last   *int
	after, before *string
}

// window turns the paging arguments into a storage window, decoding the
// cursors as those of kind k: first (20 by default) rows after `after`, or
// the last rows before `before`, at most MaxPageSize. The page is counted
// only when the connection field of ctx asks for its totalCount: counting
// reads the whole list, which at the root of a country is 600,000 rows for
// a page of 20.
func (p pageArgs) window(ctx context.Context, k cursorKind) (storage.Window, error) {
	w := storage.Window{Limit: DefaultPageSize, Uncounted: !asksFor(ctx, "totalCount")}
	size := func(arg string, n int) error {
		if n < 0 {
			return domain.Invalid(arg, fmt.Sprintf("must not be negative, got %d", n))
		}
		w.Limit = min(n, MaxPageSize)
		return nil
	}
	switch {
	case p.first != nil && p.last != nil:
		return w, domain.Invalid("last", "give first (to page forward) or last (to page backward), not both")
	case p.first != nil:
		if err := size("first", *p.first); err != nil {
			return w, err
		}
	case p.last != nil:
		if err := size("last", *p.last); err != nil {
			return w, err
		}
		w.Backward = true
	}
	var err error
	if p.after != nil {
		if w.After, err = k.decode("after", *p.after); err != nil {
			return w, err
		}
	}
	if p.before != nil {
		if w.Before, err = k.decode("before", *p.before); err != nil {
			return w, err
		}
	}
	return w, nil
}

// edges returns the nodes of page with their cursors, and the page's info.
// Paging forward, hasNextPage is exact and hasPreviousPage tells whether
// the page started after a cursor; backward, the other way round.
func edges[T any](ctx context.Context, k cursorKind, w storage.Window, page storage.Page[T], key func(*T) []any) ([]*T, []string, *models.PageInfo) {
	nodes := make([]*T, len(page.Items))
	cursors := make([]string, len(page.Items))
	// The cursors of the edges between the first and the last are made
	// only when the query may ask for them.
	all := asksForEdgeCursors(ctx)
	for i := range page.Items {
		nodes[i] = &page.Items[i]
		if all || i == 0 || i == len(page.Items)-1 {
			cursors[i] = k.encode(key(nodes[i]))
		}
	}
	info := &models.PageInfo{HasNextPage: page.More, HasPreviousPage: w.After != nil}
	if w.Backward {
		info.HasNextPage, info.HasPreviousPage = w.Before != nil, page.More
	}
	if n := len(cursors); n > 0 {
		info.StartCursor, info.EndCursor = &cursors[0], &cursors[n-1]
	}
	return nodes, cursors, info
}

// total returns the totalCount of a connection: the page's own count when it
// has one, else count's.
func total[T any](page storage.Page[T], count func(context.Context) (int64, error)) func(context.Context) (int, error) {
	return func(ctx context.Context) (int, error) {
		if page.Counted {
			return int(page.Total), nil
		}
		n, err := count(ctx)
		return int(n), err
	}
}

// asksFor reports whether the selection of the field of ctx holds a field
// named name (directly or through fragments); true where ctx is not a
// field's.
func asksFor(ctx context.Context, name string) bool {
	if graphql.GetFieldContext(ctx) == nil || graphql.GetOperationContext(ctx) == nil {
		return true
	}
	for _, f := range graphql.CollectFieldsCtx(ctx, nil) {
		if f.Name == name {
			return true
		}
	}
	return false
}

// asksForEdgeCursors reports whether the selection of the connection field
// of ctx may hold a field named cursor, at any depth, through fragments
// too; true where ctx is not a field's. It errs on the side of yes.
func asksForEdgeCursors(ctx context.Context) bool {
	fc, oc := graphql.GetFieldContext(ctx), graphql.GetOperationContext(ctx)
	if fc == nil || oc == nil {
		return true
	}
	w := mentionWalk{doc: oc.Doc, name: "cursor"}
	return w.in(fc.Field.Selections, 0)
}

// mentionWalk looks for a field named name in a selection set and below
// it, fragments included. Each named fragment is walked once, so a document
// whose fragments spread each other many times costs no more than its
// size.
type mentionWalk struct {
	doc    *ast.QueryDocument
	name   string
	walked map[string]bool
	steps  int
}

// in reports whether name is selected in sel or below it, within a bounded
// depth (past it: yes).
func (w *mentionWalk) in(sel ast.SelectionSet, depth int) bool {
	if depth > 32 {
		return true
	}
	for _, s := range sel {
		w.steps++
		switch s := s.(type) {
		case *ast.Field:
			if s.Name == w.name || w.in(s.SelectionSet, depth+1) {
				return true
			}
		case *ast.InlineFragment:
			if w.in(s.SelectionSet, depth+1) {
				return true
			}
		case *ast.FragmentSpread:
			if w.walked[s.Name] {
				continue // walked already, without the name
			}
			f := s.Definition
			if f == nil && w.doc != nil {
				f = w.doc.Fragments.ForName(s.Name)
			}
			if f == nil {
				return true
			}
			if w.walked == nil {
				w.walked = map[string]bool{}
			}
			w.walked[s.Name] = true
			if w.in(f.SelectionSet, depth+1) {
				return true
			}
		}
	}
	return false
}
