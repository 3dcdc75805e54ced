package main

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"sverka"
	"sverka/store"
)

// TestUserAndTokenCommands makes the first admin from the command line, as a
// deployment would, and checks the password never has to be an argument.
func TestUserAndTokenCommands(t *testing.T) {
	ctx := context.Background()
	dbPath := filepath.Join(t.TempDir(), "sverka.db")
	getenv := func(k string) string { return map[string]string{"SVERKA_DB": dbPath}[k] }
	runCLI := func(stdin string, args ...string) (string, error) {
		var out, errs bytes.Buffer
		err := run(ctx, args, getenv, strings.NewReader(stdin), &out, &errs)
		return out.String() + errs.String(), err
	}
	if out, err := runCLI("s3cret-passphrase\n", "user", "add", "root", "--role", "admin"); err != nil || !strings.Contains(out, "added root (admin)") {
		t.Fatalf("user add: %v: %s", err, out)
	}
	if _, err := runCLI("", "user", "add", "nopw"); err == nil {
		t.Fatal("user add without a password on stdin: got no error")
	}
	if out, err := runCLI("short\n", "user", "add", "tiny"); err == nil {
		t.Fatalf("user add with a short password: got no error: %s", out)
	}
	if _, err := runCLI("another-passphrase\n", "user", "add", "vera"); err != nil {
		t.Fatal(err)
	}
	if out, err := runCLI("", "user", "set-role", "vera", "editor"); err != nil || !strings.Contains(out, "vera is now editor") {
		t.Fatalf("set-role: %v: %s", err, out)
	}
	tok, err := runCLI("", "token", "create", "vera", "--label", "scripts")
	if err != nil || !strings.HasPrefix(tok, "svk_") {
		t.Fatalf("token create: %v: %s", err, tok)
	}
	if out, err := runCLI("", "user", "disable", "vera"); err != nil || !strings.Contains(out, "disabled") {
		t.Fatalf("disable: %v: %s", err, out)
	}
	out, err := runCLI("", "user", "list")
	if err != nil || !strings.Contains(out, "root") || !strings.Contains(out, "disabled") || strings.Contains(out, "passphrase") {
		t.Fatalf("list: %v: %s", err, out)
	}

	db, err := store.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if u, err := db.Authenticate(ctx, "root", "s3cret-passphrase"); err != nil || u.Role != sverka.RoleAdmin {
		t.Fatalf("the admin cannot sign in: %+v, %v", u, err)
	}
	if _, err := db.FindUserByToken(ctx, strings.TrimSpace(tok)); !errors.Is(err, sverka.ErrNotFound) {
		t.Fatalf("the token of a disabled user: got %v, want ErrNotFound", err)
	}
}
