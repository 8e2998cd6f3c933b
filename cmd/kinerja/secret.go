package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/kinerja/kinerja/auth"
	"github.com/kinerja/kinerja/internal/storage"
)

// secretFileMode is the mode of a generated secret file; a secret file that
// others may read is refused.
const secretFileMode fs.FileMode = 0o600

// errNoSecret is returned for PostgreSQL without a configured secret:
// instances sharing a database must share their secret, and no instance can
// generate it for the others.
var errNoSecret = errors.New("no token signing secret: with PostgreSQL set JWT_SECRET (at least 32 random bytes, e.g. `openssl rand -hex 32`) " +
	"or KINERJA_SECRET_FILE (the path of a file holding it, mode 0600), the same for every instance")

// signingSecret returns the secret that signs tokens. It is never kept in
// the database, whose readers (and backups) would otherwise sign tokens:
//
//   - JWT_SECRET, when set;
//   - else the file KINERJA_SECRET_FILE;
//   - else, for an SQLite database, the file beside it (kinerja.db.secret
//     for kinerja.db).
//
// A missing file is generated (mode 0600) for SQLite only; PostgreSQL needs
// JWT_SECRET or an existing file. A file that others may read is refused.
func signingSecret(cfg config, log *slog.Logger) ([]byte, error) {
	if cfg.JWTSecret != "" {
		log.Info("jwt: signing with JWT_SECRET")
		return []byte(cfg.JWTSecret), nil
	}
	sqlite := storage.DialectOf(cfg.DB) == storage.SQLite
	path := cfg.SecretFile
	if path == "" {
		if !sqlite {
			return nil, errNoSecret
		}
		path = defaultSecretFile(cfg.DB)
	}
	secret, err := readSecretFile(path)
	if errors.Is(err, fs.ErrNotExist) && sqlite {
		secret, err = createSecretFile(path)
		if err == nil {
			log.Info("jwt: generated a signing secret", "file", path)
			return secret, nil
		}
	}
	if err != nil {
		return nil, err
	}
	log.Info("jwt: signing with the secret in a file", "file", path)
	return secret, nil
}

// defaultSecretFile is where the secret of the SQLite database at db lives.
func defaultSecretFile(db string) string { return db + ".secret" }

// readSecretFile reads the secret in the file at path, refusing a file that
// others may read and a secret that is too short.
func readSecretFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("secret file: %w", err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("secret file: %w", err)
	}
	if perm := fi.Mode().Perm(); perm&0o077 != 0 && runtime.GOOS != "windows" {
		return nil, fmt.Errorf("secret file %s has mode %v: others may read it and sign tokens for any user; "+
			"restrict it (chmod 600 %s) and, if it was exposed, replace the secret", path, perm, path)
	}
	b, err := io.ReadAll(io.LimitReader(f, 4096))
	if err != nil {
		return nil, fmt.Errorf("secret file %s: %w", path, err)
	}
	secret := strings.TrimSpace(string(b))
	if len(secret) < auth.MinSecretLength {
		return nil, fmt.Errorf("secret file %s holds %d bytes; use at least %d random bytes (e.g. openssl rand -hex 32)", path, len(secret), auth.MinSecretLength)
	}
	return []byte(secret), nil
}

// createSecretFile writes a new random secret to the file at path,
// atomically: written whole to a temporary file and then linked to path, so
// no reader sees a partial secret. When another process created path first,
// its secret wins.
func createSecretFile(path string) ([]byte, error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("secret file: %w", err)
	}
	secret, err := auth.GenerateSecret()
	if err != nil {
		return nil, err
	}
	tmp, err := os.CreateTemp(dir, ".kinerja-secret-*")
	if err != nil {
		return nil, fmt.Errorf("secret file: %w", err)
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(secretFileMode); err != nil {
		tmp.Close()
		return nil, fmt.Errorf("secret file: %w", err)
	}
	if _, err := tmp.WriteString(secret + "\n"); err != nil {
		tmp.Close()
		return nil, fmt.Errorf("secret file: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return nil, fmt.Errorf("secret file: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return nil, fmt.Errorf("secret file: %w", err)
	}
	if err := os.Link(tmp.Name(), path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return readSecretFile(path)
		}
		return nil, fmt.Errorf("secret file: %w", err)
	}
	return []byte(secret), nil
}

// tokens returns the token issuer signing with the configured secret.
func tokens(cfg config, log *slog.Logger) (*auth.Tokens, error) {
	secret, err := signingSecret(cfg, log)
	if err != nil {
		return nil, err
	}
	return auth.NewTokensWith(secret, auth.TokenOptions{TTL: cfg.TokenTTL, MaxTTL: cfg.TokenMaxTTL, MaxSessionAge: cfg.SessionMaxAge})
}
