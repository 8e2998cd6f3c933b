package models

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"

	"github.com/99designs/gqlgen/graphql"

	"github.com/kinerja/kinerja/internal/domain"
)

// MarshalID writes a row id as a GraphQL ID (a string of digits).
func MarshalID(id int64) graphql.Marshaler {
	return graphql.WriterFunc(func(w io.Writer) {
		_, _ = io.WriteString(w, strconv.Quote(strconv.FormatInt(id, 10)))
	})
}

// UnmarshalID reads a GraphQL ID into a row id: a positive integer, as a
// string or a number.
func UnmarshalID(v any) (int64, error) {
	var s string
	switch x := v.(type) {
	case string:
		s = x
	case json.Number:
		s = x.String()
	case int:
		s = strconv.Itoa(x)
	case int64:
		s = strconv.FormatInt(x, 10)
	default:
		return 0, domain.Invalid("", fmt.Sprintf("an ID is a string of digits, got %T", v))
	}
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, domain.Invalid("", fmt.Sprintf("%q is not a valid ID: IDs are positive integers such as \"12\"", s))
	}
	return id, nil
}

// MarshalTime writes an instant as RFC 3339 in UTC.
func MarshalTime(t Time) graphql.Marshaler {
	return graphql.MarshalTime(t.UTC())
}

// UnmarshalTime reads an RFC 3339 instant.
func UnmarshalTime(v any) (Time, error) {
	return graphql.UnmarshalTime(v)
}

// ID is the Go type of the GraphQL ID scalar: a row id. MarshalID and
// UnmarshalID convert it.
type ID = int64
