package resolvers

import (
	"fmt"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"
	"github.com/vektah/gqlparser/v2/validator"
	"github.com/vektah/gqlparser/v2/validator/rules"

	"github.com/kinerja/kinerja/graph"
)

// repeat returns n copies of format, each given its index.
func repeat(n int, format string) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, format, i)
	}
	return b.String()
}

// longName returns a name of length n unique to i.
func longName(i, n int) string {
	s := fmt.Sprintf("x%d", i)
	return s + strings.Repeat("q", n-len(s))
}

// worstDocuments are the costliest documents to parse and validate found
// for these limits: each the largest of its shape that MaxTokens and
// checkDocument let through to validation, or one they refuse before it.
var worstDocuments = []struct{ name, query string }{
	{"19990 fields of one name (refused)", "{ me { " + strings.Repeat("id ", 19990) + "} }"},
	{"1990 unknown fields of 100 characters (refused)", "{ me { " + func() string {
		var b strings.Builder
		for i := range 1990 {
			b.WriteString(longName(i, MaxNameLength) + " ")
		}
		return b.String()
	}() + "} }"},
	{"141 fields of one name", "{ me { " + strings.Repeat("id ", 141) + "} }"},
	{"49 names 20 times each", "{ me { " + strings.Repeat(repeat(49, "f%d: id "), 20) + "} }"},
	{"499 aliases", "{ " + repeat(499, "a%d: me { id } ") + "}"},
	{"990 fields of other types on Mutation", "mutation { " + repeat(990, "a%d: renstraAchievement ") + "}"},
	{"60 fields of one name with large arguments", "{ " + strings.Repeat("x: orgUnit(id: ["+strings.Repeat("1 ", 140)+"]) { id } ", 60) + "}"},
	{"990 operations", repeat(990, "query q%d { __typename } ")},
	{"900 nested inline fragments", "{ me { " + strings.Repeat("... on User { ", 900) + "id" + strings.Repeat(" }", 900) + " } }"},
	{"100 fragments spread together", "{ me { " + repeat(100, "...F%d ") + "} } " + repeat(100, "fragment F%d on User { username } ")},
	{"a cycle of 40 fragments", "{ me { ...F0 } } " + func() string {
		var b strings.Builder
		for i := range 40 {
			fmt.Fprintf(&b, "fragment F%d on User { id ...F%d } ", i, (i+1)%40)
		}
		return b.String()
	}()},
}

// parseAndValidate does what the server does with a document it has not
// seen: parse it and check it (limits), then parse and validate it again
// (gqlgen). It returns the errors.
func parseAndValidate(schema *ast.Schema, query string) int {
	doc, err := parser.ParseQueryWithTokenLimit(&ast.Source{Input: query}, MaxTokens)
	if err != nil {
		return 1
	}
	if err := checkDocument(namesOf(schema), doc); err != nil {
		return 1
	}
	doc, err = parser.ParseQueryWithTokenLimit(&ast.Source{Input: query}, MaxTokens)
	if err != nil {
		return 1
	}
	return len(validator.ValidateWithRules(schema, doc, rules.NewDefaultRules()))
}

// BenchmarkWorstDocument measures parsing and validating the costliest
// documents found: each must cost milliseconds, not seconds.
//
//	go test -run '^$' -bench WorstDocument ./resolvers/
func BenchmarkWorstDocument(b *testing.B) {
	schema := graph.NewExecutableSchema(graph.Config{}).Schema()
	for _, d := range worstDocuments {
		b.Run(d.name, func(b *testing.B) {
			b.SetBytes(int64(len(d.query)))
			for b.Loop() {
				parseAndValidate(schema, d.query)
			}
		})
	}
}
