package scalar

import (
	"bytes"
	"fmt"
	"io"

	"github.com/99designs/gqlgen/graphql"

	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/models"
)

// GlobalID is the Go type of an output ID: a row's models.GlobalID.
type GlobalID = models.GlobalID

// appendID appends the encoded g to b.
func appendID(g models.GlobalID, b []byte) []byte {
	b, _ = g.AppendText(b)
	return b
}

// MarshalGlobalID writes a global id as a GraphQL ID.
func MarshalGlobalID(g models.GlobalID) graphql.Marshaler {
	return graphql.WriterFunc(func(w io.Writer) { writeGlobalID(w, g) })
}

// writeGlobalID writes g, quoted; into the executor's buffer without an
// allocation.
func writeGlobalID(w io.Writer, g models.GlobalID) {
	if buf, ok := w.(*bytes.Buffer); ok {
		b := append(buf.AvailableBuffer(), '"')
		buf.Write(append(appendID(g, b), '"'))
		return
	}
	b := append(make([]byte, 0, 64), '"')
	_, _ = w.Write(append(appendID(g, b), '"'))
}

// GlobalIDOf returns the marshaller of the global id of the row p, which
// writes what MarshalGlobalID(p.GlobalID()) writes, holding p alone: an
// interface stores a struct of one pointer as is, so making it allocates
// nothing (the executor's ID fields, see gqlfast).
func GlobalIDOf[T any, P interface {
	*T
	GlobalID() models.GlobalID
}](p P) graphql.Marshaler {
	return globalIDOf[T, P]{p}
}

type globalIDOf[T any, P interface {
	*T
	GlobalID() models.GlobalID
}] struct{ p P }

func (g globalIDOf[T, P]) MarshalGQL(w io.Writer) { writeGlobalID(w, g.p.GlobalID()) }

// UnmarshalGlobalID reads a GraphQL ID as a global id.
func UnmarshalGlobalID(v any) (models.GlobalID, error) {
	s, ok := v.(string)
	if !ok {
		return models.GlobalID{}, domain.Invalid("", fmt.Sprintf("an ID is a string, got %s: %s", jsonKind(v), models.IDAdvice))
	}
	return models.ParseGlobalID(s)
}

// jsonKind names the JSON kind of an input value, for messages.
func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "a boolean"
	case string:
		return "a string"
	case []any:
		return "a list"
	case map[string]any:
		return "an object"
	}
	return "a number"
}
