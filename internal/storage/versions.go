package storage

import (
	"strings"

	"gorm.io/gorm"
)

// WriteOption adjusts a write of targets, realisations and budget lines.
type WriteOption func(*writeOptions)

type writeOptions struct{ expected *int }

// ExpectVersion makes a write go ahead only when the row it replaces is at
// version v, the version the writer read (the API's expectedVersion); 0
// means that no row may exist yet. A row that has moved on is a conflict
// naming its current version, so that no writer overwrites a change it has
// not seen.
func ExpectVersion(v int) WriteOption { return func(o *writeOptions) { o.expected = &v } }

func options(opts []WriteOption) writeOptions {
	var o writeOptions
	for _, f := range opts {
		f(&o)
	}
	return o
}

// checkVersion refuses a write that expected another version of the row
// named what than the one there (current, when found).
func checkVersion(what string, expected *int, found bool, current int) error {
	switch {
	case expected == nil:
		return nil
	case !found && *expected != 0:
		return conflict("%s does not exist (you expected version %d): it was deleted, or never recorded; read it again", what, *expected)
	case found && current != *expected:
		return conflict("%s is at version %d, not %d: it changed since you read it; read it again and redo your change", what, current, *expected)
	}
	return nil
}

// replace runs u, an upsert, over the row read reads (found, at version):
// check decides on the row as read, and the row is replaced only if it is
// still at that version, or inserted only if none has appeared meanwhile.
// When one has (another writer inserted it at the same moment), the row is
// read again and decided on again, a few times. It returns the id of the
// row written.
func replace(tx *gorm.DB, u upsert, read func() (found bool, version int, err error), check func(found bool, version int) error) (int64, error) {
	for range 5 {
		found, version, err := read()
		if err != nil {
			return 0, err
		}
		if err := check(found, version); err != nil {
			return 0, err
		}
		u.where, u.whereArgs = "1 = 0", nil
		if found {
			u.where, u.whereArgs = u.table+".version = ?", []any{version}
		}
		id, ok, err := u.run(tx)
		if err != nil || ok {
			return id, err
		}
	}
	return 0, conflict("the %s changed again and again while this change was made: try again", strings.ReplaceAll(strings.TrimSuffix(u.table, "s"), "_", " "))
}
