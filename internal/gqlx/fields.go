package gqlx

import (
	"context"
	"errors"
	"sync"
	"unsafe"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
)

// The fields whose value is read from the parent without a resolver (a
// struct field or a method of the model: an indicator's owner, target,
// realisations and achievement, an edge's node) but which are not leaves
// marshalled through a pointer: gqlfast writes their resolution in line,
// as graphql.ResolveField does it, without its closures. gqlgen makes for
// each such field a closure to make its context, one to read its value,
// one to marshal it and one more to pass the value on, and a closure and a
// boxed context for the field middleware's next step: about seven
// allocations, on 200 fields of a dashboard. In line, what remains is the
// field's context (made by gqlgen's own function, with its arguments) and
// a context.Context carrying it, from a slab of the operation.
//
// The field middleware is not run for them, as for the leaves: the
// operation's budget, which is the server's only field middleware (see
// resolvers/limits.go), is spent by FieldReady. The code gqlfast writes:
//
//	if gqlx.FieldReady(ctx) {
//		fc, err := ec.fieldContext_Indicator_target(ctx, field)
//		if err != nil {
//			return graphql.Null
//		}
//		ctx := gqlx.WithFieldContext(ctx, fc)
//		defer gqlx.Recover(ctx, ec.OperationContext, &ret)
//		res, err := func(ctx context.Context) (any, error) { ... }(ctx)
//		return gqlx.Resolved(ctx, ec.OperationContext, fc, res, err, false, ec, (*executionContext).marshalOTarget…, field.Selections)
//	}
//	return graphql.ResolveField(…) // when the budget refuses: gqlgen reports it

// FieldReady reports whether a field may be resolved in line, having spent
// it from the operation's budget: false when the budget refuses it (gqlgen's
// path then reports why, at the field's path) or when the shortcuts cannot
// work (see fieldContextKey).
func FieldReady(ctx context.Context) bool {
	_, ok := spent(ctx)
	return ok
}

// fieldCtx is the context a field resolved in line runs under: its parent's,
// carrying the field's context, and the operation for operationOf.
type fieldCtx struct {
	context.Context
	fc *graphql.FieldContext
	op *operation
}

func (c *fieldCtx) Value(key any) any {
	switch key {
	case fieldContextKey:
		return c.fc
	case operationKey{}:
		if c.op != nil {
			return c.op
		}
	}
	return c.Context.Value(key)
}

// fieldSlab is the number of field contexts an operation allocates at once.
const fieldSlab = 64

// WithFieldContext is graphql.WithFieldContext: ctx carrying fc, whose
// parent becomes the field context of ctx. Under WithOperation the context
// comes from a slab of the operation.
func WithFieldContext(ctx context.Context, fc *graphql.FieldContext) context.Context {
	op := operationOf(ctx)
	if op == nil || fieldContextKey == nil {
		return graphql.WithFieldContext(ctx, fc)
	}
	fc.Parent = graphql.GetFieldContext(ctx)
	op.mu.Lock()
	c := take(&op.fieldCtxs, fieldSlab)
	op.mu.Unlock()
	*c = fieldCtx{Context: ctx, fc: fc, op: op}
	return c
}

// Recover is the panic handler of a field resolved in line, deferred as
// is: a panic becomes the field's error, at its path, and its value null,
// as under graphql.ResolveField.
func Recover(ctx context.Context, oc *graphql.OperationContext, ret *graphql.Marshaler) {
	if r := recover(); r != nil {
		oc.Error(ctx, oc.Recover(ctx, r))
		*ret = graphql.Null
	}
}

// Resolved finishes a field resolved in line as graphql.ResolveField does
// once the field middleware has returned res and err: the error at the
// field's path, null where the field's type allows it and RequiredNull
// where it does not, else the value marshalled under the field's context
// ctx by marshal, a method of the executor ec (a method expression, which
// unlike a closure over ec costs no allocation).
func Resolved[E, T any](ctx context.Context, oc *graphql.OperationContext, fc *graphql.FieldContext, res any, err error, nonNull bool,
	ec E, marshal func(E, context.Context, ast.SelectionSet, T) graphql.Marshaler, sel ast.SelectionSet) graphql.Marshaler {
	if err != nil {
		oc.Error(ctx, graphql.AddFieldLocationToError(ctx, err))
		if fc.NonNull && !nonNull {
			return graphql.RequiredNull
		}
		return graphql.Null
	}
	if res == nil {
		if nonNull || fc.NonNull {
			graphql.AddInvalidNullError(ctx, "")
		}
		if fc.NonNull && !nonNull {
			return graphql.RequiredNull
		}
		return graphql.Null
	}
	v, ok := res.(T)
	if !ok {
		oc.Errorf(ctx, `unexpected type %T from middleware/directive chain, should be %T`, res, v)
		return graphql.Null
	}
	fc.Result = res
	return marshal(ec, ctx, sel, v)
}

// NewFieldContext returns a zero field context for a field context maker
// (gqlfast rewrites `fc = &graphql.FieldContext{…}` to fill it): under
// WithOperation from a slab of the operation, one allocation per
// fieldContextSlab fields rather than one each.
func NewFieldContext(ctx context.Context) *graphql.FieldContext {
	op := operationOf(ctx)
	if op == nil {
		return new(graphql.FieldContext)
	}
	op.mu.Lock()
	fc := take(&op.fieldContexts, fieldContextSlab)
	op.mu.Unlock()
	return fc
}

// fieldContextSlab is the number of field contexts an operation allocates
// at once.
const fieldContextSlab = 64

// NewFieldSet is graphql.NewFieldSet: the field set of an object some of
// whose fields may resolve concurrently. Under WithOperation the set and its
// values come from slabs of the operation. A FieldSet's fields are gqlgen's
// own: the set is copied from one that graphql.NewFieldSet made for the
// same fields in this operation (a template, never used, whose mutex is
// never locked), and given values of its own.
func NewFieldSet(ctx context.Context, fields []graphql.CollectedField) *graphql.FieldSet {
	op := operationOf(ctx)
	if op == nil || len(fields) > valueSlab/8 {
		return graphql.NewFieldSet(fields)
	}
	key := collectKey{fields: unsafe.SliceData(fields), nsel: len(fields)}
	op.mu.Lock()
	defer op.mu.Unlock()
	template, ok := op.fieldSetTemplates[key]
	if !ok {
		template = graphql.NewFieldSet(fields)
		if op.fieldSetTemplates == nil {
			op.fieldSetTemplates = map[collectKey]*graphql.FieldSet{}
		}
		op.fieldSetTemplates[key] = template
	}
	fs := take(&op.gqlgenFieldSets, fieldSetSlab)
	copyFieldSet(fs, template)
	fs.Values = op.takeValues(len(fields))
	return fs
}

// copyFieldSet copies the field set src, in the state graphql.NewFieldSet
// leaves it, into dst, byte for byte: a FieldSet holds a mutex, which a
// plain assignment may not copy (go vet), though one never locked is zero.
func copyFieldSet(dst, src *graphql.FieldSet) {
	const size = unsafe.Sizeof(graphql.FieldSet{})
	*(*[size]byte)(unsafe.Pointer(dst)) = *(*[size]byte)(unsafe.Pointer(src))
}

// ScalarFieldContext is graphql.NewScalarFieldContext, the context of a
// scalar or enum field, under WithOperation from a slab of the operation,
// with a Child made once per type rather than once per field.
func ScalarFieldContext(ctx context.Context, object string, field graphql.CollectedField, isMethod, isResolver bool, typeName string) (*graphql.FieldContext, error) {
	fc := NewFieldContext(ctx)
	*fc = graphql.FieldContext{Object: object, Field: field, IsMethod: isMethod, IsResolver: isResolver, Child: scalarChild(typeName)}
	return fc, nil
}

// scalarChildren holds the Child of the scalar fields of each type: a
// schema has a bounded number of them.
var scalarChildren struct {
	sync.RWMutex
	m map[string]func(context.Context, graphql.CollectedField) (*graphql.FieldContext, error)
}

// scalarChild returns the Child of a field of the scalar or enum typeName,
// which fails as gqlgen's does: a scalar has no fields.
func scalarChild(typeName string) func(context.Context, graphql.CollectedField) (*graphql.FieldContext, error) {
	scalarChildren.RLock()
	f, ok := scalarChildren.m[typeName]
	scalarChildren.RUnlock()
	if ok {
		return f
	}
	f = func(context.Context, graphql.CollectedField) (*graphql.FieldContext, error) {
		return nil, errors.New("field of type " + typeName + " does not have child fields")
	}
	scalarChildren.Lock()
	defer scalarChildren.Unlock()
	if g, ok := scalarChildren.m[typeName]; ok {
		return g
	}
	if scalarChildren.m == nil {
		scalarChildren.m = map[string]func(context.Context, graphql.CollectedField) (*graphql.FieldContext, error){}
	}
	scalarChildren.m[typeName] = f
	return f
}

// childKey names the Child of the fields whose children are of one type,
// for one executor.
type childKey struct {
	typ string
	ec  any
}

// Child returns the Child of a field context whose children are of type
// typ: child, a method of the executor ec. Under WithOperation it is made
// once per operation, executor and type, where gqlgen makes a closure per
// field.
func Child[E any](ctx context.Context, typ string, ec E, child func(E, context.Context, graphql.CollectedField) (*graphql.FieldContext, error)) func(context.Context, graphql.CollectedField) (*graphql.FieldContext, error) {
	op := operationOf(ctx)
	if op == nil {
		return func(ctx context.Context, field graphql.CollectedField) (*graphql.FieldContext, error) {
			return child(ec, ctx, field)
		}
	}
	key := childKey{typ, ec}
	op.mu.Lock()
	defer op.mu.Unlock()
	if f, ok := op.children[key]; ok {
		return f
	}
	f := func(ctx context.Context, field graphql.CollectedField) (*graphql.FieldContext, error) {
		return child(ec, ctx, field)
	}
	if op.children == nil {
		op.children = map[childKey]func(context.Context, graphql.CollectedField) (*graphql.FieldContext, error){}
	}
	op.children[key] = f
	return f
}
