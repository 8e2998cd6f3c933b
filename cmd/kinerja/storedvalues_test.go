package main

import (
	"context"
	"database/sql"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	_ "github.com/glebarez/go-sqlite" // the "sqlite" database/sql driver
	"github.com/golang-jwt/jwt/v5"

	"github.com/kinerja/kinerja/auth"
	"github.com/kinerja/kinerja/models"
)

// TestNoStoredValueSignsTokens runs the server on a fresh SQLite database
// with the demo data, reads every value of every column of every table, and
// signs an ADMIN token with each (as it is, and hex-decoded): the server
// accepts none of them. A token signed the same way with the server's
// secret file is accepted, so the forgeries differ only in their key.
func TestNoStoredValueSignsTokens(t *testing.T) {
	db := filepath.Join(t.TempDir(), "kinerja.db")
	srv := startServer(t, db, nil)
	adminTok := srv.login("admin")
	me, err := srv.post(adminTok, `{ me { id role } }`, nil)
	if err != nil || len(me.Errors) > 0 {
		t.Fatalf("me: %v %+v", err, me.Errors)
	}
	gid, err := models.ParseGlobalID(me.Data["me"].(map[string]any)["id"].(string))
	if err != nil {
		t.Fatal(err)
	}
	adminID := gid.ID

	forge := func(key []byte) string {
		now := time.Now()
		tok, err := jwt.NewWithClaims(jwt.SigningMethodHS256, auth.Claims{
			Username: "admin",
			Role:     auth.Admin,
			RegisteredClaims: jwt.RegisteredClaims{
				Issuer:    auth.Issuer,
				Subject:   strconv.FormatInt(adminID, 10),
				Audience:  jwt.ClaimStrings{auth.Audience},
				ExpiresAt: jwt.NewNumericDate(now.Add(time.Hour)),
				IssuedAt:  jwt.NewNumericDate(now),
			},
		}).SignedString(key)
		if err != nil {
			t.Fatalf("sign: %v", err)
		}
		return tok
	}
	accepted := func(tok string) bool {
		resp, err := srv.post(tok, `{ me { role } }`, nil)
		if err != nil {
			t.Fatalf("me: %v", err)
		}
		return len(resp.Errors) == 0 && resp.Data["me"] != nil
	}

	secret, err := readSecretFile(defaultSecretFile(db))
	if err != nil {
		t.Fatal(err)
	}
	if !accepted(forge(secret)) {
		t.Fatal("a token signed with the server's secret file is refused: the forgery is wrong")
	}

	values := storedValues(t, db)
	if len(values) < 1000 {
		t.Fatalf("read only %d distinct values: is the demo data loaded?", len(values))
	}
	keys := map[string]bool{}
	for v := range values {
		keys[v] = true
		if b, err := hex.DecodeString(v); err == nil {
			keys[string(b)] = true
		}
	}
	// Every key is checked with the server's own verifier; those the server
	// could sign with (auth.MinSecretLength bytes or more) over HTTP too.
	verifier, err := auth.NewTokens(secret, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	var sent int
	for k := range keys {
		if k == "" {
			continue // HS256 refuses an empty key
		}
		tok := forge([]byte(k))
		if _, err := verifier.Verify(tok); err == nil {
			t.Errorf("a value stored in the database signs an ADMIN token the server accepts: %.12q…", k)
			continue
		}
		if len(k) >= auth.MinSecretLength {
			sent++
			if accepted(tok) {
				t.Errorf("a value stored in the database signs an ADMIN token the server accepts: %.12q…", k)
			}
		}
	}
	t.Logf("%d distinct stored values, %d keys verified, %d of them sent to the server", len(values), len(keys), sent)
}

// storedValues returns every distinct value of every column of every table
// of the SQLite database at path, as text (NULLs left out).
func storedValues(t *testing.T, path string) map[string]bool {
	t.Helper()
	ctx := context.Background()
	sdb, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer sdb.Close()
	var tables []string
	rows, err := sdb.QueryContext(ctx, `SELECT name FROM sqlite_master WHERE type = 'table'`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, name)
	}
	if err := rows.Close(); err != nil {
		t.Fatal(err)
	}
	values := map[string]bool{}
	for _, table := range tables {
		rows, err := sdb.QueryContext(ctx, fmt.Sprintf(`SELECT * FROM %q`, table))
		if err != nil {
			t.Fatalf("%s: %v", table, err)
		}
		cols, _ := rows.Columns()
		cells := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range cells {
			ptrs[i] = &cells[i]
		}
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatalf("%s: %v", table, err)
			}
			for _, c := range cells {
				switch c := c.(type) {
				case nil:
				case []byte:
					values[string(c)] = true
				case time.Time:
					values[c.Format(time.RFC3339Nano)] = true
				default:
					values[fmt.Sprint(c)] = true
				}
			}
		}
		if err := rows.Close(); err != nil {
			t.Fatalf("%s: %v", table, err)
		}
	}
	return values
}
