package scalar

import (
	"encoding/base64"
	"errors"
	"strings"
	"testing"

	"github.com/kinerja/kinerja/internal/domain"
)

var badGlobalIDs = []struct {
	name string
	in   any
}{
	{"a row number", "12"},
	{"a number", 12},
	{"empty", ""},
	{"null", nil},
	{"garbage", "not an id!"},
	{"padding", raw("Indicator:7") + "="},
	{"an unknown type", raw("Target:7")},
	{"no type", raw(":7")},
	{"no row", raw("Indicator:")},
	{"zero", raw("Indicator:0")},
	{"negative", raw("Indicator:-7")},
	{"a sign", raw("Indicator:+7")},
	{"leading zeros", raw("Indicator:007")},
	{"too large", raw("Indicator:9223372036854775808")},
	{"trailing text", raw("Indicator:7:x")},
	{"standard base64", "T3JnVW5pdDo/Pz8+"},
}

// raw encodes s as a global id is encoded, to build malformed ones.
func raw(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }

func TestGlobalIDRefused(t *testing.T) {
	for _, tt := range badGlobalIDs {
		_, err := UnmarshalGlobalID(tt.in)
		var bad *domain.InputError
		if !errors.As(err, &bad) || !strings.Contains(bad.Message, "use the id the API returned") {
			t.Errorf("%s (%v): %v, want an input error that says to use the API's ids", tt.name, tt.in, err)
		}
	}
}
