package storage

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"reflect"

	"gorm.io/gorm"

	"github.com/kinerja/kinerja/models"
)

// Importer inserts a whole data set in one transaction (see Store.Import).
// Its methods fill in ids, and paths of org units, on the rows they insert.
type Importer struct {
	tx   *gorm.DB
	rows map[string]int // rows inserted, by table
}

// count adds n rows of rows (a row type or a slice of one) to the tally.
func (im *Importer) count(rows any, n int) {
	t := reflect.TypeOf(rows)
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
		t = t.Elem()
	}
	if tn, ok := reflect.New(t).Interface().(interface{ TableName() string }); ok {
		im.rows[tn.TableName()] += n
	}
}

// Import runs fn with an Importer in one transaction: all of it lands, or
// none of it. The audit trail records the import as one entry of the
// system, with the number of rows of each kind.
func (s *Store) Import(ctx context.Context, fn func(im *Importer) error) error {
	err := s.write(ctx, "import", "record", func(tx *gorm.DB, trail *auditTrail) error {
		im := &Importer{tx: tx, rows: map[string]int{}}
		if err := fn(im); err != nil {
			return err
		}
		trail.add(0, change{action: AuditImport, object: ObjectDataset, new: im.rows})
		return nil
	})
	if err != nil || s.dialect != Postgres {
		// SQLite plans the demo's statements better without: with
		// statistics the budget tree took a third longer.
		return err
	}
	return s.analyze(ctx, "import")
}

// analyze updates the planner's statistics after a load. Without them a
// PostgreSQL database filled at once (the demo data: 40 indicators, fewer
// than the 50 changed rows after which autovacuum analyzes a table) is
// planned with default guesses, nested loops where a hash join fits: the
// dashboard's statements cost PostgreSQL half again as much CPU.
func (s *Store) analyze(ctx context.Context, what string) error {
	if err := s.w.WithContext(ctx).Exec("ANALYZE").Error; err != nil {
		return fmt.Errorf("%s: analyze: %w", what, err)
	}
	return nil
}

// IsEmpty reports whether the database holds no org unit yet.
func (s *Store) IsEmpty(ctx context.Context) (bool, error) {
	var n int64
	if err := s.db.WithContext(ctx).Model(&models.OrgUnit{}).Limit(1).Count(&n).Error; err != nil {
		return false, fmt.Errorf("count org units: %w", err)
	}
	return n == 0, nil
}

// OrgUnit inserts u under its ParentID (whose row must exist), setting its
// id, Path and Depth.
func (im *Importer) OrgUnit(u *models.OrgUnit) error {
	im.count(u, 1)
	return insertOrgUnit(im.tx, u)
}

// insertOrgUnit inserts u and then gives it its materialised path, which
// needs its id.
func insertOrgUnit(tx *gorm.DB, u *models.OrgUnit) error {
	parentPath := ""
	u.Depth = 0
	if u.ParentID != nil {
		// Locked, so that a move of the parent's subtree waits for this
		// unit or this unit for the move (see moveSubtree).
		var parent models.OrgUnit
		if err := forUpdate(tx).Where("id = ?", *u.ParentID).Take(&parent).Error; err != nil {
			if isNotFound(err) {
				return notFound("parent org unit", *u.ParentID)
			}
			return err
		}
		parentPath, u.Depth = parent.Path, parent.Depth+1
	}
	// The path needs the id, which the insert gives: insert under a
	// placeholder that no real path can equal, then set it.
	var tmp [8]byte
	if _, err := rand.Read(tmp[:]); err != nil {
		return err
	}
	u.Path = "pending:" + hex.EncodeToString(tmp[:])
	if err := tx.Create(u).Error; err != nil {
		return err
	}
	u.Path = models.ChildPath(parentPath, u.ID)
	return tx.Model(u).Update("path", u.Path).Error
}

// Rows inserts rows (a slice of a row type) in batches.
func (im *Importer) Rows(rows any) error {
	v := reflect.ValueOf(rows)
	if v.Kind() == reflect.Pointer {
		v = v.Elem()
	}
	if v.Kind() == reflect.Slice && v.Len() == 0 {
		return nil
	}
	if v.Kind() == reflect.Slice {
		im.count(rows, v.Len())
	}
	return im.tx.CreateInBatches(rows, 200).Error
}

// Row inserts one row (a pointer to a row type), setting its id.
func (im *Importer) Row(row any) error {
	im.count(row, 1)
	return im.tx.Create(row).Error
}
