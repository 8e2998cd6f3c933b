package httpaudit_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/kinerja/kinerja/internal/apitest"
	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/internal/testdb"
)

func TestMain(m *testing.M) { os.Exit(testdb.Run(m)) }

// need returns the path of tool, or skips the test (fails it on CI).
func need(t *testing.T, tool string) string {
	t.Helper()
	p, err := exec.LookPath(tool)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is not on PATH", tool)
		}
		t.Skipf("%s is not on PATH", tool)
	}
	return p
}

type result struct {
	ID, Name, Status, Reason string
}

// TestGraphQLOverHTTPAudit runs the graphql-http audits against the API with
// a token: no MUST may fail, and at most one SHOULD (the audits' own limit
// for this server, checked by id so a new warning is noticed).
func TestGraphQLOverHTTPAudit(t *testing.T) {
	node := need(t, "node")
	npm := need(t, "npm")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	if _, err := os.Stat(filepath.Join("node_modules", "graphql-http")); err != nil {
		out, err := exec.CommandContext(ctx, npm, "ci", "--no-audit", "--no-fund", "--ignore-scripts").CombinedOutput()
		if err != nil {
			t.Fatalf("npm ci: %v\n%s", err, out)
		}
	}
	st := testdb.New(t, storage.SQLite)
	api := apitest.New(t, st)
	srv := httptest.NewServer(api.Handler)
	defer srv.Close()

	cmd := exec.CommandContext(ctx, node, "audit.mjs", srv.URL+"/graphql")
	cmd.Env = append(os.Environ(), "GRAPHQL_TOKEN="+api.Token("bi"))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("audit: %v\n%s", err, stderr.String())
	}
	var results []result
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		var r result
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("audit line %q: %v", sc.Text(), err)
		}
		results = append(results, r)
	}
	if len(results) < 50 {
		t.Fatalf("%d audits ran, want the whole suite (61 in graphql-http 1.23.1)", len(results))
	}
	count := map[string][]string{}
	for _, r := range results {
		count[r.Status] = append(count[r.Status], r.ID)
		if r.Status == "error" || r.Status == "warn" {
			t.Logf("%s %s %s: %s", r.Status, r.ID, r.Name, r.Reason)
		}
	}
	for _, ids := range count {
		sort.Strings(ids)
	}
	if len(count["error"]) > 0 {
		t.Errorf("MUST audits failed: %v", count["error"])
	}
	if len(count["warn"]) > 1 {
		t.Errorf("SHOULD audits failed: %v, want at most 1", count["warn"])
	}
	t.Logf("%d audits: %d ok, %d warn %v, %d notice %v", len(results), len(count["ok"]), len(count["warn"]), count["warn"], len(count["notice"]), count["notice"])
}
