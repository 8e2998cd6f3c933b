package resolvers_test

import (
	"fmt"
	"sort"
	"strings"
	"testing"
	"unicode"

	"github.com/kinerja/kinerja/internal/apitest"
	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/internal/testdb"
)

// introspectionQuery is the full introspection query a schema browser sends,
// including deprecated fields, enum values and arguments.
const introspectionQuery = `query Introspection {
  __schema {
    description
    queryType { name }
    mutationType { name }
    types { ...FullType }
    directives { name description args(includeDeprecated: true) { ...InputValue } }
  }
}
fragment FullType on __Type {
  kind name description
  fields(includeDeprecated: true) { name description args(includeDeprecated: true) { ...InputValue } }
  inputFields(includeDeprecated: true) { ...InputValue }
  enumValues(includeDeprecated: true) { name description }
}
fragment InputValue on __InputValue { name description }`

type describedValue struct{ Name, Description string }

type describedField struct {
	Name, Description string
	Args              []describedValue
}

type describedType struct {
	Kind, Name, Description string
	Fields                  []describedField
	InputFields             []describedValue
	EnumValues              []describedValue
}

// builtIn are the scalars and directives every GraphQL schema has; their
// descriptions are the specification's, not ours.
var builtIn = map[string]bool{
	"String": true, "Int": true, "Float": true, "Boolean": true, "ID": true,
	"include": true, "skip": true, "deprecated": true, "specifiedBy": true, "oneOf": true, "defer": true,
}

// describeCounts counts the elements of one kind and how many of them have a
// description.
type describeCounts struct{ described, total int }

func (c describeCounts) String() string { return fmt.Sprintf("%d of %d", c.described, c.total) }

// TestSchemaDescribed: every type, field, argument, enum value, input field
// and directive of ours has a description a frontend developer can read in
// GraphiQL, and no description merely repeats the name it describes.
func TestSchemaDescribed(t *testing.T) {
	api := apitest.New(t, testdb.New(t, storage.SQLite))
	var out struct {
		Schema struct {
			Description string
			Types       []describedType
			Directives  []struct {
				Name, Description string
				Args              []describedValue
			}
		} `json:"__schema"`
	}
	api.OK(api.Token("admin"), introspectionQuery, nil, &out)
	if len(out.Schema.Types) == 0 {
		t.Fatal("introspection returned no types")
	}

	var problems []string
	counts := map[string]*describeCounts{}
	for _, kind := range []string{"types", "fields", "arguments", "enum values", "input fields", "directives"} {
		counts[kind] = &describeCounts{}
	}
	check := func(kind, where, name, description string) {
		c := counts[kind]
		c.total++
		d := strings.TrimSpace(description)
		switch {
		case d == "":
			problems = append(problems, fmt.Sprintf("%s %s has no description", strings.TrimSuffix(kind, "s"), where))
		case mereName(name, d):
			problems = append(problems, fmt.Sprintf("%s %s: description %q only repeats its name", strings.TrimSuffix(kind, "s"), where, d))
		default:
			c.described++
		}
	}

	if strings.TrimSpace(out.Schema.Description) == "" {
		problems = append(problems, "the schema has no description")
	}
	for _, ty := range out.Schema.Types {
		if strings.HasPrefix(ty.Name, "__") || builtIn[ty.Name] {
			continue
		}
		check("types", ty.Name, ty.Name, ty.Description)
		for _, f := range ty.Fields {
			check("fields", ty.Name+"."+f.Name, f.Name, f.Description)
			for _, a := range f.Args {
				check("arguments", ty.Name+"."+f.Name+"("+a.Name+")", a.Name, a.Description)
			}
		}
		for _, f := range ty.InputFields {
			check("input fields", ty.Name+"."+f.Name, f.Name, f.Description)
		}
		for _, v := range ty.EnumValues {
			check("enum values", ty.Name+"."+v.Name, v.Name, v.Description)
		}
	}
	for _, d := range out.Schema.Directives {
		if strings.HasPrefix(d.Name, "__") || builtIn[d.Name] {
			continue
		}
		check("directives", "@"+d.Name, d.Name, d.Description)
		for _, a := range d.Args {
			check("arguments", "@"+d.Name+"("+a.Name+")", a.Name, a.Description)
		}
	}

	t.Logf("described: %d of %d types, %d of %d fields, %d of %d arguments, %d of %d enum values, %d of %d input fields, %d of %d directives",
		counts["types"].described, counts["types"].total, counts["fields"].described, counts["fields"].total,
		counts["arguments"].described, counts["arguments"].total, counts["enum values"].described, counts["enum values"].total,
		counts["input fields"].described, counts["input fields"].total, counts["directives"].described, counts["directives"].total)
	if len(problems) > 0 {
		sort.Strings(problems)
		t.Errorf("%d schema elements lack a useful description (add one in graph/schema/*.graphqls):\n\t%s",
			len(problems), strings.Join(problems, "\n\t"))
	}
}

// mereName reports whether description says nothing but name: the same
// letters and digits, ignoring case, spacing, punctuation and a leading
// article ("Code.", "The org unit" for orgUnit, "Sub activity" for
// SUB_ACTIVITY).
func mereName(name, description string) bool {
	norm := func(s string) string {
		return strings.Map(func(r rune) rune {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				return unicode.ToLower(r)
			}
			return -1
		}, s)
	}
	d := strings.ToLower(strings.TrimSpace(description))
	for _, article := range []string{"the ", "a ", "an "} {
		d = strings.TrimPrefix(d, article)
	}
	return norm(d) == norm(name)
}

// TestMereName pins what counts as a description that only repeats a name.
func TestMereName(t *testing.T) {
	for _, tt := range []struct {
		name, description string
		want              bool
	}{
		{"code", "Code.", true},
		{"orgUnit", "The org unit", true},
		{"SUB_ACTIVITY", "Sub activity.", true},
		{"pagu", "Pagu", true},
		{"pagu", "Pagu: the budget ceiling in Rupiah.", false},
		{"year", "The year (1900–2200).", false},
		{"Q1", "Triwulan I: January to March.", false},
	} {
		if got := mereName(tt.name, tt.description); got != tt.want {
			t.Errorf("mereName(%q, %q) = %v, want %v", tt.name, tt.description, got, tt.want)
		}
	}
}
