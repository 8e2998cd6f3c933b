package resolvers_test

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/kinerja/kinerja/internal/apitest"
	"github.com/kinerja/kinerja/internal/testdb"
)

// TestReadReplica runs against a real primary and streaming replica, with
// the replica's replay paused: after a write, its writer reads the write
// (from the primary), while another user still reads from the replica,
// which has not replayed it; once replay resumes, everyone reads it.
func TestReadReplica(t *testing.T) {
	st, replica := testdb.WithReplica(t)
	api := apitest.New(t, st)
	x := lookup(t, api)
	renkeu, sekda := api.Token("bagian.renkeu"), api.Token("sekda")
	vars := map[string]any{"i": x.ind("IKU-01")}
	const read = `query($i: ID!) { indicator(id: $i) { realisations(year: 2023) { period value } } }`
	before := answer(t, api, sekda, read, vars)

	ctx := context.Background()
	admin, err := pgx.Connect(ctx, replica)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(ctx)
	if _, err := admin.Exec(ctx, "SELECT pg_wal_replay_pause()"); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for state := ""; state != "paused"; time.Sleep(time.Millisecond) {
		if err := admin.QueryRow(ctx, "SELECT pg_get_wal_replay_pause_state()").Scan(&state); err != nil {
			t.Fatal(err)
		}
		if time.Now().After(deadline) {
			t.Fatalf("replay is %s 10 s after the pause", state)
		}
	}
	t.Cleanup(func() { _, _ = admin.Exec(context.Background(), "SELECT pg_wal_replay_resume()") })

	api.OK(renkeu, `mutation($i: ID!) { recordRealisation(input: {indicatorId: $i, year: 2023, period: YEAR, value: 1}) { value } }`, vars, nil)
	const written = `{"indicator":{"realisations":[{"period":"YEAR","value":1}]}}`
	if got := answer(t, api, renkeu, read, vars); got != written {
		t.Errorf("the writer reads %s after its write, want %s", got, written)
	}
	if got := answer(t, api, sekda, read, vars); got != before {
		t.Errorf("another user reads %s with the replica's replay paused, want the replica's %s", got, before)
	}

	if _, err := admin.Exec(ctx, "SELECT pg_wal_replay_resume()"); err != nil {
		t.Fatal(err)
	}
	testdb.WaitReplayed(t, testdb.PrimaryURL(t, replica), replica)
	for _, tok := range []string{sekda, renkeu} {
		if got := answer(t, api, tok, read, vars); got != written {
			t.Errorf("after replay: %s, want %s", got, written)
		}
	}
}
