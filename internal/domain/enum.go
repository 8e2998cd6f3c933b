package domain

import (
	"fmt"
	"io"
	"strconv"
)

// enum is the shape shared by the string enumerations of this package.
type enum interface {
	~string
	Valid() bool
}

// parseEnum converts a GraphQL enum value (a string) to T, refusing values
// that T does not know.
func parseEnum[T enum](v any, what string) (T, error) {
	s, ok := v.(string)
	if !ok {
		return "", Invalid("", fmt.Sprintf("%s must be a string, got %T", what, v))
	}
	t := T(s)
	if !t.Valid() {
		return "", Invalid("", fmt.Sprintf("%q is not a valid %s", s, what))
	}
	return t, nil
}

// writeEnum writes an enum value as a GraphQL (JSON) string.
func writeEnum(w io.Writer, s string) {
	_, _ = io.WriteString(w, strconv.Quote(s))
}
