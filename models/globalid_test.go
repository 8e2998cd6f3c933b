package models

import (
	"strings"
	"testing"
)

func TestGlobalIDRoundTrip(t *testing.T) {
	for _, typ := range NodeTypes {
		for _, id := range []int64{1, 42, 1<<53 + 1, 1<<63 - 1} {
			g := GlobalID{Type: typ, ID: id}
			s := g.String()
			if strings.ContainsAny(s, "=+/:") {
				t.Errorf("%v encodes to %q: want base64url without padding", g, s)
			}
			got, err := ParseGlobalID(s)
			if err != nil || got != g {
				t.Errorf("ParseGlobalID(%q) = %v, %v; want %v", s, got, err, g)
			}
		}
	}
	if a, b := (GlobalID{TypeIndicator, 7}).String(), (GlobalID{TypeOrgUnit, 7}).String(); a == b {
		t.Errorf("row 7 of two types share the id %q", a)
	}
}
