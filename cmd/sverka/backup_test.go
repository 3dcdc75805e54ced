package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"sverka"
	"sverka/store"
)

// TestBackupRestoreCommands backs up a database a server has open, then
// restores it once the server has stopped, and not before.
func TestBackupRestoreCommands(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	dbPath, copyPath := filepath.Join(dir, "sverka.db"), filepath.Join(dir, "copy.db")
	cli := func(args ...string) (string, error) {
		var out bytes.Buffer
		err := run(ctx, append(args, "--db", dbPath), func(string) string { return "" }, strings.NewReader(""), &out, io.Discard)
		return out.String(), err
	}
	db, err := store.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreateUser(ctx, "before", sverka.RoleReader, ""); err != nil {
		t.Fatal(err)
	}
	if out, err := cli("backup", copyPath); err != nil || !strings.Contains(out, "backed up") {
		t.Fatalf("backup: got %q, %v", out, err)
	}
	if _, err := db.CreateUser(ctx, "after", sverka.RoleReader, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := cli("restore", copyPath); !errors.Is(err, store.ErrInUse) {
		t.Errorf("restore under a running server: got %v, want ErrInUse", err)
	}
	db.Close()
	out, err := cli("restore", copyPath)
	if err != nil || !strings.Contains(out, "kept as") {
		t.Fatalf("restore: got %q, %v", out, err)
	}
	db, err = store.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.FindUserByName(ctx, "before"); err != nil {
		t.Errorf("the user made before the backup: %v", err)
	}
	if _, err := db.FindUserByName(ctx, "after"); !errors.Is(err, sverka.ErrNotFound) {
		t.Errorf("the user made after the backup: got %v, want ErrNotFound", err)
	}
	for _, args := range [][]string{{"backup"}, {"restore"}, {"backup", copyPath}} {
		if _, err := cli(args...); err == nil {
			t.Errorf("%v: got no error", args)
		}
	}
}
