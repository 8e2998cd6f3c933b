package gqlx

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// operation returns a context as gqlgen's executor makes it for the field
// "code" (aliased "c") of the object under the path indicator.
func newOperation(t *testing.T) (context.Context, *graphql.OperationContext, graphql.CollectedField) {
	t.Helper()
	oc := &graphql.OperationContext{
		RecoverFunc: func(ctx context.Context, err any) error { return errors.New("internal error") },
		ResolverMiddleware: func(ctx context.Context, next graphql.Resolver) (any, error) {
			return next(ctx)
		},
	}
	ctx := graphql.WithOperationContext(context.Background(), oc)
	ctx = graphql.WithResponseContext(ctx, graphql.DefaultErrorPresenter, nil)
	parent := &graphql.FieldContext{Field: graphql.CollectedField{Field: &ast.Field{Alias: "indicator", Name: "indicator"}}}
	ctx = graphql.WithFieldContext(ctx, parent)
	field := graphql.CollectedField{Field: &ast.Field{Alias: "c", Name: "code"}}
	return ctx, oc, field
}

func scalarContext(ctx context.Context, field graphql.CollectedField) (*graphql.FieldContext, error) {
	return graphql.NewScalarFieldContext("Indicator", field, false, false, "String")
}

func marshalString(ctx context.Context, _ ast.SelectionSet, v string) graphql.Marshaler {
	return graphql.MarshalString(v)
}

func write(m graphql.Marshaler) string {
	var b bytes.Buffer
	m.MarshalGQL(&b)
	return b.String()
}

func errorsOf(ctx context.Context) gqlerror.List { return graphql.GetErrors(ctx) }

func TestFieldContextKeyLearned(t *testing.T) {
	if fieldContextKey == nil {
		t.Fatal("the key of gqlgen's field context was not learned: every leaf takes gqlgen's path")
	}
}

func TestNewDeferredGroup(t *testing.T) {
	ctx, _, field := newOperation(t)
	g := NewDeferredGroup(ctx, []graphql.CollectedField{field})
	if g.Defers != nil || g.Path != nil || g.Context != ctx {
		t.Fatalf("group without deferred fields: %+v", g)
	}
	deferred := field
	deferred.Deferrables = []*graphql.Deferrable{{Label: "later"}}
	g = NewDeferredGroup(ctx, []graphql.CollectedField{field, deferred})
	if g.Defers == nil || g.Path.String() != "indicator" {
		t.Fatalf("group with a deferred field: %+v", g)
	}
}

func TestObject(t *testing.T) {
	f := func(alias string) graphql.CollectedField {
		return graphql.CollectedField{Field: &ast.Field{Alias: alias, Name: alias}}
	}
	small := Object([]graphql.CollectedField{f("id"), f("code"), f("id")},
		[]graphql.Marshaler{graphql.MarshalString("1"), graphql.Null, graphql.MarshalString("2")})
	if got := write(small); got != `{"id":"1","code":null}` {
		t.Fatalf("small object: %s", got)
	}
	var fields []graphql.CollectedField
	var values []graphql.Marshaler
	want := "{"
	for i := 0; i < smallObject+3; i++ {
		alias := string(rune('a'+i)) + "x"
		fields = append(fields, f(alias))
		values = append(values, graphql.MarshalInt(i))
		if i > 0 {
			want += ","
		}
		want += `"` + alias + `":` + write(graphql.MarshalInt(i))
	}
	fields = append(fields, f("ax"))
	values = append(values, graphql.MarshalInt(99))
	want += "}"
	if got := write(Object(fields, values)); got != want {
		t.Fatalf("large object:\n got %s\nwant %s", got, want)
	}
	empty := Object(nil, nil)
	if got := write(empty); got != "{}" {
		t.Fatalf("empty object: %s", got)
	}
}

func TestArgs(t *testing.T) {
	_, _, field := newOperation(t)
	parses := 0
	parse := func() (map[string]any, error) {
		parses++
		return map[string]any{"year": 2023}, nil
	}
	fail := func() (map[string]any, error) { parses++; return nil, errors.New("bad year") }
	ctx := WithOperation(context.Background(), nil)
	for i := 0; i < 3; i++ {
		if args, err := Args(ctx, field, parse); err != nil || args["year"] != 2023 {
			t.Fatalf("args %v, %v", args, err)
		}
	}
	if parses != 1 {
		t.Errorf("parsed %d times in one operation, want 1", parses)
	}
	other := graphql.CollectedField{Field: &ast.Field{Alias: "c", Name: "code"}}
	for i := 0; i < 2; i++ {
		if _, err := Args(ctx, other, fail); err == nil {
			t.Fatal("a failed parse gave no error")
		}
	}
	if parses != 3 {
		t.Errorf("parsed %d times, want a failed parse not kept (3)", parses)
	}
	if _, err := Args(WithOperation(context.Background(), nil), field, parse); err != nil || parses != 4 {
		t.Errorf("another operation: %d parses, %v; want a parse of its own", parses, err)
	}
	if _, err := Args(context.Background(), field, parse); err != nil || parses != 5 {
		t.Errorf("outside an operation: %d parses, %v; want a parse each time", parses, err)
	}
}

type fakeEC struct{ made int }

func (ec *fakeEC) fieldContext(_ context.Context, field graphql.CollectedField) (*graphql.FieldContext, error) {
	ec.made++
	return graphql.NewScalarFieldContext("Indicator", field, false, false, "String")
}

// A struct field marshalled in line under LeafContext makes no field context
// unless an error asks for its path, which is then the field's.
func TestLeafContext(t *testing.T) {
	ctx, _, field := newOperation(t)
	ec := &fakeEC{}
	lc := LeafContext(ctx, field, ec, (*fakeEC).fieldContext)
	if lc == nil {
		t.Fatal("no leaf context for a leaf")
	}
	if got := write(marshalString(lc, nil, "SS.1")); got != `"SS.1"` || ec.made != 0 {
		t.Fatalf("got %s, %d field contexts made; want \"SS.1\" and none", got, ec.made)
	}
	graphql.AddErrorf(lc, "bad value")
	graphql.AddErrorf(lc, "worse value")
	errs := errorsOf(ctx)
	if len(errs) != 2 || errs[0].Path.String() != "indicator.c" || errs[1].Path.String() != "indicator.c" || ec.made != 1 {
		t.Fatalf("errors %v, %d field contexts made; want two at indicator.c, one made", errs, ec.made)
	}

	FieldHook = func(context.Context) error { return errors.New("over budget") }
	defer func() { FieldHook = nil }()
	if LeafContext(ctx, field, ec, (*fakeEC).fieldContext) != nil {
		t.Error("a leaf the budget refuses was not sent to gqlgen")
	}
	FieldHook = nil
	withArgs := field
	withArgs.Arguments = ast.ArgumentList{{Name: "year"}}
	if LeafContext(ctx, withArgs, ec, (*fakeEC).fieldContext) != nil {
		t.Error("a field with arguments was not sent to gqlgen")
	}
}

func TestMarshalSizedByLastAnswer(t *testing.T) {
	op := &ast.OperationDefinition{Name: "Dashboard"}
	answer := Object([]graphql.CollectedField{{Field: &ast.Field{Alias: "code", Name: "code"}}},
		[]graphql.Marshaler{graphql.MarshalString(strings.Repeat("x", 3000))})
	first := Marshal(op, answer)
	second := Marshal(op, answer)
	want := `{"code":"` + strings.Repeat("x", 3000) + `"}`
	if string(first) != want || string(second) != want {
		t.Fatalf("answers differ from %.40s...", want)
	}
	if cap(second) < len(want) || cap(second) > len(want)*2 {
		t.Errorf("second answer's buffer holds %d bytes for %d: not sized by the first", cap(second), len(want))
	}
}

// Under an operation, leaves spend its budget and come from its slabs,
// each a context of its own.
func TestLeafContextUnderOperation(t *testing.T) {
	base, _, field := newOperation(t)
	spent, refuse := 0, false
	ctx := WithOperation(base, countingSpend(&spent, &refuse))
	FieldHook = func(context.Context) error { t.Error("FieldHook called under an operation that spends"); return nil }
	defer func() { FieldHook = nil }()
	ec := &fakeEC{}
	seen := map[context.Context]bool{}
	for i := 0; i < 3*leafSlab; i++ {
		lc := LeafContext(ctx, field, ec, (*fakeEC).fieldContext)
		if lc == nil || seen[lc] {
			t.Fatalf("leaf %d: context %v, seen before %v", i, lc, seen[lc])
		}
		seen[lc] = true
	}
	if spent != 3*leafSlab {
		t.Errorf("spent %d, want %d", spent, 3*leafSlab)
	}
	lc := LeafContext(ctx, field, ec, (*fakeEC).fieldContext)
	graphql.AddErrorf(lc, "bad value")
	if errs := errorsOf(base); len(errs) != 1 || errs[0].Path.String() != "indicator.c" {
		t.Errorf("errors %v, want one at indicator.c", errs)
	}
	refuse = true
	if LeafContext(ctx, field, ec, (*fakeEC).fieldContext) != nil {
		t.Error("a leaf the operation's budget refuses was not sent to gqlgen")
	}
}

// A leaf under an operation allocates nothing of its own: its context
// comes from a slab, its executor and maker are held without boxing.
func TestLeafContextAllocations(t *testing.T) {
	base, _, field := newOperation(t)
	ctx := WithOperation(base, func() error { return nil })
	ec := &fakeEC{}
	if n := testing.AllocsPerRun(1000, func() { LeafContext(ctx, field, ec, (*fakeEC).fieldContext) }); n != 0 {
		t.Errorf("%.0f allocations per leaf under an operation, want 0 (a slab per %d leaves)", n, leafSlab)
	}
}

// TestFieldsFromSlabs: under an operation, the field sets, their values and
// the objects of ObjectOf come from slabs: each set's values are its own
// (zeroed, not shared with the next set's), each writes as Object does, and
// an object costs no allocation of its own.
func TestFieldsFromSlabs(t *testing.T) {
	f := func(alias string) graphql.CollectedField {
		return graphql.CollectedField{Field: &ast.Field{Alias: alias, Name: alias}}
	}
	fields := []graphql.CollectedField{f("id"), f("code"), f("id")}
	for _, ctx := range []context.Context{context.Background(), WithOperation(context.Background(), nil)} {
		var sets []*Fields
		for i := 0; i < 3*fieldSetSlab; i++ {
			out := NewFields(ctx, fields)
			for j, v := range out.Values {
				if v != nil {
					t.Fatalf("set %d: value %d is set before the set is filled", i, j)
				}
			}
			out.Values[0], out.Values[1], out.Values[2] = graphql.MarshalInt(i), graphql.Null, graphql.MarshalInt(-i)
			out.Dispatch(ctx)
			sets = append(sets, out)
		}
		for i, out := range sets {
			want := write(Object(fields, []graphql.Marshaler{graphql.MarshalInt(i), graphql.Null, graphql.MarshalInt(-i)}))
			if got := write(out); got != want {
				t.Fatalf("set %d writes %s, want %s", i, got, want)
			}
			if got := write(ObjectOf(ctx, fields, out.Values)); got != want {
				t.Fatalf("ObjectOf %d writes %s, want %s", i, got, want)
			}
		}
	}
	ctx := WithOperation(context.Background(), nil)
	if n := testing.AllocsPerRun(10*fieldSetSlab, func() {
		out := NewFields(ctx, fields)
		_ = ObjectOf(ctx, fields, out.Values)
	}); n > 0.2 {
		t.Errorf("%v allocations per object, want the slabs' share only", n)
	}
	big := make([]graphql.CollectedField, valueSlab)
	if out := NewFields(ctx, big); len(out.Values) != valueSlab {
		t.Errorf("a set of %d fields has %d values", valueSlab, len(out.Values))
	}
}

// TestLeafReady: a pointed leaf spends the operation's budget (FieldHook
// without an operation), is refused when it is spent or when the field is
// not a plain leaf, and allocates nothing.
func TestLeafReady(t *testing.T) {
	base, _, field := newOperation(t)
	spent, refuse := 0, false
	ctx := WithOperation(base, countingSpend(&spent, &refuse))
	if !LeafReady(ctx, field) || !LeafReady(ctx, field) || spent != 2 {
		t.Errorf("two leaves: spent %d, want 2 and both ready", spent)
	}
	if n := testing.AllocsPerRun(100, func() { LeafReady(ctx, field) }); n != 0 {
		t.Errorf("%v allocations, want 0", n)
	}
	refuse = true
	if LeafReady(ctx, field) {
		t.Error("a leaf the budget refuses is ready")
	}
	refuse = false
	withArgs := field
	withArgs.Field = &ast.Field{Alias: "c", Name: "code", Arguments: ast.ArgumentList{{Name: "x"}}}
	if LeafReady(ctx, withArgs) {
		t.Error("a field with arguments is ready")
	}
	hooked := 0
	FieldHook = func(context.Context) error { hooked++; return nil }
	defer func() { FieldHook = nil }()
	if !LeafReady(base, field) || hooked != 1 {
		t.Errorf("without an operation: FieldHook called %d times, want 1", hooked)
	}
}

// TestCollectFields: under an operation the fields of a selection set and
// a type are collected once and kept by address, apart for another type
// and another selection set, and a hit allocates nothing.
func TestCollectFields(t *testing.T) {
	x := &ast.Field{Alias: "x", Name: "x"}
	y := &ast.Field{Alias: "y", Name: "y"}
	z := &ast.Field{Alias: "z", Name: "z"}
	sel1 := ast.SelectionSet{x, y, &ast.InlineFragment{TypeCondition: "T", SelectionSet: ast.SelectionSet{z}}}
	sel2 := ast.SelectionSet{x}
	typeT, typeU := []string{"T"}, []string{"U"}
	oc := &graphql.OperationContext{}
	ctx := WithOperation(context.Background(), nil)
	names := func(fs []graphql.CollectedField) (out []string) {
		for _, f := range fs {
			out = append(out, f.Alias)
		}
		return out
	}
	for _, c := range []struct {
		sel       ast.SelectionSet
		satisfies []string
		want      string
	}{{sel1, typeT, "x y z"}, {sel1, typeU, "x y"}, {sel2, typeT, "x"}, {sel1, typeT, "x y z"}} {
		got := strings.Join(names(CollectFields(ctx, oc, c.sel, c.satisfies)), " ")
		if want := strings.Join(names(graphql.CollectFields(oc, c.sel, c.satisfies)), " "); got != c.want || want != c.want {
			t.Errorf("collected %q (gqlgen %q), want %q", got, want, c.want)
		}
	}
	if n := testing.AllocsPerRun(100, func() { CollectFields(ctx, oc, sel1, typeT) }); n != 0 {
		t.Errorf("a kept selection: %v allocations, want 0", n)
	}
}

// TestKeptArgs: the arguments Args kept for the operation are found
// without parsing, a failed parse is not kept, and nothing is kept without
// an operation.
func TestKeptArgs(t *testing.T) {
	field := graphql.CollectedField{Field: &ast.Field{Alias: "target", Name: "target"}}
	if _, ok := KeptArgs(context.Background(), field); ok {
		t.Error("arguments kept without an operation")
	}
	ctx := WithOperation(context.Background(), nil)
	if _, ok := KeptArgs(ctx, field); ok {
		t.Error("arguments kept before any parse")
	}
	if _, err := Args(ctx, field, func() (map[string]any, error) { return nil, errors.New("bad year") }); err == nil {
		t.Fatal("a failed parse gave no error")
	}
	if _, ok := KeptArgs(ctx, field); ok {
		t.Error("a failed parse was kept")
	}
	want := map[string]any{"year": 2023}
	if _, err := Args(ctx, field, func() (map[string]any, error) { return want, nil }); err != nil {
		t.Fatal(err)
	}
	if got, ok := KeptArgs(ctx, field); !ok || got["year"] != 2023 {
		t.Errorf("kept %v (%v), want %v", got, ok, want)
	}
	if n := testing.AllocsPerRun(100, func() { KeptArgs(ctx, field) }); n != 0 {
		t.Errorf("%v allocations, want 0", n)
	}
}

// countingSpend is an operation's spend that counts into *spent and refuses
// while *refuse.
func countingSpend(spent *int, refuse *bool) func() error {
	return func() error {
		*spent++
		if *refuse {
			return errors.New("over budget")
		}
		return nil
	}
}
