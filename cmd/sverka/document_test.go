package main

import (
	"context"
	"errors"
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

// TestDocumentTrashCommands deletes a document to the trash, restores it,
// deletes it again and purges it, which needs its id typed again.
func TestDocumentTrashCommands(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sverka.db")
	cli := commandLine(path)
	status := func() error {
		ctx := context.Background()
		db, err := store.Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		_, err = db.FindDocumentByID(ctx, "117313")
		return err
	}
	if _, err := cli("migrate", "up"); err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		args    []string
		wantErr bool
		want    error // what reading the letter gives after the step
	}{
		{[]string{"document", "purge", "117313", "--confirm", "117313"}, true, nil},
		{[]string{"document", "delete", "117313"}, false, store.ErrTrashed},
		{[]string{"document", "delete", "117313"}, true, store.ErrTrashed},
		{[]string{"document", "restore", "117313"}, false, nil},
		{[]string{"document", "delete", "117313"}, false, store.ErrTrashed},
		{[]string{"document", "purge", "117313"}, true, store.ErrTrashed},
		{[]string{"document", "purge", "117313", "--confirm", "117314"}, true, store.ErrTrashed},
		{[]string{"document", "purge", "117313", "--confirm", "117313"}, false, sverka.ErrNotFound},
	}
	for _, st := range steps {
		_, err := cli(st.args...)
		if (err != nil) != st.wantErr {
			t.Errorf("%v: got error %v, want error %v", st.args, err, st.wantErr)
		}
		if got := status(); !errors.Is(got, st.want) {
			t.Errorf("after %v: reading the letter gives %v, want %v", st.args, got, st.want)
		}
	}
}
