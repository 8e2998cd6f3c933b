// Package httpaudit holds the GraphQL-over-HTTP conformance audit of the
// API: its test runs the audits of the graphql-http npm package (pinned in
// package-lock.json) against the real handler and asserts the result.
package httpaudit
