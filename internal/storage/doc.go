// Package storage is the only package that touches the database. It opens
// SQLite (the zero-setup default) or PostgreSQL through GORM, applies the
// versioned SQL migrations embedded in the binary, and offers the reads and
// writes the API needs: set-based, scoped to a subtree of the organisation
// tree, and batched for the dataloaders.
//
// Every write goes through one funnel (Store.write): one transaction per
// change, with the actor's permission checked inside it against the rows as
// they are in that transaction.
package storage
