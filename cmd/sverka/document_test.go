package main

import (
	"bytes"
	"context"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"sverka/store"
)

// TestDocumentEditCommand changes the title of the letter from the command
// line: the flags given change, the others stay.
func TestDocumentEditCommand(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sverka.db")
	ctx := context.Background()
	sverka := func(cmd string, args ...string) error {
		var out bytes.Buffer
		return run(ctx, append([]string{cmd, "--db", path}, args...), func(string) string { return "" }, strings.NewReader(""), &out, io.Discard)
	}
	if err := sverka("migrate", "up"); err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	before, err := db.FindDocumentByID(ctx, "117313")
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	if err := sverka("document", "edit", "117313", "--title", "A new title", "--summary", ""); err != nil {
		t.Fatal(err)
	}
	if err := sverka("document", "edit", "117313", "--title", " "); err == nil {
		t.Error("an empty title: got no error, want one")
	}
	if err := sverka("document", "edit", "no-such-document", "--title", "x"); err == nil {
		t.Error("a missing document: got no error, want one")
	}
	db, err = store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	after, err := db.FindDocumentByID(ctx, "117313")
	if err != nil {
		t.Fatal(err)
	}
	if after.Title != "A new title" || after.Summary != "" || after.Citation != before.Citation || after.Date != before.Date {
		t.Errorf("got %q %q %q %q, want the new title, no summary, the old citation %q and date %q", after.Title, after.Summary, after.Citation, after.Date, before.Citation, before.Date)
	}
}
