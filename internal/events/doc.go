// Package events carries the events of the approval workflow (submit,
// approve, reject, unapprove, open and close a period) from the instance
// that commits a change to every subscriber, on every instance.
//
// A Bus has two sides. The write funnel of package storage hands it the
// events of a change twice: inside the change's transaction (InTransaction)
// and once the change has committed (Committed). Local, the bus of the
// embedded SQLite database, publishes in process at Committed. Postgres
// sends a NOTIFY inside the transaction, so that PostgreSQL delivers it
// only if the change commits, and each instance LISTENs on one dedicated
// connection and hands what arrives to its own subscribers; instances
// behind a load balancer thus see each other's events.
//
// An event carries ids, not details: a subscriber loads the org unit,
// indicator, user and reason it needs. Nothing of an event outlives its
// delivery: a subscriber that connects later, or misses events while its
// instance reconnects to PostgreSQL, reads the audit log.
package events
