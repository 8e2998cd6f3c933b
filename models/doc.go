// Package models holds the persisted row types of Kinerja, the GraphQL
// scalars and enums they use, and (in models_gen.go) the input and payload
// types gqlgen generates from the schema.
//
// A row type is what storage reads and writes; where the API's shape differs
// (derived figures, nested totals) the resolvers build it from rows and the
// domain package's rules.
package models
