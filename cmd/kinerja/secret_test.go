package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// TestSecretFileGenerated checks the secret of an SQLite database: generated
// once beside the database with mode 0600, then read again on every start.
func TestSecretFileGenerated(t *testing.T) {
	db := filepath.Join(t.TempDir(), "data", "kinerja.db")
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	first, err := signingSecret(config{DB: db}, log)
	if err != nil {
		t.Fatal(err)
	}
	path := db + ".secret"
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatalf("no secret file beside the database: %v", err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("secret file mode %v, want 0600", fi.Mode().Perm())
	}
	if len(first) < 32 {
		t.Errorf("secret of %d bytes, want at least 32", len(first))
	}
	again, err := signingSecret(config{DB: db}, log)
	if err != nil || !bytes.Equal(again, first) {
		t.Errorf("second start: secret %q (%v), want the one generated first", again, err)
	}
	if !strings.Contains(logs.String(), "generated a signing secret") || !strings.Contains(logs.String(), "signing with the secret in a file") {
		t.Errorf("the log does not say where the secret comes from:\n%s", logs.String())
	}
	if entries, _ := os.ReadDir(filepath.Dir(db)); len(entries) != 1 {
		t.Errorf("files beside the database: %v, want the secret file only", entries)
	}
}

// TestSecretFileCreatedOnce starts several processes' worth of secret
// creation at once: all end with the same secret.
func TestSecretFileCreatedOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kinerja.secret")
	secrets := make([][]byte, 8)
	var wg sync.WaitGroup
	for i := range secrets {
		wg.Go(func() {
			s, err := signingSecret(config{DB: "kinerja.db", SecretFile: path}, slog.New(slog.DiscardHandler))
			if err != nil {
				t.Error(err)
			}
			secrets[i] = s
		})
	}
	wg.Wait()
	for _, s := range secrets[1:] {
		if !bytes.Equal(s, secrets[0]) {
			t.Fatalf("concurrent starts got different secrets: %q and %q", s, secrets[0])
		}
	}
}

func TestSigningSecretSources(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.secret")
	if err := os.WriteFile(good, []byte(strings.Repeat("k", 40)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	open := filepath.Join(dir, "open.secret")
	if err := os.WriteFile(open, []byte(strings.Repeat("k", 40)), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(open, 0o644); err != nil {
		t.Fatal(err)
	}
	short := filepath.Join(dir, "short.secret")
	if err := os.WriteFile(short, []byte("short"), 0o600); err != nil {
		t.Fatal(err)
	}
	const pg = "postgres://kinerja@127.0.0.1:1/kinerja"
	env := strings.Repeat("e", 40)
	for _, tt := range []struct {
		name string
		cfg  config
		want string // the secret, or "error: " and a substring of the error
	}{
		{"JWT_SECRET wins", config{DB: pg, JWTSecret: env, SecretFile: good}, env},
		{"a secret file with PostgreSQL", config{DB: pg, SecretFile: good}, strings.Repeat("k", 40)},
		{"PostgreSQL without a secret", config{DB: pg}, "error: set JWT_SECRET"},
		{"PostgreSQL names KINERJA_SECRET_FILE", config{DB: pg}, "error: KINERJA_SECRET_FILE"},
		{"PostgreSQL with a missing file", config{DB: pg, SecretFile: filepath.Join(dir, "missing")}, "error: no such file"},
		{"a file others may read", config{DB: filepath.Join(dir, "k.db"), SecretFile: open}, "error: chmod 600"},
		{"a short secret", config{DB: filepath.Join(dir, "k.db"), SecretFile: short}, "error: at least 32"},
	} {
		got, err := signingSecret(tt.cfg, slog.New(slog.DiscardHandler))
		if want, ok := strings.CutPrefix(tt.want, "error: "); ok {
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("%s: error %v, want one saying %q", tt.name, err, want)
			}
			continue
		}
		if err != nil || string(got) != tt.want {
			t.Errorf("%s: %q, %v; want %q", tt.name, got, err, tt.want)
		}
	}
}

// TestPostgresNeedsASecret runs the server and the token command on a
// PostgreSQL URL without a secret: both refuse before connecting, saying
// what to set.
func TestPostgresNeedsASecret(t *testing.T) {
	for _, args := range [][]string{
		{"-db", "postgres://kinerja@127.0.0.1:1/kinerja", "-addr", "127.0.0.1:0"},
		{"token", "-user", "admin", "-db", "postgres://kinerja@127.0.0.1:1/kinerja"},
	} {
		err := run(context.Background(), args, env(nil), io.Discard, io.Discard)
		if err == nil || !strings.Contains(err.Error(), "JWT_SECRET") || !strings.Contains(err.Error(), "KINERJA_SECRET_FILE") {
			t.Errorf("%v: error %v, want one that says to set JWT_SECRET or KINERJA_SECRET_FILE", args, err)
		}
	}
}
