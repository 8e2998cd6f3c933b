package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
)

// TestSchemaCommand checks `kinerja schema` prints SDL that parses and holds
// every type, field and description of graph/schema.
func TestSchemaCommand(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), []string{"schema"}, env(nil), &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	printed, gerr := gqlparser.LoadSchema(&ast.Source{Name: "printed.graphqls", Input: out.String()})
	if gerr != nil {
		t.Fatalf("the printed schema does not load: %v", gerr)
	}
	files, err := filepath.Glob("../../graph/schema/*.graphqls")
	if err != nil || len(files) == 0 {
		t.Fatalf("schema files: %v %v", files, err)
	}
	var sources []*ast.Source
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		sources = append(sources, &ast.Source{Name: f, Input: string(b)})
	}
	want, gerr := gqlparser.LoadSchema(sources...)
	if gerr != nil {
		t.Fatal(gerr)
	}
	for name, def := range want.Types {
		got := printed.Types[name]
		if got == nil {
			t.Errorf("type %s missing from the printed schema", name)
			continue
		}
		if got.Description != def.Description {
			t.Errorf("type %s: description %q, want %q", name, got.Description, def.Description)
		}
		for _, f := range def.Fields {
			g := got.Fields.ForName(f.Name)
			switch {
			case g == nil:
				t.Errorf("%s.%s missing from the printed schema", name, f.Name)
			case g.Type.String() != f.Type.String() || g.Description != f.Description || len(g.Arguments) != len(f.Arguments):
				t.Errorf("%s.%s printed as %s (%d arguments), want %s (%d)", name, f.Name, g.Type, len(g.Arguments), f.Type, len(f.Arguments))
			}
		}
	}
	if len(printed.Types) != len(want.Types) {
		t.Errorf("printed schema has %d types, the files %d", len(printed.Types), len(want.Types))
	}
	if run(context.Background(), []string{"schema", "extra"}, env(nil), io.Discard, io.Discard) == nil {
		t.Error("schema with an argument: no error")
	}
}
