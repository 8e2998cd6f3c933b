// Package graph holds the GraphQL schema (schema/*.graphqls) and the
// executor gqlgen generates from it. Nothing here is written by hand but this
// file.
package graph

//go:generate go tool gqlgen generate
