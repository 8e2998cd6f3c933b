package storage_test

import (
	"context"
	"testing"
	"time"

	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/internal/testdb"
	"github.com/kinerja/kinerja/models"
)

// TestOrgUnitCache: an instance reads an org unit and a unit's children
// once, then serves them from its cache; a write that touches org units is
// seen by the next read on the instance that made it, and by the other
// instance as soon as the notification reaches it.
func TestOrgUnitCache(t *testing.T) {
	for _, d := range testdb.Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			a, b := testdb.Twin(t, d)
			f := newEntryFixture(t, a)
			unit := func(st *storage.Store) (*models.OrgUnit, int64) {
				t.Helper()
				cctx, c := storage.WithCounter(ctx)
				u, err := st.OrgUnit(cctx, 1)
				if err != nil {
					t.Fatal(err)
				}
				return u, c.Count()
			}
			children := func(st *storage.Store) ([]models.OrgUnit, int64) {
				t.Helper()
				cctx, c := storage.WithCounter(ctx)
				rows, err := st.OrgUnitChildren(cctx, []int64{1})
				if err != nil {
					t.Fatal(err)
				}
				return rows, c.Count()
			}
			// On PostgreSQL the cache is used once the instance listens.
			deadline := time.Now().Add(5 * time.Second)
			for _, st := range []*storage.Store{a, b} {
				for {
					unit(st)
					children(st)
					_, n := unit(st)
					_, m := children(st)
					if n == 0 && m == 0 {
						break
					}
					if time.Now().After(deadline) {
						t.Fatal("org units read twice are still read from the database after 5 s")
					}
					time.Sleep(10 * time.Millisecond)
				}
			}
			before, _ := children(a)

			name := "Sekretariat Daerah (renamed)"
			if _, err := a.UpdateOrgUnit(ctx, f.actor, 1, storage.OrgUnitChange{Name: &name}); err != nil {
				t.Fatal(err)
			}
			if u, n := unit(a); u.Name != name || n != 1 {
				t.Errorf("after a rename on the same instance: %q in %d statements, want %q read in 1", u.Name, n, name)
			}
			added, err := a.CreateOrgUnit(ctx, f.actor, storage.NewOrgUnit{ParentID: 1, Code: "ZZ-NEW", Name: "A new unit", Kind: models.KindDivision})
			if err != nil {
				t.Fatal(err)
			}
			if rows, _ := children(a); len(rows) != len(before)+1 || rows[len(rows)-1].ID != added.ID {
				t.Errorf("children after one was added: %d, want %d ending with the new one", len(rows), len(before)+1)
			}
			for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(5 * time.Millisecond) {
				u, _ := unit(b)
				rows, _ := children(b)
				if u.Name == name && len(rows) == len(before)+1 {
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("the other instance still reads %q and %d children after 5 s", u.Name, len(rows))
				}
			}
		})
	}
}
