package scalar

import (
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
	return graphql.WriterFunc(func(w io.Writer) {
		var buf [96]byte
		b := append(buf[:0], '"')
		b = append(appendID(g, b), '"')
		_, _ = w.Write(b)
	})
}

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
