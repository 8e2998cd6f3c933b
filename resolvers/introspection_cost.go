package resolvers

import (
	"strings"

	"github.com/vektah/gqlparser/v2/ast"
)

// introspectionCost returns the number of fields of the answer to an
// introspection field (__schema or __type) f, counted on the schema as
// gqlgen's introspection answers it (deprecated elements included, so never
// less), or a number above limit once it passes limit.
func introspectionCost(schema *ast.Schema, f *ast.Field, vars map[string]any, limit int) int {
	c := &introCounter{schema: schema, limit: limit}
	switch f.Name {
	case "__schema":
		c.n = 1
		c.set(f.SelectionSet, introValue{kind: introSchema})
	case "__type":
		c.n = 1
		name, _ := argString(f, "name", vars)
		if def := schema.Types[name]; def != nil {
			c.set(f.SelectionSet, introValue{kind: introType, def: def})
		}
	}
	return c.n
}

// argString returns the value of a string argument of f.
func argString(f *ast.Field, name string, vars map[string]any) (string, bool) {
	a := f.Arguments.ForName(name)
	if a == nil {
		return "", false
	}
	v, err := a.Value.Value(vars)
	s, ok := v.(string)
	return s, ok && err == nil
}

type introKind int

const (
	introSchema introKind = iota
	introType
	introField
	introInputValue
	introEnumValue
	introDirective
)

// introValue is an object of the introspection schema: a __Type is a named
// definition (def) or a wrapper (typ); an __InputValue has its type in typ;
// a __Field its definition in field; a __Directive its definition in dir.
type introValue struct {
	kind  introKind
	def   *ast.Definition
	typ   *ast.Type
	field *ast.FieldDefinition
	dir   *ast.DirectiveDefinition
}

// introCounter counts the fields of an introspection answer.
type introCounter struct {
	schema *ast.Schema
	limit  int
	n      int
}

// set counts the fields of set on v.
func (c *introCounter) set(set ast.SelectionSet, v introValue) {
	for _, sel := range set {
		if c.n > c.limit {
			return
		}
		switch s := sel.(type) {
		case *ast.Field:
			c.n++
			if len(s.SelectionSet) == 0 {
				continue
			}
			for _, child := range c.children(v, s.Name) {
				c.set(s.SelectionSet, child)
			}
		case *ast.InlineFragment:
			c.set(s.SelectionSet, v)
		case *ast.FragmentSpread:
			if s.Definition != nil {
				c.set(s.Definition.SelectionSet, v)
			}
		}
	}
}

// children returns the objects field name of v answers with: the elements
// of a list, one object, or none for null.
func (c *introCounter) children(v introValue, name string) []introValue {
	switch v.kind {
	case introSchema:
		switch name {
		case "types":
			out := make([]introValue, 0, len(c.schema.Types))
			for _, def := range c.schema.Types {
				out = append(out, introValue{kind: introType, def: def})
			}
			return out
		case "queryType":
			return c.named(c.schema.Query)
		case "mutationType":
			return c.named(c.schema.Mutation)
		case "subscriptionType":
			return c.named(c.schema.Subscription)
		case "directives":
			out := make([]introValue, 0, len(c.schema.Directives))
			for _, d := range c.schema.Directives {
				out = append(out, introValue{kind: introDirective, dir: d})
			}
			return out
		}
	case introType:
		return c.typeChildren(v, name)
	case introField:
		switch name {
		case "args":
			return inputValues(v.field.Arguments)
		case "type":
			return []introValue{c.wrap(v.field.Type)}
		}
	case introInputValue:
		if name == "type" {
			return []introValue{c.wrap(v.typ)}
		}
	case introDirective:
		if name == "args" {
			return inputValues(v.dir.Arguments)
		}
	}
	return nil
}

// typeChildren answers children for a __Type.
func (c *introCounter) typeChildren(v introValue, name string) []introValue {
	if v.def == nil {
		if name != "ofType" || v.typ == nil {
			return nil
		}
		if v.typ.NonNull {
			t := *v.typ
			t.NonNull = false
			return []introValue{c.wrap(&t)}
		}
		if v.typ.Elem != nil {
			return []introValue{c.wrap(v.typ.Elem)}
		}
		return nil
	}
	var out []introValue
	switch name {
	case "fields":
		for _, f := range v.def.Fields {
			if (v.def.Kind == ast.Object || v.def.Kind == ast.Interface) && !strings.HasPrefix(f.Name, "__") {
				out = append(out, introValue{kind: introField, field: f})
			}
		}
	case "inputFields":
		if v.def.Kind == ast.InputObject {
			for _, f := range v.def.Fields {
				out = append(out, introValue{kind: introInputValue, typ: f.Type})
			}
		}
	case "interfaces":
		for _, name := range v.def.Interfaces {
			out = append(out, c.named(c.schema.Types[name])...)
		}
	case "possibleTypes":
		if v.def.Kind == ast.Interface || v.def.Kind == ast.Union {
			for _, def := range c.schema.GetPossibleTypes(v.def) {
				out = append(out, introValue{kind: introType, def: def})
			}
		}
	case "enumValues":
		for range v.def.EnumValues {
			out = append(out, introValue{kind: introEnumValue})
		}
	}
	return out
}

// named returns the __Type of a definition, none for nil.
func (c *introCounter) named(def *ast.Definition) []introValue {
	if def == nil {
		return nil
	}
	return []introValue{{kind: introType, def: def}}
}

// wrap returns the __Type of a type reference, as gqlgen wraps it.
func (c *introCounter) wrap(t *ast.Type) introValue {
	if !t.NonNull && t.NamedType != "" {
		return introValue{kind: introType, def: c.schema.Types[t.NamedType]}
	}
	return introValue{kind: introType, typ: t}
}

// inputValues returns the __InputValues of arguments.
func inputValues(args ast.ArgumentDefinitionList) []introValue {
	out := make([]introValue, len(args))
	for i, a := range args {
		out[i] = introValue{kind: introInputValue, typ: a.Type}
	}
	return out
}
