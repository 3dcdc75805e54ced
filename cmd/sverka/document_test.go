package main

import (
	"context"
	"path/filepath"
	"testing"

	"sverka"
	"sverka/store"
)

// TestDocumentEditCommand changes the title of the letter from the command
// line: the flags given change, the others stay.
func TestDocumentEditCommand(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sverka.db")
	cli := commandLine(path)
	letter := func() *sverka.Document {
		ctx := context.Background()
		db, err := store.Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		d, err := db.FindDocumentByID(ctx, "117313")
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	if _, err := cli("migrate", "up"); err != nil {
		t.Fatal(err)
	}
	before := letter()
	if _, err := cli("document", "edit", "117313", "--title", "A new title", "--summary", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := cli("document", "edit", "117313", "--title", " "); err == nil {
		t.Error("an empty title: got no error, want one")
	}
	if _, err := cli("document", "edit", "no-such-document", "--title", "x"); err == nil {
		t.Error("a missing document: got no error, want one")
	}
	after := letter()
	if after.Title != "A new title" || after.Summary != "" || after.Citation != before.Citation || after.Date != before.Date {
		t.Errorf("got %q %q %q %q, want the new title, no summary, the old citation %q and date %q", after.Title, after.Summary, after.Citation, after.Date, before.Citation, before.Date)
	}
}
