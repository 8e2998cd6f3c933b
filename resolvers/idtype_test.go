package resolvers_test

import (
	"strings"
	"testing"

	"github.com/kinerja/kinerja/internal/apitest"
	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/internal/testdb"
	"github.com/kinerja/kinerja/models"
	"github.com/kinerja/kinerja/resolvers"
)

// TestIDOfAnotherType: an id of one type given where another type's id is
// expected is BAD_USER_INPUT naming the argument, and nothing happens; the
// right type still works.
func TestIDOfAnotherType(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, st *storage.Store) {
		api := apitest.New(t, st)
		admin := api.Token("admin")
		hukum := userID(t, api, "bagian.hukum")
		row := apitest.RowID(t, hukum)
		// An org unit's id with the user's row number: it must not delete
		// the user.
		unitID := apitest.GID(models.TypeOrgUnit, row)
		e := api.Fails(admin, `mutation($id: ID!) { deleteUser(id: $id) }`, map[string]any{"id": unitID}, resolvers.CodeBadUserInput)
		if e.Extensions["field"] != "id" || !strings.Contains(e.Message, "id of an OrgUnit") || !strings.Contains(e.Message, "a User") {
			t.Errorf("deleteUser with an org unit's id: %q %v", e.Message, e.Extensions)
		}
		if userID(t, api, "bagian.hukum") != hukum {
			t.Fatal("the user is gone")
		}
		e = api.Fails(admin, `{ indicators(first: 1, filter: {orgUnitId: "`+apitest.GID(models.TypeIndicator, 1)+`"}) { totalCount } }`, nil, resolvers.CodeBadUserInput)
		if e.Extensions["field"] != "orgUnitId" {
			t.Errorf("an indicator's id as orgUnitId: %q %v", e.Message, e.Extensions)
		}
		e = api.Fails(admin, `mutation($id: ID!) { deletePlanElement(kind: GOAL, id: $id) }`, map[string]any{"id": apitest.GID(models.TypeSasaran, 1)}, resolvers.CodeBadUserInput)
		if !strings.Contains(e.Message, "a Goal") {
			t.Errorf("deletePlanElement(kind: GOAL) with a sasaran's id: %q", e.Message)
		}
		var out struct{ DeleteUser string }
		api.OK(admin, `mutation($id: ID!) { deleteUser(id: $id) }`, map[string]any{"id": hukum}, &out)
		if out.DeleteUser != hukum {
			t.Errorf("deleteUser answered %q, want %q", out.DeleteUser, hukum)
		}
	})
}
