// Package graph holds the GraphQL schema (schema/*.graphqls) and the
// executor gqlgen generates from it. Nothing here is written by hand but this
// file. After gqlgen, gqlfast rewrites the executor to take the shortcuts of
// internal/gqlx where they apply.
package graph

//go:generate go tool gqlgen generate
//go:generate go run ../internal/tools/gqlfast generated.go
