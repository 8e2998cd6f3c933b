// Package rewrite rewrites the executor gqlgen generates to call the
// shortcuts of internal/gqlx (see cmd gqlfast). It works on the text of the
// generated file, whose shape gqlgen fixes, and refuses a file in which it
// finds none of the shapes it knows.
package rewrite

import (
	"errors"
	"go/format"
	"regexp"
	"strings"
)

// Stats counts what Source rewrote.
type Stats struct {
	// Leaves is the number of leaf field functions rewritten: InLine of
	// them marshal a field of the struct in line under gqlx.LeafContext,
	// the others (methods) call gqlx.Leaf. Pointed of those in line are
	// marshalled through a pointer to the field (gqlx.String and the
	// like) rather than gqlgen's marshaller.
	Leaves, InLine, Pointed int
	// Objects is the number of object marshallers that call
	// gqlx.NewDeferredGroup and write through gqlx: FieldSets of them
	// (those that resolve no field concurrently) with a gqlx.Fields, the
	// others with gqlgen's field set from gqlx.NewFieldSet and
	// gqlx.ObjectOf.
	Objects, FieldSets int
	// Fields is the number of the other fields read from the parent
	// (objects, lists, leaves of methods with arguments) resolved in line
	// under gqlx.FieldReady.
	Fields int
	// FieldContexts is the number of field context makers that take the
	// context from gqlx.NewFieldContext, Children of them their Child from
	// gqlx.Child.
	FieldContexts, Children int
	// Lists is the number of marshallers of lists of objects that call
	// gqlx.MarshalSlice.
	Lists int
	// Args is the number of field contexts that parse their arguments
	// through gqlx.Args, KeptArgs of them first asking gqlx.KeptArgs.
	Args, KeptArgs int
	// Answers is the number of query answers written by gqlx.Marshal.
	Answers int
}

const importPath = `"github.com/kinerja/kinerja/internal/gqlx"`

var (
	// A field's context is that of a scalar or an enum without a resolver:
	// NewScalarFieldContext(object, field, isMethod, isResolver, type).
	scalarFieldContext = regexp.MustCompile(`^func \(ec \*executionContext\) (fieldContext_\w+)\(_ context\.Context, field graphql\.CollectedField\) \(fc \*graphql\.FieldContext, err error\) \{\n\treturn graphql\.NewScalarFieldContext\("\w+", field, (?:true|false), false, "\w+"\)\n\}`)
	// A field of the parent's struct, not a method.
	structField = regexp.MustCompile(`^obj\.\w+$`)
	// A field function: _Object_field(ctx, field, obj).
	fieldFunc = regexp.MustCompile(`^func \(ec \*executionContext\) _\w+\(ctx context\.Context, field graphql\.CollectedField, obj [^)]+\) \(ret graphql\.Marshaler\) \{\n\treturn graphql\.ResolveField\(\n\t\tctx,\n\t\tec\.OperationContext,\n\t\tfield,\n\t\tfunc\(ctx context\.Context, field graphql\.CollectedField\) \(\*graphql\.FieldContext, error\) \{\n\t\t\treturn ec\.(fieldContext_\w+)\(ctx, field\)\n\t\t\},\n\t\tfunc\(ctx context\.Context\) \(any, error\) \{\n\t\t\treturn (obj\.[\w.()]+(?:, nil)?)\n\t\t\},\n\t\tnil,\n\t\tfunc\(ctx context\.Context, selections ast\.SelectionSet, v [^)]+\) graphql\.Marshaler \{\n\t\t\treturn ec\.(marshal[^(]+)\(ctx, selections, v\)\n`)
	// Any field function whose value is read from the parent (no
	// resolver, no middleware), with its panic handler: the field context
	// maker, the value function's body, the marshaller's value type and
	// name, and whether the field is non-null.
	inlineFieldFunc = regexp.MustCompile(`^(func \(ec \*executionContext\) _\w+\(ctx context\.Context, field graphql\.CollectedField, obj [^)]+\) \(ret graphql\.Marshaler\) \{\n)(\treturn graphql\.ResolveField\(\n\t\tctx,\n\t\tec\.OperationContext,\n\t\tfield,\n\t\tfunc\(ctx context\.Context, field graphql\.CollectedField\) \(\*graphql\.FieldContext, error\) \{\n\t\t\treturn ec\.(fieldContext_\w+)\(ctx, field\)\n\t\t\},\n\t\tfunc\(ctx context\.Context\) \(any, error\) \{\n((?:\t\t\t[^\n]*\n)+?)\t\t\},\n\t\tnil,\n\t\tfunc\(ctx context\.Context, selections ast\.SelectionSet, v [^)]+\) graphql\.Marshaler \{\n\t\t\treturn ec\.(marshal[^(]+)\(ctx, selections, v\)\n\t\t\},\n\t\ttrue,\n\t\t(true|false),\n\t\)\n\}\n*)$`)
	// A field context made whole, not by NewScalarFieldContext.
	objectFieldContext = regexp.MustCompile(`^(func \(ec \*executionContext\) fieldContext_\w+\()(?:_|ctx)( context\.Context, field graphql\.CollectedField\) \(fc \*graphql\.FieldContext, err error\) \{\n)\tfc = &graphql\.FieldContext\{\n`)
	// The Child of a field context whose children are of one type.
	childFunc = regexp.MustCompile(`\t\tChild: func\(ctx context\.Context, field graphql\.CollectedField\) \(\*graphql\.FieldContext, error\) \{\n\t\t\treturn ec\.(childFields_(\w+))\(ctx, field\)\n\t\t\},\n`)
	// An object marshaller: _Object(ctx, sel, obj).
	// A field context parses the field's arguments.
	fieldArgs  = regexp.MustCompile(`if fc\.Args, err = ec\.(field_\w+_args)\(ctx, field\.ArgumentMap\(ec\.Variables\)\); err != nil \{`)
	objectFunc = regexp.MustCompile(`^func \(ec \*executionContext\) _\w+\(ctx context\.Context, sel ast\.SelectionSet, obj [^)]+\) graphql\.Marshaler \{\n\tfields := graphql\.CollectFields\(ec\.OperationContext, sel, \w+\)\n\n\tout := graphql\.NewFieldSet\(fields\)\n\tdeferred := graphql\.NewDeferredGroup\(ctx\)\n`)
)

// marshalFunc is a marshaller of the executor: its name, the Go type of
// its value and its body.
var marshalFunc = regexp.MustCompile(`^func \(ec \*executionContext\) (marshal[^(]+)\(ctx context\.Context, sel ast\.SelectionSet, v ([^)]+)\) graphql\.Marshaler \{\n((?s:.*))\}\n*$`)

// pointedMarshallers are the marshallers whose value gqlx marshals through
// a pointer: by the call in their body (and the Go type of their value),
// the gqlx function that does the same, and whether it takes the field's
// address (else the field is a pointer already). A function whose name
// ends in "?" declines (returns nil) for a value gqlgen's marshaller must
// report (an infinite float).
var pointedMarshallers = []struct{ body, typ, fn string }{
	{"res := scalar.MarshalString(v)\n", "string", "gqlx.String((*string)(&%s))"},
	{"res := scalar.MarshalString(*v)\n", "*string", "gqlx.OptString((*string)(%s))"},
	{"res := scalar.MarshalInt(v)\n", "int", "gqlx.Int((*int)(&%s))"},
	{"res := scalar.MarshalInt(*v)\n", "*int", "gqlx.OptInt((*int)(%s))"},
	{"res := graphql.MarshalBoolean(v)\n", "bool", "gqlx.Bool((*bool)(&%s))"},
	{"res := graphql.MarshalBoolean(*v)\n", "*bool", "gqlx.OptBool((*bool)(%s))"},
	{"res := graphql.MarshalFloatContext(v)\n", "float64", "gqlx.Float((*float64)(&%s))?"},
	{"res := graphql.MarshalFloatContext(*v)\n", "*float64", "gqlx.OptFloat((*float64)(%s))?"},
	{"\treturn v\n", "", "gqlx.Value(&%s)"},
	{"\tif v == nil {\n\t\treturn graphql.Null\n\t}\n\treturn v\n", "", "gqlx.OptValue(%s)"},
}

// pointedCall returns the gqlx call that marshals the struct field v as
// the marshaller of body and Go type typ does, "" when there is none, and
// whether the call may decline.
func pointedCall(typ, body, v string) (string, bool) {
	for _, p := range pointedMarshallers {
		if p.typ == "" {
			// A type that marshals itself: the whole body is the return.
			if body != p.body {
				continue
			}
		} else if typ != p.typ || !strings.Contains(body, p.body) {
			continue
		}
		fn, declines := strings.CutSuffix(p.fn, "?")
		return strings.ReplaceAll(fn, "%s", v), declines
	}
	return "", false
}

// keptArgsAt is where a field context with arguments takes its own
// context, and keptArgs what gqlfast puts before it.
const (
	keptArgsAt = "\tctx = graphql.WithFieldContext(ctx, fc)\n\tif fc.Args, err = gqlx.Args("
	keptArgs   = "\tif args, ok := gqlx.KeptArgs(ctx, field); ok {\n\t\tfc.Args = args\n\t\treturn fc, nil\n\t}\n"
)

// queryAnswer is where the executor writes a query's answer.
const queryAnswer = "\n\t\t\tvar buf bytes.Buffer\n\t\t\tdata.MarshalGQL(&buf)\n\t\t\tresponse.Data = buf.Bytes()\n"

// Source returns the generated file src rewritten, formatted.
func Source(src []byte) ([]byte, Stats, error) {
	var st Stats
	text := string(src)
	if strings.Contains(text, importPath) {
		return nil, st, errors.New("the file has been rewritten already: run gqlgen first")
	}
	funcs := strings.Split(text, "\nfunc ")
	for i := 1; i < len(funcs); i++ {
		funcs[i] = "func " + funcs[i]
	}
	leafContexts := map[string]bool{}
	type marshaller struct{ typ, body string }
	marshallers := map[string]marshaller{}
	for _, f := range funcs {
		if m := scalarFieldContext.FindStringSubmatch(f); m != nil {
			leafContexts[m[1]] = true
		}
		if m := marshalFunc.FindStringSubmatch(f); m != nil {
			marshallers[m[1]] = marshaller{m[2], m[3]}
		}
	}
	for i, f := range funcs {
		// A leaf (a scalar or enum without arguments). A non-null pointer
		// would report its nil with the parent's path: it is resolved in
		// line below, with its context.
		if m := fieldFunc.FindStringSubmatch(f); m != nil && leafContexts[m[1]] &&
			!(strings.HasPrefix(m[3], "marshalN") && strings.Contains(m[3], "2ᚖ")) {
			fieldContext, value, marshal := m[1], m[2], m[3]
			st.Leaves++
			if v, ok := strings.CutSuffix(value, ", nil"); ok && structField.MatchString(v) {
				// A field of the struct: marshalled in line, through a
				// pointer to it where gqlx can, gqlgen's resolution kept
				// for when LeafContext says no.
				inLine := "\n\tif lc := gqlx.LeafContext(ctx, field, ec, (*executionContext)." + fieldContext + "); lc != nil {\n" +
					"\t\treturn ec." + marshal + "(lc, field.Selections, " + v + ")\n\t}"
				if mf, ok := marshallers[marshal]; ok {
					// Through a pointer: no marshaller to fail, no
					// context to make (gqlx.LeafReady).
					if call, declines := pointedCall(mf.typ, mf.body, v); call != "" {
						if declines {
							inLine = "\n\tif m := " + call + "; m != nil && gqlx.LeafReady(ctx, field) {\n\t\treturn m\n\t}"
						} else {
							inLine = "\n\tif gqlx.LeafReady(ctx, field) {\n\t\treturn " + call + "\n\t}"
						}
						st.Pointed++
					}
				}
				funcs[i] = strings.Replace(f, "\n\treturn graphql.ResolveField(", inLine+"\n\treturn graphql.ResolveField(", 1)
				st.InLine++
				continue
			}
			if mf, ok := marshallers[marshal]; ok && value == "obj.GlobalID(), nil" && strings.Contains(mf.body, "res := scalar.MarshalGlobalID(v)\n") {
				// A row's ID: in line, marshalled through a pointer to
				// the row (GlobalID cannot fail or panic).
				funcs[i] = strings.Replace(f, "\n\treturn graphql.ResolveField(",
					"\n\tif gqlx.LeafReady(ctx, field) {\n\t\treturn scalar.GlobalIDOf(obj)\n\t}\n\treturn graphql.ResolveField(", 1)
				st.InLine++
				st.Pointed++
				continue
			}
			// A method: resolved in line below, as the other fields.
			st.Leaves--
		}
		if m := inlineFieldFunc.FindStringSubmatch(f); m != nil && !strings.Contains(m[4], "ec.") {
			// Read from the parent, not a leaf gqlx marshals: resolved in
			// line as ResolveField does, gqlgen's path kept for when the
			// budget refuses the field.
			head, resolve, fieldContext, body, marshal, nonNull := m[1], m[2], m[3], m[4], m[5], m[6]
			funcs[i] = head +
				"\tif gqlx.FieldReady(ctx) {\n" +
				"\t\tfc, err := ec." + fieldContext + "(ctx, field)\n" +
				"\t\tif err != nil {\n\t\t\treturn graphql.Null\n\t\t}\n" +
				"\t\tctx := gqlx.WithFieldContext(ctx, fc)\n" +
				"\t\tdefer gqlx.Recover(ctx, ec.OperationContext, &ret)\n" +
				"\t\tres, err := func(ctx context.Context) (any, error) {\n" + body + "\t\t}(ctx)\n" +
				"\t\treturn gqlx.Resolved(ctx, ec.OperationContext, fc, res, err, " + nonNull + ", ec, (*executionContext)." + marshal + ", field.Selections)\n" +
				"\t}\n" + resolve
			st.Fields++
			continue
		}
		if objectFunc.MatchString(f) && strings.Contains(f, "\n\treturn out\n}") {
			f = strings.Replace(f, "deferred := graphql.NewDeferredGroup(ctx)", "deferred := gqlx.NewDeferredGroup(ctx, fields)", 1)
			f = strings.Replace(f, "\tfields := graphql.CollectFields(ec.OperationContext, sel, ", "\tfields := gqlx.CollectFields(ctx, ec.OperationContext, sel, ", 1)
			if !strings.Contains(f, "Concurrently") && !strings.Contains(f, "atomic.AddUint32(&out.") && strings.Contains(f, "\n\tout.Dispatch(ctx)\n") {
				// No field resolves concurrently: a gqlx.Fields, which
				// writes itself.
				funcs[i] = strings.Replace(f, "out := graphql.NewFieldSet(fields)", "out := gqlx.NewFields(ctx, fields)", 1)
				st.FieldSets++
			} else {
				f = strings.Replace(f, "out := graphql.NewFieldSet(fields)", "out := gqlx.NewFieldSet(ctx, fields)", 1)
				funcs[i] = strings.Replace(f, "\n\treturn out\n}", "\n\treturn gqlx.ObjectOf(ctx, fields, out.Values)\n}", 1)
			}
			st.Objects++
		}
	}
	for i, f := range funcs {
		if strings.Contains(f, "graphql.MarshalSliceConcurrently(ctx, len(v), ") {
			funcs[i] = strings.ReplaceAll(f, "graphql.MarshalSliceConcurrently(ctx, len(v), ", "gqlx.MarshalSlice(ctx, len(v), ")
			st.Lists++
		}
	}
	for i, f := range funcs {
		if m := scalarFieldContext.FindStringSubmatch(f); m != nil {
			f = strings.Replace(f, "(_ context.Context, field graphql.CollectedField)", "(ctx context.Context, field graphql.CollectedField)", 1)
			funcs[i] = strings.Replace(f, "\treturn graphql.NewScalarFieldContext(", "\treturn gqlx.ScalarFieldContext(ctx, ", 1)
			st.FieldContexts++
			continue
		}
		if m := objectFieldContext.FindStringSubmatch(f); m != nil {
			// A field context from the operation's slab, its Child made
			// once per operation.
			f = strings.Replace(f, m[0], m[1]+"ctx"+m[2]+"\tfc = gqlx.NewFieldContext(ctx)\n\t*fc = graphql.FieldContext{\n", 1)
			if c := childFunc.FindStringSubmatch(f); c != nil {
				f = strings.Replace(f, c[0], "\t\tChild: gqlx.Child(ctx, \""+c[2]+"\", ec, (*executionContext)."+c[1]+"),\n", 1)
				st.Children++
			}
			funcs[i] = f
			st.FieldContexts++
		}
		if strings.HasPrefix(f, "func (ec *executionContext) fieldContext_") && fieldArgs.MatchString(f) {
			f = fieldArgs.ReplaceAllString(f,
				"if fc.Args, err = gqlx.Args(ctx, field, func() (map[string]any, error) { return ec.${1}(ctx, field.ArgumentMap(ec.Variables)) }); err != nil {")
			// Arguments kept for the operation: no context for an error
			// that cannot happen, no closure to parse them.
			if strings.Count(f, keptArgsAt) == 1 {
				f = strings.Replace(f, keptArgsAt, keptArgs+keptArgsAt, 1)
				st.KeptArgs++
			}
			funcs[i] = f
			st.Args++
		}
	}
	for i, f := range funcs {
		if strings.HasPrefix(f, "func (e *executableSchema) Exec(") && strings.Contains(f, queryAnswer) {
			funcs[i] = strings.Replace(f, queryAnswer, "\n\t\t\tresponse.Data = gqlx.Marshal(opCtx.Operation, data)\n", 1)
			st.Answers++
		}
	}
	if st.Leaves == 0 || st.Objects == 0 || st.Lists == 0 || st.Args == 0 || st.Answers == 0 {
		return nil, st, errors.New("found no field or object of a shape it knows: gqlgen's output changed")
	}
	text = strings.Join(funcs, "\n")
	if !strings.Contains(text, "import (\n") {
		return nil, st, errors.New("found no import block")
	}
	text = strings.Replace(text, "import (\n", "import (\n\t"+importPath+"\n", 1)
	out, err := format.Source([]byte(text))
	if err != nil {
		return nil, st, err
	}
	return out, st, nil
}
