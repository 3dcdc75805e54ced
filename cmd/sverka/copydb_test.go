package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"sverka"
	"sverka/store"
)

// TestCopyDBCommand copies a database with an account into a new file and
// finds the account there; without both flags it says how to call it.
func TestCopyDBCommand(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	from, to := filepath.Join(dir, "from.db"), filepath.Join(dir, "to.db")
	db, err := store.Open(ctx, from)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreateUser(ctx, "vera", sverka.RoleAdmin, "correct horse battery"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	cli := commandLine(filepath.Join(dir, "unused.db"))
	out, err := cli("copy-db", "--from", from, "--to", to)
	if err != nil || !strings.Contains(out, "the target's complete archive is the source's") {
		t.Fatalf("copy-db: got %q, %v", out, err)
	}
	if out, err := commandLine(to)("user", "list"); err != nil || !strings.Contains(out, "vera") {
		t.Errorf("user list in the copy: got %q, %v", out, err)
	}
	for _, args := range [][]string{{"copy-db"}, {"copy-db", "--from", from}, {"copy-db", "--from", from, "--to", to}} {
		if _, err := cli(args...); err == nil {
			t.Errorf("%v: got no error", args)
		}
	}
}
