// Package storage is the only package that touches the database. It opens
// SQLite (the zero-setup default) or PostgreSQL through GORM, applies the
// versioned SQL migrations embedded in the binary, and offers the reads and
// writes the API needs: set-based, scoped to a subtree of the organisation
// tree, and batched for the dataloaders.
//
// Every write goes through one funnel (Store.write): one transaction per
// change, with the actor's permission checked inside it against the rows as
// they are in that transaction, and the change's entries of the audit trail
// written in the same transaction (a change that records none is refused).
//
// The approval workflow's rules are package domain's (RealisationAllowed,
// PeriodAllowed); storage enforces them on the rows as they are. Every write
// of a unit's data for a period, and every approval, first locks the
// approval records it depends on, the agency's before the unit's, so that a
// write and an approval of the same data run one after the other on both
// engines.
package storage
