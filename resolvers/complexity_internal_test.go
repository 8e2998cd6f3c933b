package resolvers

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/executor"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/introspection"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"
	"github.com/vektah/gqlparser/v2/validator"
	"github.com/vektah/gqlparser/v2/validator/rules"

	"github.com/kinerja/kinerja/graph"
)

// TestListBounds: every entry of listBounds names a list field of the
// schema, so that a renamed field does not silently fall back to
// DefaultListBound.
func TestListBounds(t *testing.T) {
	schema := graph.NewExecutableSchema(graph.Config{}).Schema()
	for key := range listBounds {
		typ, field, _ := strings.Cut(key, ".")
		def := schema.Types[typ]
		if def == nil || def.Fields.ForName(field) == nil || def.Fields.ForName(field).Type.Elem == nil {
			t.Errorf("listBounds[%q]: no list field %s of type %s", key, field, typ)
		}
	}
}

// validated parses and validates query against schema.
func validated(t *testing.T, schema *ast.Schema, query string) *ast.QueryDocument {
	t.Helper()
	doc, err := parser.ParseQuery(&ast.Source{Input: query})
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	if errs := validator.ValidateWithRules(schema, doc, rules.NewDefaultRules()); len(errs) > 0 {
		t.Fatalf("%s: %v", query, errs)
	}
	return doc
}

var complexityTests = []struct {
	query string
	vars  map[string]any
	want  int
}{
	{`{ me { id username } }`, nil, 3},
	{`{ me { ...U } } fragment U on User { id orgUnit { code } }`, nil, 4},
	// A list counts its fields once per element it may have.
	{`{ plans { id name } }`, nil, 1 + 4*2},
	{`{ plans { programs { activities { id } } } }`, nil, 1 + 4*(1+20*(1+15*1))},
	// `last` sizes a page as `first` does.
	{`{ indicators(last: 5) { edges { node { id } } } }`, nil, 1 + 1 + 5*(1+1)},
	// A connection's edges count by its page size: 20 by default, `first`
	// capped at 100.
	{`{ indicators { totalCount edges { node { id } } } }`, nil, 1 + 1 + 1 + 20*(1+1)},
	{`{ indicators(first: 5) { edges { node { id } } } }`, nil, 1 + 1 + 5*(1+1)},
	{`query($n: Int) { indicators(first: $n) { edges { node { id } } } }`, map[string]any{"n": json.Number("500")}, 1 + 1 + 100*(1+1)},
	// Aliases count each.
	{`{ a: me { id } b: me { id } }`, nil, 4},
}

// TestComplexity checks the complexity of queries by hand.
func TestComplexity(t *testing.T) {
	schema := graph.NewExecutableSchema(graph.Config{}).Schema()
	for _, tt := range complexityTests {
		doc := validated(t, schema, tt.query)
		if got := complexity(schema, doc.Operations[0], tt.vars, MaxComplexity); got != tt.want {
			t.Errorf("%s: complexity %d, want %d", tt.query, got, tt.want)
		}
	}
	// Past the limit, the count stops.
	doc := validated(t, schema, `{ plans { programs { activities { program { activities { id } } } } } }`)
	if got := complexity(schema, doc.Operations[0], nil, 100); got != 101 {
		t.Errorf("past a limit of 100: %d, want 101", got)
	}
}

// TestIntrospectionCost: the complexity of the standard introspection
// query is the number of fields of its answer.
func TestIntrospectionCost(t *testing.T) {
	es := graph.NewExecutableSchema(graph.Config{Resolvers: &Resolver{}})
	exec := executor.New(es)
	exec.Use(extension.Introspection{})
	ctx := graphql.StartOperationTrace(context.Background())
	opCtx, errs := exec.CreateOperationContext(ctx, &graphql.RawParams{Query: introspection.Query})
	if errs != nil {
		t.Fatal(errs)
	}
	handler, ctx := exec.DispatchOperation(ctx, opCtx)
	resp := handler(ctx)
	if len(resp.Errors) > 0 {
		t.Fatal(resp.Errors)
	}
	var data any
	if err := json.Unmarshal(resp.Data, &data); err != nil {
		t.Fatal(err)
	}
	fields := 0
	var count func(any)
	count = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			fields += len(x)
			for _, e := range x {
				count(e)
			}
		case []any:
			for _, e := range x {
				count(e)
			}
		}
	}
	count(data)
	if got := complexity(es.Schema(), opCtx.Operation, nil, MaxComplexity); got != fields {
		t.Errorf("complexity of the introspection query %d, want the %d fields of its answer", got, fields)
	}
}
