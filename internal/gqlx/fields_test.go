package gqlx

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"unsafe"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
)

// objectEC is an executor with a field context maker and a marshaller of a
// non-null object field "owner", as gqlgen generates them.
// semanticNonNull marks the field non-null at run time (fc.NonNull, which
// a FieldInterceptor may set through graphql.MarkNonNull).
type objectEC struct {
	oc              *graphql.OperationContext
	semanticNonNull bool
}

func (ec *objectEC) fieldContext(_ context.Context, field graphql.CollectedField) (*graphql.FieldContext, error) {
	return &graphql.FieldContext{Object: "Indicator", Field: field, IsMethod: true, NonNull: ec.semanticNonNull}, nil
}

// marshal writes the owner's code, and reports an error at its child's
// path when the code is "bad" (as a child field of the owner would).
func (ec *objectEC) marshal(ctx context.Context, sel ast.SelectionSet, v *string) graphql.Marshaler {
	if v == nil {
		graphql.AddErrorf(ctx, "the requested element is null which the schema does not allow")
		return graphql.Null
	}
	if *v == "bad" {
		child := &graphql.FieldContext{Field: graphql.CollectedField{Field: &ast.Field{Alias: "code", Name: "code"}}}
		graphql.AddErrorf(graphql.WithFieldContext(ctx, child), "bad code")
	}
	return graphql.MarshalString(*v)
}

// inline resolves the field as the code gqlfast writes does.
func (ec *objectEC) inline(ctx context.Context, field graphql.CollectedField, nonNull bool, value func(context.Context) (any, error)) (ret graphql.Marshaler) {
	if FieldReady(ctx) {
		fc, err := ec.fieldContext(ctx, field)
		if err != nil {
			return graphql.Null
		}
		ctx := WithFieldContext(ctx, fc)
		defer Recover(ctx, ec.oc, &ret)
		res, err := value(ctx)
		return Resolved(ctx, ec.oc, fc, res, err, nonNull, ec, (*objectEC).marshal, field.Selections)
	}
	return ec.gqlgen(ctx, field, nonNull, value)
}

// gqlgen resolves the field as gqlgen's generated code does.
func (ec *objectEC) gqlgen(ctx context.Context, field graphql.CollectedField, nonNull bool, value func(context.Context) (any, error)) graphql.Marshaler {
	return graphql.ResolveField(ctx, ec.oc, field, ec.fieldContext, value, nil,
		func(ctx context.Context, sel ast.SelectionSet, v *string) graphql.Marshaler {
			return ec.marshal(ctx, sel, v)
		},
		true, nonNull)
}

// A field resolved in line gives what gqlgen's ResolveField gives: the
// value, or null or RequiredNull with the same errors at the same paths, for
// a value, a nil, an error, a panic, an error of a child and a budget
// refusal.
func TestResolvedAsGqlgen(t *testing.T) {
	bad, good := "bad", "BAG-RENKEU"
	cases := map[string]func(context.Context) (any, error){
		"value":       func(context.Context) (any, error) { return &good, nil },
		"typed nil":   func(context.Context) (any, error) { return (*string)(nil), nil },
		"nil":         func(context.Context) (any, error) { return nil, nil },
		"error":       func(context.Context) (any, error) { return nil, errors.New("no owner") },
		"panic":       func(context.Context) (any, error) { panic("boom") },
		"child error": func(context.Context) (any, error) { return &bad, nil },
		"wrong type":  func(context.Context) (any, error) { return 42, nil },
		"field context": func(ctx context.Context) (any, error) {
			// The value sees the field's own context, with its path.
			return &[]string{graphql.GetFieldContext(ctx).Path().String()}[0], nil
		},
	}
	for name, value := range cases {
		for _, nonNull := range []bool{false, true} {
			for i := 0; i < 4; i++ {
				refuse, semantic := i&1 == 1, i&2 == 2
				t.Run(fmt.Sprintf("%s/nonNull=%v/semantic=%v/refused=%v", name, nonNull, semantic, refuse), func(t *testing.T) {
					run := func(resolve func(*objectEC, context.Context, graphql.CollectedField, bool, func(context.Context) (any, error)) graphql.Marshaler) (string, string, int) {
						ctx, oc, _ := newOperation(t)
						spent := 0
						spend := countingSpend(&spent, &refuse)
						oc.ResolverMiddleware = func(ctx context.Context, next graphql.Resolver) (any, error) {
							if err := spend(); err != nil {
								return nil, err
							}
							return next(ctx)
						}
						ctx = WithOperation(ctx, spend)
						field := graphql.CollectedField{Field: &ast.Field{Alias: "o", Name: "owner"}}
						m := resolve(&objectEC{oc: oc, semanticNonNull: semantic}, ctx, field, nonNull, value)
						got := "RequiredNull"
						if m != graphql.RequiredNull {
							got = write(m)
						}
						return got, fmt.Sprint(errorsOf(ctx)), spent
					}
					gotIn, errsIn, spentIn := run((*objectEC).inline)
					gotGen, errsGen, _ := run((*objectEC).gqlgen)
					if gotIn != gotGen || errsIn != errsGen {
						t.Errorf("in line %s with errors %s; gqlgen %s with errors %s", gotIn, errsIn, gotGen, errsGen)
					}
					if spentIn == 0 {
						t.Error("the field spent nothing of the budget")
					}
				})
			}
		}
	}
}

// The context of a field resolved in line carries its field context, whose
// parent is the context's, and the operation; from a slab, without an
// allocation of its own.
func TestWithFieldContext(t *testing.T) {
	ctx, _, field := newOperation(t)
	ctx = WithOperation(ctx, nil)
	op := operationOf(ctx)
	parent := graphql.GetFieldContext(ctx)
	fc := &graphql.FieldContext{Field: field}
	fctx := WithFieldContext(ctx, fc)
	if graphql.GetFieldContext(fctx) != fc || fc.Parent != parent || fc.Path().String() != "indicator.c" {
		t.Fatalf("field context %p (parent %p, path %s); want %p under %p at indicator.c", graphql.GetFieldContext(fctx), fc.Parent, fc.Path(), fc, parent)
	}
	if operationOf(fctx) != op || fctx.Value(operationKey{}) != op || graphql.GetOperationContext(fctx) != graphql.GetOperationContext(ctx) {
		t.Error("the field's context lost the operation")
	}
	inner := WithFieldContext(fctx, &graphql.FieldContext{Field: graphql.CollectedField{Field: &ast.Field{Alias: "name", Name: "name"}}})
	if got := graphql.GetFieldContext(inner).Path().String(); got != "indicator.c.name" {
		t.Errorf("nested path %s, want indicator.c.name", got)
	}
	if n := testing.AllocsPerRun(1000, func() { WithFieldContext(ctx, fc) }); n > 0.1 {
		t.Errorf("%v allocations per context, want them from slabs", n)
	}
	// Outside an operation it is gqlgen's.
	plain := WithFieldContext(context.Background(), fc)
	if graphql.GetFieldContext(plain) != fc || fc.Parent != nil {
		t.Error("outside an operation the field context was not carried")
	}
}

// Under an operation, field contexts and gqlgen's field sets come from
// slabs: each new and zero, a field set with the fields it was made for and
// values of its own, as graphql.NewFieldSet makes it.
func TestFieldContextsAndFieldSetsFromSlabs(t *testing.T) {
	ctx := WithOperation(context.Background(), nil)
	seen := map[*graphql.FieldContext]bool{}
	for i := 0; i < 3*fieldContextSlab; i++ {
		fc := NewFieldContext(ctx)
		if seen[fc] || fc.Parent != nil || fc.Args != nil || fc.Field.Field != nil {
			t.Fatalf("field context %d: reused or not zero: %+v", i, fc)
		}
		seen[fc] = true
		fc.Args = map[string]any{"year": 2023}
	}
	if n := testing.AllocsPerRun(1000, func() { NewFieldContext(ctx) }); n > 0.1 {
		t.Errorf("%v allocations per field context, want them from slabs", n)
	}

	fields := []graphql.CollectedField{{Field: &ast.Field{Alias: "a", Name: "a"}}, {Field: &ast.Field{Alias: "b", Name: "b"}}}
	other := []graphql.CollectedField{{Field: &ast.Field{Alias: "c", Name: "c"}}}
	sets := map[*graphql.FieldSet]bool{}
	for i := 0; i < 2*fieldSetSlab; i++ {
		f := fields
		if i%2 == 1 {
			f = other
		}
		fs := NewFieldSet(ctx, f)
		if sets[fs] || len(fs.Values) != len(f) || fs.Invalids != 0 {
			t.Fatalf("field set %d: reused, or %d values and %d invalid; want %d and 0", i, len(fs.Values), fs.Invalids, len(f))
		}
		sets[fs] = true
		for j := range f {
			fs.Values[j] = graphql.MarshalString(f[j].Alias + "!")
		}
		fs.Invalids = 1
		var want string
		for j := range f {
			if j > 0 {
				want += ","
			}
			want += `"` + f[j].Alias + `":"` + f[j].Alias + `!"`
		}
		fs.Dispatch(ctx)
		if got := write(fs); got != "{"+want+"}" {
			t.Fatalf("field set %d wrote %s, want {%s}", i, got, want)
		}
	}
	if n := testing.AllocsPerRun(1000, func() { NewFieldSet(ctx, fields) }); n > 0.1 {
		t.Errorf("%v allocations per field set, want them from slabs", n)
	}
	if fs := NewFieldSet(context.Background(), fields); len(fs.Values) != 2 {
		t.Error("outside an operation: not gqlgen's field set")
	}
}

// ScalarFieldContext makes what graphql.NewScalarFieldContext makes, its
// Child failing alike, from a slab and with one Child per type.
func TestScalarFieldContext(t *testing.T) {
	ctx := WithOperation(context.Background(), nil)
	field := graphql.CollectedField{Field: &ast.Field{Alias: "c", Name: "code"}}
	got, err := ScalarFieldContext(ctx, "Indicator", field, true, false, "String")
	want, _ := graphql.NewScalarFieldContext("Indicator", field, true, false, "String")
	if err != nil || got.Object != want.Object || got.Field.Field != want.Field.Field || got.IsMethod != want.IsMethod || got.IsResolver != want.IsResolver {
		t.Fatalf("got %+v, %v; want %+v", got, err, want)
	}
	_, gotErr := got.Child(ctx, field)
	_, wantErr := want.Child(ctx, field)
	if gotErr == nil || gotErr.Error() != wantErr.Error() {
		t.Errorf("Child: %v, want %v", gotErr, wantErr)
	}
	if _, err := ScalarFieldContext(ctx, "Indicator", field, false, false, "Int"); err != nil {
		t.Fatal(err)
	}
	if n := testing.AllocsPerRun(1000, func() { _, _ = ScalarFieldContext(ctx, "Indicator", field, true, false, "String") }); n > 0.1 {
		t.Errorf("%v allocations per scalar field context, want them from slabs", n)
	}
}

// Child makes one function per operation, executor and type, which calls
// the executor's method; another operation gets its own.
func TestChild(t *testing.T) {
	ec := &objectEC{}
	calls := 0
	child := func(e *objectEC, ctx context.Context, field graphql.CollectedField) (*graphql.FieldContext, error) {
		if e != ec {
			t.Error("the child was called with another executor")
		}
		calls++
		return &graphql.FieldContext{Field: field}, nil
	}
	ctx := WithOperation(context.Background(), nil)
	a, b := Child(ctx, "OrgUnit", ec, child), Child(ctx, "OrgUnit", ec, child)
	other := Child(ctx, "Target", ec, child)
	if funcID(a) != funcID(b) || funcID(a) == funcID(other) {
		t.Error("not one Child per type in an operation")
	}
	field := graphql.CollectedField{Field: &ast.Field{Name: "code"}}
	if fc, err := a(ctx, field); err != nil || fc.Field.Field != field.Field || calls != 1 {
		t.Errorf("Child gave %+v, %v after %d calls", fc, err, calls)
	}
	if n := testing.AllocsPerRun(100, func() { Child(ctx, "OrgUnit", ec, child) }); n != 0 {
		t.Errorf("%v allocations per Child, want 0", n)
	}
	if c := Child(WithOperation(context.Background(), nil), "OrgUnit", ec, child); funcID(c) == funcID(a) {
		t.Error("another operation shares the Child")
	}
	if _, err := Child(context.Background(), "OrgUnit", ec, child)(ctx, field); err != nil || calls != 2 {
		t.Error("outside an operation the Child does not call the method")
	}
}

// A list marshalled under an operation takes its values, indices and
// element contexts from slabs; each element has its own index and the
// list's field context as parent.
func TestMarshalSliceFromSlabs(t *testing.T) {
	ctx, _, field := newOperation(t)
	ctx = WithOperation(ctx, nil)
	list := &graphql.FieldContext{Field: field}
	ctx = WithFieldContext(ctx, list)
	paths := []string{}
	marshal := func(ctx context.Context, i int) graphql.Marshaler {
		fc := graphql.GetFieldContext(ctx)
		paths = append(paths, fc.Path().String())
		return graphql.MarshalInt(*fc.Index * 10)
	}
	got := MarshalSlice(ctx, 3, 0, false, marshal)
	if w := write(got); w != "[0,10,20]" || fmt.Sprint(paths) != "[indicator.c[0] indicator.c[1] indicator.c[2]]" {
		t.Errorf("wrote %s at %v", w, paths)
	}
	if n := testing.AllocsPerRun(100, func() {
		MarshalSlice(ctx, 3, 0, true, func(context.Context, int) graphql.Marshaler { return graphql.Null })
	}); n > 0.5 {
		t.Errorf("%v allocations per list of 3, want them from slabs", n)
	}
	if w := write(MarshalSlice(ctx, 200, 0, true, func(ctx context.Context, i int) graphql.Marshaler { return graphql.MarshalInt(i) })); len(w) < 400 {
		t.Errorf("a long list: %.40s…", w)
	}
}

// funcID is the address of the closure f: one per closure made.
func funcID(f func(context.Context, graphql.CollectedField) (*graphql.FieldContext, error)) unsafe.Pointer {
	return *(*unsafe.Pointer)(unsafe.Pointer(&f))
}
