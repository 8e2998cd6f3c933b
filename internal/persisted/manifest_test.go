package persisted

import (
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	const doc = "query A { me { id } }"
	for _, tt := range []struct {
		name, manifest, id string
		wantErr            string
	}{
		{"hash to document", `{"abc": "query A { me { id } }"}`, "abc", ""},
		{"apollo", `{"format": "apollo-persisted-query-manifest", "version": 1, "operations": [{"id": "h1", "name": "A", "type": "query", "body": "query A { me { id } }"}]}`, "h1", ""},
		{"other format", `{"format": "x", "operations": []}`, "", "apollo-persisted-query-manifest"},
		{"empty", `{}`, "", "no operations"},
		{"empty document", `{"abc": ""}`, "", "needs an id and a document"},
		{"not JSON", `[1, 2]`, "", "not a JSON object"},
	} {
		m, err := Parse(strings.NewReader(tt.manifest))
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("%s: error %v, want %q", tt.name, err, tt.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if got, ok := m.Document(tt.id); !ok || got != doc {
			t.Errorf("%s: Document(%q) = %q, %v", tt.name, tt.id, got, ok)
		}
		if !m.Allows(doc) || m.Allows(doc+" ") || m.Len() != 1 {
			t.Errorf("%s: Allows is not exact", tt.name)
		}
	}
}
