package resolvers

import (
	"encoding/base64"
	"strconv"
	"strings"

	"github.com/kinerja/kinerja/internal/domain"
)

// A cursor is the opaque position of an edge in its connection: base64url
// (no padding) of the connection's name and the row's key in the
// connection's order, "indicator:12" or "orgunit:2:\"BAG-UMUM\":7". Integers
// are written as they are, strings quoted. A page after (or before) a cursor
// starts right after (before) that key, whether or not its row still exists.

// cursorKind names a connection's cursors and the kinds of their key's
// parts: 'i' an integer, 's' a string.
type cursorKind struct {
	name  string
	parts string
}

// The cursors of the connections.
var (
	indicatorCursors  = cursorKind{"indicator", "i"}
	orgUnitCursors    = cursorKind{"orgunit", "isi"}
	userCursors       = cursorKind{"user", "s"}
	budgetLineCursors = cursorKind{"budgetline", "i"}
	pendingCursors    = cursorKind{"pending", "i"}
	auditCursors      = cursorKind{"audit", "i"}
)

// encode returns the cursor of the row with key.
func (k cursorKind) encode(key []any) string {
	b := append(make([]byte, 0, 48), k.name...)
	for _, v := range key {
		b = append(b, ':')
		switch v := v.(type) {
		case int64:
			b = strconv.AppendInt(b, v, 10)
		case int:
			b = strconv.AppendInt(b, int64(v), 10)
		case string:
			b = strconv.AppendQuote(b, v)
		}
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// decode returns the key of cursor c given as the argument arg: integers as
// int64, strings as string.
func (k cursorKind) decode(arg, c string) ([]any, error) {
	bad := domain.Invalid(arg, "not a cursor of this connection: pass a startCursor, endCursor or edge cursor it returned")
	raw, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return nil, bad
	}
	rest, ok := strings.CutPrefix(string(raw), k.name)
	if !ok {
		return nil, bad
	}
	key := make([]any, 0, len(k.parts))
	for _, kind := range []byte(k.parts) {
		if rest, ok = strings.CutPrefix(rest, ":"); !ok {
			return nil, bad
		}
		switch kind {
		case 'i':
			end := strings.IndexByte(rest, ':')
			if end < 0 {
				end = len(rest)
			}
			n, err := strconv.ParseInt(rest[:end], 10, 64)
			if err != nil {
				return nil, bad
			}
			key, rest = append(key, n), rest[end:]
		case 's':
			q, err := strconv.QuotedPrefix(rest)
			if err != nil {
				return nil, bad
			}
			s, _ := strconv.Unquote(q)
			key, rest = append(key, s), rest[len(q):]
		}
	}
	if rest != "" {
		return nil, bad
	}
	return key, nil
}
