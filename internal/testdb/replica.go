package testdb

import (
	"context"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/kinerja/kinerja/internal/storage"
)

// EnvPostgresReplica is the URL of a streaming replica of the server of
// EnvPostgres (scripts/pg-throwaway.sh starts one with KINERJA_PG_REPLICA
// set); the replica tests skip without it.
const EnvPostgresReplica = "KINERJA_TEST_POSTGRES_REPLICA"

// WithReplica returns a fresh PostgreSQL database with the demo data, open
// with its reads on the replica of EnvPostgresReplica, and the URL of the
// database on the replica. It waits until the replica has the database.
func WithReplica(t testing.TB) (*storage.Store, string) {
	t.Helper()
	if os.Getenv(EnvPostgres) == "" || os.Getenv(EnvPostgresReplica) == "" {
		t.Skipf("no PostgreSQL replica: set %s and %s (scripts/test does when it starts PostgreSQL)", EnvPostgres, EnvPostgresReplica)
	}
	dsn := freshDSN(t, storage.Postgres, true)
	replica := onReplica(t, dsn)
	ctx := context.Background()
	WaitReplayed(t, dsn, replica)
	st := open(t, dsn)
	if err := st.UseReplicas(ctx, []string{replica}); err != nil {
		t.Fatalf("testdb: replicas: %v", err)
	}
	return st, replica
}

// onReplica returns the URL of the database of dsn on the replica.
func onReplica(t testing.TB, dsn string) string {
	t.Helper()
	p, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	r, err := url.Parse(os.Getenv(EnvPostgresReplica))
	if err != nil {
		t.Fatalf("testdb: %s: %v", EnvPostgresReplica, err)
	}
	p.Host = r.Host
	return p.String()
}

// WaitReplayed waits (at most 30 s) until the replica at replica has
// replayed everything the primary at primary has written so far.
func WaitReplayed(t testing.TB, primary, replica string) {
	t.Helper()
	ctx := context.Background()
	var target string
	conn, err := pgx.Connect(ctx, primary)
	if err != nil {
		t.Fatal(err)
	}
	err = conn.QueryRow(ctx, "SELECT pg_current_wal_insert_lsn()::text").Scan(&target)
	_ = conn.Close(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		var done bool
		conn, err := pgx.Connect(ctx, replica)
		if err == nil {
			err = conn.QueryRow(ctx, "SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn", target).Scan(&done)
			_ = conn.Close(ctx)
		}
		if done {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("testdb: the replica has not replayed %s after 30 s (%v)", target, err)
		}
	}
}

// PrimaryURL returns the URL of the database of replica (a URL of
// WithReplica) on the primary.
func PrimaryURL(t testing.TB, replica string) string {
	t.Helper()
	r, err := url.Parse(replica)
	if err != nil {
		t.Fatal(err)
	}
	return databaseURL(r.Path[1:])
}
