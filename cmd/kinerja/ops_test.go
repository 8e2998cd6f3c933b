package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/kinerja/kinerja/models"
)

func TestVersion(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), []string{"version"}, env(nil), &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out.String(), "kinerja ") || !strings.Contains(out.String(), runtime.Version()) || !strings.Contains(out.String(), "revision") {
		t.Errorf("version printed %q, want the version, revision and Go version", out.String())
	}
	if err := run(context.Background(), []string{"version", "-x"}, env(nil), &out, io.Discard); err == nil {
		t.Error("version with an argument succeeded")
	}
}

// TestOperations checks what an operator sees of a running server: the
// version in the startup log, /readyz, an access line with the request id,
// and /metrics.
func TestOperations(t *testing.T) {
	srv := startServer(t, filepath.Join(t.TempDir(), "kinerja.db"), nil)
	if !regexp.MustCompile(`msg=starting version=`).MatchString(srv.logs.String()) {
		t.Errorf("the startup line has no version:\n%s", srv.logs)
	}

	status, body, _ := srv.get("/readyz", nil)
	var ready struct {
		Status        string `json:"status"`
		SchemaVersion int    `json:"schemaVersion"`
	}
	if err := json.Unmarshal([]byte(body), &ready); status != http.StatusOK || err != nil || ready.Status != "ready" || ready.SchemaVersion < 3 {
		t.Errorf("readyz: %d %s", status, body)
	}

	tok := srv.login("sekda")
	req, _ := http.NewRequest(http.MethodPost, srv.base+"/graphql", strings.NewReader(`{"query":"query WhoAmI { me { id } }"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("X-Request-Id", "ops-test-1")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var me struct {
		Data struct{ Me struct{ ID string } }
	}
	_ = json.NewDecoder(resp.Body).Decode(&me)
	resp.Body.Close()
	if got := resp.Header.Get("X-Request-Id"); got != "ops-test-1" {
		t.Errorf("X-Request-Id in the response: %q, want ops-test-1", got)
	}
	var access []string
	for _, l := range strings.Split(srv.logs.String(), "\n") {
		if strings.Contains(l, "request_id=ops-test-1") {
			access = append(access, l)
		}
	}
	want := `level=INFO msg=request method=POST path=/graphql status=200 `
	gid, err := models.ParseGlobalID(me.Data.Me.ID)
	if err != nil {
		t.Fatal(err)
	}
	// The log names the user by its row id.
	if len(access) != 1 || !strings.Contains(access[0], want) || !strings.Contains(access[0], fmt.Sprintf(" operation=WhoAmI user=%d ", gid.ID)) {
		t.Errorf("log lines of the request: %q\nwant one access line with %q, operation=WhoAmI and user=%d", access, want, gid.ID)
	}

	status, metrics, _ := srv.get("/metrics", nil)
	if status != http.StatusOK {
		t.Fatalf("metrics from this machine: %d %s", status, metrics)
	}
	for _, want := range []string{
		`kinerja_build_info{goversion="` + runtime.Version() + `"`,
		`kinerja_graphql_request_duration_seconds_count{operation="WhoAmI"} 1`,
		`kinerja_http_requests_total{route="/readyz",status="200"} 1`,
		`kinerja_sql_statements_total{kind="query"}`,
		`go_sql_max_open_connections{db_name="kinerja"} 4`,
	} {
		if !strings.Contains(metrics, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	if status, _, _ := srv.get("/metrics", map[string]string{"X-Forwarded-For": "203.0.113.9"}); status != http.StatusForbidden {
		t.Errorf("metrics relayed by a proxy: %d, want 403", status)
	}
}
