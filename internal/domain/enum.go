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

// writeEnum writes an enum value as a GraphQL (JSON) string. An enum value
// is a GraphQL name ([_A-Za-z][_0-9A-Za-z]*), which needs no escaping; any
// other string is quoted as strconv.Quote does.
func writeEnum(w io.Writer, s string) {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c == '_' || '0' <= c && c <= '9' || 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z') {
			_, _ = io.WriteString(w, strconv.Quote(s))
			return
		}
	}
	_, _ = io.WriteString(w, `"`)
	_, _ = io.WriteString(w, s)
	_, _ = io.WriteString(w, `"`)
}
