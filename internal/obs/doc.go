// Package obs holds what the server needs to be observed in operation: the
// identity of a request (its id, operation and caller) carried in the
// context, a slog handler that stamps every line of a request with its id and
// keeps repeated errors from flooding the log, and the build's version.
//
// It depends on nothing else of ours.
package obs
