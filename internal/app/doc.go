// Package app holds the use cases of the API: the achievement of an
// indicator, its year-on-year history, the summaries of a subtree or a
// sasaran, the budget tree of a unit, what the caller may do with a
// realisation. They read through a Reader, in practice a Session (one
// caller's batched view of the store within its scope, with a statement
// count bounded by the shape of the request), and apply the rules of
// internal/domain; GraphQL resolvers, HTTP exports and commands
// call them and only convert what they return.
package app
