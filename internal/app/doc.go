// Package app holds the use cases of the API: the achievement of an
// indicator, its year-on-year history, the summaries of a subtree or a
// sasaran, the budget tree of a unit. They read through a Reader (the
// request's batched view of the store within the caller's scope) and apply
// the rules of internal/domain; GraphQL resolvers, HTTP exports and commands
// call them and only convert what they return.
package app
