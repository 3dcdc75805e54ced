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

// commandLine runs sverka with args on the database at dbPath and returns
// what it printed.
func commandLine(dbPath string) func(args ...string) (string, error) {
	return func(args ...string) (string, error) {
		var out bytes.Buffer
		err := run(context.Background(), append(args, "--db", dbPath), func(string) string { return "" }, strings.NewReader(""), &out, io.Discard)
		return out.String(), err
	}
}

// TestBackupRestoreCommands backs up a database a server has open, then
// restores it once the server has stopped, and not before.
func TestBackupRestoreCommands(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	dbPath, copyPath := filepath.Join(dir, "sverka.db"), filepath.Join(dir, "copy.db")
	cli := commandLine(dbPath)
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

// TestExportAllDataAndRestore exports the complete archive as an admin and
// restores it in place of the database: accounts, passwords and private
// notes are back; someone who is not an admin may not export it.
func TestExportAllDataAndRestore(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	dbPath, archive := filepath.Join(dir, "sverka.db"), filepath.Join(dir, "all.json")
	cli := commandLine(dbPath)
	db, err := store.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	admin, _ := db.CreateUser(ctx, "root", sverka.RoleAdmin, "a long admin password")
	vera, _ := db.CreateUser(ctx, "vera", sverka.RoleAnnotator, "vera's own password")
	note := &sverka.Annotation{DocumentID: "117313", Motivation: sverka.MotivationNote, CreatorID: vera.ID, Body: "private", Private: true,
		Target: sverka.TextTarget{Lang: "ru", ByQuote: true, Exact: "Баш ответ"}}
	if err := db.CreateAnnotation(ctx, note); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if _, err := cli("export", "--all-data", "--as", "vera", "--output", archive); err == nil {
		t.Error("export --all-data as an annotator: got no error")
	}
	if out, err := cli("export", "--all-data", "--as", admin.Name, "--output", archive); err != nil {
		t.Fatalf("export --all-data: %v\n%s", err, out)
	}
	if out, err := cli("restore", archive); err != nil {
		t.Fatalf("restore: %v\n%s", err, out)
	}
	db, err = store.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Authenticate(ctx, "vera", "vera's own password"); err != nil {
		t.Errorf("vera signs in after the restore: %v", err)
	}
	if got, err := db.FindAnnotationByID(ctx, note.ID, vera.ID); err != nil || !got.Private || got.Body != "private" {
		t.Errorf("vera's private note after the restore: %+v, %v", got, err)
	}
}
