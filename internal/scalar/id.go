package scalar

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/99designs/gqlgen/graphql"

	"github.com/kinerja/kinerja/internal/domain"
)

// MarshalID writes a row id that a resolver returns bare as an ID. Only the
// delete mutations do: each returns the id of what it deleted, which is the
// id it was given, so it is written back as the caller sent it (the global
// id of the field's `id` argument). A bare row id anywhere else has no type
// to make a global id of, and is an internal error.
func MarshalID(id int64) graphql.ContextMarshaler {
	return graphql.ContextWriterFunc(func(ctx context.Context, w io.Writer) error {
		if fc := graphql.GetFieldContext(ctx); fc != nil && graphql.HasOperationContext(ctx) {
			raw := fc.Field.ArgumentMap(graphql.GetOperationContext(ctx).Variables)["id"]
			if g, err := UnmarshalGlobalID(raw); err == nil && g.ID == id {
				MarshalGlobalID(g).MarshalGQL(w)
				return nil
			}
		}
		return fmt.Errorf("row id %d has no type to make a global id of", id)
	})
}

// UnmarshalID reads a GraphQL ID given as an argument or input field into
// the row id of a global id (see ParseGlobalID). The id must be of a type
// the argument or input field takes (see ExpectedIDTypes): an id of one type
// never names a row of another type's table.
func UnmarshalID(ctx context.Context, v any) (int64, error) {
	g, err := UnmarshalGlobalID(v)
	if err == nil {
		err = checkIDType(ctx, g)
	}
	var bad *domain.InputError
	if errors.As(err, &bad) {
		bad.Field = inputName(ctx)
		return 0, err
	}
	return g.ID, err
}

// inputName names the argument or input field being read, for the error's
// extensions.field.
func inputName(ctx context.Context) string {
	for p := graphql.GetPathContext(ctx); p != nil; p = p.Parent {
		if p.Field != nil {
			return *p.Field
		}
	}
	return ""
}

// MarshalTime writes an instant as RFC 3339 in UTC.
func MarshalTime(t Time) graphql.Marshaler {
	return graphql.MarshalTime(t.UTC())
}

// UnmarshalTime reads an RFC 3339 instant.
func UnmarshalTime(v any) (Time, error) {
	return graphql.UnmarshalTime(v)
}

// ID is the Go type of the GraphQL ID scalar in arguments and input fields:
// the row id of a global id. UnmarshalID converts it. Outputs are models.GlobalID
// values (see globalid.go).
type ID = int64

// Time is the Go type of the Time scalar.
type Time = time.Time
