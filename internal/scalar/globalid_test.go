package scalar

import (
	"bytes"
	"encoding/base64"
	"errors"
	"io"
	"math"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql"

	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/models"
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

// TestGlobalIDOf: the executor's ID marshaller writes what MarshalGlobalID
// writes, into its buffer and into any writer, and allocates nothing.
func TestGlobalIDOf(t *testing.T) {
	write := func(m graphql.Marshaler, plain bool) string {
		var b bytes.Buffer
		if plain {
			m.MarshalGQL(struct{ io.Writer }{&b})
		} else {
			m.MarshalGQL(&b)
		}
		return b.String()
	}
	for _, id := range []int64{0, 1, 2, 99999, math.MaxInt64} {
		u, ind := &models.OrgUnit{ID: id}, &models.Indicator{ID: id}
		for _, plain := range []bool{false, true} {
			if got, want := write(GlobalIDOf(u), plain), write(MarshalGlobalID(u.GlobalID()), false); got != want || want == "" {
				t.Errorf("org unit %d: %s, want %s", id, got, want)
			}
			if got, want := write(GlobalIDOf(ind), plain), write(MarshalGlobalID(ind.GlobalID()), true); got != want {
				t.Errorf("indicator %d: %s, want %s", id, got, want)
			}
		}
	}
	ind := &models.Indicator{ID: 12345}
	var b bytes.Buffer
	b.Grow(256)
	if n := testing.AllocsPerRun(100, func() { b.Reset(); GlobalIDOf(ind).MarshalGQL(&b) }); n != 0 {
		t.Errorf("%v allocations, want 0", n)
	}
}
