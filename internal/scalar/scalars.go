package scalar

import (
	"fmt"
	"math"
	"strings"
	"unicode/utf8"

	"github.com/99designs/gqlgen/graphql"

	"github.com/kinerja/kinerja/internal/domain"
)

// Int is the Go type of the GraphQL Int scalar. GraphQL's Int is a signed
// 32-bit integer; UnmarshalInt refuses anything outside that range as bad
// input, before it reaches a database column that could not hold it.
type Int = int

// MarshalInt writes an Int.
func MarshalInt(i int) graphql.Marshaler { return graphql.MarshalInt(i) }

// UnmarshalInt reads an Int of −2^31 to 2^31 − 1.
func UnmarshalInt(v any) (int, error) {
	i, err := graphql.UnmarshalInt64(v)
	if err != nil {
		return 0, domain.Invalid("", fmt.Sprintf("%v is not an integer", v))
	}
	if i < math.MinInt32 || i > math.MaxInt32 {
		return 0, domain.Invalid("", fmt.Sprintf("%d is out of range: an Int lies between %d and %d", i, math.MinInt32, math.MaxInt32))
	}
	return int(i), nil
}

// String is the Go type of the GraphQL String scalar. UnmarshalString
// refuses text that no column can store: a NUL byte, invalid UTF-8.
type String = string

// MarshalString writes a String.
func MarshalString(s string) graphql.Marshaler { return graphql.MarshalString(s) }

// UnmarshalString reads a String that holds no NUL byte and is valid UTF-8.
func UnmarshalString(v any) (string, error) {
	s, err := graphql.UnmarshalString(v)
	switch {
	case err != nil:
		return "", domain.Invalid("", err.Error())
	case strings.IndexByte(s, 0) >= 0:
		return "", domain.Invalid("", "holds a NUL byte (\\u0000), which no text may contain")
	case !utf8.ValidString(s):
		return "", domain.Invalid("", "is not valid UTF-8 text")
	}
	return s, nil
}
