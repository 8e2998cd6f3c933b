package resolvers

import (
	"fmt"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// checkDocument refuses, before gqlparser validates it, a parsed document
// whose validation would be costly. Validation is linear in the size of a
// document with its fragments expanded where they are spread, except for
// one rule: fields of the same response name must merge, which gqlparser
// checks by comparing them pairwise (and their subfields, recursively). So
// the document, with its fragments expanded, may hold at most MaxSelections
// selections, nested at most MaxDepth fields deep, and the pairwise
// comparisons, weighted by the subfields compared, may number at most
// MaxMergeWork. That rule also compares each selection set with every
// fragment it reaches, which MaxFragments bounds.
//
// A name the schema does not have costs a search for suggestions, in time
// proportional to its length and to the names it could have meant: names
// longer than MaxNameLength are refused, and so is a document with more
// than MaxUnknownNames names the schema has in no place.
//
// The walk stops as soon as a limit is passed, so it costs at most
// MaxSelections steps (and a look at each name) whatever the document.
func checkDocument(known *schemaNames, doc *ast.QueryDocument) *gqlerror.Error {
	c := &docCheck{doc: doc, known: known, expanding: map[string]bool{}}
	if len(doc.Fragments) > MaxFragments {
		c.refuse("DOCUMENT_TOO_LARGE", "the query defines more than %d fragments", MaxFragments)
	}
	for _, f := range doc.Fragments {
		c.name(f.Name)
		c.lookup(known.types, f.TypeCondition)
		c.directives(f.Directives)
		// Validation checks each fragment on its own too.
		c.group([]ast.SelectionSet{f.SelectionSet}, 0, false)
	}
	for _, op := range doc.Operations {
		c.name(op.Name)
		for _, v := range op.VariableDefinitions {
			c.name(v.Variable)
			for t := v.Type; t != nil; t = t.Elem {
				if t.NamedType != "" {
					c.lookup(known.types, t.NamedType)
				}
			}
			c.value(v.DefaultValue)
		}
		c.directives(op.Directives)
		c.group([]ast.SelectionSet{op.SelectionSet}, 0, false)
		c.once(op)
	}
	return c.err
}

// onceFields are the root fields an operation may select at most once:
// each checks a password or a refresh token, which is slow by design (and
// would let one request guess many times).
var onceFields = map[string]bool{"login": true, "refreshToken": true}

// once refuses an operation that selects one of onceFields more than once.
// Call after group, which bounds the walk.
func (c *docCheck) once(op *ast.OperationDefinition) {
	if c.err != nil {
		return
	}
	counts := map[string]int{}
	c.countRoot(op.SelectionSet, counts)
	for name, n := range counts {
		if n > 1 {
			c.refuse("REPEATED_LOGIN", "an operation may ask for %s once, not %d times", name, n)
		}
	}
}

// countRoot counts the onceFields among the root fields of set.
func (c *docCheck) countRoot(set ast.SelectionSet, counts map[string]int) {
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			if onceFields[s.Name] {
				counts[s.Name]++
			}
		case *ast.InlineFragment:
			c.countRoot(s.SelectionSet, counts)
		case *ast.FragmentSpread:
			if def := c.doc.Fragments.ForName(s.Name); def != nil && !c.expanding[s.Name] {
				c.expanding[s.Name] = true
				c.countRoot(def.SelectionSet, counts)
				delete(c.expanding, s.Name)
			}
		}
	}
}

// docCheck is the state of checkDocument.
type docCheck struct {
	doc        *ast.QueryDocument
	known      *schemaNames
	unknown    int
	selections int
	work       int
	expanding  map[string]bool
	err        *gqlerror.Error
}

// refuse records the first limit passed.
func (c *docCheck) refuse(reason, format string, args ...any) {
	if c.err == nil {
		c.err = limitError(CodeBadUserInput, reason, fmt.Sprintf(format, args...))
	}
}

// group checks the fields that validation merges: those of sets (the
// subfields of fields of one response name) grouped by response name, then
// the subfields of each group, depth fields deep.
func (c *docCheck) group(sets []ast.SelectionSet, depth int, introspection bool) {
	var (
		names  []string
		fields = map[string][]*ast.Field{}
	)
	for _, set := range sets {
		c.collect(set, fields, &names)
	}
	for _, name := range names {
		if c.err != nil {
			return
		}
		group := fields[name]
		var (
			subs  []ast.SelectionSet
			width int
			intro = introspection
		)
		for _, f := range group {
			if len(f.SelectionSet) > 0 {
				subs = append(subs, f.SelectionSet)
				width = max(width, len(f.SelectionSet))
			}
			intro = intro || f.Name == "__schema" || f.Name == "__type"
		}
		// Each pair is compared, and each comparison walks the subfields of
		// one side.
		n := len(group)
		c.work += n * (n - 1) / 2 * (1 + width)
		if c.work > MaxMergeWork {
			c.refuse("DOCUMENT_TOO_COMPLEX", "the query repeats fields of the same name (%q) too often: merging them costs more than %d comparisons", name, MaxMergeWork)
			return
		}
		if len(subs) == 0 {
			continue
		}
		d := depth
		if !intro {
			// Introspection is bounded by the schema and by gqlparser's
			// own depth rule.
			d++
		}
		if d >= MaxDepth {
			c.refuse("DEPTH_LIMIT_EXCEEDED", "the query nests fields more than %d deep", MaxDepth)
			return
		}
		c.group(subs, d, intro)
	}
}

// collect adds the fields of set, with its inline fragments and the
// fragments it spreads, to fields by response name, in order of first
// appearance in names.
func (c *docCheck) collect(set ast.SelectionSet, fields map[string][]*ast.Field, names *[]string) {
	for _, sel := range set {
		if c.err != nil {
			return
		}
		c.selections++
		if c.selections > MaxSelections {
			c.refuse("DOCUMENT_TOO_LARGE", "the query has more than %d selections, counting each fragment wherever it is spread", MaxSelections)
			return
		}
		switch s := sel.(type) {
		case *ast.Field:
			c.name(s.Alias)
			c.lookup(c.known.fields, s.Name)
			for _, a := range s.Arguments {
				c.lookup(c.known.args, a.Name)
				c.value(a.Value)
			}
			c.directives(s.Directives)
			key := s.Alias
			if key == "" {
				key = s.Name
			}
			if _, ok := fields[key]; !ok {
				*names = append(*names, key)
			}
			fields[key] = append(fields[key], s)
		case *ast.InlineFragment:
			if s.TypeCondition != "" {
				c.lookup(c.known.types, s.TypeCondition)
			}
			c.directives(s.Directives)
			c.collect(s.SelectionSet, fields, names)
		case *ast.FragmentSpread:
			c.name(s.Name)
			c.directives(s.Directives)
			def := c.doc.Fragments.ForName(s.Name)
			if def == nil || c.expanding[s.Name] {
				continue // validation reports it
			}
			c.expanding[s.Name] = true
			c.collect(def.SelectionSet, fields, names)
			delete(c.expanding, s.Name)
		}
	}
}

// directives checks the names and values of directives.
func (c *docCheck) directives(list ast.DirectiveList) {
	for _, d := range list {
		c.lookup(c.known.directives, d.Name)
		for _, a := range d.Arguments {
			c.lookup(c.known.args, a.Name)
			c.value(a.Value)
		}
	}
}

// value checks the names in an argument value: input field names, enum
// values and variables.
func (c *docCheck) value(v *ast.Value) {
	if v == nil || c.err != nil {
		return
	}
	switch v.Kind {
	case ast.EnumValue:
		c.lookup(c.known.enums, v.Raw)
	case ast.Variable:
		c.name(v.Raw)
	}
	for _, child := range v.Children {
		if v.Kind == ast.ObjectValue {
			c.lookup(c.known.inputFields, child.Name)
		}
		c.value(child.Value)
	}
}

// name refuses a name longer than MaxNameLength.
func (c *docCheck) name(s string) {
	if len(s) > MaxNameLength {
		c.refuse("NAME_TOO_LONG", "the query has a name longer than %d characters", MaxNameLength)
	}
}

// lookup refuses a name of a kind the schema has too long, or the name
// after MaxUnknownNames the schema has in no place.
func (c *docCheck) lookup(known map[string]bool, s string) {
	c.name(s)
	if known[s] || c.err != nil {
		return
	}
	c.unknown++
	if c.unknown > MaxUnknownNames {
		c.refuse("UNKNOWN_NAMES", "the query has more than %d names the schema does not have (such as %q)", MaxUnknownNames, s)
	}
}

// schemaNames are the names of a schema by kind: what a document may name.
type schemaNames struct {
	fields, inputFields, args, types, enums, directives map[string]bool
}

// namesOf returns the names of schema.
func namesOf(schema *ast.Schema) *schemaNames {
	n := &schemaNames{
		fields:      map[string]bool{"__typename": true, "__schema": true, "__type": true},
		inputFields: map[string]bool{}, args: map[string]bool{}, types: map[string]bool{},
		enums: map[string]bool{}, directives: map[string]bool{},
	}
	for name, def := range schema.Types {
		n.types[name] = true
		for _, f := range def.Fields {
			if def.Kind == ast.InputObject {
				n.inputFields[f.Name] = true
			} else {
				n.fields[f.Name] = true
			}
			for _, a := range f.Arguments {
				n.args[a.Name] = true
			}
		}
		for _, v := range def.EnumValues {
			n.enums[v.Name] = true
		}
	}
	for name, d := range schema.Directives {
		n.directives[name] = true
		for _, a := range d.Arguments {
			n.args[a.Name] = true
		}
	}
	return n
}
