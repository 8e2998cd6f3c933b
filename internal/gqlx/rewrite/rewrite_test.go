package rewrite

import (
	"os"
	"strings"
	"testing"
)

// generated is a file of the shapes gqlgen generates: a leaf field, a
// non-null pointer field (resolved in line with its context), a field with
// a resolver (left to gqlgen) and an object.
const generated = `package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
)

func (ec *executionContext) _Target_value(ctx context.Context, field graphql.CollectedField, obj *models.Target) (ret graphql.Marshaler) {
	return graphql.ResolveField(
		ctx,
		ec.OperationContext,
		field,
		func(ctx context.Context, field graphql.CollectedField) (*graphql.FieldContext, error) {
			return ec.fieldContext_Target_value(ctx, field)
		},
		func(ctx context.Context) (any, error) {
			return obj.Value, nil
		},
		nil,
		func(ctx context.Context, selections ast.SelectionSet, v *float64) graphql.Marshaler {
			return ec.marshalOFloat2ᚖfloat64(ctx, selections, v)
		},
		true,
		false,
	)
}
func (ec *executionContext) fieldContext_Target_value(_ context.Context, field graphql.CollectedField) (fc *graphql.FieldContext, err error) {
	return graphql.NewScalarFieldContext("Target", field, false, false, "Float")
}

func (ec *executionContext) _Target_id(ctx context.Context, field graphql.CollectedField, obj *models.Target) (ret graphql.Marshaler) {
	return graphql.ResolveField(
		ctx,
		ec.OperationContext,
		field,
		func(ctx context.Context, field graphql.CollectedField) (*graphql.FieldContext, error) {
			return ec.fieldContext_Target_id(ctx, field)
		},
		func(ctx context.Context) (any, error) {
			return obj.ID(), nil
		},
		nil,
		func(ctx context.Context, selections ast.SelectionSet, v models.GlobalID) graphql.Marshaler {
			return ec.marshalNID2GlobalID(ctx, selections, v)
		},
		true,
		true,
	)
}
func (ec *executionContext) fieldContext_Target_id(_ context.Context, field graphql.CollectedField) (fc *graphql.FieldContext, err error) {
	return graphql.NewScalarFieldContext("Target", field, true, false, "ID")
}

func (ec *executionContext) _Target_gid(ctx context.Context, field graphql.CollectedField, obj *models.Target) (ret graphql.Marshaler) {
	return graphql.ResolveField(
		ctx,
		ec.OperationContext,
		field,
		func(ctx context.Context, field graphql.CollectedField) (*graphql.FieldContext, error) {
			return ec.fieldContext_Target_gid(ctx, field)
		},
		func(ctx context.Context) (any, error) {
			return obj.GlobalID(), nil
		},
		nil,
		func(ctx context.Context, selections ast.SelectionSet, v models.GlobalID) graphql.Marshaler {
			return ec.marshalNID2GlobalID(ctx, selections, v)
		},
		true,
		true,
	)
}
func (ec *executionContext) fieldContext_Target_gid(_ context.Context, field graphql.CollectedField) (fc *graphql.FieldContext, err error) {
	return graphql.NewScalarFieldContext("Target", field, true, false, "ID")
}

func (ec *executionContext) _Target_label(ctx context.Context, field graphql.CollectedField, obj *models.Target) (ret graphql.Marshaler) {
	return graphql.ResolveField(
		ctx,
		ec.OperationContext,
		field,
		func(ctx context.Context, field graphql.CollectedField) (*graphql.FieldContext, error) {
			return ec.fieldContext_Target_label(ctx, field)
		},
		func(ctx context.Context) (any, error) {
			return obj.Label, nil
		},
		nil,
		func(ctx context.Context, selections ast.SelectionSet, v *string) graphql.Marshaler {
			return ec.marshalNString2ᚖstring(ctx, selections, v)
		},
		true,
		true,
	)
}
func (ec *executionContext) fieldContext_Target_label(_ context.Context, field graphql.CollectedField) (fc *graphql.FieldContext, err error) {
	return graphql.NewScalarFieldContext("Target", field, false, false, "String")
}

func (ec *executionContext) _Target_version(ctx context.Context, field graphql.CollectedField, obj *models.Target) (ret graphql.Marshaler) {
	return graphql.ResolveField(
		ctx,
		ec.OperationContext,
		field,
		func(ctx context.Context, field graphql.CollectedField) (*graphql.FieldContext, error) {
			return ec.fieldContext_Target_version(ctx, field)
		},
		func(ctx context.Context) (any, error) {
			return ec.Resolvers.Target().Version(ctx, obj)
		},
		nil,
		func(ctx context.Context, selections ast.SelectionSet, v int) graphql.Marshaler {
			return ec.marshalNInt2int(ctx, selections, v)
		},
		true,
		true,
	)
}
func (ec *executionContext) fieldContext_Target_version(_ context.Context, field graphql.CollectedField) (fc *graphql.FieldContext, err error) {
	return graphql.NewScalarFieldContext("Target", field, true, true, "Int")
}

func (ec *executionContext) _Target(ctx context.Context, sel ast.SelectionSet, obj *models.Target) graphql.Marshaler {
	fields := graphql.CollectFields(ec.OperationContext, sel, targetImplementors)

	out := graphql.NewFieldSet(fields)
	deferred := graphql.NewDeferredGroup(ctx)
	for i, field := range fields {
		_ = i
	}
	out.Dispatch(ctx)
	if out.Invalids > 0 {
		return graphql.Null
	}

	return out
}

func (ec *executionContext) _Indicator(ctx context.Context, sel ast.SelectionSet, obj *models.Indicator) graphql.Marshaler {
	fields := graphql.CollectFields(ec.OperationContext, sel, indicatorImplementors)

	out := graphql.NewFieldSet(fields)
	deferred := graphql.NewDeferredGroup(ctx)
	for i, field := range fields {
		out.ResolveConcurrently(ec.OperationContext, &deferred, i, true, true, func(ctx context.Context) graphql.Marshaler {
			res := ec._Indicator_target(ctx, field, obj)
			if res == graphql.Null {
				atomic.AddUint32(&out.Invalids, 1)
			}
			return res
		})
	}
	out.Dispatch(ctx)
	if out.Invalids > 0 {
		return graphql.Null
	}

	return out
}

func (e *executableSchema) Exec(ctx context.Context) graphql.ResponseHandler {
	switch opCtx.Operation.Operation {
	case ast.Query:
		return func(ctx context.Context) *graphql.Response {
			var response graphql.Response
			var data graphql.Marshaler
			if first {
				first = false
				data = ec._Query(ctx, opCtx.Operation.SelectionSet)
			}
			var buf bytes.Buffer
			data.MarshalGQL(&buf)
			response.Data = buf.Bytes()
			return &response
		}
	}
	return nil
}

func (ec *executionContext) fieldContext_Indicator_target(ctx context.Context, field graphql.CollectedField) (fc *graphql.FieldContext, err error) {
	fc = &graphql.FieldContext{
		Object:     "Indicator",
		Field:      field,
		IsMethod:   true,
		IsResolver: false,
	}
	ctx = graphql.WithFieldContext(ctx, fc)
	if fc.Args, err = ec.field_Indicator_target_args(ctx, field.ArgumentMap(ec.Variables)); err != nil {
		ec.Error(ctx, err)
		return fc, err
	}
	return fc, nil
}

func (ec *executionContext) marshalNTarget2ᚕᚖTargetᚄ(ctx context.Context, sel ast.SelectionSet, v []*models.Target) graphql.Marshaler {
	ret := graphql.MarshalSliceConcurrently(ctx, len(v), 0, false, func(ctx context.Context, i int) graphql.Marshaler {
		fc := graphql.GetFieldContext(ctx)
		fc.Result = &v[i]
		return ec.marshalNTarget2ᚖTarget(ctx, sel, v[i])
	})
	return ret
}

func (ec *executionContext) marshalNID2GlobalID(ctx context.Context, sel ast.SelectionSet, v models.GlobalID) graphql.Marshaler {
	_ = sel
	res := scalar.MarshalGlobalID(v)
	if res == graphql.Null {
		graphql.AddInvalidNullFromMarshaler(ctx, "ID!")
	}
	return res
}

func (ec *executionContext) marshalOFloat2ᚖfloat64(ctx context.Context, sel ast.SelectionSet, v *float64) graphql.Marshaler {
	if v == nil {
		return graphql.Null
	}
	_ = sel
	res := graphql.MarshalFloatContext(*v)
	return graphql.WrapContextMarshaler(ctx, res)
}
`

func TestSource(t *testing.T) {
	out, st, err := Source([]byte(generated))
	if err != nil {
		t.Fatal(err)
	}
	got := string(out)
	if st.Leaves != 2 || st.InLine != 2 || st.Pointed != 2 || st.Fields != 2 || st.FieldContexts != 5 || st.Objects != 2 || st.FieldSets != 1 || st.Lists != 1 || st.Args != 1 || st.KeptArgs != 1 || st.Answers != 1 {
		t.Errorf("rewrote %d leaves (%d in line, %d through a pointer), %d other fields in line, %d field contexts, %d objects (%d field sets), %d lists and %d fields with arguments, want 2 (2, 2), 2, 5, 2 (1) and 1 of each",
			st.Leaves, st.InLine, st.Pointed, st.Fields, st.FieldContexts, st.Objects, st.FieldSets, st.Lists, st.Args)
	}
	for _, want := range []string{
		"func (ec *executionContext) _Target_value(ctx context.Context, field graphql.CollectedField, obj *models.Target) (ret graphql.Marshaler) {\n" +
			"\tif m := gqlx.OptFloat((*float64)(obj.Value)); m != nil && gqlx.LeafReady(ctx, field) {\n\t\treturn m\n\t}\n\treturn graphql.ResolveField(",
		"func (ec *executionContext) _Target_id(ctx context.Context, field graphql.CollectedField, obj *models.Target) (ret graphql.Marshaler) {\n" +
			"\tif gqlx.FieldReady(ctx) {\n\t\tfc, err := ec.fieldContext_Target_id(ctx, field)\n",
		"func (ec *executionContext) fieldContext_Target_id(ctx context.Context, field graphql.CollectedField) (fc *graphql.FieldContext, err error) {\n" +
			"\treturn gqlx.ScalarFieldContext(ctx, \"Target\", field, true, false, \"ID\")\n}",
		"func (ec *executionContext) _Target_gid(ctx context.Context, field graphql.CollectedField, obj *models.Target) (ret graphql.Marshaler) {\n" +
			"\tif gqlx.LeafReady(ctx, field) {\n\t\treturn scalar.GlobalIDOf(obj)\n\t}\n",
		"func (ec *executionContext) _Target_label(ctx context.Context, field graphql.CollectedField, obj *models.Target) (ret graphql.Marshaler) {\n" +
			"\tif gqlx.FieldReady(ctx) {\n\t\tfc, err := ec.fieldContext_Target_label(ctx, field)\n\t\tif err != nil {\n\t\t\treturn graphql.Null\n\t\t}\n" +
			"\t\tctx := gqlx.WithFieldContext(ctx, fc)\n\t\tdefer gqlx.Recover(ctx, ec.OperationContext, &ret)\n" +
			"\t\tres, err := func(ctx context.Context) (any, error) {\n\t\t\treturn obj.Label, nil\n\t\t}(ctx)\n" +
			"\t\treturn gqlx.Resolved(ctx, ec.OperationContext, fc, res, err, true, ec, (*executionContext).marshalNString2ᚖstring, field.Selections)\n" +
			"\t}\n\treturn graphql.ResolveField(",
		"func (ec *executionContext) _Target_version(ctx context.Context, field graphql.CollectedField, obj *models.Target) (ret graphql.Marshaler) {\n\treturn graphql.ResolveField(",
		"deferred := gqlx.NewDeferredGroup(ctx, fields)",
		"\tout := gqlx.NewFields(ctx, fields)\n\tdeferred := gqlx.NewDeferredGroup(ctx, fields)\n",
		"\tout := gqlx.NewFieldSet(ctx, fields)\n\tdeferred := gqlx.NewDeferredGroup(ctx, fields)\n\tfor i, field := range fields {\n\t\tout.ResolveConcurrently(",
		"\treturn gqlx.ObjectOf(ctx, fields, out.Values)\n}",
		"\tfields := gqlx.CollectFields(ctx, ec.OperationContext, sel, targetImplementors)\n",
		"\tfields := gqlx.CollectFields(ctx, ec.OperationContext, sel, indicatorImplementors)\n",
		"ret := gqlx.MarshalSlice(ctx, len(v), 0, false, func(",
		"\t\t\tresponse.Data = gqlx.Marshal(opCtx.Operation, data)\n\t\t\treturn &response\n",
		"\tif args, ok := gqlx.KeptArgs(ctx, field); ok {\n\t\tfc.Args = args\n\t\treturn fc, nil\n\t}\n\tctx = graphql.WithFieldContext(ctx, fc)\n" +
			"\tif fc.Args, err = gqlx.Args(ctx, field, func() (map[string]any, error) {\n\t\treturn ec.field_Indicator_target_args(ctx, field.ArgumentMap(ec.Variables))\n\t}); err != nil {",
		"func (ec *executionContext) fieldContext_Indicator_target(ctx context.Context, field graphql.CollectedField) (fc *graphql.FieldContext, err error) {\n" +
			"\tfc = gqlx.NewFieldContext(ctx)\n\t*fc = graphql.FieldContext{\n\t\tObject:     \"Indicator\",\n",
		`"github.com/kinerja/kinerja/internal/gqlx"`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the rewritten file lacks %q:\n%s", want, got)
		}
	}
	if _, _, err := Source(out); err == nil {
		t.Error("a rewritten file was rewritten again")
	}
	if _, _, err := Source([]byte("package graph\n\nimport (\n\t\"context\"\n)\n")); err == nil {
		t.Error("a file of unknown shapes was accepted")
	}
}

// The committed executor went through gqlfast after gqlgen (go generate
// ./graph runs both).
func TestGeneratedIsRewritten(t *testing.T) {
	src, err := os.ReadFile("../../../graph/generated.go")
	if err != nil {
		t.Fatal(err)
	}
	leaves := strings.Count(string(src), "gqlx.LeafContext(ctx, field, ec, ") +
		strings.Count(string(src), "gqlx.LeafReady(ctx, field)")
	objects := strings.Count(string(src), "return gqlx.ObjectOf(") + strings.Count(string(src), "out := gqlx.NewFields(ctx, fields)")
	lists, left := strings.Count(string(src), "gqlx.MarshalSlice("), strings.Count(string(src), "graphql.MarshalSliceConcurrently(")
	pointed := strings.Count(string(src), "return gqlx.String(") + strings.Count(string(src), "return gqlx.Value(")
	fields := strings.Count(string(src), "\tif gqlx.FieldReady(ctx) {\n")
	if made, left := strings.Count(string(src), "\tfc = gqlx.NewFieldContext(ctx)\n"), strings.Count(string(src), "fc = &graphql.FieldContext{"); made < 150 || left != 0 || strings.Count(string(src), "gqlx.Child(ctx, \"") < 150 {
		t.Errorf("graph/generated.go has %d field contexts from slabs and %d not: run go generate ./graph", made, left)
	}
	if leaves < 250 || pointed < 100 || fields < 60 || objects < 60 || lists < 30 || left != 0 {
		t.Fatalf("graph/generated.go has %d leaves (%d through a pointer), %d other fields, %d objects and %d lists rewritten, %d lists left: run go generate ./graph",
			leaves, pointed, fields, objects, lists, left)
	}
}
