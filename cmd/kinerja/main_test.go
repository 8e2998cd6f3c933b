package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kinerja/kinerja/auth"
	"github.com/kinerja/kinerja/internal/storage"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestParseConfig(t *testing.T) {
	for _, tt := range []struct {
		name   string
		cmd    string
		args   []string
		env    map[string]string
		wantDB string
		want   string // substring of the error, "" for none
	}{
		{"defaults", "serve", nil, nil, "kinerja.db", ""},
		{"KINERJA_DB", "serve", nil, map[string]string{"KINERJA_DB": "/var/lib/k.db"}, "/var/lib/k.db", ""},
		{"DATABASE_URL wins over KINERJA_DB", "serve", nil, map[string]string{"KINERJA_DB": "x.db", "DATABASE_URL": "postgres://u@h/db"}, "postgres://u@h/db", ""},
		{"the flag wins", "serve", []string{"-db", "flag.db"}, map[string]string{"DATABASE_URL": "postgres://u@h/db"}, "flag.db", ""},
		{"short JWT_SECRET", "serve", nil, map[string]string{"JWT_SECRET": "short"}, "", "JWT_SECRET"},
		{"bad TTL", "serve", nil, map[string]string{"KINERJA_TOKEN_TTL": "soon"}, "", "KINERJA_TOKEN_TTL"},
		{"bad shutdown timeout", "serve", nil, map[string]string{"KINERJA_SHUTDOWN_TIMEOUT": "-1s"}, "", "KINERJA_SHUTDOWN_TIMEOUT"},
		{"token needs a user", "token", nil, nil, "", "-user"},
		{"token for the maximum lifetime", "token", []string{"-user", "bi", "-ttl", "720h"}, nil, "kinerja.db", ""},
		{"token past the maximum lifetime", "token", []string{"-user", "bi", "-ttl", "8760h"}, nil, "", "longer than the maximum"},
		{"token past a configured maximum", "token", []string{"-user", "bi", "-ttl", "48h"}, map[string]string{"KINERJA_TOKEN_MAX_TTL": "24h"}, "", "KINERJA_TOKEN_MAX_TTL"},
		{"KINERJA_TOKEN_TTL past the maximum", "serve", nil, map[string]string{"KINERJA_TOKEN_TTL": "9000h"}, "", "longer than the maximum"},
		{"bad maximum lifetime", "serve", nil, map[string]string{"KINERJA_TOKEN_MAX_TTL": "forever"}, "", "KINERJA_TOKEN_MAX_TTL"},
		{"bad session age", "serve", nil, map[string]string{"KINERJA_SESSION_MAX_AGE": "-1h"}, "", "must be positive"},
		{"trusted proxies", "serve", nil, map[string]string{"KINERJA_TRUSTED_PROXIES": "10.0.0.0/8, 127.0.0.1"}, "kinerja.db", ""},
		{"bad trusted proxy", "serve", nil, map[string]string{"KINERJA_TRUSTED_PROXIES": "proxy.local"}, "", "KINERJA_TRUSTED_PROXIES"},
		{"stray argument", "serve", []string{"extra"}, nil, "", "unexpected"},
		{"unknown flag", "migrate", []string{"-addr", "x"}, nil, "", "flag provided but not defined"},
		{"CORS credentials with a list", "serve", nil, map[string]string{"KINERJA_CORS_ORIGINS": "https://a.example", "KINERJA_CORS_CREDENTIALS": "true"}, "kinerja.db", ""},
		{"CORS credentials never with *", "serve", nil, map[string]string{"KINERJA_CORS_ORIGINS": "*", "KINERJA_CORS_CREDENTIALS": "true"}, "", "not \"*\""},
		{"bad CORS credentials", "serve", nil, map[string]string{"KINERJA_CORS_CREDENTIALS": "maybe"}, "", "KINERJA_CORS_CREDENTIALS"},
	} {
		cfg, err := parseConfig(tt.cmd, tt.args, env(tt.env), io.Discard)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%s: %v", tt.name, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("%s: error %v, want one mentioning %q", tt.name, err, tt.want)
		case tt.want == "" && cfg.DB != tt.wantDB:
			t.Errorf("%s: db %q, want %q", tt.name, cfg.DB, tt.wantDB)
		}
	}
	cfg, err := parseConfig("serve", nil, env(map[string]string{"DATABASE_URL": "postgres://kinerja:s3cret@db:5432/k", "JWT_SECRET": strings.Repeat("x", 40), "KINERJA_METRICS_TOKEN": "m3trics"}), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if s := cfg.String(); strings.Contains(s, "s3cret") || strings.Contains(s, "xxxx") || strings.Contains(s, "m3trics") || !strings.Contains(s, "kinerja:***@db") {
		t.Errorf("config shown as %q: secrets must be masked", s)
	}
	if cfg.Addr != "localhost:8080" || !cfg.Demo || cfg.TokenTTL != auth.DefaultTTL || cfg.DemoPassword != "kinerja-demo" || cfg.ShutdownTimeout != 30*time.Second ||
		cfg.TokenMaxTTL != auth.DefaultMaxTTL || cfg.SessionMaxAge != auth.DefaultMaxSessionAge || cfg.TrustedProxies != nil {
		t.Errorf("defaults = %+v", cfg)
	}
}

// syncBuffer is a bytes.Buffer safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestServeMigrateToken runs the command as a user would: serve on a fresh
// SQLite file (which loads the demo data), then migrate and token against
// the same file; the token verifies with the secret the server generated
// beside the file.
func TestServeMigrateToken(t *testing.T) {
	db := filepath.Join(t.TempDir(), "kinerja.db")
	ctx, cancel := context.WithCancel(context.Background())
	logs := &syncBuffer{}
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"-db", db, "-addr", "127.0.0.1:0"}, env(nil), io.Discard, logs) }()

	addr := regexp.MustCompile(`graphql=http://([0-9.:]+)/graphql`)
	var base string
	for deadline := time.Now().Add(20 * time.Second); base == "" && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if m := addr.FindStringSubmatch(logs.String()); m != nil {
			base = "http://" + m[1]
		}
	}
	if base == "" {
		cancel()
		t.Fatalf("the server did not start:\n%s", logs)
	}
	resp, err := http.Get(base + "/healthz")
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("healthz: %v %v", resp, err)
	}
	resp.Body.Close()
	for _, want := range []string{"migration applied", "demo data loaded", "generated a signing secret"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("the log does not say %q:\n%s", want, logs)
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("serve: %v", err)
	}

	var out bytes.Buffer
	if err := run(context.Background(), []string{"migrate", "-db", db}, env(nil), &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	var current, latest int
	if _, err := fmt.Sscanf(out.String(), "schema version %d of %d (sqlite)", &current, &latest); err != nil || current != latest || current < 3 {
		t.Errorf("migrate printed %q", out.String())
	}

	out.Reset()
	logs = &syncBuffer{}
	if err := run(context.Background(), []string{"token", "-user", "sekda", "-db", db}, env(nil), &out, logs); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(logs.String(), "signing with the secret in a file") {
		t.Errorf("token: the log does not say which secret:\n%s", logs)
	}
	st, err := storage.Open(context.Background(), db, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	secret, err := readSecretFile(defaultSecretFile(db))
	if err != nil {
		t.Fatalf("no secret file: %v", err)
	}
	tok, err := auth.NewTokens(secret, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	id, err := tok.Verify(strings.TrimSpace(out.String()))
	sekda, _ := st.UserByUsername(context.Background(), "sekda")
	if err != nil || id != sekda.ID {
		t.Errorf("token verifies as user %d (%v), want sekda (%d)", id, err, sekda.ID)
	}

	if err := run(context.Background(), []string{"token", "-user", "nobody", "-db", db}, env(nil), io.Discard, io.Discard); err == nil {
		t.Error("token for an unknown user succeeded")
	}
}
