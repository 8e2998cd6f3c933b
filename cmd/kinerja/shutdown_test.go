package main

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kinerja/kinerja/models"
)

// TestShutdownLetsRequestsFinish holds SQLite's write lock so that a
// mutation waits in the server, cancels the server's context as SIGTERM
// does while the mutation is in flight, then releases the lock: the
// mutation completes with its data, and the server stops cleanly.
func TestShutdownLetsRequestsFinish(t *testing.T) {
	db := filepath.Join(t.TempDir(), "kinerja.db")
	srv := startServer(t, db, nil)
	tok := srv.login("admin")
	me, err := srv.post(tok, `{ me { orgUnit { id } } }`, nil)
	if err != nil || len(me.Errors) > 0 {
		t.Fatalf("me: %v %+v", err, me.Errors)
	}
	unit := me.Data["me"].(map[string]any)["orgUnit"].(map[string]any)["id"].(string)

	// Take the write lock from another connection.
	ctx := context.Background()
	sdb, err := sql.Open("sqlite", db)
	if err != nil {
		t.Fatal(err)
	}
	defer sdb.Close()
	lock, err := sdb.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Close()
	if _, err := lock.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	locked := true
	defer func() {
		if locked {
			_, _ = lock.ExecContext(ctx, "ROLLBACK")
		}
	}()

	type result struct {
		resp gqlResponse
		err  error
	}
	results := make(chan result, 1)
	go func() {
		resp, err := srv.post(tok, `mutation($id: ID!) { updateOrgUnit(id: $id, input: {name: "Renamed during shutdown"}) { name } }`, map[string]any{"id": unit})
		results <- result{resp, err}
	}()
	// The mutation is in flight once the server counts it.
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		if _, metrics, _ := srv.get("/metrics", nil); strings.Contains(metrics, "\nkinerja_graphql_requests_in_flight 1\n") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the mutation never got in flight")
		}
	}

	srv.cancel() // SIGTERM
	for deadline := time.Now().Add(10 * time.Second); !strings.Contains(srv.logs.String(), "shutting down"); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the server did not begin to shut down:\n%s", srv.logs)
		}
	}
	if _, err := lock.ExecContext(ctx, "ROLLBACK"); err != nil {
		t.Fatal(err)
	}
	locked = false

	r := <-results
	if r.err != nil {
		t.Fatalf("the mutation in flight at shutdown failed: %v", r.err)
	}
	got, _ := r.resp.Data["updateOrgUnit"].(map[string]any)
	if r.resp.Status != 200 || len(r.resp.Errors) > 0 || got["name"] != "Renamed during shutdown" {
		t.Errorf("the mutation in flight at shutdown: status %d, data %v, errors %+v; want its data", r.resp.Status, r.resp.Data, r.resp.Errors)
	}
	if err := srv.stop(); err != nil {
		t.Errorf("serve: %v", err)
	}
}

// TestShutdownTimeout holds the write lock past KINERJA_SHUTDOWN_TIMEOUT:
// the server stops waiting, cancels the request and returns.
func TestShutdownTimeout(t *testing.T) {
	db := filepath.Join(t.TempDir(), "kinerja.db")
	srv := startServer(t, db, map[string]string{"KINERJA_SHUTDOWN_TIMEOUT": "200ms"})
	tok := srv.login("admin")
	ctx := context.Background()
	sdb, err := sql.Open("sqlite", db)
	if err != nil {
		t.Fatal(err)
	}
	defer sdb.Close()
	lock, err := sdb.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Close()
	if _, err := lock.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	defer func() { _, _ = lock.ExecContext(ctx, "ROLLBACK") }()

	done := make(chan struct{})
	go func() {
		defer close(done)
		_, _ = srv.post(tok, `mutation($id: ID!) { updateOrgUnit(id: $id, input: {name: "Never"}) { name } }`,
			map[string]any{"id": models.GlobalID{Type: models.TypeOrgUnit, ID: 1}.String()})
	}()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		if _, metrics, _ := srv.get("/metrics", nil); strings.Contains(metrics, "\nkinerja_graphql_requests_in_flight 1\n") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the mutation never got in flight")
		}
	}
	if err := srv.stop(); err != nil {
		t.Errorf("serve: %v", err)
	}
	if !strings.Contains(srv.logs.String(), "requests still running after the timeout are cancelled") {
		t.Errorf("the log does not say that requests were cancelled:\n%s", srv.logs)
	}
	<-done
}
