package storage_test

import (
	"context"
	"testing"

	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/internal/testdb"
)

// TestMigrationRemovesSigningSecret checks migration 3: the token signing
// secret that earlier versions kept in the settings is removed, other
// settings stay.
func TestMigrationRemovesSigningSecret(t *testing.T) {
	for _, d := range testdb.Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			st, err := storage.Open(ctx, testdb.Unmigrated(t, d), nil)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = st.Close() })
			if err := st.MigrateUpTo(ctx, 1); err != nil {
				t.Fatal(err)
			}
			for _, key := range []string{"jwt_secret", "other"} {
				if _, _, err := st.SettingOrCreate(ctx, key, func() (string, error) { return "a value of " + key, nil }); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := st.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			if v, ok, err := st.Setting(ctx, "jwt_secret"); err != nil || ok {
				t.Errorf("after the migrations jwt_secret = %q, %v (%v), want it removed", v, ok, err)
			}
			if v, ok, err := st.Setting(ctx, "other"); err != nil || !ok || v != "a value of other" {
				t.Errorf("after the migrations other = %q, %v (%v), want it kept", v, ok, err)
			}
		})
	}
}
