// Package scalar binds the API's scalars to Go types for gqlgen: ID (a row
// id in, a models.GlobalID out, checked against the types the argument
// takes), Int (32 bits), String (no NUL byte) and Time.
package scalar
