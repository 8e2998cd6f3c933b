package main

import (
	"io"

	"github.com/vektah/gqlparser/v2/formatter"

	"github.com/kinerja/kinerja/graph"
)

// printSchema writes the whole GraphQL schema as SDL, with its descriptions,
// for code generators (GraphQL Code Generator, gql.tada, Apollo).
func printSchema(stdout io.Writer) error {
	s := graph.NewExecutableSchema(graph.Config{}).Schema()
	formatter.NewFormatter(stdout, formatter.WithIndent("  ")).FormatSchema(s)
	return nil
}
